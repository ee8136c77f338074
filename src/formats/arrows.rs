//! Dialogues marked with words or long arrows, as test servers and PHP
//! libraries print them.
//!
//! ```text
//! 2026-11-28 14:07:30 SERVER -> CLIENT: 220 mail.example.test ESMTP Postfix (Debian/GNU)
//! 2026-11-28 14:07:30 CLIENT -> SERVER: EHLO client.example.test
//! 09:41:12 AM - Client: EHLO [127.0.0.1]
//! 09:41:12 AM - Server: 250-octoo.local
//! --> MAIL FROM:<alice@example.test>
//! <-- 250 Ok
//! ```
//!
//! * PHPMailer (`SMTPDebug = 2`, echo output): a `YYYY-MM-DD HH:MM:SS` and a
//!   tab (shown as a space above), then `CLIENT -> SERVER:` or `SERVER -> CLIENT:`; the later lines of
//!   a multi-line reply are indented under the first. Other messages
//!   (`Connection: opening to …`, `SMTP ERROR: …`) are notes.
//! * FakeSMTP / SubEthaSMTP: an optional `hh:mm:ss AM - ` time, then
//!   `Client:` or `Server:`; later lines of a multi-line reply are bare.
//! * `-->` / `<--` arrows.
//!
//! MailKit's protocol log (`C:`/`S:`) is the `rfc` format's.

use super::client_common::{self as common, datetime_ms};
use super::util::{self, Needle};
use super::{Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;
use std::sync::LazyLock;

pub struct Arrows;

/// `YYYY-MM-DD HH:MM:SS` + tab or space (PHPMailer), or `hh:mm:ss AM - `
/// (FakeSMTP). Returns the time as written and the rest.
fn split_time(t: &str) -> (Option<&str>, &str) {
    if let (Some(stamp), Some(rest)) = (t.get(..19), t.get(19..)) {
        if datetime_ms(stamp).is_some() {
            if let Some(r) = rest.strip_prefix(['\t', ' ']) {
                return (Some(stamp), r);
            }
        }
    }
    static DASH: LazyLock<Needle> = LazyLock::new(|| Needle::new(" - "));
    if let Some((stamp, rest)) = DASH.split(t) {
        let (clock, ampm) = stamp.split_once(' ').unwrap_or((stamp, "AM"));
        if common::is_time_of_day(clock) && matches!(ampm, "AM" | "PM") {
            return (Some(stamp), rest);
        }
    }
    (None, t)
}

const CLIENT: &[&str] = &["CLIENT -> SERVER:", "Client:", "-->"];
const SERVER: &[&str] = &["SERVER -> CLIENT:", "Server:", "<--"];

fn marked<'a>(rest: &'a str, marks: &[&str]) -> Option<&'a str> {
    marks.iter().find_map(|m| common::after(rest, m))
}

impl Format for Arrows {
    fn name(&self) -> &'static str {
        "arrows"
    }
    fn description(&self) -> &'static str {
        "CLIENT -> SERVER: (PHPMailer), Client:/Server: (FakeSMTP), -->/<-- arrows"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        for l in lines {
            let (time, rest) = split_time(l.text);
            if marked(rest, CLIENT).is_some() || marked(rest, SERVER).is_some() {
                markers += 1;
            } else if time.is_some()
                || (l.text.starts_with([' ', '\t']) && util::looks_like_reply(l.text.trim_start()))
                || util::looks_like_reply(l.text)
            {
                fitting += 1;
            }
        }
        common::score(markers, fitting, common::nonblank(lines))
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        // True while bare reply lines continue a server message.
        let mut in_reply = false;
        for l in lines {
            if out.is_stopped() {
                break;
            }
            if let Some(f) = common::blank(l) {
                in_reply = false;
                out.push(f);
                continue;
            }
            let (time, rest) = split_time(l.text);
            let mut f = if let Some(c) = marked(rest, CLIENT) {
                in_reply = false;
                Frame::new(l.number, FrameKind::Client, c)
            } else if let Some(s) = marked(rest, SERVER) {
                in_reply = true;
                Frame::new(l.number, FrameKind::Server, s)
            } else if in_reply && time.is_none() && util::looks_like_reply(rest.trim_start()) {
                Frame::new(l.number, FrameKind::Server, rest.trim_start())
            } else {
                in_reply = false;
                let level = if rest.contains("ERROR") || rest.contains("Error:") {
                    NoteLevel::Error
                } else {
                    NoteLevel::Info
                };
                Frame::new(l.number, FrameKind::Note(level), rest)
            };
            f.time = time.map(Cow::Borrowed);
            f.time_ms = time.and_then(datetime_ms);
            out.push(f);
        }
    }
}
