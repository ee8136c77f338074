//! Python `smtplib` debug output (`set_debuglevel(1)`, or `2` with times).
//!
//! ```text
//! send: 'ehlo [127.0.0.1]\r\n'
//! reply: b'250-mail.example.test\r\n'
//! reply: retcode (250); Msg: b'mail.example.test\nPIPELINING'
//! 14:06:03.520264 send: 'STARTTLS\r\n'
//! ```
//!
//! Each `send:`/`reply:` carries a Python `str` or `bytes` literal of what
//! went over the wire. `reply: retcode` and `data:` lines repeat replies
//! already framed and become notes. Message content is sent as one literal
//! holding every line; it is split into one client frame per content line,
//! all pointing at the same source line.

use super::client_common::{self as common, is_time_of_day};
use super::{Format, Frame, FrameKind, Frames, Unreadable};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;

pub struct Smtplib;

/// Split an optional level-2 time (`13:00:01.123456 `) off the line.
fn split_time(text: &str) -> (Option<&str>, &str) {
    // A time starts with a digit; most lines do not, and need no split.
    if !text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return (None, text);
    }
    if let Some((first, rest)) = text.split_once(' ') {
        if is_time_of_day(first) {
            return (Some(first), rest);
        }
    }
    (None, text)
}

/// Decode a Python string or bytes literal (`'…'`, `"…"`, `b'…'`, `b"…"`)
/// that makes up the whole of `s`. `None` when `s` is not one.
pub fn decode_literal(s: &str) -> Option<String> {
    let (bytes_lit, body) = match s.strip_prefix(['b', 'B']) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let quote = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = body.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars();
    let push_char = |out: &mut Vec<u8>, c: char| {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            if c == quote {
                // An unescaped closing quote inside: not one literal.
                return None;
            }
            push_char(&mut out, c);
            continue;
        }
        let e = chars.next()?;
        match e {
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            '0' => out.push(0),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'v' => out.push(11),
            '\\' | '\'' | '"' => push_char(&mut out, e),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                let v: u8 = crate::parse_hex(&hex)?;
                if bytes_lit {
                    out.push(v);
                } else {
                    push_char(&mut out, char::from(v));
                }
            }
            'u' if !bytes_lit => {
                let hex: String = chars.by_ref().take(4).collect();
                let v: u32 = crate::parse_hex(&hex)?;
                push_char(&mut out, char::from_u32(v)?);
            }
            other => {
                // Python keeps unknown escapes as written.
                out.push(b'\\');
                push_char(&mut out, other);
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Wire lines of a decoded literal: split at CRLF (or a bare LF), without a
/// trailing empty piece after the final line ending.
fn wire_lines(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split('\n')
        .map(|p| p.strip_suffix('\r').unwrap_or(p).to_string())
        .collect();
    if v.len() > 1 && v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    v
}

impl Format for Smtplib {
    fn name(&self) -> &'static str {
        "smtplib"
    }
    fn description(&self) -> &'static str {
        "Python smtplib debug output (send:/reply:)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut markers = 0;
        let mut fitting = 0;
        for l in lines {
            let (_, rest) = split_time(l.text);
            if rest.starts_with("send: ") || rest.starts_with("reply: ") {
                let lit = rest.split_once(": ").map_or("", |(_, x)| x);
                if decode_literal(lit).is_some() || rest.starts_with("reply: retcode (") {
                    markers += 1;
                }
            } else if rest.starts_with("data: (") || rest.starts_with("connect: ") {
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
            let (time, rest) = split_time(l.text);
            let stamp = |mut f: Frame<'a>| {
                f.time = time.map(Cow::Borrowed);
                // A time of day without a date: no epoch time.
                f
            };
            let (kind, lit) = if let Some(lit) = rest.strip_prefix("send: ") {
                (FrameKind::Client, lit)
            } else if let Some(lit) = rest
                .strip_prefix("reply: ")
                .filter(|x| !x.starts_with("retcode ("))
            {
                (FrameKind::Server, lit)
            } else {
                // `reply: retcode (…); Msg: …`, `data: (…)`, `connect: …` and
                // anything the calling script printed.
                out.push(stamp(Frame::new(
                    l.number,
                    FrameKind::Note(NoteLevel::Info),
                    rest,
                )));
                continue;
            };
            let Some(decoded) = decode_literal(lit) else {
                out.push(stamp(Frame::new(
                    l.number,
                    FrameKind::Unparsed(Unreadable::NotPythonLiteral),
                    rest,
                )));
                continue;
            };
            for piece in wire_lines(&decoded) {
                out.push(stamp(Frame::new(l.number, kind.clone(), piece)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        let rows: &[(&str, &str, Option<&str>)] = &[
            (
                "str single",
                r"'ehlo [127.0.0.1]\r\n'",
                Some("ehlo [127.0.0.1]\r\n"),
            ),
            ("bytes", r"b'250-x\r\n'", Some("250-x\r\n")),
            ("double quotes", r#""it's""#, Some("it's")),
            ("escaped quote", r"'a\'b'", Some("a'b")),
            ("backslash", r"'a\\b'", Some("a\\b")),
            ("tab", r"'a\tb'", Some("a\tb")),
            ("hex bytes utf8", r"b'caf\xc3\xa9'", Some("café")),
            ("hex str", r"'caf\xe9'", Some("café")),
            ("unknown escape kept", r"'a\qb'", Some("a\\qb")),
            ("no quotes", "ehlo", None),
            ("unterminated", "'abc", None),
            ("trailing escape", r"'abc\'", None),
        ];
        for (name, input, want) in rows {
            assert_eq!(decode_literal(input).as_deref(), *want, "{name}");
        }
    }

    #[test]
    fn split_wire_lines() {
        assert_eq!(wire_lines("a\r\n\r\nb\r\n.\r\n"), vec!["a", "", "b", "."]);
        assert_eq!(wire_lines("quit\r\n"), vec!["quit"]);
        assert_eq!(wire_lines(""), vec![""]);
    }
}
