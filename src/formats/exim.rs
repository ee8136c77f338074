//! Exim main log (`mainlog`).
//!
//! ```text
//! 2026-11-28 13:00:01 1vPxyZ-000AbC-4d <= alice@example.org H=mail.example.org [192.0.2.10] P=esmtps S=1834 id=20261128130001.GA1@example.org
//! ```
//!
//! One line per event of a message, keyed by the message id: `<=` arrival,
//! `=>` delivery, `->` another address of the same delivery, `*>` delivery
//! suppressed, `**` failure (bounce), `==` deferral, `Completed`. A summary
//! log again, so, as for Postfix, the framer infers what the dialogue must
//! have been (all frames `inferred`, on their source line): `MAIL FROM:<a>`
//! and `250` at arrival; per recipient `RCPT TO:<b>` and a reply — the
//! remote reply after `SMTP error from remote mail server after X:` (with X
//! as the command), the `C="250 …"` confirmation, or a reply whose code
//! stands for the outcome (250, 451 or 550) followed by Exim's text;
//! `DATA` and `250` at `Completed` when a recipient was delivered.
//! Rejections before a message id exists (`H=… F=<a> rejected RCPT <b>:
//! reason`) are keyed by the connection (`H=host [ip]`).

use super::syslog::iso_datetime;
use super::{util, Format, Frame, FrameKind, Framer, Unreadable};
use crate::fasthash::FastSet;
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;

pub struct Exim;

/// Date, time and the rest of the line.
fn prefix(text: &str) -> Option<(&str, Option<f64>, &str)> {
    let (ms, mut end) = iso_datetime(text, b' ')?;
    let mut ms = ms;
    // log_timezone: ` +0100`.
    let b = text.as_bytes();
    if matches!(b.get(end + 1), Some(b'+' | b'-'))
        && text
            .get(end + 2..end + 6)
            .is_some_and(|d| d.bytes().all(|c| c.is_ascii_digit()))
        && b.get(end + 6) == Some(&b' ')
    {
        let sign = if b.get(end + 1) == Some(&b'-') {
            -1.0
        } else {
            1.0
        };
        let hh = text
            .get(end + 2..end + 4)
            .and_then(crate::parse_uint::<u32>)
            .map_or(0.0, f64::from);
        let mm = text
            .get(end + 4..end + 6)
            .and_then(crate::parse_uint::<u32>)
            .map_or(0.0, f64::from);
        ms = ms.map(|m| m - sign * (hh * 60.0 + mm) * 60_000.0);
        end += 6;
    }
    let time = text.get(..end)?;
    let rest = text.get(end..)?.strip_prefix(' ')?;
    // log_selector +pid: `[1234] `.
    let rest = match rest.strip_prefix('[').and_then(|r| r.split_once("] ")) {
        Some((pid, r)) if pid.bytes().all(|c| c.is_ascii_digit()) => r,
        _ => rest,
    };
    Some((time, ms, rest))
}

/// An Exim message id: `1rA2b3-000abc-12` (6-6-2) or `1vPxyZ-000AbCdEfGh-4dZZ` (6-11-4).
fn message_id(tok: &str) -> bool {
    let parts: Vec<&str> = tok.split('-').collect();
    matches!(parts.as_slice(), [a, b, c]
        if a.len() == 6 && (b.len() == 6 || b.len() == 11) && (c.len() == 2 || c.len() == 4)
        && tok.bytes().all(|x| x.is_ascii_alphanumeric() || x == b'-'))
}

impl Format for Exim {
    fn name(&self) -> &'static str {
        "exim"
    }
    fn description(&self) -> &'static str {
        "Exim main log"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut total = 0;
        let mut hits = 0;
        let mut flagged = 0;
        for l in lines.iter().filter(|l| !util::is_blank(l.text)) {
            total += 1;
            if let Some((_, _, rest)) = prefix(l.text) {
                hits += 1;
                let mut it = rest.splitn(3, ' ');
                if it.next().is_some_and(message_id) {
                    flagged += 1;
                }
            }
        }
        if flagged == 0 {
            return 0;
        }
        util::ratio(hits, total).saturating_sub(2)
    }
    fn framer(&self) -> Option<Box<dyn Framer>> {
        Some(Box::new(EximFramer::default()))
    }
}

/// The Exim mainlog framer, reading the log in pieces (`Format::framer`).
#[derive(Default)]
struct EximFramer {
    /// Messages whose MAIL was inferred, and those that went through.
    mailed: FastSet<String>,
    sent: FastSet<String>,
}

impl Framer for EximFramer {
    fn feed<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>) {
        for l in lines {
            if util::is_blank(l.text) {
                out.push(Frame::new(l.number, FrameKind::Blank, ""));
                continue;
            }
            let Some((time, ms, rest)) = prefix(l.text) else {
                out.push(Frame::new(
                    l.number,
                    FrameKind::Unparsed(Unreadable::NotEximLog),
                    l.text,
                ));
                continue;
            };
            let base = Frame {
                time: Some(Cow::Borrowed(time)),
                time_ms: ms,
                ..Frame::new(l.number, FrameKind::Note(NoteLevel::Info), rest)
            };
            let before = out.len();
            let (id, body) = match rest.split_once(' ') {
                Some((id, body)) if message_id(id) => (Some(id), body),
                _ => (None, rest),
            };
            match id {
                Some(id) => message_line(id, body, &base, &mut self.mailed, &mut self.sent, out),
                None => connection_line(rest, &base, out),
            }
            if out.len() == before {
                out.push(Frame {
                    session: id.map(Cow::Borrowed),
                    ..base
                });
            }
        }
    }

    fn finish(&mut self, _diags: &mut Vec<Diagnostic>) {}
}

fn push<'a>(out: &mut Vec<Frame<'a>>, base: &Frame<'a>, key: &str, kind: FrameKind, text: String) {
    out.push(Frame {
        kind,
        text: Cow::Owned(text),
        session: Some(Cow::Owned(key.to_string())),
        inferred: true,
        ..base.clone()
    });
}

/// The value of `name` (e.g. ` H=`) up to the next ` X=` field.
fn field<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let start = body.find(name)? + name.len();
    let rest = body.get(start..)?;
    if let Some(q) = rest.strip_prefix('"') {
        return q.get(..q.find('"')?);
    }
    let end = rest
        .match_indices(' ')
        .find(|(i, _)| {
            let after = rest.get(i + 1..).unwrap_or("");
            after.find('=').is_some_and(|e| {
                e <= 3
                    && after
                        .get(..e)
                        .is_some_and(|k| k.bytes().all(|c| c.is_ascii_uppercase()))
            })
        })
        .map_or(rest.len(), |(i, _)| i);
    rest.get(..end)
}

fn message_line<'a>(
    id: &str,
    body: &str,
    base: &Frame<'a>,
    mailed: &mut FastSet<String>,
    sent: &mut FastSet<String>,
    out: &mut Vec<Frame<'a>>,
) {
    let (flag, rest) = body.split_once(' ').unwrap_or((body, ""));
    let addr = rest
        .split(' ')
        .next()
        .unwrap_or("")
        .trim_matches(|c| c == '<' || c == '>');
    match flag {
        "<=" if mailed.insert(id.to_string()) => {
            let from = if addr == "<>" { "" } else { addr };
            if let Some(h) = field(rest, " H=") {
                let mut f = base.clone();
                f.peer = Some(Cow::Owned(h.to_string()));
                push(
                    out,
                    &f,
                    id,
                    FrameKind::Client,
                    format!("MAIL FROM:<{from}>"),
                );
            } else {
                push(
                    out,
                    base,
                    id,
                    FrameKind::Client,
                    format!("MAIL FROM:<{from}>"),
                );
            }
            push(out, base, id, FrameKind::Server, "250 OK".to_string());
        }
        "=>" | "->" | "*>" => {
            sent.insert(id.to_string());
            let reply = field(rest, " C=")
                .filter(|c| util::looks_like_reply(c))
                .map_or_else(
                    || format!("250 {}", rest.get(addr.len()..).unwrap_or("").trim()),
                    str::to_string,
                );
            push(
                out,
                base,
                id,
                FrameKind::Client,
                format!("RCPT TO:<{addr}>"),
            );
            push(out, base, id, FrameKind::Server, reply);
        }
        "**" | "==" => {
            let default_code = if flag == "**" { "550" } else { "451" };
            let (cmd, reply) = match rest.split_once("SMTP error from remote mail server after ") {
                Some((_, after)) => {
                    // `RCPT TO:<b>: 550 5.1.1 …` or `end of data: 550 …`
                    let (cmd, reply) = after.split_once(": ").unwrap_or((after, ""));
                    let cmd = cmd.trim_start_matches("pipelined ");
                    let cmd = match cmd {
                        "end of data" | "DATA" => {
                            // A failure at end of data means the recipient
                            // had been accepted.
                            push(
                                out,
                                base,
                                id,
                                FrameKind::Client,
                                format!("RCPT TO:<{addr}>"),
                            );
                            push(
                                out,
                                base,
                                id,
                                FrameKind::Server,
                                "250 recipient accepted".to_string(),
                            );
                            "DATA".to_string()
                        }
                        c => c.to_string(),
                    };
                    (cmd, reply.to_string())
                }
                None => (format!("RCPT TO:<{addr}>"), String::new()),
            };
            let reply = if util::looks_like_reply(&reply) {
                reply
            } else {
                let why = rest.get(addr.len()..).unwrap_or("").trim();
                format!("{default_code} {why}")
            };
            push(out, base, id, FrameKind::Client, cmd);
            push(out, base, id, FrameKind::Server, reply);
        }
        "Completed" if sent.contains(id) => {
            push(out, base, id, FrameKind::Client, "DATA".to_string());
            push(out, base, id, FrameKind::Server, "250 OK".to_string());
        }
        _ => {}
    }
}

/// `H=host [ip] F=<a> rejected RCPT <b>: reason`
fn connection_line<'a>(rest: &str, base: &Frame<'a>, out: &mut Vec<Frame<'a>>) {
    let Some(h) = rest.strip_prefix("H=") else {
        return;
    };
    let host = match h.find("] ") {
        Some(i) => h.get(..i + 1).unwrap_or(h),
        None => h.split(' ').next().unwrap_or(h),
    };
    let key = format!("H={host}");
    let Some((before, reason)) = rest.split_once(": ") else {
        out.push(Frame {
            session: Some(Cow::Owned(key)),
            peer: Some(Cow::Owned(host.to_string())),
            ..base.clone()
        });
        return;
    };
    let cmd = if let Some(r) = before.split_once(" rejected RCPT ").map(|(_, r)| r) {
        Some(format!(
            "RCPT TO:<{}>",
            r.trim().trim_matches(|c| c == '<' || c == '>')
        ))
    } else if before.contains(" rejected MAIL ") {
        let from = field(before, " F=")
            .unwrap_or("")
            .trim_matches(|c| c == '<' || c == '>');
        Some(format!("MAIL FROM:<{from}>"))
    } else if before.contains(" rejected EHLO") || before.contains(" rejected HELO") {
        Some("EHLO".to_string())
    } else {
        None
    };
    let mut f = base.clone();
    f.peer = Some(Cow::Owned(host.to_string()));
    match cmd {
        Some(cmd) => {
            push(out, &f, &key, FrameKind::Client, cmd);
            let reply = if util::looks_like_reply(reason) {
                reason.to_string()
            } else {
                format!("550 {reason}")
            };
            push(out, &f, &key, FrameKind::Server, reply);
        }
        None => out.push(Frame {
            session: Some(Cow::Owned(key)),
            ..f
        }),
    }
}
