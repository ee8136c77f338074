//! Microsoft Exchange SMTP protocol log (CSV).
//!
//! ```text
//! #Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
//! 2026-11-28T13:00:01.102Z,EX01\Default Frontend EX01,08DE2F6A1B2C3D4E,2,10.0.0.5:25,192.0.2.10:50123,<,EHLO mail.example.org,
//! ```
//!
//! Events: `+` connect (a session starts), `-` disconnect (it ends), `>`
//! sent by Exchange, `<` received by it, `*` information (TLS lines become
//! TLS frames, the rest notes). In a *Receive* log `<` is the client's
//! command and `>` Exchange's reply; in a *Send* log Exchange is the client,
//! so it is the other way round. Sessions are keyed by session-id. Fields
//! are CSV: `"…"` quoting with `""` for a quote.

use super::syslog::iso_datetime;
use super::{util, Boundary, Format, Frame, FrameKind, Framer, Unreadable};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;

pub struct Exchange;

/// Split one CSV record (RFC 4180 quoting) into fields.
pub(crate) fn csv_fields(line: &str) -> Vec<Cow<'_, str>> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(q) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut r = q;
            loop {
                match r.find('"') {
                    None => {
                        value.push_str(r);
                        r = "";
                        break;
                    }
                    Some(i) => {
                        value.push_str(r.get(..i).unwrap_or(""));
                        let after = r.get(i + 1..).unwrap_or("");
                        if let Some(a) = after.strip_prefix('"') {
                            value.push('"');
                            r = a;
                        } else {
                            r = after;
                            break;
                        }
                    }
                }
            }
            fields.push(Cow::Owned(value));
            match r.find(',') {
                Some(i) => rest = r.get(i + 1..).unwrap_or(""),
                None => return fields,
            }
        } else {
            match rest.find(',') {
                Some(i) => {
                    fields.push(Cow::Borrowed(rest.get(..i).unwrap_or("")));
                    rest = rest.get(i + 1..).unwrap_or("");
                }
                None => {
                    fields.push(Cow::Borrowed(rest));
                    return fields;
                }
            }
        }
    }
}

const FIELDS: &str = "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context";

impl Format for Exchange {
    fn name(&self) -> &'static str {
        "exchange"
    }
    fn description(&self) -> &'static str {
        "Microsoft Exchange SMTP protocol log (CSV)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let (mut total, mut hits, mut header) = (0, 0, false);
        for l in lines.iter().filter(|l| !util::is_blank(l.text)) {
            total += 1;
            if l.text.starts_with('#') {
                hits += 1;
                header |= l.text.starts_with(FIELDS) || l.text.contains("Microsoft Exchange");
                continue;
            }
            // A record starts with its date-time (quoted or not): a line
            // that starts otherwise cannot count, and is not split into
            // fields (which allocates).
            if !matches!(l.text.as_bytes().first(), Some(b'0'..=b'9' | b'"')) {
                continue;
            }
            let f = csv_fields(l.text);
            if f.len() >= 8
                && iso_datetime(f.first().map_or("", |s| s.as_ref()), b'T').is_some()
                && matches!(
                    f.get(6).map(|s| s.as_ref()),
                    Some("+" | "-" | ">" | "<" | "*")
                )
            {
                hits += 1;
            }
        }
        if hits == 0 {
            return 0;
        }
        let r = util::ratio(hits, total);
        if header {
            r
        } else {
            r.saturating_sub(10)
        }
    }
    fn framer(&self) -> Option<Box<dyn Framer>> {
        Some(Box::new(ExchangeFramer::default()))
    }
}

/// The protocol log framer, reading the log in pieces (`Format::framer`).
#[derive(Default)]
struct ExchangeFramer {
    /// Receive unless the header says Send.
    send_log: bool,
}

impl Framer for ExchangeFramer {
    fn feed<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>) {
        for l in lines {
            if util::is_blank(l.text) {
                out.push(Frame::new(l.number, FrameKind::Blank, ""));
                continue;
            }
            if let Some(h) = l.text.strip_prefix('#') {
                if let Some(t) = h.strip_prefix("Log-type:") {
                    self.send_log = t.contains("Send");
                }
                out.push(Frame::new(
                    l.number,
                    FrameKind::Note(NoteLevel::Info),
                    l.text,
                ));
                continue;
            }
            let f = csv_fields(l.text);
            let get = |i: usize| f.get(i).cloned().unwrap_or(Cow::Borrowed(""));
            let time = get(0);
            let Some((ms, _)) = iso_datetime(&time, b'T') else {
                out.push(Frame::new(
                    l.number,
                    FrameKind::Unparsed(Unreadable::NotExchangeRecord),
                    l.text,
                ));
                continue;
            };
            let event = get(6);
            let data = get(7);
            let context = get(8);
            let (kind, text, boundary) = match event.as_ref() {
                "+" => (
                    FrameKind::Note(NoteLevel::Info),
                    join(&data, &context, "connect"),
                    Some(Boundary::Start),
                ),
                "-" => (
                    FrameKind::Note(NoteLevel::Info),
                    join(&data, &context, "disconnect"),
                    Some(Boundary::End),
                ),
                ">" => (
                    if self.send_log {
                        FrameKind::Client
                    } else {
                        FrameKind::Server
                    },
                    data.into_owned(),
                    None,
                ),
                "<" => (
                    if self.send_log {
                        FrameKind::Server
                    } else {
                        FrameKind::Client
                    },
                    data.into_owned(),
                    None,
                ),
                "*" => {
                    let t = join(&data, &context, "");
                    let tls = t.contains("TLS") || t.contains("CN=");
                    (
                        if tls {
                            FrameKind::Tls
                        } else {
                            FrameKind::Note(NoteLevel::Info)
                        },
                        t,
                        None,
                    )
                }
                _ => {
                    out.push(Frame::new(
                        l.number,
                        FrameKind::Unparsed(Unreadable::UnknownExchangeEvent),
                        l.text,
                    ));
                    continue;
                }
            };
            let frame = Frame {
                time: Some(Cow::Owned(time.into_owned())),
                time_ms: ms,
                session: Some(Cow::Owned(get(2).into_owned())),
                peer: Some(Cow::Owned(get(5).into_owned())),
                boundary,
                ..Frame::new(l.number, kind, text)
            };
            match (frame.kind == FrameKind::Server)
                .then(|| split_ehlo_reply(&frame.text))
                .flatten()
            {
                Some(lines) => {
                    for text in lines {
                        out.push(Frame {
                            text: Cow::Owned(text),
                            ..frame.clone()
                        });
                    }
                }
                None => out.push(frame),
            }
        }
    }

    fn finish(&mut self, _diags: &mut Vec<Diagnostic>) {}
}

/// Exchange logs its EHLO reply on one line, keywords run together:
/// `250  EX01.contoso.com Hello [192.0.2.10] SIZE 37748736 PIPELINING DSN
/// … AUTH NTLM X-EXPS GSSAPI NTLM 8BITMIME …`. Give it back its lines (one
/// keyword and its parameters each) so the capabilities read as they were
/// sent. `None` for any other reply.
fn split_ehlo_reply(text: &str) -> Option<Vec<String>> {
    let rest = text.strip_prefix("250 ")?.trim_start();
    let hello = rest.find(" Hello ")?;
    let close = rest.get(hello..)?.find(']')? + hello + 1;
    let (greeting, keywords) = (rest.get(..close)?, rest.get(close..)?.trim());
    if keywords.is_empty() {
        return None;
    }
    // Parameters: numbers (SIZE), and SASL mechanisms after AUTH / X-EXPS.
    const MECHANISMS: &[&str] = &[
        "NTLM",
        "GSSAPI",
        "LOGIN",
        "PLAIN",
        "XOAUTH2",
        "CRAM-MD5",
        "DIGEST-MD5",
        "OAUTHBEARER",
    ];
    let mut lines: Vec<String> = vec![greeting.to_string()];
    let mut takes_mechanisms = false;
    for word in keywords.split_whitespace() {
        let is_param = word.bytes().all(|b| b.is_ascii_digit())
            || (takes_mechanisms && MECHANISMS.contains(&word));
        let after_keyword = lines.len() > 1;
        match lines.last_mut() {
            Some(last) if is_param && after_keyword => {
                last.push(' ');
                last.push_str(word);
            }
            _ => {
                takes_mechanisms = matches!(word, "AUTH" | "X-EXPS");
                lines.push(word.to_string());
            }
        }
    }
    let n = lines.len();
    Some(
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| format!("250{}{l}", if i + 1 == n { ' ' } else { '-' }))
            .collect(),
    )
}

fn join(data: &str, context: &str, default: &str) -> String {
    match (data.is_empty(), context.is_empty()) {
        (true, true) => default.to_string(),
        (false, true) => data.to_string(),
        (true, false) => context.to_string(),
        (false, false) => format!("{data} ({context})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_ehlo_reply_is_split_into_its_lines() {
        let got = split_ehlo_reply(
            "250  EX01.contoso.com Hello [192.0.2.10] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS X-ANONYMOUSTLS AUTH NTLM X-EXPS GSSAPI NTLM 8BITMIME BINARYMIME CHUNKING XRDST",
        )
        .unwrap();
        assert_eq!(
            got,
            [
                "250-EX01.contoso.com Hello [192.0.2.10]",
                "250-SIZE 37748736",
                "250-PIPELINING",
                "250-DSN",
                "250-ENHANCEDSTATUSCODES",
                "250-STARTTLS",
                "250-X-ANONYMOUSTLS",
                "250-AUTH NTLM",
                "250-X-EXPS GSSAPI NTLM",
                "250-8BITMIME",
                "250-BINARYMIME",
                "250-CHUNKING",
                "250 XRDST",
            ]
        );
        assert_eq!(
            split_ehlo_reply("250 EX01.contoso.com Hello [192.0.2.10]"),
            None
        );
        assert_eq!(split_ehlo_reply("250 2.1.0 Sender OK"), None);
    }

    #[test]
    fn csv() {
        let rows: &[(&str, &[&str])] = &[
            ("a,b,,c", &["a", "b", "", "c"]),
            (r#"a,"b,c",d"#, &["a", "b,c", "d"]),
            (r#""say ""hi""",x"#, &[r#"say "hi""#, "x"]),
            (r#"a,"unterminated"#, &["a", "unterminated"]),
            ("", &[""]),
        ];
        for (line, want) in rows {
            let got: Vec<String> = csv_fields(line)
                .into_iter()
                .map(|c| c.into_owned())
                .collect();
            assert_eq!(
                got,
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{line}"
            );
        }
    }
}
