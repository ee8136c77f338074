//! Sendmail `-v` (and other tools printing `>>>`/`<<<` arrows).
//!
//! ```text
//! you@remote.domain... Connecting to remote.domain via smtp...
//! 220 remote.Domain ESMTP Sendmail 8.14.1/8.14.1 ready at Fri, 14 Dec 2007 06:36:12 -0800
//! >>> EHLO here.us.edu
//! 250-remote.domain Hello here.us.edu [123.45.67.89], pleased to meet you
//! you@remote.domain... Sent (d9L29Nj20475 Message accepted for delivery)
//! ```
//!
//! `>>>` marks what sendmail sent; the server's replies are printed bare
//! (some tools mark them `<<<`). Sendmail's own progress lines
//! (`x... Connecting to`, `x... Sent (…)`, `Closing connection to`) are notes.

use super::client_common as common;
use super::util::{self, Needle};
use super::{Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};

pub struct SendmailV;

impl Format for SendmailV {
    fn name(&self) -> &'static str {
        "sendmail-v"
    }
    fn description(&self) -> &'static str {
        "sendmail -v output (>>> sent, bare or <<< replies)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        let (exim_sent, exim_received) = (Needle::new("SMTP>>"), Needle::new("SMTP<<"));
        let (connecting, sent) = (Needle::new("... Connecting to "), Needle::new("... Sent"));
        for l in lines {
            let t = l.text;
            if exim_sent.is_in(t) || exim_received.is_in(t) {
                // Exim's debug output, not sendmail's.
                return 0;
            }
            if let Some(c) = common::after(t, ">>>") {
                if common::looks_like_command(c) || c == "." {
                    markers += 1;
                }
            } else if common::after(t, "<<<").is_some_and(util::looks_like_reply) {
                markers += 1;
            } else if util::looks_like_reply(t)
                || connecting.is_in(t)
                || sent.is_in(t)
                || t.starts_with("Closing connection to ")
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
        for l in lines {
            if out.is_stopped() {
                break;
            }
            if let Some(f) = common::blank(l) {
                out.push(f);
                continue;
            }
            let t = l.text;
            let f = if let Some(c) = common::after(t, ">>>") {
                Frame::new(l.number, FrameKind::Client, c)
            } else if let Some(s) = common::after(t, "<<<") {
                Frame::new(l.number, FrameKind::Server, s)
            } else if util::looks_like_reply(t) {
                Frame::new(l.number, FrameKind::Server, t)
            } else if t.contains("... Deferred")
                || t.contains("... User unknown")
                || t.contains("... Service unavailable")
            {
                Frame::new(l.number, FrameKind::Note(NoteLevel::Warning), t)
            } else {
                common::note(l)
            };
            out.push(f);
        }
    }
}
