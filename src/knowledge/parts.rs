//! Token parts of every command and reply line, placed on the source line
//! so the page can underline each token and explain it.
//!
//! The parts are computed on the SMTP text of a line (`MAIL FROM:<a@b>
//! SIZE=10`) and then moved to the source line that carries it (`C: MAIL
//! FROM:<a@b> SIZE=10`, ` -> MAIL …`, `… postfix/smtpd[1]: < host: MAIL …`).
//! Offsets are converted to UTF-16 code units here, once, because that is
//! how the page indexes strings.

use super::lint::size_limit;
use super::tokens::{command_parts, ehlo_line_parts, parameter_note, Part};
use crate::model::{Event, EventDetail, Session, SourceLine, TokenPart};

/// Attach parts to every command and reply of a session.
pub fn attach(session: &mut Session) {
    let size_limit = size_limit(&session.capabilities)
        .or_else(|| size_limit(session.capabilities_before_tls.as_deref().unwrap_or(&[])));
    for e in &mut session.events {
        let parts = event_parts(e, size_limit);
        e.set_parts(parts);
    }
}

fn event_parts(e: &Event, size_limit: Option<u64>) -> Vec<TokenPart> {
    match &e.detail {
        EventDetail::Command { verb, args, .. } => {
            let Some(src) = e.source.first() else {
                return Vec::new();
            };
            if verb == "AUTH-RESPONSE" {
                return locate(&src.text, args)
                    .map(|at| {
                        vec![part(
                            src,
                            at,
                            Part {
                                start: 0,
                                end: args.len(),
                                kind: "argument".into(),
                                id: Some("cmd:AUTH-RESPONSE".into()),
                                note: None,
                            },
                        )]
                    })
                    .unwrap_or_default();
            }
            let Some(at) = command_start(&src.text, verb, args) else {
                return Vec::new();
            };
            // The command ends with its arguments: a format may put more
            // after it on the line (smtplib's `\r\n'`).
            let end = if args.is_empty() {
                at + verb.len()
            } else {
                locate(&src.text, args).map_or(src.text.len(), |a| a + args.len())
            };
            let Some(payload) = src.text.get(at..end) else {
                return Vec::new();
            };
            command_parts(payload.trim_end())
                .into_iter()
                .map(|p| {
                    let mut tp = part(src, at, p);
                    if tp.id.as_deref() == Some("param:SIZE") {
                        let value = tp.text.split_once('=').map(|(_, v)| v);
                        if let Some(n) = parameter_note("SIZE", value, size_limit) {
                            tp.note = Some(n);
                        }
                    }
                    tp
                })
                .collect()
        }
        EventDetail::Reply {
            code, lines, extra, ..
        } => {
            let mut out = Vec::new();
            for (i, (src, text)) in e.source.iter().zip(lines.iter()).enumerate() {
                let Some((at, text_at)) = reply_position(&src.text, *code, text) else {
                    continue;
                };
                // What of the reply text stands on this line (a log may
                // have joined a wrapped line onto it).
                let text = src.text.get(text_at..).unwrap_or("");
                out.push(part(
                    src,
                    at,
                    Part {
                        start: 0,
                        end: 3,
                        kind: "code".into(),
                        id: Some(format!("code:{code}")),
                        note: None,
                    },
                ));
                if extra.capabilities().is_some() {
                    for mut p in ehlo_line_parts(text) {
                        if i == 0 && p.id.is_none() && p.note.is_none() {
                            p.note = Some(
                                "greeting text after the server's name: free text, no meaning to the protocol"
                                    .to_string(),
                            );
                        }
                        out.push(part(src, text_at, p));
                    }
                } else if let Some(len) = enhanced_len(text) {
                    out.push(part(
                        src,
                        text_at,
                        Part {
                            start: 0,
                            end: len,
                            kind: "enhanced".into(),
                            id: text.get(..len).map(|c| format!("enhanced:{c}")),
                            note: None,
                        },
                    ));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Length of an enhanced status code at the start of `text`, if any.
fn enhanced_len(text: &str) -> Option<usize> {
    let word = text.split([' ', '\t']).next()?;
    word.parse::<crate::model::EnhancedStatus>()
        .ok()
        .map(|_| word.len())
}

/// Where `needle` stands in `hay`: at its end if it ends it, else its last
/// occurrence.
fn locate(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    if hay.ends_with(needle) {
        return Some(hay.len() - needle.len());
    }
    hay.rfind(needle)
}

/// Byte offset in `text` of a command line `verb args`, the verb in any
/// case.
fn command_start(text: &str, verb: &str, args: &str) -> Option<usize> {
    let verb_at = |end: usize| -> Option<usize> {
        let start = end.checked_sub(verb.len())?;
        let w = text.get(start..end)?;
        w.eq_ignore_ascii_case(verb).then_some(start)
    };
    if args.is_empty() {
        let trimmed = text.trim_end();
        if let Some(at) = verb_at(trimmed.len()) {
            return Some(at);
        }
        // The verb as a whole word, the last one on the line (smtplib's
        // `send: 'rset\r\n'`).
        let lower = text.to_ascii_lowercase();
        let v = verb.to_ascii_lowercase();
        let word = |i: usize| {
            let before = lower.as_bytes().get(i.wrapping_sub(1));
            let after = lower.as_bytes().get(i + v.len());
            !before.is_some_and(u8::is_ascii_alphanumeric)
                && !after.is_some_and(u8::is_ascii_alphanumeric)
        };
        return lower.rmatch_indices(&v).map(|(i, _)| i).find(|&i| word(i));
    }
    let at = locate(text, args)?;
    // The verb and one separating space (or several) come just before.
    let before = text.get(..at)?;
    let end = before.trim_end_matches([' ', '\t']).len();
    verb_at(end)
}

/// Byte offsets in `source` of a reply line's code and of its text.
fn reply_position(source: &str, code: u16, text: &str) -> Option<(usize, usize)> {
    if let Some(at) = reply_start(source, code, text) {
        return Some((at, source.len() - text.len()));
    }
    let code_s = code.to_string();
    let at = source
        .rfind(&format!("{code_s}-"))
        .or_else(|| source.rfind(&format!("{code_s} ")))?;
    Some((at, at + 4))
}

/// Byte offset in `source` of a reply line `code[ -]text`.
fn reply_start(source: &str, code: u16, text: &str) -> Option<usize> {
    let text_at = if text.is_empty() {
        source.trim_end().len()
    } else if source.ends_with(text) {
        source.len() - text.len()
    } else {
        return None;
    };
    let before = source.get(..text_at)?;
    let code_s = code.to_string();
    let trimmed = before.trim_end_matches([' ', '-', '\t']);
    trimmed
        .ends_with(&code_s)
        .then(|| trimmed.len() - code_s.len())
}

fn utf16_at(s: &str, byte: usize) -> u32 {
    // An ASCII line (nearly all of them) counts the same in both units.
    if s.is_ascii() {
        return byte.min(s.len()) as u32;
    }
    s.get(..byte).map_or(0, |p| p.encode_utf16().count()) as u32
}

/// Move a part computed on `src.text[at..]` onto the source line.
fn part(src: &SourceLine, at: usize, p: Part) -> TokenPart {
    let (start, end) = (at + p.start, at + p.end);
    TokenPart {
        line: src.line,
        from: utf16_at(&src.text, start),
        to: utf16_at(&src.text, end),
        text: src.text.get(start..end).unwrap_or("").to_string(),
        kind: p.kind,
        id: p.id,
        note: p.note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_start_table() {
        let rows: &[(&str, &str, &str, &str, Option<usize>)] = &[
            (
                "rfc",
                "C: MAIL FROM:<a@b> SIZE=1",
                "MAIL",
                "FROM:<a@b> SIZE=1",
                Some(3),
            ),
            (
                "swaks",
                " -> mail from:<a@b>",
                "MAIL",
                "from:<a@b>",
                Some(4),
            ),
            ("no args", "C: QUIT", "QUIT", "", Some(3)),
            ("trailing space", "C: DATA  ", "DATA", "", Some(3)),
            ("not there", "send: 'x'", "MAIL", "FROM:<a>", None),
            ("smtplib", "send: 'rset\\r\\n'", "RSET", "", Some(7)),
            ("utf8 before", "é C: NOOP", "NOOP", "", Some(6)),
        ];
        for (name, text, verb, args, want) in rows {
            assert_eq!(command_start(text, verb, args), *want, "{name}");
        }
    }

    #[test]
    fn reply_start_table() {
        let rows: &[(&str, &str, u16, &str, Option<usize>)] = &[
            ("rfc", "S: 250-PIPELINING", 250, "PIPELINING", Some(3)),
            ("swaks", "<-  250 2.1.0 Ok", 250, "2.1.0 Ok", Some(4)),
            ("bare code", "S: 250", 250, "", Some(3)),
            ("other code", "S: 251 x", 250, "x", None),
        ];
        for (name, text, code, t, want) in rows {
            assert_eq!(reply_start(text, *code, t), *want, "{name}");
        }
    }
}
