//! The dialogue engine: from framed lines to sessions.
//!
//! Frames are grouped into sessions (by the format's session key, or by
//! greeting/QUIT boundaries in a single pasted dialogue); each session's
//! frames run through a [`builder::Builder`], which joins multi-line replies,
//! pairs replies with commands (pipelined ones in order, RFC 2920 §3.1),
//! captures DATA/BDAT content, marks the STARTTLS boundary and follows the
//! AUTH exchange. [`transactions`] then reads the finished events into mail
//! transactions and the session's outcome.

mod assume;
mod auth;
mod builder;
mod content;
mod timing;
mod transactions;

use crate::fasthash::FastMap;
use crate::formats::{Boundary, Frame, FrameKind};
use crate::input::Line;
use crate::model::{
    Diagnostic, Event, EventDetail, Input, NoteLevel, Options, Session, SourceLine, Text,
};
use builder::Builder;
use std::borrow::Cow;
use std::sync::Arc;

/// Shown in place of a secret.
pub const MASK: &str = "********";

/// `text` with every `secret` in it replaced by [`MASK`]: `str::replace`,
/// with memchr's search natively (std's sets up a two-way searcher on
/// every call, most of the cost of masking a short AUTH line: profiled).
fn masked(text: &str, secret: &str) -> String {
    use crate::formats::util::find;
    if secret.is_empty() {
        return text.replace(secret, MASK);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, secret) {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str(MASK);
        rest = rest.get(at + secret.len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A finished session: its number, the session and its diagnostics.
pub type Finished = (usize, Session, Vec<Diagnostic>);

/// The session engine fed one frame at a time: what [`assemble`] does over
/// a whole input, and what a stream reads piece by piece. Sessions are
/// numbered in the order they start.
pub struct Assembler {
    show_secrets: bool,
    options: Options,
    keyed: bool,
    /// The parse's copy of the input, which source lines share.
    shared: Shared,
    /// The builder of each session, until it is finished (boxed: a log's
    /// stream keeps a slot for every session it has seen, and an empty
    /// slot of a builder's size, 760 bytes, was most of a stream's memory).
    builders: Vec<Option<Box<Builder>>>,
    /// Sessions that can get no more frames, not yet taken.
    done: Vec<usize>,
    open: FastMap<String, usize>,
    /// How many events the last session that got no more frames had: the
    /// room a new dialogue's event list starts with, in a paste (one
    /// dialogue after another, much alike). A list grown from empty by
    /// doubling was copied five or six times for a typical dialogue. Not
    /// for a log, where many sessions are open at once and most are short.
    last_events: usize,
    /// The builder of a single (unkeyed) dialogue currently receiving frames.
    current: Option<usize>,
    unassigned: Vec<Event>,
}

impl Assembler {
    /// `keyed`: the input's frames carry session keys (a log); otherwise
    /// sessions follow one another. `shared`: the input whose parts the
    /// frames' lines are (see [`Shared`]).
    pub fn new(options: &Options, keyed: bool, shared: Shared) -> Self {
        Assembler {
            show_secrets: options.show_secrets,
            options: options.clone(),
            keyed,
            shared,
            builders: Vec::new(),
            done: Vec::new(),
            open: FastMap::default(),
            last_events: 0,
            current: None,
            unassigned: Vec::new(),
        }
    }

    fn start(&mut self, key: Option<&str>) -> usize {
        // Not more than this: one odd session must not make every later
        // one hold room for thousands of events.
        const MOST: usize = 256;
        let events = if self.keyed {
            0
        } else {
            self.last_events.min(MOST)
        };
        self.builders.push(Some(Box::new(Builder::new(
            key.map(str::to_string),
            &self.options,
            events,
            // A handle of the session's own (see `Input`).
            self.shared.as_deref().map(Input::handle),
        ))));
        self.builders.len() - 1
    }

    fn builder(&self, i: usize) -> Option<&Builder> {
        self.builders.get(i).and_then(Option::as_deref)
    }

    /// Feed one frame of `line`.
    pub fn push(&mut self, frame: &Frame<'_>, line: &Line<'_>) {
        if self.keyed {
            let Some(key) = frame.session.as_deref() else {
                push_loose(&self.shared, &mut self.unassigned, frame, line);
                return;
            };
            let idx = match self.open.get(key) {
                Some(&i)
                    if !(frame.boundary == Some(Boundary::Start)
                        && self.builder(i).is_some_and(Builder::has_dialogue)) =>
                {
                    i
                }
                other => {
                    // A new connection under a key in use: the old session
                    // gets no more frames.
                    if let Some(&old) = other {
                        self.mark_done(old);
                    }
                    let i = self.start(Some(key));
                    self.open.insert(key.to_string(), i);
                    i
                }
            };
            if let Some(b) = self.builders.get_mut(idx).and_then(Option::as_mut) {
                b.push(frame, line);
            }
            if frame.boundary == Some(Boundary::End) {
                self.open.remove(key);
                self.mark_done(idx);
            }
        } else {
            if self.starts_new(frame) {
                if let Some(old) = self.current {
                    self.mark_done(old);
                }
                self.current = Some(self.start(None));
            }
            if let Some(b) = self
                .current
                .and_then(|i| self.builders.get_mut(i))
                .and_then(Option::as_mut)
            {
                b.push(frame, line);
            }
        }
    }

    /// True when `frame`, pushed next, would start a new session: in a
    /// single dialogue (not keyed), the first frame, a new connection after
    /// some dialogue, or a greeting once the session was closed.
    pub fn starts_new(&self, frame: &Frame<'_>) -> bool {
        match self.current.and_then(|i| self.builder(i)) {
            None => true,
            Some(b) => {
                (frame.boundary == Some(Boundary::Start) && b.has_dialogue())
                    || (frame.kind == FrameKind::Server
                        && b.is_closed()
                        && is_greeting(&frame.text))
            }
        }
    }

    /// The number of sessions started so far.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn session_count(&self) -> usize {
        self.builders.len()
    }

    /// The session under `key` gets no more frames (a stream knows where
    /// each session's last frame is).
    pub fn close(&mut self, key: &str) {
        if let Some(i) = self.open.remove(key) {
            self.mark_done(i);
        }
    }

    /// Session `i` gets no more frames: it waits to be finished, with its
    /// event list no bigger than its events (a list grows by doubling, and
    /// all of a paste's sessions wait till the end: a third of the events'
    /// memory was room to grow).
    fn mark_done(&mut self, i: usize) {
        if let Some(b) = self.builders.get_mut(i).and_then(Option::as_mut) {
            self.last_events = b.event_count();
            b.shrink();
        }
        self.done.push(i);
    }

    /// Take session `i` out to be finished, if it is still here.
    fn take_unfinished(&mut self, i: usize) -> Option<Unfinished> {
        let builder = *self.builders.get_mut(i)?.take()?;
        Some(Unfinished {
            index: i,
            builder,
            show_secrets: self.show_secrets,
        })
    }

    /// The sessions that can get no more frames, finished, with their
    /// numbers (for a stream: they can be written out and forgotten).
    pub fn take_done(&mut self) -> Vec<Finished> {
        self.take_done_unfinished()
            .into_iter()
            .map(Unfinished::finished)
            .collect()
    }

    /// The sessions that can get no more frames, to be finished elsewhere
    /// (by another thread, while this one goes on pushing frames).
    pub fn take_done_unfinished(&mut self) -> Vec<Unfinished> {
        let done = std::mem::take(&mut self.done);
        done.into_iter()
            .filter_map(|i| self.take_unfinished(i))
            .collect()
    }

    /// True when [`Assembler::take_done_unfinished`] has sessions to give.
    pub fn has_done(&self) -> bool {
        !self.done.is_empty()
    }

    /// The input has ended: finish the sessions still open, in order, and
    /// hand over the events of no session (see [`unrelated`]).
    pub fn finish_rest(&mut self) -> (Vec<Finished>, Vec<Event>) {
        let (rest, unassigned) = self.take_rest_unfinished();
        (
            rest.into_iter().map(Unfinished::finished).collect(),
            unassigned,
        )
    }

    /// The input has ended: every session not yet taken, in order, to be
    /// finished elsewhere, and the events of no session.
    pub fn take_rest_unfinished(&mut self) -> (Vec<Unfinished>, Vec<Event>) {
        let rest = self.drain_unfinished().collect();
        (rest, std::mem::take(&mut self.unassigned))
    }

    /// The input has ended: every session not yet taken, in order, taken
    /// out one at a time as the iterator is read, so that a caller that
    /// finishes each as it comes never holds a list of them all (on one
    /// thread, every session waits till the end; their list was 1.56 MB
    /// of the 4 MB Postfix log's 18 MB peak). The events of no session
    /// stay, for [`Assembler::take_unassigned`].
    pub fn drain_unfinished(&mut self) -> impl Iterator<Item = Unfinished> + '_ {
        self.done.clear();
        (0..self.builders.len()).filter_map(move |i| self.take_unfinished(i))
    }

    /// The events of no session.
    pub fn take_unassigned(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.unassigned)
    }
}

/// A session that gets no more frames, not yet finished. Finishing it
/// (what is left open, transactions, the outcome, the reading of a cut
/// paste, stray credentials) needs nothing but the session, so another
/// thread may do it.
pub struct Unfinished {
    index: usize,
    builder: Builder,
    show_secrets: bool,
}

impl Unfinished {
    /// The session's number: the order in which sessions started.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The same session numbered `by` later: the sessions of the second
    /// part of a paste cut in two (see `crate::engine`) are numbered after
    /// those of the first.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn shifted(mut self, by: usize) -> Self {
        self.index += by;
        self
    }

    /// The finished session and its diagnostics (marked with its number).
    pub fn finish(self) -> (Session, Vec<Diagnostic>) {
        let (mut session, mut diags) = self.builder.finish();
        assume::assume(&mut session, &mut diags);
        assume::mask_stray_credentials(&mut session, self.show_secrets);
        for d in &mut diags {
            d.session = Some(self.index as u32);
        }
        // Finishing may add events; a session cut off by the end of the
        // input was never marked done.
        session.events.shrink_to_fit();
        (session, diags)
    }

    /// [`Unfinished::finish`], with the session's number.
    fn finished(self) -> Finished {
        let index = self.index;
        let (session, diags) = self.finish();
        (index, session, diags)
    }
}

/// The diagnostic naming the unrelated programs whose lines a mail log
/// carries, from the events of no session.
pub fn unrelated(unassigned: &[Event], diagnostics: &mut Vec<Diagnostic>) {
    assume::unrelated(unassigned, diagnostics);
}

pub(crate) fn is_greeting(text: &str) -> bool {
    text.starts_with("220") || text.starts_with("554")
}

/// A frame outside any session in a keyed log becomes a note (or unparsed).
fn push_loose(shared: &Shared, unassigned: &mut Vec<Event>, frame: &Frame<'_>, line: &Line<'_>) {
    let detail = match &frame.kind {
        FrameKind::Unparsed(reason) => EventDetail::Unparsed {
            text: share(shared, &frame.text),
            reason: reason.reason().to_string(),
        },
        FrameKind::Blank => {
            if let Some(last) = unassigned.last_mut() {
                if matches!(
                    last.detail,
                    EventDetail::Note {
                        level: NoteLevel::Blank,
                        ..
                    }
                ) {
                    last.source.push(source_line(shared, line, line.text));
                    return;
                }
            }
            EventDetail::Note {
                text: share(shared, ""),
                level: NoteLevel::Blank,
            }
        }
        FrameKind::Note(level) => EventDetail::Note {
            text: share(shared, &frame.text),
            level: *level,
        },
        FrameKind::Tls => EventDetail::Tls {
            text: share(shared, &frame.text),
        },
        FrameKind::Client | FrameKind::Server => EventDetail::Note {
            text: share(shared, &frame.text),
            level: NoteLevel::Info,
        },
    };
    unassigned.push(new_event(shared, frame, line, line.text, detail));
}

/// The parse's one copy of the input, when it has one: then the frames'
/// lines are parts of it, and source lines share it rather than copy
/// themselves ([`Text::within`]). `None` where the input is read a piece
/// at a time ([`crate::parse_stream`]): a session open for long would keep
/// every piece it has a line in.
pub type Shared = Option<Arc<crate::model::Input>>;

/// `part`, shared with the input when there is one (see [`Text::within`]),
/// copied otherwise.
pub(crate) fn share(shared: &Shared, part: &str) -> Text {
    match shared {
        Some(input) => Text::within(input, part),
        None => Text::from(part),
    }
}

/// A text borrowed from the input (shared with it, see [`share`]), or one
/// made (a line with a secret masked: its own).
pub(crate) fn share_or_own(shared: &Shared, text: Cow<'_, str>) -> Text {
    match text {
        Cow::Borrowed(part) => share(shared, part),
        Cow::Owned(own) => Text::from(own),
    }
}

/// The source record of a line, with `text` standing for its text: the
/// line itself (shared with the input), or a copy with a secret masked.
pub(crate) fn source_line<'t>(
    shared: &Shared,
    line: &Line<'_>,
    text: impl Into<Cow<'t, str>>,
) -> SourceLine {
    SourceLine::new(
        line.number,
        [line.start as u64, line.end() as u64],
        share_or_own(shared, text.into()),
    )
}

/// An event of one source line.
pub(crate) fn new_event<'t>(
    shared: &Shared,
    frame: &Frame<'_>,
    line: &Line<'_>,
    text: impl Into<Cow<'t, str>>,
    detail: EventDetail,
) -> Event {
    let mut event = Event::new(
        source_line(shared, line, text),
        frame.encrypted,
        frame.inferred,
        detail,
    );
    event.set_time(
        frame.time.as_deref().map(|time| share(shared, time)),
        frame.time_ms,
    );
    event
}

#[cfg(test)]
mod tests {
    #[test]
    fn masked_replaces_as_str_replace_does() {
        let rows = [
            ("AUTH PLAIN AGFsaWNl", "AGFsaWNl"),
            ("x aa x aa", "aa"),
            ("aaa", "aa"),
            ("no secret here", "zzz"),
            ("", "a"),
            ("tail secret", "secret"),
            ("é secret é", "é"),
            ("abc", ""),
        ];
        for (text, secret) in rows {
            assert_eq!(
                super::masked(text, secret),
                text.replace(secret, super::MASK),
                "{text:?} / {secret:?}"
            );
        }
    }
}
