//! The session transcript Postfix mails with a notice (`notify_classes`)
//! or a delivery report.
//!
//! ```text
//! Transcript of session follows.
//!
//!  Out: 220 mail.example.test ESMTP Postfix (Debian/GNU)
//!  In:  EHLO client.example.test
//!  Out: 250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR
//!      DESTPORT
//! ```
//!
//! `Out:` is what Postfix sent and `In:` what it received, so the direction
//! depends on Postfix's role: in an smtpd notice ("errors from client")
//! `Out:` lines are the server's replies, in an SMTP client transcript they
//! are Postfix's commands. The role is read from the text: whichever side's
//! lines look like replies is the server. Postfix wraps long lines with an
//! indented continuation; the continuation is joined to the line it
//! continues (the continuation line itself becomes a note). The mail
//! headers and Postfix's explanations around the transcript are notes.

use super::client_common as common;
use super::{util, Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::Diagnostic;
use std::borrow::Cow;

pub struct PostfixTranscript;

enum Side<'a> {
    Out(&'a str),
    In(&'a str),
}

fn side(text: &str) -> Option<Side<'_>> {
    let t = text.strip_prefix(' ').unwrap_or(text);
    if let Some(r) = common::after(t, "Out:") {
        Some(Side::Out(r))
    } else {
        // `In:` is padded to line up with `Out:`.
        common::after(t, "In:").map(|r| Side::In(r.strip_prefix(' ').unwrap_or(r)))
    }
}

/// A wrapped continuation: Postfix indents it by five spaces.
fn continuation(text: &str) -> Option<&str> {
    text.strip_prefix("     ")
        .map(str::trim_start)
        .filter(|r| !r.is_empty())
}

impl Format for PostfixTranscript {
    fn name(&self) -> &'static str {
        "postfix-bounce-transcript"
    }
    fn description(&self) -> &'static str {
        "Postfix notice or bounce with a session transcript (Out:/In:)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        let mut title = false;
        for l in lines {
            if side(l.text).is_some() {
                markers += 1;
            } else if l.text.starts_with("Transcript of session follows") {
                title = true;
                fitting += 1;
            }
        }
        // The transcript sits in a mail: its headers dilute the ratio, so
        // the title line counts for much.
        let s = common::score(markers, fitting, common::nonblank(lines));
        if title && markers >= 2 {
            s.max(85)
        } else {
            s
        }
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        // Which side is the server: Postfix's own (`Out:`) unless `In:`
        // lines look like replies more often.
        let (mut out_replies, mut in_replies) = (0usize, 0usize);
        for l in lines {
            if out.is_stopped() {
                break;
            }
            match side(l.text) {
                Some(Side::Out(t)) if util::looks_like_reply(t) => out_replies += 1,
                Some(Side::In(t)) if util::looks_like_reply(t) => in_replies += 1,
                _ => {}
            }
        }
        let postfix_is_server = out_replies >= in_replies;
        // Index in `out` of the frame a continuation would extend.
        let mut open: Option<usize> = None;
        for l in lines {
            if let Some(f) = common::blank(l) {
                open = None;
                out.push(f);
                continue;
            }
            let f = match side(l.text) {
                Some(s) => {
                    let (kind, text) = match s {
                        Side::Out(t) if postfix_is_server => (FrameKind::Server, t),
                        Side::Out(t) => (FrameKind::Client, t),
                        Side::In(t) if postfix_is_server => (FrameKind::Client, t),
                        Side::In(t) => (FrameKind::Server, t),
                    };
                    open = Some(out.len());
                    Frame::new(l.number, kind, text)
                }
                None => match (open.and_then(|i| out.get_mut(i)), continuation(l.text)) {
                    (Some(prev), Some(more)) => {
                        let joined = format!("{} {}", prev.text, more);
                        prev.text = Cow::Owned(joined);
                        common::note(l)
                    }
                    _ => {
                        open = None;
                        common::note(l)
                    }
                },
            };
            out.push(f);
        }
    }
}
