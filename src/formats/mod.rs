//! Input formats: recognise a format, and frame its lines.
//!
//! A format knows how its lines look — which are the client's, which the
//! server's, which are tool chatter, where the timestamp and session key are
//! — and nothing of SMTP semantics. Framing turns each input [`Line`] into
//! one or more [`Frame`]s; the session engine does the rest.
//!
//! Every line must produce at least one frame (a blank line gives
//! [`FrameKind::Blank`], a line the format cannot read gives
//! [`FrameKind::Unparsed`]): that is how "nothing is lost" is kept.

use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;
use std::collections::VecDeque;

mod arrows;
mod client_common;
mod curl;
mod dsn;
mod exchange;
mod exim;
mod exim_v;
mod javamail;
mod nodemailer;
mod openssl;
mod postfix;
mod postfix_transcript;
mod postfix_verbose;
mod raw;
mod rfc;
mod sendmail;
mod sendmail_v;
mod smtplib;
mod swaks;
mod syslog;

/// Who a framed line comes from, or what else it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameKind {
    /// Sent by the SMTP client (a command, AUTH response or message content).
    Client,
    /// Sent by the SMTP server (a reply line).
    Server,
    /// The TLS handshake happened here, or TLS information.
    Tls,
    /// Tool or log chatter that is not part of the dialogue.
    Note(NoteLevel),
    /// An empty or whitespace-only line.
    Blank,
    /// A line the format cannot read, and why.
    Unparsed(Unreadable),
}

/// Why a format could not read a line. A fixed set, not a string: a frame
/// is made for every input line and a log's are all held at once (the
/// string's 24 bytes made every frame 144 bytes instead of 128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    NoFramer,
    NotSyslog,
    NotEximLog,
    NotExchangeRecord,
    UnknownExchangeEvent,
    NotPythonLiteral,
}

impl Unreadable {
    /// The reason, as the unparsed event gives it.
    pub fn reason(self) -> &'static str {
        match self {
            Unreadable::NoFramer => "this format cannot frame lines",
            Unreadable::NotSyslog => "not a syslog line",
            Unreadable::NotEximLog => "not an Exim log line",
            Unreadable::NotExchangeRecord => "not a protocol log record",
            Unreadable::UnknownExchangeEvent => "unknown event",
            Unreadable::NotPythonLiteral => "not a Python string literal",
        }
    }
}

/// Where a frame stands in its session's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// A new connection starts with this frame (e.g. `connect from`).
    Start,
    /// The connection ends with this frame (e.g. `disconnect from`).
    End,
}

/// One framed piece of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame<'a> {
    /// 1-based number of the source line.
    pub line: u32,
    pub kind: FrameKind,
    /// The SMTP text (for Client/Server), or the note text, without any
    /// format prefix and without line ending.
    pub text: Cow<'a, str>,
    /// Timestamp as written.
    pub time: Option<Cow<'a, str>>,
    /// Timestamp in milliseconds since the Unix epoch, when readable.
    pub time_ms: Option<f64>,
    /// Session key (process id, session id, …); `None` in a single dialogue.
    pub session: Option<Cow<'a, str>>,
    /// The remote peer, when the format names it.
    pub peer: Option<Cow<'a, str>>,
    pub boundary: Option<Boundary>,
    /// The format marks this line as sent inside TLS.
    pub encrypted: bool,
    /// Reconstructed from a summary line, not seen on the wire.
    pub inferred: bool,
}

impl<'a> Frame<'a> {
    /// A frame with only the required parts set.
    pub fn new(line: u32, kind: FrameKind, text: impl Into<Cow<'a, str>>) -> Self {
        Frame {
            line,
            kind,
            text: text.into(),
            time: None,
            time_ms: None,
            session: None,
            peer: None,
            boundary: None,
            encrypted: false,
            inferred: false,
        }
    }
}

/// An input format.
pub trait Format: Sync {
    /// Stable name, used by `--format` and in the output (`"swaks"`).
    fn name(&self) -> &'static str;
    /// One-line human description.
    fn description(&self) -> &'static str;
    /// How sure (0 to 100) we are that `lines` are in this format. Called
    /// with a sample (the first few thousand lines).
    fn detect(&self, lines: &[Line<'_>]) -> u8;
    /// Frame every line. Must push at least one frame per line, in line
    /// order, and may add diagnostics about the format; it may stop once
    /// [`Frames::is_stopped`] (then no more frames are wanted). A format
    /// with a [`Format::framer`] gets this from it: the lines fed in one go, and
    /// the last frame of each session marked as its end (a session the
    /// input cuts off ends there too).
    fn frame<'a>(&self, lines: &[Line<'a>], out: &mut Frames<'a, '_>, diags: &mut Vec<Diagnostic>) {
        let Some(mut framer) = self.framer() else {
            // A format must give one or the other; never lose the lines.
            for l in lines {
                out.push(Frame::new(
                    l.number,
                    FrameKind::Unparsed(Unreadable::NoFramer),
                    l.text,
                ));
            }
            return;
        };
        let mut fed = Vec::with_capacity(lines.len());
        framer.feed(lines, &mut fed);
        postfix::mark_ends(&mut fed);
        framer.finish(diags);
        out.extend(fed);
    }
    /// A framer that reads the input in pieces, for a format whose framing
    /// needs nothing of the lines still to come (the mail logs): what
    /// [`crate::parse_stream`] uses to read a log bigger than memory.
    /// `None` (the default) when framing looks at the whole input first.
    ///
    /// Fed every line once, in order, then finished, it frames exactly as
    /// [`Format::frame`] does, except that it does not mark the last frame
    /// of each session as its end (the caller knows where that is). A
    /// format that has one needs no `frame` of its own.
    fn framer(&self) -> Option<Box<dyn Framer>> {
        None
    }
    /// Whether [`Format::frame`] may give frames a session key (a format
    /// without a framer that names connections, as nodemailer's ids do).
    /// When it may not, a parse hands its frames to the session engine as
    /// they come ([`Frames::handing`]), which needs to know up front that
    /// the input is one dialogue rather than a keyed log.
    fn keys_sessions(&self) -> bool {
        false
    }
}

/// Lines a piece of [`frame_in_pieces`] holds the frames of.
const PIECE_LINES: usize = 1_024;

/// Room for the frames of `n` lines: most lines give one frame, a few two.
pub(crate) fn frame_capacity(n: usize) -> usize {
    n + n / 8
}

/// The frames [`Format::frame`] gives, in order, in pieces of at most
/// [`PIECE_LINES`]-and-an-eighth frames: every piece but the last is full.
///
/// Kept, the pieces are all held ([`Frames::into_pieces`]). Handed on
/// ([`Frames::handing`]), each full piece goes to the session engine while
/// the format goes on framing, so that the frames of a whole paste are never
/// held at once: for 20 MB of RFC-style sessions they were 76 MB. The piece
/// being filled and the one before it stay reachable by
/// [`Frames::get_mut`], for a format that goes back to a frame it pushed.
pub struct Frames<'a, 's> {
    /// The pieces not handed on yet, in order.
    pieces: VecDeque<Vec<Frame<'a>>>,
    /// The length of a full piece.
    piece: usize,
    len: usize,
    /// Pieces handed on: the first piece held is piece number `handed`.
    handed: usize,
    /// Where full pieces go; `None`: keep them.
    to: Option<&'s mut crate::engine::Piece<'s, 'a>>,
    /// The engine wants no more frames: drop them.
    stopped: bool,
}

impl<'a, 's> Frames<'a, 's> {
    /// Room for the frames of about `lines` lines, kept: the first piece
    /// starts with that, up to a piece.
    pub fn for_lines(lines: usize) -> Self {
        Self::in_pieces_of(frame_capacity(PIECE_LINES), frame_capacity(lines), None)
    }

    /// As [`Frames::for_lines`], handing each full piece to `to` (and the
    /// rest at [`Frames::hand_on_rest`]).
    pub(crate) fn handing(lines: usize, to: &'s mut crate::engine::Piece<'s, 'a>) -> Self {
        Self::in_pieces_of(frame_capacity(PIECE_LINES), frame_capacity(lines), Some(to))
    }

    fn in_pieces_of(
        piece: usize,
        first: usize,
        to: Option<&'s mut crate::engine::Piece<'s, 'a>>,
    ) -> Self {
        let piece = piece.max(1);
        Frames {
            pieces: VecDeque::from([Vec::with_capacity(first.min(piece))]),
            piece,
            len: 0,
            handed: 0,
            to,
            stopped: false,
        }
    }

    pub fn push(&mut self, frame: Frame<'a>) {
        self.len += 1;
        if self.stopped {
            return;
        }
        match self.pieces.back_mut() {
            Some(last) if last.len() < self.piece => last.push(frame),
            _ => {
                if self.pieces.len() >= 2 {
                    self.hand_on_oldest();
                    if self.stopped {
                        return;
                    }
                }
                let mut next = Vec::with_capacity(self.piece);
                next.push(frame);
                self.pieces.push_back(next);
            }
        }
    }

    /// Hand the oldest piece held to the engine, when handing.
    fn hand_on_oldest(&mut self) {
        let Some(to) = self.to.as_mut() else {
            return;
        };
        if let Some(piece) = self.pieces.pop_front() {
            self.handed += 1;
            if !to(piece) {
                self.stopped = true;
                self.pieces.clear();
            }
        }
    }

    /// Framing is over: hand every piece still held to the engine.
    pub(crate) fn hand_on_rest(&mut self) {
        while self.to.is_some() && !self.stopped && !self.pieces.is_empty() {
            self.hand_on_oldest();
        }
    }

    /// No more frames are wanted (the engine has what it needs): a
    /// format may stop framing.
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Number of frames pushed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Frame `i`, counting from the first pushed; `None` once its piece
    /// has been handed on.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Frame<'a>> {
        let piece = (i / self.piece).checked_sub(self.handed)?;
        self.pieces.get_mut(piece)?.get_mut(i % self.piece)
    }

    /// The frames held, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Frame<'a>> {
        self.pieces.iter().flatten()
    }

    /// The pieces held, in order (none empty, unless there are no frames).
    pub fn into_pieces(self) -> Vec<Vec<Frame<'a>>> {
        self.pieces.into()
    }

    /// Every frame held, in one `Vec`.
    pub fn into_vec(self) -> Vec<Frame<'a>> {
        let mut all = Vec::with_capacity(self.len);
        for piece in self.pieces {
            all.extend(piece);
        }
        all
    }
}

impl Default for Frames<'_, '_> {
    fn default() -> Self {
        Self::for_lines(0)
    }
}

impl<'a> Extend<Frame<'a>> for Frames<'a, '_> {
    fn extend<I: IntoIterator<Item = Frame<'a>>>(&mut self, frames: I) {
        for f in frames {
            self.push(f);
        }
    }
}

/// Frame every line as [`Format::frame`] does, in pieces of frames, so
/// that the session engine can drop each piece once it has read it: held
/// all at once to the end, the frames (144 bytes each) were a quarter of
/// the peak memory of a parse. A format with a [`Format::framer`] is fed a
/// piece of lines at a time. (What a parse uses for the formats whose
/// frames may carry session keys: the engine must know whether any does
/// before it reads the first. The others are handed on as they are framed:
/// see [`Frames::handing`].)
pub fn frame_in_pieces<'a>(
    format: &dyn Format,
    lines: &[Line<'a>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<Frame<'a>>> {
    let Some(mut framer) = format.framer() else {
        let mut frames = Frames::for_lines(lines.len());
        format.frame(lines, &mut frames, diags);
        return frames.into_pieces();
    };
    let mut pieces: Vec<Vec<Frame<'a>>> = lines
        .chunks(PIECE_LINES)
        .map(|chunk| {
            let mut out = Vec::with_capacity(frame_capacity(chunk.len()));
            framer.feed(chunk, &mut out);
            out
        })
        .collect();
    postfix::mark_ends_in(&mut pieces);
    framer.finish(diags);
    pieces
}

/// An incremental framer (see [`Format::framer`]).
pub trait Framer {
    /// Frame the next lines: at least one frame per line, in line order.
    fn feed<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>);
    /// The input has ended: add the diagnostics about the format.
    fn finish(&mut self, diags: &mut Vec<Diagnostic>);
}

/// Every format, in the order used to break ties in detection.
pub fn all() -> &'static [&'static dyn Format] {
    &[
        &swaks::Swaks,
        &rfc::Rfc,
        &smtplib::Smtplib,
        &curl::Curl,
        &openssl::Openssl,
        &javamail::JavaMail,
        &nodemailer::Nodemailer,
        &arrows::Arrows,
        &sendmail_v::SendmailV,
        &exim_v::EximV,
        &postfix_transcript::PostfixTranscript,
        &postfix_verbose::PostfixVerbose,
        &postfix::Postfix,
        &exim::Exim,
        &sendmail::Sendmail,
        &exchange::Exchange,
        &dsn::Dsn,
        &raw::Raw,
    ]
}

/// The format used when nothing else matches: an unmarked session.
pub fn fallback() -> &'static dyn Format {
    &raw::Raw
}

/// Find a format by name (case-insensitive).
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    all()
        .iter()
        .copied()
        .find(|f| f.name().eq_ignore_ascii_case(name))
}

/// How many lines auto-detection looks at.
pub const DETECT_SAMPLE: usize = 4000;

/// Scores of every format on a sample, best first.
pub fn detect(lines: &[Line<'_>]) -> Vec<(&'static dyn Format, u8)> {
    let sample = sample_of(lines);
    ranked(all().iter().map(|f| score(*f, sample)))
}

/// `format`'s score on `sample`, 0 to 100.
fn score(format: &dyn Format, sample: &[Line<'_>]) -> u8 {
    format.detect(sample).min(100)
}

/// The lines detection looks at: the first [`DETECT_SAMPLE`].
fn sample_of<'l, 'a>(lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
    lines.get(..DETECT_SAMPLE.min(lines.len())).unwrap_or(lines)
}

/// The formats with their `scores` (in registry order), best first.
fn ranked(scores: impl Iterator<Item = u8>) -> Vec<(&'static dyn Format, u8)> {
    let mut ranked: Vec<(&'static dyn Format, u8)> = all().iter().copied().zip(scores).collect();
    // Stable sort keeps registry order among equal scores.
    crate::sort::stable_by_key(&mut ranked, |s| u64::from(u8::MAX - s.1));
    ranked
}

/// [`detect`] shared by threads: each thread gives its copy of the lines
/// (the same first lines) to [`SharedDetection::help`], which scores the
/// formats no thread has taken yet, one at a time; once every thread is
/// done, [`SharedDetection::ranked`] gives what [`detect`] gives.
#[cfg(not(target_arch = "wasm32"))]
pub struct SharedDetection {
    /// The next format to take, counted in [`SharedDetection::ORDER`].
    next: std::sync::atomic::AtomicUsize,
    /// Each format's score, in registry order; [`Self::NOT_YET`] until
    /// one thread has it.
    scores: Vec<std::sync::atomic::AtomicU8>,
}

#[cfg(not(target_arch = "wasm32"))]
impl SharedDetection {
    const NOT_YET: u8 = u8::MAX;

    pub fn new() -> SharedDetection {
        SharedDetection {
            next: std::sync::atomic::AtomicUsize::new(0),
            scores: all()
                .iter()
                .map(|_| std::sync::atomic::AtomicU8::new(Self::NOT_YET))
                .collect(),
        }
    }

    /// Score formats no thread has taken yet, until none is left. From
    /// the end of the registry: the bounce detector, the costliest on a
    /// log's long lines, is near the end, and taken early it does not
    /// keep one thread busy while the other waits.
    pub fn help(&self, lines: &[Line<'_>]) {
        use std::sync::atomic::Ordering;
        let sample = sample_of(lines);
        let formats = all();
        loop {
            let taken = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(i) = formats.len().checked_sub(taken + 1) else {
                return;
            };
            if let (Some(f), Some(score)) = (formats.get(i), self.scores.get(i)) {
                score.store(self::score(*f, sample), Ordering::Relaxed);
            }
        }
    }

    /// Every format's score, best first, once the threads that helped
    /// are done (joined); a format none of them scored (one stopped) is
    /// scored here on `lines`.
    pub fn ranked(self, lines: &[Line<'_>]) -> Vec<(&'static dyn Format, u8)> {
        let sample = sample_of(lines);
        ranked(
            all()
                .iter()
                .zip(self.scores)
                .map(|(f, kept)| match kept.into_inner() {
                    Self::NOT_YET => score(*f, sample),
                    done => done,
                }),
        )
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for SharedDetection {
    fn default() -> Self {
        Self::new()
    }
}

/// Helpers shared by the formats.
pub(crate) mod util {
    /// True for an empty or whitespace-only line.
    pub fn is_blank(s: &str) -> bool {
        s.bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// True when `s` starts with three ASCII digits followed by space, dash
    /// or the end of the line: a reply line.
    pub fn looks_like_reply(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && matches!(b.get(3), None | Some(b' ') | Some(b'-') | Some(b'\t'))
            && matches!(b[0], b'2'..=b'5')
    }

    /// The line without its e-mail quoting (`> `, `>> `, `> > `), when it
    /// has any: a transcript quoted in a mail thread. Strips every `>` with
    /// one space after each; `None` when the line does not start with `>`.
    pub fn unquote(s: &str) -> Option<&str> {
        if !s.starts_with('>') {
            return None;
        }
        let mut rest = s;
        while let Some(r) = rest.strip_prefix('>') {
            rest = r.strip_prefix(' ').unwrap_or(r);
        }
        Some(rest)
    }

    /// `hay.find(needle)`, with memchr's search natively (see [`Needle`]).
    pub fn find(hay: &str, needle: &str) -> Option<usize> {
        #[cfg(not(target_arch = "wasm32"))]
        return memchr::memmem::find(hay.as_bytes(), needle.as_bytes());
        #[cfg(target_arch = "wasm32")]
        return first_byte_find(hay.as_bytes(), needle.as_bytes());
    }

    /// `hay.find(needle)` for the wasm module: memchr (SIMD there too) to
    /// each place the needle's first byte is, then a comparison. Our
    /// needles are short words and markers, so that is linear in the
    /// line. std's `str::find` builds a two-way searcher on every call:
    /// format detection runs several searches on each of the first 4 000
    /// lines, and that set-up was most of detection's cost in the module.
    /// (memchr's own searchers would add about 7 KB to it.)
    #[cfg(any(target_arch = "wasm32", test))]
    pub fn first_byte_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        let Some((&first, rest)) = needle.split_first() else {
            return Some(0);
        };
        let mut from = 0;
        while let Some(at) = hay.get(from..).and_then(|h| memchr::memchr(first, h)) {
            let at = from + at;
            if hay.get(at + 1..at + needle.len()) == Some(rest) {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }

    /// A fixed string looked for in many lines, with memchr's searcher
    /// built once. `str::contains` and `split_once` with a string pattern
    /// set up a new searcher on every call, which cost detection more than
    /// the searching (profiled); a `Needle` in a `static LazyLock` or built
    /// before a loop does it once. In wasm, std's own search (already in
    /// the module) instead: memchr's searchers were about 7 KB of it.
    pub struct Needle {
        #[cfg(not(target_arch = "wasm32"))]
        finder: memchr::memmem::Finder<'static>,
        #[cfg(target_arch = "wasm32")]
        needle: &'static str,
        len: usize,
    }

    impl Needle {
        pub fn new(needle: &'static str) -> Self {
            Needle {
                #[cfg(not(target_arch = "wasm32"))]
                finder: memchr::memmem::Finder::new(needle),
                #[cfg(target_arch = "wasm32")]
                needle,
                len: needle.len(),
            }
        }

        /// `hay.find(needle)`.
        pub fn find(&self, hay: &str) -> Option<usize> {
            #[cfg(not(target_arch = "wasm32"))]
            return self.finder.find(hay.as_bytes());
            #[cfg(target_arch = "wasm32")]
            return first_byte_find(hay.as_bytes(), self.needle.as_bytes());
        }

        /// `hay.contains(needle)`.
        pub fn is_in(&self, hay: &str) -> bool {
            self.find(hay).is_some()
        }

        /// `hay.split_once(needle)`.
        pub fn split<'t>(&self, hay: &'t str) -> Option<(&'t str, &'t str)> {
            let at = self.find(hay)?;
            Some((hay.get(..at)?, hay.get(at + self.len..)?))
        }
    }

    /// `s.split_once(": ")`, found with memchr: the queue id and tag
    /// separator of the mail logs, looked for on every line.
    pub fn split_colon_space(s: &str) -> Option<(&str, &str)> {
        let b = s.as_bytes();
        let mut from = 0;
        loop {
            let at = from + memchr::memchr(b':', b.get(from..)?)?;
            if b.get(at + 1) == Some(&b' ') {
                return Some((s.get(..at)?, s.get(at + 2..)?));
            }
            from = at + 1;
        }
    }

    /// Share of `hits` among `total` as a 0–100 score, 0 when `total` is 0.
    pub fn ratio(hits: usize, total: usize) -> u8 {
        (hits * 100)
            .checked_div(total)
            .map_or(0, |r| r.min(100) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log's frames are all held at once, one a line at least: 24 MB of
    /// the CLI's 78 MiB for the 20 MB Postfix log when a frame was 144
    /// bytes (the unparsed reason a string).
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn a_frame_stays_small() {
        assert!(
            std::mem::size_of::<Frame<'_>>() <= 128,
            "{}",
            std::mem::size_of::<Frame<'_>>()
        );
    }

    fn numbers(frames: &Frames<'_, '_>) -> Vec<u32> {
        frames.iter().map(|f| f.line).collect()
    }

    /// The wasm module's search finds what `str::find` finds.
    #[test]
    fn first_byte_find_agrees_with_str_find() {
        let hays = [
            "",
            "a",
            "aaaa",
            "abababac",
            "Nov 28 14:06:25 mail postfix/smtpd[1]: connect from x",
            "host mx[192.0.2.1] said: 550 5.1.1 <bob@example.test>",
            "é said: ü said:",
            "SMTP>> MAIL FROM:<a@b> SMTP<< 250 OK",
        ];
        let needles = [
            "", "a", "aab", "abac", " said: ", "SMTP<<", "ü", ": ", "x", "zz",
        ];
        for hay in hays {
            for needle in needles {
                assert_eq!(
                    util::first_byte_find(hay.as_bytes(), needle.as_bytes()),
                    hay.find(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn frames_fill_each_piece_then_start_the_next() {
        let mut frames = Frames::in_pieces_of(3, 100, None);
        assert!(frames.is_empty());
        for n in 1..=7 {
            frames.push(Frame::new(n, FrameKind::Blank, ""));
        }
        assert_eq!(frames.len(), 7);
        assert_eq!(numbers(&frames), (1..=7).collect::<Vec<_>>());
        // Indexes count across pieces.
        if let Some(f) = frames.get_mut(4) {
            f.inferred = true;
        }
        assert_eq!(frames.get_mut(4).map(|f| f.line), Some(5));
        assert!(frames.get_mut(7).is_none());
        let pieces = frames.into_pieces();
        let sizes: Vec<usize> = pieces.iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 3, 1]);
        assert!(pieces[1][1].inferred);
        // The first piece starts with no more room than a piece.
        assert_eq!(pieces[0].capacity(), 3);
    }

    #[test]
    fn frames_handing_gives_full_pieces_in_order_and_keeps_two() {
        let mut got: Vec<Vec<u32>> = Vec::new();
        let mut to = |piece: Vec<Frame<'_>>| {
            got.push(piece.iter().map(|f| f.line).collect());
            true
        };
        let mut frames = Frames::in_pieces_of(2, 2, Some(&mut to));
        for n in 1..=7 {
            frames.push(Frame::new(n, FrameKind::Blank, ""));
        }
        // Pieces [1, 2] and [3, 4] went on when [7] was started; the two
        // last ones are still held and reachable.
        assert!(frames.get_mut(1).is_none());
        assert!(frames.get_mut(3).is_none());
        assert_eq!(frames.get_mut(4).map(|f| f.line), Some(5));
        assert_eq!(frames.get_mut(6).map(|f| f.line), Some(7));
        assert_eq!(frames.len(), 7);
        frames.hand_on_rest();
        assert!(frames.iter().next().is_none());
        drop(frames);
        assert_eq!(got, [vec![1, 2], vec![3, 4], vec![5, 6], vec![7]]);
    }

    #[test]
    fn frames_handing_stops_when_the_engine_wants_no_more() {
        let mut calls = 0;
        let mut to = |_: Vec<Frame<'_>>| {
            calls += 1;
            false
        };
        let mut frames = Frames::in_pieces_of(1, 1, Some(&mut to));
        for n in 1..=10 {
            frames.push(Frame::new(n, FrameKind::Blank, ""));
        }
        frames.hand_on_rest();
        assert_eq!(frames.iter().count(), 0);
        drop(frames);
        assert_eq!(calls, 1);
    }

    #[test]
    fn frames_into_vec_keeps_the_order() {
        let mut frames = Frames::in_pieces_of(2, 0, None);
        frames.extend((1..=5).map(|n| Frame::new(n, FrameKind::Blank, "")));
        let all = frames.into_vec();
        assert_eq!(
            all.iter().map(|f| f.line).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(Frames::default().into_pieces().len(), 1);
    }
}
