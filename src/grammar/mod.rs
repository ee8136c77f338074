//! The SMTP wire language, parsed with `nom` (complete input).
//!
//! Independent of any log format: given the text of one command line or one
//! reply line, return typed values. Nothing here fails on input: a command
//! that does not parse is `Command::Invalid` or `Command::Unknown`, a line
//! that is not a reply is `None`.
//!
//! Leniencies (things real software does that the RFC does not allow) are
//! accepted and reported as [`Quirk`]s with a stable id, never silently.
//!
//! One file per part of the language, one function per ABNF rule:
//! `command` (verbs and their arguments), `path` (addresses), `params`
//! (MAIL/RCPT parameters), `reply` (reply lines, enhanced status codes),
//! `ehlo` (capabilities), `codec` (base64, xtext), `quirk` (the leniencies);
//! `scan` holds the byte-level helpers the rules share.

mod codec;
mod command;
mod ehlo;
mod params;
mod path;
pub mod quirk;
mod reply;
mod scan;

pub(crate) use scan::strip_prefix_no_case;

use crate::model::{Capability, Command, EnhancedStatus};
use std::borrow::Cow;

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
    /// The verb in upper case (`"MAIL"`), borrowed from the table of
    /// verbs; for an unknown command a copy of the first word in upper
    /// case; empty for an empty line.
    pub verb: Cow<'static, str>,
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

// The three parsers below are `#[inline]` (and the rules they call first):
// their results are large structs, and a caller in another crate that
// could not inline them got each result through memory and then copied it
// (a store-to-load stall on every line). Measured on the command and reply
// lines of 4 MB of the RFC-style benchmark input, best of 30 runs:
// replies 1.43 -> 1.04 ms, commands 1.10-1.18 -> 0.99-1.03 ms.

/// Parse one command line (without line ending).
///
/// Verbs are case-insensitive (RFC 5321 §2.4). An unknown verb gives
/// `Command::Unknown` with the whole line; a known verb with arguments that
/// do not parse gives `Command::Invalid` with the reason.
#[inline]
pub fn parse_command(line: &str) -> ParsedCommand<'_> {
    command::command_line(line)
}

/// Parse one reply line (without line ending). `None` if it is not one:
/// the code must be `%x32-35 %x30-35 %x30-39` (RFC 5321 §4.2).
#[inline]
pub fn parse_reply_line(line: &str) -> Option<ReplyLine<'_>> {
    reply::reply_line(line)
}

/// Parse the text of one EHLO reply line (after `250-`/`250 `) into a
/// capability. `line` is the 1-based source line to record.
#[inline]
pub fn parse_ehlo_line(text: &str, line: u32) -> Option<Capability> {
    ehlo::ehlo_line(text, line)
}

/// [`parse_ehlo_line`] of a reply line's text, the capability's texts
/// shared with it rather than copied.
#[inline]
pub fn parse_ehlo_line_of(text: &crate::model::Text, line: u32) -> Option<Capability> {
    ehlo::ehlo_line_of(text, line)
}

/// Print a command in its canonical wire form (inverse of
/// [`parse_command`] for every valid command). `Invalid` prints as the
/// empty string, `Unknown` as its text.
pub fn print_command(command: &Command) -> String {
    command::print(command)
}

/// Decode standard base64 (RFC 4648 §4), ignoring surrounding whitespace.
/// `None` if it is not valid base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    codec::decode_base64(text)
}

/// [`decode_base64`] into a buffer the caller keeps (cleared first); false
/// where that gives `None`.
pub fn decode_base64_into(text: &str, out: &mut Vec<u8>) -> bool {
    codec::decode_base64_into(text, out)
}

/// Decode xtext (RFC 3461 §4): `+XX` hex escapes.
pub fn decode_xtext(text: &str) -> String {
    codec::decode_xtext(text)
}
