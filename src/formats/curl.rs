//! `curl -v smtp://…` verbose output.
//!
//! ```text
//! * Connected to 127.0.0.1 (127.0.0.1) port 25 (#0)
//! < 220 mail.example.test ESMTP Postfix (Debian/GNU)
//! > EHLO message.txt
//! } [85 bytes data]
//! * TLSv1.3 (OUT), TLS handshake, Client hello (1):
//! ```
//!
//! `>` is what curl sent, `<` what it received, `*` curl's information,
//! `{`/`}` the size of data read/written (the message itself is not shown).
//! The TLS handshake lines become TLS frames; after `* SSL connection
//! using …` every line is marked encrypted. The progress meter (written with
//! bare CRs) and anything else are notes.

use super::client_common as common;
use super::{Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};

pub struct Curl;

fn is_data_size(text: &str) -> bool {
    (text.starts_with("{ [") || text.starts_with("} [")) && text.ends_with(" data]")
}

fn is_tls_info(info: &str) -> bool {
    (info.starts_with("TLSv") || info.starts_with("SSLv")) && info.contains(" handshake")
        || info.starts_with("SSL connection using")
}

impl Format for Curl {
    fn name(&self) -> &'static str {
        "curl"
    }
    fn description(&self) -> &'static str {
        "curl -v output (> sent, < received, * info)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        let trying = super::util::Needle::new("*   Trying ");
        for l in lines {
            let t = l.text;
            if let Some(r) = t.strip_prefix("< ") {
                if super::util::looks_like_reply(r) {
                    markers += 1;
                }
            } else if let Some(c) = t.strip_prefix("> ") {
                if common::looks_like_command(c) {
                    fitting += 1;
                }
            } else if is_data_size(t)
                || t.starts_with("* Connected to ")
                || trying.is_in(t)
                || t.starts_with("curl: (")
            {
                markers += 1;
            } else if t.starts_with("* ") {
                fitting += 1;
            }
        }
        // `>` alone is an e-mail quote; curl's own lines must be there.
        common::score(markers, fitting, common::nonblank(lines))
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        let mut encrypted = false;
        // Between an accepted STARTTLS (or the first handshake line) and
        // `* SSL connection using …`, curl's info and data-size lines are the
        // handshake itself.
        let mut starttls_sent = false;
        let mut handshake = false;
        for l in lines {
            if out.is_stopped() {
                break;
            }
            if let Some(f) = common::blank(l) {
                out.push(f);
                continue;
            }
            let t = l.text;
            let mut f = if let Some(c) = common::after(t, ">") {
                starttls_sent = c.trim().eq_ignore_ascii_case("STARTTLS");
                Frame::new(l.number, FrameKind::Client, c)
            } else if let Some(s) = common::after(t, "<") {
                if starttls_sent && s.starts_with("220") {
                    handshake = true;
                }
                starttls_sent = false;
                Frame::new(l.number, FrameKind::Server, s)
            } else if let Some(info) = t.strip_prefix("* ") {
                if is_tls_info(info) && !encrypted {
                    // Tickets after the handshake are only information.
                    handshake = !info.starts_with("SSL connection using");
                    encrypted = !handshake;
                    Frame::new(l.number, FrameKind::Tls, info)
                } else if handshake {
                    Frame::new(l.number, FrameKind::Tls, info.trim_start())
                } else {
                    Frame::new(
                        l.number,
                        FrameKind::Note(NoteLevel::Info),
                        info.trim_start(),
                    )
                }
            } else if handshake && is_data_size(t) {
                Frame::new(l.number, FrameKind::Tls, t)
            } else if t.starts_with("curl: (") {
                Frame::new(l.number, FrameKind::Note(NoteLevel::Error), t)
            } else {
                common::note(l)
            };
            f.encrypted = encrypted && matches!(f.kind, FrameKind::Client | FrameKind::Server);
            out.push(f);
        }
    }
}
