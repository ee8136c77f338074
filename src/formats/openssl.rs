//! `openssl s_client -starttls smtp -connect host:25 -crlf` output, as
//! captured from its standard output or copied from a terminal.
//!
//! ```text
//! CONNECTED(00000003)
//! ---
//! New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384
//! Verify return code: 18 (self-signed certificate)
//! ---
//! 250 CHUNKING
//! ```
//!
//! Until the handshake summary is over (the `---` after `New, … Cipher is
//! …`), everything is s_client's report: notes, and the `New, …` line is the
//! TLS frame. After it comes the dialogue, inside TLS: reply-looking lines
//! are the server's, other lines are what was typed (a terminal echoes them;
//! plain standard output has none). s_client consumed the greeting and the
//! first EHLO itself, and prints the last line of that EHLO reply once the
//! handshake is done: that stale line is a note. Later `---` blocks (TLS 1.3
//! session tickets) and `read R BLOCK`, `closed`, `DONE` are notes.

use super::client_common as common;
use super::{util, Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};

pub struct Openssl;

const MARKERS: &[&str] = &[
    "CONNECTED(",
    "Certificate chain",
    "Server certificate",
    "SSL handshake has read ",
    "Verify return code: ",
    "SSL-Session:",
    "Post-Handshake New Session Ticket arrived:",
    "No client certificate CA names sent",
    "Secure Renegotiation IS",
    "Early data was not sent",
];

fn is_marker(t: &str) -> bool {
    let t = t.trim_start();
    MARKERS.iter().any(|m| t.starts_with(m))
        || (t.starts_with("New, ") && t.contains(", Cipher is "))
}

fn is_chatter(t: &str) -> bool {
    matches!(
        t,
        "read R BLOCK" | "closed" | "DONE" | "RENEGOTIATING" | "KEYUPDATE"
    )
}

impl Format for Openssl {
    fn name(&self) -> &'static str {
        "openssl"
    }
    fn description(&self) -> &'static str {
        "openssl s_client session (handshake report, then the dialogue)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut distinct: Vec<&str> = Vec::new();
        for l in lines {
            let t = l.text.trim_start();
            if let Some(m) = MARKERS.iter().find(|m| t.starts_with(**m)) {
                if !distinct.contains(m) {
                    distinct.push(m);
                }
            }
        }
        // s_client's report is mostly certificate and session detail, so a
        // ratio says little; its fixed phrases say much.
        match distinct.len() {
            0 => 0,
            1 => 30,
            2 => 60,
            3 => 80,
            _ => 95,
        }
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        #[derive(PartialEq, Clone, Copy)]
        enum State {
            /// s_client's connection and handshake report.
            Report,
            /// After `New, … Cipher is …`, until the `---` closing it.
            Summary,
            /// The dialogue.
            Dialogue,
            /// A `---` in the dialogue: a report block may follow.
            Separator,
            /// A report block inside the dialogue (session ticket).
            Block,
        }
        let mut state = State::Report;
        // Standard output alone has no typed lines: then every non-reply
        // line of the dialogue is s_client's, and there is no content.
        let echoed = lines.iter().any(|l| common::looks_like_command(l.text));
        let mut spoke = false;
        let mut in_data = false;
        for l in lines {
            if out.is_stopped() {
                break;
            }
            let t = l.text;
            if state == State::Separator {
                state = if is_marker(t) || t.starts_with("SSL-Session") {
                    State::Block
                } else {
                    State::Dialogue
                };
            }
            let dialogue = state == State::Dialogue;
            if !(dialogue && in_data) {
                if let Some(f) = common::blank(l) {
                    out.push(f);
                    continue;
                }
            }
            let mut f = match state {
                State::Report => {
                    if t.starts_with("New, ") && t.contains(", Cipher is ") {
                        state = State::Summary;
                        Frame::new(l.number, FrameKind::Tls, t)
                    } else {
                        common::note(l)
                    }
                }
                State::Summary => {
                    if t == "---" {
                        state = State::Dialogue;
                    }
                    common::note(l)
                }
                State::Block => {
                    if t == "---" {
                        state = State::Dialogue;
                    }
                    common::note(l)
                }
                State::Dialogue | State::Separator => {
                    if in_data {
                        if t == "." {
                            in_data = false;
                        }
                        let kind = if util::is_blank(t) {
                            FrameKind::Blank
                        } else {
                            FrameKind::Client
                        };
                        Frame::new(l.number, kind, t)
                    } else if t == "---" {
                        state = State::Separator;
                        common::note(l)
                    } else if is_chatter(t) {
                        common::note(l)
                    } else if util::looks_like_reply(t) {
                        if !spoke && t.starts_with("250 ") {
                            // The stale last line of the pre-TLS EHLO reply.
                            Frame::new(l.number, FrameKind::Note(NoteLevel::Info), t)
                        } else {
                            in_data = echoed && t.starts_with("354");
                            spoke = true;
                            Frame::new(l.number, FrameKind::Server, t)
                        }
                    } else if echoed {
                        spoke = true;
                        Frame::new(l.number, FrameKind::Client, t)
                    } else {
                        common::note(l)
                    }
                }
            };
            f.encrypted = matches!(f.kind, FrameKind::Client | FrameKind::Server);
            out.push(f);
        }
    }
}
