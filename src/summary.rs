//! A transcript as a page shows a big one: every session summarised (what
//! the session list needs) except the one on screen, and which session each
//! source line belongs to. The wasm module keeps the whole transcript and
//! hands out sessions as they are opened (`wasm::Parsed`), so the page never
//! builds the JS objects of a whole log.
//!
//! The JSON shapes (camelCase, like the model):
//!
//! ```text
//! Summary { ...every field of Transcript, sessions: (Session | Brief)[] }
//! Brief   { id, peer, startTime, endTime,
//!           outcome: { status, headline, summary (null when there is a
//!                      headline), reply: { code } | null },
//!           brief: { steps, recipients, accepted, firstError } }
//! ```
//!
//! `steps` counts the events that are not blank lines; `firstError` is the
//! index of the first event that is part of what went wrong (-1: none), by
//! the renderer's rule (`isError` in `www/render.js`): a reply of 400 or
//! more, an unparsed line, an error note, an invalid command or a command
//! answered by a reply of 400 or more.

use crate::model::{
    Command, Detection, Diagnostic, Event, EventDetail, NoteLevel, OutcomeStatus, Session,
    Transcript,
};
use serde::Serialize;

/// The transcript with every session but `shown` replaced by its [`Brief`].
/// Its fields are the transcript's: `tests/summary.rs` checks that none is
/// missing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary<'a> {
    format: &'a str,
    detection: &'a Detection,
    sessions: Vec<SessionView<'a>>,
    unassigned: &'a [Event],
    diagnostics: &'a [Diagnostic],
    line_count: u32,
    byte_count: u64,
}

/// A session in full, or its brief.
#[derive(Serialize)]
#[serde(untagged)]
enum SessionView<'a> {
    Full(&'a Session),
    Brief(Brief<'a>),
}

/// What the session list shows of a session whose events are not loaded.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Brief<'a> {
    id: Option<&'a str>,
    peer: Option<&'a str>,
    start_time: Option<&'a str>,
    end_time: Option<&'a str>,
    outcome: BriefOutcome<'a>,
    brief: Counts,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct BriefOutcome<'a> {
    status: OutcomeStatus,
    headline: Option<&'a str>,
    /// The summary sentence, only when there is no headline (the list shows
    /// one of the two).
    summary: Option<&'a str>,
    reply: Option<BriefReply>,
}

#[derive(Serialize, Debug, PartialEq)]
struct BriefReply {
    code: u16,
}

/// The session list's figures of a session.
#[derive(Serialize, Debug, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Events that are not blank lines.
    pub steps: u32,
    /// Recipients of all transactions, and how many were accepted.
    pub recipients: u32,
    pub accepted: u32,
    /// Index of the first event that is part of what went wrong; -1: none.
    pub first_error: i64,
}

/// The summary of `t` with session `shown` in full (none when it is out of
/// range).
pub fn summary(t: &Transcript, shown: usize) -> Summary<'_> {
    Summary {
        format: &t.format,
        detection: &t.detection,
        sessions: t
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if i == shown {
                    SessionView::Full(s)
                } else {
                    SessionView::Brief(brief(s))
                }
            })
            .collect(),
        unassigned: &t.unassigned,
        diagnostics: &t.diagnostics,
        line_count: t.line_count,
        byte_count: t.byte_count,
    }
}

/// [`summary`] as compact JSON text (exactly `serde_json::to_vec` of it),
/// with the byte offsets a page needs to read it in pieces: where the
/// session at every `per`-th index starts (0, per, 2·per, …), then where
/// the sessions' closing `]` is. The text between two starts ends with the
/// comma before the next session; the text before the first start and from
/// the `]` on is the rest of the summary, with no session.
///
/// A 20 MB log's summary is 13 MB of JSON, and one `JSON.parse` of it held
/// the page's main thread for 0.2–0.3 s; in pieces, the page lets input
/// and timers in between them.
pub fn summary_json_pieces(t: &Transcript, shown: usize, per: usize) -> (Vec<u8>, Vec<u32>) {
    const EMPTY: &[u8] = br#""sessions":[]"#;
    let per = per.max(1);
    let mut whole = summary(t, shown);
    let sessions = std::mem::take(&mut whole.sessions);
    // Writing our derived types to a `Vec` cannot fail (no map has
    // non-string keys); nor below.
    let head = serde_json::to_vec(&whole).unwrap_or_default();
    // The first `"sessions":[]` is the field's: format and detection come
    // before it, and a quote inside a JSON string is always escaped.
    // (Found near the start; memmem's searcher would add 1 KB to the wasm.)
    let open = head
        .windows(EMPTY.len())
        .position(|w| w == EMPTY)
        .map_or(head.len(), |at| at + EMPTY.len() - 1);
    let mut out = Vec::with_capacity(head.len() + sessions.len() * 400);
    out.extend_from_slice(head.get(..open).unwrap_or(&head));
    let mut breaks = Vec::with_capacity(sessions.len() / per + 2);
    for (i, s) in sessions.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if i % per == 0 {
            breaks.push(offset(&out));
        }
        let _ = serde_json::to_writer(&mut out, s);
    }
    breaks.push(offset(&out));
    out.extend_from_slice(head.get(open..).unwrap_or_default());
    (out, breaks)
}

fn offset(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).unwrap_or(u32::MAX)
}

/// The brief of one session.
pub fn brief(s: &Session) -> Brief<'_> {
    let o = &s.outcome;
    Brief {
        id: s.id.as_deref(),
        peer: s.peer.as_deref(),
        start_time: s.start_time.as_deref(),
        end_time: s.end_time.as_deref(),
        outcome: BriefOutcome {
            status: o.status,
            headline: o.headline.as_deref(),
            summary: if o.headline.is_some() {
                None
            } else {
                Some(&o.summary)
            },
            reply: o.reply.as_ref().map(|r| BriefReply { code: r.code }),
        },
        brief: counts(s),
    }
}

/// The session list's figures of `s`.
pub fn counts(s: &Session) -> Counts {
    let steps = s.events.iter().filter(|e| !is_blank(e)).count();
    let first_error = s
        .events
        .iter()
        .position(|e| is_error(e, &s.events))
        .map_or(-1, |i| i as i64);
    let recipients = s.transactions.iter().flat_map(|t| &t.recipients);
    Counts {
        steps: steps as u32,
        recipients: recipients.clone().count() as u32,
        accepted: recipients.filter(|r| r.accepted).count() as u32,
        first_error,
    }
}

fn is_blank(e: &Event) -> bool {
    matches!(
        e.detail,
        EventDetail::Note {
            level: NoteLevel::Blank,
            ..
        }
    )
}

/// Is this event part of what went wrong? (The renderer's `isError`.)
fn is_error(e: &Event, events: &[Event]) -> bool {
    let failed = |code: u16| code >= 400;
    match &e.detail {
        EventDetail::Reply { code, .. } => failed(*code),
        EventDetail::Unparsed { .. } => true,
        EventDetail::Note { level, .. } => *level == NoteLevel::Error,
        EventDetail::Command { parsed, reply, .. } => {
            matches!(parsed, Command::Invalid { .. })
                || reply.and_then(|r| events.get(r as usize)).is_some_and(
                    |r| matches!(r.detail, EventDetail::Reply { code, .. } if failed(code)),
                )
        }
        _ => false,
    }
}

/// For each line number (1-based; the array has `line_count + 2` entries),
/// the index of the first session with an event from that line; -1 for a
/// line of no session. The page uses it to open the session of a line it
/// links to.
pub fn line_sessions(t: &Transcript) -> Vec<i32> {
    let mut out = vec![-1; t.line_count as usize + 2];
    for (si, s) in t.sessions.iter().enumerate() {
        let si = i32::try_from(si).unwrap_or(i32::MAX);
        let mut mark = |line: u32| {
            if let Some(slot) = out.get_mut(line as usize) {
                if *slot < 0 {
                    *slot = si;
                }
            }
        };
        for e in &s.events {
            if e.source.is_empty() {
                mark(e.line);
            }
            for src in &e.source {
                mark(src.line);
            }
        }
    }
    out
}

/// Compact JSON (serde_json's, as the CLI writes piped) re-indented as the
/// CLI prints it on a terminal and as `JSON.stringify(value, null, 2)` does:
/// two spaces per level, `": "` after keys, empty arrays and objects as
/// `[]` and `{}`. It saves the wasm module a second, pretty copy of every
/// type's serialisation code.
pub fn indent_json(compact: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(compact.len() + compact.len() / 2);
    Indenter::default().push(compact, &mut out);
    out
}

/// [`indent_json`] a piece at a time, for JSON written as it is made (the
/// CLI's `--json` on a terminal and `--pretty`): the pieces may be cut
/// anywhere, and together give what `indent_json` gives for the whole.
#[derive(Debug, Default)]
pub struct Indenter {
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// A `{` or `[` just written, whose next byte says whether it is empty.
    opened: Option<u8>,
}

impl Indenter {
    /// Indent the next piece of compact JSON onto `out`.
    pub fn push(&mut self, compact: &[u8], out: &mut Vec<u8>) {
        let mut rest = compact;
        while let Some((&b, after)) = rest.split_first() {
            // Most of the text is inside strings, which are copied as they
            // are up to their next quote or backslash.
            if self.in_string && !self.escaped && b != b'"' && b != b'\\' {
                let run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
                out.extend_from_slice(rest.get(..run).unwrap_or(rest));
                rest = rest.get(run..).unwrap_or_default();
                continue;
            }
            self.byte(b, out);
            rest = after;
        }
    }

    fn newline(&self, out: &mut Vec<u8>) {
        out.push(b'\n');
        out.resize(out.len() + 2 * self.depth, b' ');
    }

    fn byte(&mut self, b: u8, out: &mut Vec<u8>) {
        if let Some(open) = self.opened.take() {
            let close = if open == b'{' { b'}' } else { b']' };
            if b == close {
                out.push(close);
                return;
            }
            self.depth += 1;
            self.newline(out);
        }
        if self.in_string {
            out.push(b);
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return;
        }
        match b {
            b'"' => {
                self.in_string = true;
                out.push(b);
            }
            b'{' | b'[' => {
                out.push(b);
                self.opened = Some(b);
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                self.newline(out);
                out.push(b);
            }
            b',' => {
                out.push(b);
                self.newline(out);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
    }
}
