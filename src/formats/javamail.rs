//! JavaMail / Jakarta Mail debug output (`session.setDebug(true)`).
//!
//! ```text
//! DEBUG SMTP: trying to connect to host "127.0.0.1", port 25, isSSL false
//! 220 mail.example.test ESMTP Postfix (Debian/GNU)
//! DEBUG SMTP: connected to host "127.0.0.1", port: 25
//! EHLO client.example.test
//! 250-mail.example.test
//! ```
//!
//! The wire lines are printed without a marker: reply-looking lines are the
//! server's; the client's lines are commands, AUTH responses (after a
//! `334`) and message content (after `354`, up to the lone `.`). `DEBUG:` and
//! `DEBUG SMTP:` lines, exceptions and stack traces are notes.

use super::client_common as common;
use super::{util, Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};

pub struct JavaMail;

fn is_debug(t: &str) -> bool {
    t.starts_with("DEBUG SMTP:") || t.starts_with("DEBUG:")
}

impl Format for JavaMail {
    fn name(&self) -> &'static str {
        "javamail"
    }
    fn description(&self) -> &'static str {
        "JavaMail / Jakarta Mail debug output (DEBUG SMTP:)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        for l in lines {
            let t = l.text;
            if t.starts_with("DEBUG SMTP:")
                || t.starts_with("DEBUG: JavaMail version")
                || t.starts_with("DEBUG: setDebug: JavaMail")
                || t.starts_with("DEBUG: getProvider()")
            {
                markers += 1;
            } else if util::looks_like_reply(t) || common::looks_like_command(t) {
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
        #[derive(PartialEq)]
        enum State {
            Command,
            Auth,
            Data,
        }
        let mut state = State::Command;
        for l in lines {
            if out.is_stopped() {
                break;
            }
            let t = l.text;
            if state == State::Data {
                // Content, blank lines included, up to the lone dot.
                if t == "." {
                    state = State::Command;
                }
                let kind = if util::is_blank(t) {
                    FrameKind::Blank
                } else {
                    FrameKind::Client
                };
                out.push(Frame::new(l.number, kind, t));
                continue;
            }
            if let Some(f) = common::blank(l) {
                out.push(f);
                continue;
            }
            let f = if is_debug(t) {
                common::note(l)
            } else if util::looks_like_reply(t) {
                state = if t.starts_with("334") {
                    State::Auth
                } else if t.starts_with("354") {
                    State::Data
                } else {
                    State::Command
                };
                Frame::new(l.number, FrameKind::Server, t)
            } else if (state == State::Auth && !t.contains(' ')) || common::looks_like_command(t) {
                // A base64 AUTH response after `334`, or a command.
                Frame::new(l.number, FrameKind::Client, t)
            } else if t.contains("Exception") {
                Frame::new(l.number, FrameKind::Note(NoteLevel::Error), t)
            } else {
                common::note(l)
            };
            out.push(f);
        }
    }
}
