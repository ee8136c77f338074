//! Unmarked sessions: what a terminal shows after `telnet host 25` or
//! `nc host 25`, with nothing telling client and server lines apart.
//!
//! ```text
//! Trying 127.0.0.1...
//! Connected to 127.0.0.1.
//! Escape character is '^]'.
//! 220 mail.example.test ESMTP Postfix (Debian/GNU)
//! EHLO client.example.test
//! 250-mail.example.test
//! ```
//!
//! A line that starts with a reply code (`2xx`–`5xx` then space, dash or the
//! end of the line) is the server's; any other line is the client's. After a
//! `354` reply the lines are message content, the client's, until a lone
//! `.`, so a content line such as `250 lines of code` is not mistaken for a
//! reply; after `BDAT n` the next `n` bytes (counting CRLF line ends) are
//! content. telnet's own lines (`Trying …`, `Connected to …`, `Escape
//! character is '^]'.`, `Connection closed by foreign host.`) and the shell
//! command that started it are notes.
//!
//! This is the fallback format: detection gives it a low score unless
//! replies and known commands alternate. When most lines are e-mail quoted
//! (`> `), the quoting is removed first and the unquoted lines are notes.

use super::util::{is_blank, looks_like_reply, ratio, unquote};
use super::{Boundary, Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};

pub struct Raw;

/// SMTP and extension verbs a person types (RFC 5321 and extensions).
const VERBS: &[&str] = &[
    "HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP", "NOOP",
    "QUIT", "STARTTLS", "AUTH", "ETRN", "ATRN", "BURL", "XCLIENT", "XFORWARD", "TURN", "SEND",
    "SOML", "SAML",
];

/// True when `s` starts with a known verb followed by a space or the end.
fn is_command(s: &str) -> bool {
    let word = s.split([' ', '\t']).next().unwrap_or("");
    VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
}

/// telnet's (and netcat's) own lines, and where a connection starts or ends.
fn chatter(s: &str) -> Option<Option<Boundary>> {
    const START: &[&str] = &["Trying ", "Connected to "];
    const OTHER: &[&str] = &["Escape character is ", "telnet> "];
    const END: &[&str] = &["Connection closed by foreign host", "Connection closed."];
    // The first bytes of all of the above and of the shell prompts below:
    // every other line (most of them) needs no prefix compared.
    if !matches!(
        s.as_bytes().first(),
        Some(b'T' | b'C' | b'E' | b't' | b'$' | b'%' | b'#')
    ) {
        return None;
    }
    if s.starts_with("Trying ") {
        return Some(Some(Boundary::Start));
    }
    if START.iter().chain(OTHER).any(|p| s.starts_with(p)) {
        return Some(None);
    }
    if END.iter().any(|p| s.starts_with(p)) {
        return Some(Some(Boundary::End));
    }
    // The shell command that opened the session: `$ telnet 127.0.0.1 25`.
    let cmd = s
        .strip_prefix("$ ")
        .or_else(|| s.strip_prefix("% "))
        .or_else(|| s.strip_prefix("# "))?;
    let tool = cmd.split(' ').next().unwrap_or("");
    matches!(tool, "telnet" | "nc" | "ncat" | "netcat" | "socat").then_some(None)
}

/// `BDAT n …`: the chunk size, when the command says one.
fn bdat_size(s: &str) -> Option<u64> {
    // Lines whose first word cannot be BDAT need no splitting.
    if !s.trim_start().starts_with(['B', 'b']) {
        return None;
    }
    let mut words = s.split_whitespace();
    let verb = words.next()?;
    if !verb.eq_ignore_ascii_case("BDAT") {
        return None;
    }
    words.next()?.parse().ok()
}

/// True when most non-blank lines are e-mail quoted.
fn quoted(lines: &[Line<'_>]) -> bool {
    let (mut quoted, mut total) = (0usize, 0usize);
    for l in lines.iter().filter(|l| !is_blank(l.text)) {
        total += 1;
        if l.text.starts_with('>') {
            quoted += 1;
        }
    }
    total > 0 && quoted * 2 > total
}

/// Where the reader is in the dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Command,
    /// After a 354 reply, until a lone `.`.
    Data,
    /// Inside a BDAT chunk: bytes still to come.
    Bdat(u64),
}

/// What one line is, with the state after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Blank,
    Chatter(Option<Boundary>),
    Reply,
    Command,
    /// A client line that is no known command (a typo, an AUTH response).
    Other,
    Content,
}

fn classify(text: &str, state: &mut State) -> Class {
    match *state {
        State::Data => {
            if text == "." {
                *state = State::Command;
            }
            // A dropped connection inside the content.
            if let Some(Some(Boundary::End)) = chatter(text) {
                *state = State::Command;
                return Class::Chatter(Some(Boundary::End));
            }
            Class::Content
        }
        State::Bdat(left) => {
            let left = left.saturating_sub(text.len() as u64 + 2);
            *state = if left == 0 {
                State::Command
            } else {
                State::Bdat(left)
            };
            Class::Content
        }
        State::Command => {
            if is_blank(text) {
                return Class::Blank;
            }
            if let Some(boundary) = chatter(text) {
                return Class::Chatter(boundary);
            }
            if looks_like_reply(text) {
                // `354 ` (or a bare `354`) ends the reply and opens content.
                if text.starts_with("354") && text.as_bytes().get(3) != Some(&b'-') {
                    *state = State::Data;
                }
                return Class::Reply;
            }
            if let Some(size) = bdat_size(text) {
                if size > 0 {
                    *state = State::Bdat(size);
                }
                return Class::Command;
            }
            if is_command(text) {
                Class::Command
            } else {
                Class::Other
            }
        }
    }
}

/// The line's text with the e-mail quoting removed when the input is quoted.
fn text_of<'a>(line: &Line<'a>, quoted: bool) -> &'a str {
    if quoted {
        unquote(line.text).unwrap_or(line.text)
    } else {
        line.text
    }
}

impl Format for Raw {
    fn name(&self) -> &'static str {
        "raw"
    }

    fn description(&self) -> &'static str {
        "unmarked telnet/netcat session (reply lines start with a code)"
    }

    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let q = quoted(lines);
        let mut state = State::Command;
        let (mut nonblank, mut replies, mut known, mut pairs) = (0usize, 0usize, 0usize, 0usize);
        let mut last = Class::Blank;
        for l in lines {
            let class = classify(text_of(l, q), &mut state);
            if class != Class::Blank {
                nonblank += 1;
            }
            match class {
                Class::Reply => {
                    replies += 1;
                    if last == Class::Command {
                        pairs += 1;
                    }
                }
                Class::Command | Class::Chatter(_) | Class::Content => known += 1,
                Class::Blank | Class::Other => {}
            }
            if !matches!(class, Class::Blank | Class::Content) {
                last = class;
            }
        }
        if nonblank == 0 {
            return 0;
        }
        if replies == 0 {
            return 5;
        }
        let share = u32::from(ratio(replies + known, nonblank));
        let mut score = 10 + share / 2;
        if pairs >= 2 {
            score += 20;
        }
        score.min(80) as u8
    }

    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        let q = quoted(lines);
        let mut state = State::Command;
        // Prose around a dialogue (a paste of an e-mail, a bounce, notes
        // above the session) is no client's command: a line that is no
        // known verb is the client's only once the server has spoken, and
        // not after it said goodbye.
        let mut in_dialogue = false;
        // A paste that starts inside message content: a lone "." before the
        // first reply ends that content, so what comes before it is the
        // client's, not prose.
        let first_reply = lines
            .iter()
            .position(|l| looks_like_reply(text_of(l, q)))
            .unwrap_or(lines.len());
        let content_end = lines
            .get(..first_reply)
            .and_then(|before| before.iter().position(|l| text_of(l, q) == "."));
        for (i, l) in lines.iter().enumerate() {
            if out.is_stopped() {
                break;
            }
            let text = text_of(l, q);
            let in_cut_content = content_end.is_some_and(|end| i <= end);
            if q && !is_blank(l.text) && !l.text.starts_with('>') {
                // In a quoted paste, the unquoted lines are the mail around
                // the transcript ("Bob wrote:").
                out.push(Frame::new(
                    l.number,
                    FrameKind::Note(NoteLevel::Info),
                    l.text,
                ));
                continue;
            }
            let frame = match classify(text, &mut state) {
                Class::Blank => Frame::new(l.number, FrameKind::Blank, l.text),
                Class::Chatter(boundary) => {
                    let mut f = Frame::new(l.number, FrameKind::Note(NoteLevel::Info), text);
                    f.boundary = boundary;
                    f
                }
                Class::Reply => {
                    in_dialogue = !(text.starts_with("221") || text.starts_with("421"));
                    Frame::new(l.number, FrameKind::Server, text)
                }
                Class::Other if !in_dialogue && !in_cut_content => {
                    Frame::new(l.number, FrameKind::Note(NoteLevel::Info), text)
                }
                // An empty line inside content is content, not a pause.
                Class::Command | Class::Other | Class::Content => {
                    Frame::new(l.number, FrameKind::Client, text)
                }
            };
            out.push(frame);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_table() {
        // (name, state before, line, class, state after)
        let rows: &[(&str, State, &str, Class, State)] = &[
            (
                "reply",
                State::Command,
                "250 OK",
                Class::Reply,
                State::Command,
            ),
            (
                "bare code",
                State::Command,
                "250",
                Class::Reply,
                State::Command,
            ),
            (
                "continuation",
                State::Command,
                "250-PIPELINING",
                Class::Reply,
                State::Command,
            ),
            (
                "354 opens data",
                State::Command,
                "354 go ahead",
                Class::Reply,
                State::Data,
            ),
            (
                "354 continuation",
                State::Command,
                "354-go",
                Class::Reply,
                State::Command,
            ),
            (
                "command",
                State::Command,
                "ehlo x",
                Class::Command,
                State::Command,
            ),
            (
                "unknown",
                State::Command,
                "HLEO x",
                Class::Other,
                State::Command,
            ),
            (
                "not a code",
                State::Command,
                "2500 x",
                Class::Other,
                State::Command,
            ),
            (
                "content reply-like",
                State::Data,
                "250 lines",
                Class::Content,
                State::Data,
            ),
            (
                "content blank",
                State::Data,
                "",
                Class::Content,
                State::Data,
            ),
            (
                "dot ends data",
                State::Data,
                ".",
                Class::Content,
                State::Command,
            ),
            (
                "dot-stuffed",
                State::Data,
                "..",
                Class::Content,
                State::Data,
            ),
            (
                "bdat",
                State::Command,
                "BDAT 10 LAST",
                Class::Command,
                State::Bdat(10),
            ),
            (
                "bdat chunk",
                State::Bdat(10),
                "12345678",
                Class::Content,
                State::Command,
            ),
            (
                "bdat partial",
                State::Bdat(20),
                "12345678",
                Class::Content,
                State::Bdat(10),
            ),
            (
                "trying",
                State::Command,
                "Trying 127.0.0.1...",
                Class::Chatter(Some(Boundary::Start)),
                State::Command,
            ),
            (
                "escape",
                State::Command,
                "Escape character is '^]'.",
                Class::Chatter(None),
                State::Command,
            ),
            (
                "closed",
                State::Command,
                "Connection closed by foreign host.",
                Class::Chatter(Some(Boundary::End)),
                State::Command,
            ),
            (
                "closed in data",
                State::Data,
                "Connection closed by foreign host.",
                Class::Chatter(Some(Boundary::End)),
                State::Command,
            ),
            (
                "prompt",
                State::Command,
                "$ telnet 127.0.0.1 25",
                Class::Chatter(None),
                State::Command,
            ),
            (
                "other prompt",
                State::Command,
                "$ ls",
                Class::Other,
                State::Command,
            ),
        ];
        for (name, before, line, class, after) in rows {
            let mut state = *before;
            assert_eq!(classify(line, &mut state), *class, "{name}");
            assert_eq!(state, *after, "{name}: state");
        }
    }
}
