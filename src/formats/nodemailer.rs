//! nodemailer's logger (`logger: true, debug: true`).
//!
//! ```text
//! [2026-11-28 14:07:30] INFO  [PnAN0KuPqDs] Connection established to 127.0.0.1:25
//! [2026-11-28 14:07:30] DEBUG [PnAN0KuPqDs] S: 220 mail.example.test ESMTP Postfix (Debian/GNU)
//! [2026-11-28 14:07:30] DEBUG [PnAN0KuPqDs] C: EHLO client.example.test
//! ```
//!
//! A time, a level and the connection id (the session key), then `C:` for
//! what nodemailer sent and `S:` for what it received. The message content
//! is logged line by line without `C:` after the `354`, up to the lone `.`.
//! Other lines are notes at their level; lines without an id (`Sending
//! message …`) belong to no connection. The times are read as UTC.

use super::client_common::{self as common, datetime_ms};
use super::{Boundary, Format, Frame, FrameKind, Frames};
use crate::fasthash::FastSet;
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;

pub struct Nodemailer;

struct Parts<'a> {
    time: &'a str,
    level: &'a str,
    id: Option<&'a str>,
    rest: &'a str,
}

fn parts(t: &str) -> Option<Parts<'_>> {
    let inner = t.strip_prefix('[')?;
    let (time, rest) = inner.split_once("] ")?;
    datetime_ms(time)?;
    let (level, rest) = rest.split_once(' ')?;
    if !matches!(
        level,
        "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL"
    ) {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    let (id, rest) = match rest.strip_prefix('[').and_then(|r| r.split_once("] ")) {
        Some((id, r))
            if !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
        {
            (Some(id), r)
        }
        _ => match rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            // An empty content line: `[id] ` with its trailing space trimmed.
            Some(id) if !id.is_empty() && !id.contains(' ') => (Some(id), ""),
            _ => (None, rest),
        },
    };
    Some(Parts {
        time,
        level,
        id,
        rest,
    })
}

impl Format for Nodemailer {
    fn name(&self) -> &'static str {
        "nodemailer"
    }
    fn description(&self) -> &'static str {
        "nodemailer logger output ([time] DEBUG [id] C:/S:)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        for l in lines {
            if let Some(p) = parts(l.text) {
                if p.id.is_some() && (p.rest.starts_with("C: ") || p.rest.starts_with("S: ")) {
                    markers += 1;
                } else {
                    fitting += 1;
                }
            }
        }
        common::score(markers, fitting, common::nonblank(lines))
    }
    fn keys_sessions(&self) -> bool {
        true
    }

    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        // Connections now sending message content.
        let mut in_data: FastSet<&str> = FastSet::default();
        for l in lines {
            if out.is_stopped() {
                break;
            }
            if let Some(f) = common::blank(l) {
                out.push(f);
                continue;
            }
            let Some(p) = parts(l.text) else {
                out.push(common::note(l));
                continue;
            };
            let level = match p.level {
                "WARN" => NoteLevel::Warning,
                "ERROR" | "FATAL" => NoteLevel::Error,
                _ => NoteLevel::Info,
            };
            let data = p.id.is_some_and(|id| in_data.contains(id));
            let mut f = if let Some(c) = common::after(p.rest, "C:") {
                Frame::new(l.number, FrameKind::Client, c)
            } else if let Some(s) = common::after(p.rest, "S:") {
                if let Some(id) = p.id {
                    if s.starts_with("354") {
                        in_data.insert(id);
                    }
                }
                Frame::new(l.number, FrameKind::Server, s)
            } else if data && p.level == "DEBUG" {
                if p.rest == "." {
                    if let Some(id) = p.id {
                        in_data.remove(id);
                    }
                }
                Frame::new(l.number, FrameKind::Client, p.rest)
            } else {
                let mut f = Frame::new(l.number, FrameKind::Note(level), p.rest);
                if p.rest.starts_with("Connection established") {
                    f.boundary = Some(Boundary::Start);
                }
                f
            };
            f.time = Some(Cow::Borrowed(p.time));
            f.time_ms = datetime_ms(p.time);
            f.session = p.id.map(Cow::Borrowed);
            out.push(f);
        }
    }
}
