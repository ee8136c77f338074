//! RFC-style `C:`/`S:` transcripts, as in RFCs, tutorials and provider docs.
//!
//! RFC 5321 Appendix D: "In the examples, "C:" indicates what is said by the
//! SMTP client, and "S:" indicates what is said by the SMTP server."
//!
//! ```text
//!       S: 220 foo.com Simple Mail Transfer Service Ready
//!       C: EHLO bar.com
//! ```
//!
//! The prefix is a letter, optional spaces, and `:` or `>`; then exactly one
//! space is stripped (message content after `C:` may be indented, e.g. a
//! folded header `C:     05:33:29 -0700`). In RFC examples message content
//! is prefixed `C:` as well, so an unprefixed line is prose, a heading or an
//! ellipsis (`...`): a note.
//!
//! Leniencies: leading indentation, lower-case letters (`c:`), `C>`/`S>`,
//! a space before the colon (`C :`), no space after it (`C:EHLO`), and
//! e-mail quoting (`> `) before the prefix (a quoted empty line is blank). RFC 821 used `S:` for the
//! sender (the client) and `R:` for the receiver (the server): when an
//! input has `R:` lines and no `C:` line, it is read that way.

use super::util::{is_blank, ratio, unquote};
use super::{Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel, Severity};

pub struct Rfc;

/// The role letter of a prefixed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `C:`
    C,
    /// `S:`
    S,
    /// `R:` (RFC 821's receiver)
    R,
}

/// Split `C: text` into its role and text; `None` without a prefix.
fn split_prefix(line: &str) -> Option<(Role, &str)> {
    direct(line).or_else(|| unquote(line).and_then(direct))
}

/// `[SP / HTAB]* role [SP]* (":" / ">") [SP] text`, read byte by byte:
/// every line of an RFC-style paste goes through here twice (the roles are
/// counted before framing), and `str`'s pattern trimming cost four times
/// as much. Every byte stepped over is ASCII, so `text` starts on a char
/// boundary.
fn direct(line: &str) -> Option<(Role, &str)> {
    let b = line.as_bytes();
    let mut i = b.iter().position(|&c| c != b' ' && c != b'\t')?;
    let role = match b.get(i)? {
        b'C' | b'c' => Role::C,
        b'S' | b's' => Role::S,
        b'R' | b'r' => Role::R,
        _ => return None,
    };
    i += 1;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if !matches!(b.get(i), Some(b':' | b'>')) {
        return None;
    }
    i += 1;
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    Some((role, line.get(i..)?))
}

/// Which roles an input uses: (has `C:`, has `S:`, has `R:`).
fn roles(lines: &[Line<'_>]) -> (usize, usize, usize) {
    let (mut c, mut s, mut r) = (0, 0, 0);
    for l in lines {
        match split_prefix(l.text) {
            Some((Role::C, _)) => c += 1,
            Some((Role::S, _)) => s += 1,
            Some((Role::R, _)) => r += 1,
            None => {}
        }
    }
    (c, s, r)
}

/// RFC 821's convention (`S:` the sender, `R:` the receiver): an `R:`
/// line and no `C:` line; and whether there is an `S:` line. Stops at the
/// first `C:` line, which settles it: framing reads every line's prefix
/// anyway, and counting the roles of the whole input first read each
/// twice (2 % of a parse of an RFC-style transcript).
fn rfc821_roles(lines: &[Line<'_>]) -> (bool, bool) {
    let (mut s, mut r) = (false, false);
    for l in lines {
        match split_prefix(l.text) {
            Some((Role::C, _)) => return (false, s),
            Some((Role::S, _)) => s = true,
            Some((Role::R, _)) => r = true,
            None => {}
        }
    }
    (r, s)
}

impl Format for Rfc {
    fn name(&self) -> &'static str {
        "rfc"
    }

    fn description(&self) -> &'static str {
        "RFC-style transcript (`C:` client, `S:` server)"
    }

    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let nonblank = lines.iter().filter(|l| !is_blank(l.text)).count();
        let (c, s, r) = roles(lines);
        // `R:` only counts in RFC 821's S:/R: convention, so that prose
        // lines starting with "R:" do not make a text look like a transcript.
        let r = if c == 0 { r } else { 0 };
        let hits = c + s + r;
        if hits == 0 {
            return 0;
        }
        let share = u32::from(ratio(hits, nonblank));
        let two_sided = s > 0 && (c > 0 || r > 0);
        let score = if two_sided { 50 + share / 2 } else { share / 2 };
        score.min(100) as u8
    }

    fn frame<'a>(&self, lines: &[Line<'a>], out: &mut Frames<'a, '_>, diags: &mut Vec<Diagnostic>) {
        let (rfc821, has_s) = rfc821_roles(lines);
        if rfc821 && has_s {
            diags.push(Diagnostic::new(
                Severity::Info,
                lines.first().map(|l| l.number),
                "rfc821-roles",
                "The transcript uses RFC 821's convention: `S:` is the sender (the client) and `R:` the receiver (the server).",
            ).with_rfc("RFC 821 Appendix F"));
        }
        for l in lines {
            if out.is_stopped() {
                break;
            }
            let frame = match split_prefix(l.text) {
                Some((role, text)) => {
                    let kind = match (role, rfc821) {
                        (Role::C, _) | (Role::S, true) => FrameKind::Client,
                        (Role::S, false) | (Role::R, _) => FrameKind::Server,
                    };
                    Frame::new(l.number, kind, text)
                }
                None if is_blank(unquote(l.text).unwrap_or(l.text)) => {
                    Frame::new(l.number, FrameKind::Blank, l.text)
                }
                // Prose, headings, `...`; shown without e-mail quoting.
                None => Frame::new(
                    l.number,
                    FrameKind::Note(NoteLevel::Info),
                    unquote(l.text).unwrap_or(l.text),
                ),
            };
            out.push(frame);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 821's `S:`/`R:` convention is read from the whole input, as
    /// the counts of every role would give it, and sets the frames' sides.
    #[test]
    fn rfc821_roles_agree_with_counting() {
        let rows = [
            "S: MAIL FROM:<a@example.org>\nR: 250 OK\n",
            "R: 220 ready\nS: HELO x\nR: 250 x\nC: QUIT\n",
            "C: EHLO x\nS: 250 ok\nR: note\n",
            "R: only receiver lines\n",
            "S: only sender lines\n",
            "prose\n\n   R: 250 OK\n   S: QUIT\n",
            "",
        ];
        for text in rows {
            let lines = crate::input::split_lines(text);
            let (c, s, r) = roles(&lines);
            let (rfc821, has_s) = rfc821_roles(&lines);
            assert_eq!(rfc821, c == 0 && r > 0, "{text:?}");
            if rfc821 {
                assert_eq!(has_s, s > 0, "{text:?}");
            }
            let mut diags = Vec::new();
            let mut frames = Frames::default();
            Rfc.frame(&lines, &mut frames, &mut diags);
            let sides: Vec<bool> = frames
                .iter()
                .filter_map(|f| match f.kind {
                    FrameKind::Client => Some(true),
                    FrameKind::Server => Some(false),
                    _ => None,
                })
                .collect();
            let want: Vec<bool> = lines
                .iter()
                .filter_map(|l| split_prefix(l.text))
                .map(|(role, _)| matches!((role, rfc821), (Role::C, _) | (Role::S, true)))
                .collect();
            assert_eq!(sides, want, "{text:?}");
            let noted = diags.iter().any(|d| d.code == "rfc821-roles");
            assert_eq!(noted, c == 0 && r > 0 && s > 0, "{text:?}");
        }
    }

    #[test]
    fn prefixes_table() {
        type Row = (&'static str, &'static str, Option<(Role, &'static str)>);
        let rows: &[Row] = &[
            (
                "rfc indent",
                "      C: EHLO bar.com",
                Some((Role::C, "EHLO bar.com")),
            ),
            ("server", "S: 250 OK", Some((Role::S, "250 OK"))),
            ("empty content", "      C:", Some((Role::C, ""))),
            (
                "one space only",
                "C:     05:33:29 -0700",
                Some((Role::C, "    05:33:29 -0700")),
            ),
            ("angle", "C> QUIT", Some((Role::C, "QUIT"))),
            (
                "space before colon",
                "S : 221 Bye",
                Some((Role::S, "221 Bye")),
            ),
            ("lower case", "c: quit", Some((Role::C, "quit"))),
            ("no space", "C:EHLO x", Some((Role::C, "EHLO x"))),
            ("tab indent", "\tS: 220 x", Some((Role::S, "220 x"))),
            ("rfc821 receiver", "   R: 250 OK", Some((Role::R, "250 OK"))),
            ("quoted", "> C: QUIT", Some((Role::C, "QUIT"))),
            ("header is not a prefix", "Subject: hi", None),
            ("prose", "   Step 1 -- Source Host to Relay Host", None),
            ("ellipsis", "...", None),
            ("colon later", "Client: x", None),
        ];
        for (name, line, want) in rows {
            assert_eq!(&split_prefix(line), want, "{name}");
        }
    }
}
