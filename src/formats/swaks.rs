//! swaks transcripts.
//!
//! swaks (the "Swiss Army Knife for SMTP") prints every line of its dialogue
//! behind a four-character "transaction hint":
//!
//! ```text
//! === Trying 127.0.0.1:25...
//! <-  220 mail.example.test ESMTP Postfix (Debian/GNU)
//!  -> EHLO vm
//! <** 550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table
//! ```
//!
//! The hint is three characters plus one space (swaks' `ptrans`): ` ->`
//! (sent), ` ~>` (sent under TLS), `**>`/`*~>` (sent, unexpected), `<- `
//! and `<~ ` (received; hence the two spaces before the reply), `<**`/`<~*`
//! (received, not the reply swaks expected), `===` (swaks' information),
//! `***` (swaks' errors), and `  >`/`<  ` for the hex dumps of
//! `--show-raw-text`. Message content is sent line by line behind ` -> `, so
//! an empty content line is ` -> ` with nothing after it: a client line, not
//! a blank one.
//!
//! Leniencies, for pastes that lost whitespace: a hint without its trailing
//! space at the end of a line (trimmed by an editor), a client hint without
//! its leading space (`-> EHLO`), a receive hint with one space instead of
//! two, and e-mail quoting (`> `) before the hint (a quoted empty line is
//! blank).

use super::util::{is_blank, ratio, unquote};
use super::{Boundary, Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel, Severity};

pub struct Swaks;

/// What a transaction hint says about its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// Sent by swaks; `true` under TLS.
    Send(bool),
    /// Received from the server; `true` under TLS.
    Recv(bool),
    /// `===`: swaks' own information.
    Info,
    /// `***`: swaks' own error.
    Error,
    /// `  >` / `<  `: a `--show-raw-text` hex dump of what was sent or
    /// received (the same bytes are shown again as dialogue lines).
    Dump,
    /// `???`: swaks' "something went unexpectedly".
    Unknown,
}

/// The hints a line may start with, as swaks prints them without their
/// joining space, chosen by the line's first three bytes: one, or for
/// `<~*` two (`<~*`, then `<~`). A lookup, not thirteen prefixes tried in
/// turn: every line of a swaks transcript goes through here (the loop over
/// the table was 9 % of a parse's instructions).
fn candidates(b: &[u8]) -> &'static [(&'static str, Hint)] {
    match (b.first(), b.get(1), b.get(2)) {
        (Some(b' '), Some(b'-'), Some(b'>')) => &[(" ->", Hint::Send(false))],
        (Some(b' '), Some(b'~'), Some(b'>')) => &[(" ~>", Hint::Send(true))],
        (Some(b'*'), Some(b'*'), Some(b'>')) => &[("**>", Hint::Send(false))],
        (Some(b'*'), Some(b'~'), Some(b'>')) => &[("*~>", Hint::Send(true))],
        (Some(b'<'), Some(b'-'), _) => &[("<-", Hint::Recv(false))],
        (Some(b'<'), Some(b'~'), Some(b'*')) => {
            &[("<~*", Hint::Recv(true)), ("<~", Hint::Recv(true))]
        }
        (Some(b'<'), Some(b'~'), _) => &[("<~", Hint::Recv(true))],
        (Some(b'<'), Some(b'*'), Some(b'*')) => &[("<**", Hint::Recv(false))],
        (Some(b'='), Some(b'='), Some(b'=')) => &[("===", Hint::Info)],
        (Some(b'*'), Some(b'*'), Some(b'*')) => &[("***", Hint::Error)],
        (Some(b' '), Some(b' '), Some(b'>')) => &[("  >", Hint::Dump)],
        (Some(b'<'), Some(b' '), Some(b' ')) => &[("<  ", Hint::Dump)],
        (Some(b'?'), Some(b'?'), Some(b'?')) => &[("???", Hint::Unknown)],
        _ => &[],
    }
}

/// Split a line into its hint and the text after it, if it has a hint.
fn split_exact(text: &str) -> Option<(Hint, &str)> {
    candidates(text.as_bytes())
        .iter()
        .find_map(|&(hint_text, hint)| Some((hint, after_hint(text, hint_text, hint)?)))
}

/// The text after `hint_text` and its joining space, if `text` starts
/// with them.
fn after_hint<'t>(text: &'t str, hint_text: &str, hint: Hint) -> Option<&'t str> {
    let rest = text.strip_prefix(hint_text)?;
    match hint {
        // `<-` and `<~` are `<- ` / `<~ ` plus the joining space: strip
        // up to two spaces (a reply line never starts with a space).
        Hint::Recv(_) if hint_text.len() == 2 => {
            if !(rest.is_empty() || rest.starts_with(' ')) {
                return None;
            }
            let r = rest.strip_prefix(' ').unwrap_or(rest);
            Some(r.strip_prefix(' ').unwrap_or(r))
        }
        // Everything else: exactly the joining space, or nothing at the
        // end of a trimmed line. Content after ` -> ` may itself start
        // with spaces (folded header lines), so strip only one.
        _ => match rest.strip_prefix(' ') {
            Some(r) => Some(r),
            None if rest.is_empty() => Some(rest),
            None => None,
        },
    }
}

/// The hint and text of a line, looking through e-mail quoting and a lost
/// leading space.
fn parse_line(text: &str) -> Option<(Hint, &str)> {
    direct(text).or_else(|| unquote(text).and_then(direct))
}

fn direct(text: &str) -> Option<(Hint, &str)> {
    split_exact(text).or_else(|| lost_space(text))
}

/// Leniency: a client hint that lost its leading space (`-> EHLO`).
fn lost_space(text: &str) -> Option<(Hint, &str)> {
    let rest = text
        .strip_prefix("->")
        .or_else(|| text.strip_prefix("~>"))?;
    let rest = match rest.strip_prefix(' ') {
        Some(r) => r,
        None if rest.is_empty() => rest,
        None => return None,
    };
    Some((Hint::Send(text.starts_with('~')), rest))
}

/// True for swaks' data summary of `--suppress-data`: ` -> 410 lines sent`.
fn is_data_summary(text: &str) -> bool {
    text.strip_suffix(" lines sent")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Format for Swaks {
    fn name(&self) -> &'static str {
        "swaks"
    }

    fn description(&self) -> &'static str {
        "swaks transcript (` -> ` client, `<-  ` server, `===` swaks' notes)"
    }

    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut nonblank = 0usize;
        let mut hits = 0usize;
        let (mut sent, mut received, mut connect) = (false, false, false);
        for l in lines {
            if is_blank(l.text) {
                continue;
            }
            nonblank += 1;
            if let Some((hint, text)) = parse_line(l.text) {
                hits += 1;
                match hint {
                    Hint::Send(_) => sent = true,
                    Hint::Recv(_) => received = true,
                    Hint::Info => {
                        connect |= text.starts_with("Trying ") || text.starts_with("Connected to ")
                    }
                    _ => {}
                }
            }
        }
        let share = ratio(hits, nonblank);
        if hits == 0 {
            return 0;
        }
        let mut score = if sent && received {
            50 + u32::from(share) / 2
        } else {
            u32::from(share) / 2
        };
        if connect {
            score += 10;
        }
        score.min(100) as u8
    }

    fn frame<'a>(&self, lines: &[Line<'a>], out: &mut Frames<'a, '_>, diags: &mut Vec<Diagnostic>) {
        // The last protocol line was a 354 reply: the next sent line is
        // message content (or swaks' `N lines sent` summary of it).
        let mut after_354 = false;
        for l in lines {
            if out.is_stopped() {
                break;
            }
            let raw = l.text;
            let Some((hint, text)) = parse_line(raw) else {
                let unquoted = unquote(raw).unwrap_or(raw);
                let frame = if is_blank(unquoted) {
                    Frame::new(l.number, FrameKind::Blank, raw)
                } else {
                    // Shell prompts, option errors from Getopt, prose;
                    // shown without e-mail quoting.
                    Frame::new(l.number, FrameKind::Note(NoteLevel::Info), unquoted)
                };
                out.push(frame);
                continue;
            };
            let mut frame = match hint {
                Hint::Send(encrypted) => {
                    let summary = after_354 && is_data_summary(text);
                    after_354 = false;
                    if summary {
                        diags.push(Diagnostic::new(
                            Severity::Info,
                            Some(l.number),
                            "swaks-data-suppressed",
                            format!(
                                "swaks was run with --suppress-data: the message content is summarised as \"{text}\", not shown."
                            ),
                        ));
                        let mut f = Frame::new(l.number, FrameKind::Note(NoteLevel::Info), text);
                        f.encrypted = encrypted;
                        f
                    } else {
                        let mut f = Frame::new(l.number, FrameKind::Client, text);
                        f.encrypted = encrypted;
                        f
                    }
                }
                Hint::Recv(encrypted) => {
                    after_354 = text.starts_with("354");
                    let mut f = Frame::new(l.number, FrameKind::Server, text);
                    f.encrypted = encrypted;
                    f
                }
                Hint::Info => {
                    let mut f = if text.starts_with("TLS ") {
                        Frame::new(l.number, FrameKind::Tls, text)
                    } else {
                        Frame::new(l.number, FrameKind::Note(NoteLevel::Info), text)
                    };
                    if text.starts_with("Trying ") {
                        f.boundary = Some(Boundary::Start);
                    } else if text.starts_with("Connection closed") {
                        f.boundary = Some(Boundary::End);
                    }
                    f
                }
                Hint::Error => Frame::new(l.number, FrameKind::Note(NoteLevel::Error), text),
                Hint::Dump => Frame::new(l.number, FrameKind::Note(NoteLevel::Info), text),
                Hint::Unknown => Frame::new(l.number, FrameKind::Note(NoteLevel::Warning), text),
            };
            if frame.text.is_empty() && !matches!(frame.kind, FrameKind::Client) {
                // An empty note keeps the line visible as what it was.
                frame.text = raw.into();
            }
            out.push(frame);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hints tried in turn, as `split_exact` did before it looked them
    /// up by their first bytes: the same answer for every short line made
    /// of the hints' bytes.
    #[test]
    fn hint_lookup_is_the_table_tried_in_turn() {
        const HINTS: &[(&str, Hint)] = &[
            (" ->", Hint::Send(false)),
            (" ~>", Hint::Send(true)),
            ("**>", Hint::Send(false)),
            ("*~>", Hint::Send(true)),
            ("<-", Hint::Recv(false)),
            ("<~*", Hint::Recv(true)),
            ("<~", Hint::Recv(true)),
            ("<**", Hint::Recv(false)),
            ("===", Hint::Info),
            ("***", Hint::Error),
            ("  >", Hint::Dump),
            ("<  ", Hint::Dump),
            ("???", Hint::Unknown),
        ];
        fn by_table(text: &str) -> Option<(Hint, &str)> {
            HINTS
                .iter()
                .find_map(|&(hint_text, hint)| Some((hint, after_hint(text, hint_text, hint)?)))
        }
        let alphabet = [" ", "-", "~", ">", "*", "<", "=", "?", "x", "é"];
        let mut lines = vec![String::new()];
        let mut n = 0;
        for _ in 0..5 {
            let longer: Vec<String> = lines
                .iter()
                .flat_map(|l| alphabet.iter().map(move |a| format!("{l}{a}")))
                .collect();
            for line in &longer {
                assert_eq!(split_exact(line), by_table(line), "{line:?}");
                n += 1;
            }
            lines = longer;
        }
        assert_eq!(n, 10 + 100 + 1_000 + 10_000 + 100_000);
    }

    #[test]
    fn hints_table() {
        type Row = (&'static str, &'static str, Option<(Hint, &'static str)>);
        let rows: &[Row] = &[
            ("send", " -> EHLO vm", Some((Hint::Send(false), "EHLO vm"))),
            (
                "send tls",
                " ~> EHLO vm",
                Some((Hint::Send(true), "EHLO vm")),
            ),
            ("empty content", " -> ", Some((Hint::Send(false), ""))),
            (
                "empty content trimmed",
                " ->",
                Some((Hint::Send(false), "")),
            ),
            (
                "content keeps indent",
                " ->     05:33",
                Some((Hint::Send(false), "    05:33")),
            ),
            (
                "send unexpected",
                "**> RSET",
                Some((Hint::Send(false), "RSET")),
            ),
            (
                "send unexpected tls",
                "*~> RSET",
                Some((Hint::Send(true), "RSET")),
            ),
            ("recv", "<-  220 x", Some((Hint::Recv(false), "220 x"))),
            (
                "recv one space",
                "<- 220 x",
                Some((Hint::Recv(false), "220 x")),
            ),
            ("recv tls", "<~  250 ok", Some((Hint::Recv(true), "250 ok"))),
            (
                "recv error",
                "<** 550 no",
                Some((Hint::Recv(false), "550 no")),
            ),
            (
                "recv error tls",
                "<~* 550 no",
                Some((Hint::Recv(true), "550 no")),
            ),
            (
                "info",
                "=== Trying 127.0.0.1:25...",
                Some((Hint::Info, "Trying 127.0.0.1:25...")),
            ),
            (
                "error",
                "*** Error connecting",
                Some((Hint::Error, "Error connecting")),
            ),
            (
                "dump sent",
                "  > 0000: 45 48",
                Some((Hint::Dump, "0000: 45 48")),
            ),
            (
                "dump recv",
                "<   0000: 32 32",
                Some((Hint::Dump, "0000: 32 32")),
            ),
            (
                "lost leading space",
                "-> QUIT",
                Some((Hint::Send(false), "QUIT")),
            ),
            (
                "quoted send",
                ">  -> QUIT",
                Some((Hint::Send(false), "QUIT")),
            ),
            (
                "quoted recv",
                "> <-  221 Bye",
                Some((Hint::Recv(false), "221 Bye")),
            ),
            ("no hint", "$ swaks --to a@b", None),
            ("arrow inside word", "<-x", None),
            ("plain reply", "250 OK", None),
        ];
        for (name, line, want) in rows {
            assert_eq!(&parse_line(line), want, "{name}");
        }
    }

    #[test]
    fn data_summary() {
        assert!(is_data_summary("410 lines sent"));
        assert!(!is_data_summary("lines sent"));
        assert!(!is_data_summary("x lines sent"));
    }
}
