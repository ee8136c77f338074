//! The SMTP wire language, parsed with `nom` (complete input).
//!
//! Independent of any log format: given the text of one command line or one
//! reply line, return typed values. Nothing here fails on input: a command
//! that does not parse is `Command::Invalid` or `Command::Unknown`, a line
//! that is not a reply is `None`.
//!
//! Leniencies (things real software does that the RFC does not allow) are
//! accepted and reported as [`Quirk`]s with a stable id, never silently.

use crate::model::{Capability, Command, EnhancedStatus};

/// A relaxation of the RFC that the parser accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirk {
    /// Stable id, used as the diagnostic code (`"mail-from-space"`).
    pub id: &'static str,
    /// One sentence for a human.
    pub message: &'static str,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCommand<'a> {
    /// The verb in upper case (`"MAIL"`); for an unknown command the first
    /// word in upper case; empty for an empty line.
    pub verb: String,
    /// Everything after the verb and its separating space, as written.
    pub args: &'a str,
    pub command: Command,
    pub quirks: Vec<Quirk>,
}

/// One reply line: `Reply-code [ SP / "-" ] text`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyLine<'a> {
    pub code: u16,
    /// False when the separator is `-` (more lines follow).
    pub last: bool,
    /// The text after the separator (may be empty).
    pub text: &'a str,
    /// The enhanced status code at the start of the text, if any.
    pub enhanced: Option<EnhancedStatus>,
    pub quirks: Vec<Quirk>,
}

/// Parse one command line (without line ending).
pub fn parse_command(line: &str) -> ParsedCommand<'_> {
    let (verb, args) = match line.split_once(' ') {
        Some((v, a)) => (v, a),
        None => (line, ""),
    };
    ParsedCommand {
        verb: verb.to_ascii_uppercase(),
        args,
        command: Command::Unknown {
            text: line.to_string(),
        },
        quirks: Vec::new(),
    }
}

/// Parse one reply line (without line ending). `None` if it is not one.
pub fn parse_reply_line(line: &str) -> Option<ReplyLine<'_>> {
    let b = line.as_bytes();
    if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let code = line.get(..3)?.parse().ok()?;
    let last = b.get(3) != Some(&b'-');
    Some(ReplyLine {
        code,
        last,
        text: line.get(4..).unwrap_or(""),
        enhanced: None,
        quirks: Vec::new(),
    })
}

/// Parse the text of one EHLO reply line (after `250-`/`250 `) into a
/// capability. `line` is the 1-based source line to record.
pub fn parse_ehlo_line(text: &str, line: u32) -> Option<Capability> {
    let mut words = text.split_whitespace();
    let keyword = words.next()?.to_ascii_uppercase();
    Some(Capability {
        keyword,
        params: words.map(str::to_string).collect(),
        line,
    })
}

/// Print a command in its canonical wire form (inverse of
/// [`parse_command`] for every valid command).
pub fn print_command(command: &Command) -> String {
    format!("{command:?}")
}

/// Decode standard base64 (RFC 4648 §4), ignoring surrounding whitespace.
/// `None` if it is not valid base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let _ = text;
    None
}

/// Decode xtext (RFC 3461 §4): `+XX` hex escapes.
pub fn decode_xtext(text: &str) -> String {
    text.to_string()
}
