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

use crate::formats::{Boundary, Frame, FrameKind};
use crate::input::Line;
use crate::model::{Diagnostic, Event, EventDetail, NoteLevel, Options, SourceLine, Transcript};
use builder::Builder;
use std::collections::HashMap;

/// Shown in place of a secret.
pub const MASK: &str = "********";

/// Group frames into sessions and assemble each.
pub fn assemble(
    lines: &[Line<'_>],
    frames: Vec<Frame<'_>>,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Transcript {
    let keyed = frames.iter().any(|f| f.session.is_some());
    let mut builders: Vec<Builder> = Vec::new();
    let mut unassigned: Vec<Event> = Vec::new();
    let mut open: HashMap<String, usize> = HashMap::new();
    // The builder of a single (unkeyed) dialogue currently receiving frames.
    let mut current: Option<usize> = None;

    for frame in frames {
        let Some(line) = lines.get((frame.line as usize).wrapping_sub(1)) else {
            continue;
        };
        if keyed {
            let Some(key) = frame.session.as_deref() else {
                push_loose(&mut unassigned, &frame, line);
                continue;
            };
            let idx = match open.get(key) {
                Some(&i)
                    if !(frame.boundary == Some(Boundary::Start)
                        && builders.get(i).is_some_and(Builder::has_dialogue)) =>
                {
                    i
                }
                _ => {
                    builders.push(Builder::new(Some(key.to_string()), options));
                    let i = builders.len() - 1;
                    open.insert(key.to_string(), i);
                    i
                }
            };
            let ends = frame.boundary == Some(Boundary::End);
            let key = key.to_string();
            if let Some(b) = builders.get_mut(idx) {
                b.push(&frame, line);
            }
            if ends {
                open.remove(&key);
            }
        } else {
            let starts_new = match current.and_then(|i| builders.get(i)) {
                None => true,
                Some(b) => {
                    (frame.boundary == Some(Boundary::Start) && b.has_dialogue())
                        || (frame.kind == FrameKind::Server
                            && b.is_closed()
                            && is_greeting(&frame.text))
                }
            };
            if starts_new {
                builders.push(Builder::new(None, options));
                current = Some(builders.len() - 1);
            }
            if let Some(b) = current.and_then(|i| builders.get_mut(i)) {
                b.push(&frame, line);
            }
        }
    }

    let mut sessions = Vec::with_capacity(builders.len());
    for (i, b) in builders.into_iter().enumerate() {
        let (mut session, mut diags) = b.finish();
        assume::assume(&mut session, &mut diags);
        assume::mask_stray_credentials(&mut session, options.show_secrets);
        diagnostics.extend(diags.into_iter().map(|mut d| {
            d.session = Some(i as u32);
            d
        }));
        sessions.push(session);
    }
    assume::unrelated(&unassigned, diagnostics);
    Transcript {
        sessions,
        unassigned,
        ..Transcript::default()
    }
}

fn is_greeting(text: &str) -> bool {
    text.starts_with("220") || text.starts_with("554")
}

/// A frame outside any session in a keyed log becomes a note (or unparsed).
fn push_loose(unassigned: &mut Vec<Event>, frame: &Frame<'_>, line: &Line<'_>) {
    let detail = match &frame.kind {
        FrameKind::Unparsed(reason) => EventDetail::Unparsed {
            text: frame.text.to_string(),
            reason: reason.to_string(),
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
                    last.source.push(source_line(line, line.text));
                    return;
                }
            }
            EventDetail::Note {
                text: String::new(),
                level: NoteLevel::Blank,
            }
        }
        FrameKind::Note(level) => EventDetail::Note {
            text: frame.text.to_string(),
            level: *level,
        },
        FrameKind::Tls => EventDetail::Tls {
            text: frame.text.to_string(),
        },
        FrameKind::Client | FrameKind::Server => EventDetail::Note {
            text: frame.text.to_string(),
            level: NoteLevel::Info,
        },
    };
    unassigned.push(new_event(frame, line, line.text, detail));
}

/// The source record of a line, with `text` standing for its (masked) text.
pub(crate) fn source_line(line: &Line<'_>, text: &str) -> SourceLine {
    SourceLine {
        line: line.number,
        span: [line.start as u64, line.end() as u64],
        text: text.to_string(),
    }
}

/// An event of one source line.
pub(crate) fn new_event(
    frame: &Frame<'_>,
    line: &Line<'_>,
    text: &str,
    detail: EventDetail,
) -> Event {
    Event {
        line: line.number,
        span: [line.start as u64, line.end() as u64],
        source: vec![source_line(line, text)],
        time: frame.time.as_deref().map(str::to_string),
        time_ms: frame.time_ms,
        encrypted: frame.encrypted,
        inferred: frame.inferred,
        group: None,
        delay_ms: None,
        parts: Vec::new(),
        detail,
    }
}
