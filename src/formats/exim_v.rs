//! Exim `-v` / `-d` output of its SMTP client (the transport side).
//!
//! ```text
//! Connecting to mx.example.net [192.0.2.25]:25 ... connected
//!   SMTP<< 220 mx.example.net ESMTP Exim 4.96
//!   SMTP>> EHLO mail.example.test
//!   SMTP<< 250-mx.example.net Hello mail.example.test [192.0.2.1]
//!          250-SIZE 52428800
//!          250 HELP
//! ```
//!
//! `SMTP>>` is what Exim sent (`SMTP|>` a pipelined command still in its
//! buffer), `SMTP<<` what it received. Exim prints a multi-line reply as one
//! message whose later lines are indented under the first: those are server
//! lines too. `SMTP>> writing message and terminating "."` stands for the
//! message content, which is not shown: a note. Everything else (delivery
//! progress, `LOG:` lines, debug chatter) is a note.

use super::client_common as common;
use super::util::{self, Needle};
use super::{Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::Diagnostic;
use std::sync::LazyLock;

pub struct EximV;

/// What an Exim line carries.
enum Mark<'a> {
    Sent(&'a str),
    Received(&'a str),
}

/// Find `SMTP>>`, `SMTP|>` or `SMTP<<` after a prefix of blanks, a pid, a
/// time or exim's `>>>` test-suite marks.
fn mark(text: &str) -> Option<Mark<'_>> {
    static SMTP: LazyLock<Needle> = LazyLock::new(|| Needle::new("SMTP"));
    let pos = SMTP.find(text)?;
    let prefix = text.get(..pos)?;
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'\t' | b':' | b'.' | b'>'))
    {
        return None;
    }
    let rest = text.get(pos + 4..)?;
    if let Some(s) = common::after(rest, "<<") {
        return Some(Mark::Received(s));
    }
    common::after(rest, ">>")
        .or_else(|| common::after(rest, "|>"))
        .map(Mark::Sent)
}

impl Format for EximV {
    fn name(&self) -> &'static str {
        "exim-v"
    }
    fn description(&self) -> &'static str {
        "Exim -v/-d client output (SMTP>> sent, SMTP<< received)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        for l in lines {
            match mark(l.text) {
                Some(_) => markers += 1,
                None => {
                    let t = l.text.trim_start();
                    if (l.text.starts_with(' ') && util::looks_like_reply(t))
                        || t.starts_with("LOG: ")
                        || t.starts_with("Connecting to ")
                        || t.starts_with("delivering ")
                    {
                        fitting += 1;
                    }
                }
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
        // True while indented reply lines continue an `SMTP<<` message.
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
            let f = match mark(l.text) {
                Some(Mark::Received(s)) => {
                    in_reply = true;
                    Frame::new(l.number, FrameKind::Server, s)
                }
                Some(Mark::Sent(c)) => {
                    in_reply = false;
                    if c.starts_with("writing message") || c.starts_with("writing data") {
                        common::note(l)
                    } else {
                        Frame::new(l.number, FrameKind::Client, c)
                    }
                }
                None => {
                    let t = l.text.trim_start();
                    if in_reply && l.text.starts_with([' ', '\t']) && util::looks_like_reply(t) {
                        Frame::new(l.number, FrameKind::Server, t)
                    } else {
                        in_reply = false;
                        common::note(l)
                    }
                }
            };
            out.push(f);
        }
    }
}
