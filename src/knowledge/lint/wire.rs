//! The wire: line lengths (RFC 5321 §4.5.3.1), bare CR and LF (§2.3.8) and
//! the SMTP smuggling end-of-data patterns.
//!
//! Line endings only mean something when the input kept them: a paste
//! copied from a terminal or a log has LF everywhere, while a capture of
//! the raw dialogue has CRLF. So the ending rules run only on a session whose
//! commands and replies mostly end with CRLF.

use super::{command, is_dialogue, Sink};
use crate::input::Ending;
use crate::model::{Command, Event, EventDetail, Session, Severity, SourceLine};

/// RFC 5321 §4.5.3.1.4: command line, CRLF included.
const MAX_COMMAND: usize = 512;
/// RFC 5321 §4.5.3.1.5: reply line, CRLF included.
const MAX_REPLY: usize = 512;
/// RFC 5321 §4.5.3.1.6: text line, CRLF included.
const MAX_TEXT: usize = 1000;
/// How many bare-CR/LF lines are listed one by one per session.
const LISTED: usize = 10;

const SMUGGLING_RFC: &str = "RFC 5321 §4.1.1.4; SMTP smuggling (SEC Consult, December 2023)";

/// True when the session's commands and replies mostly end with CRLF in
/// the input: its line endings are the dialogue's own. (swaks prints the
/// dialogue with LF but message content with CRLF, so content lines do not
/// count.)
fn crlf_dialogue(session: &Session, ending: &dyn Fn(u32) -> Option<Ending>) -> bool {
    let (mut crlf, mut other) = (0usize, 0usize);
    let numbers = session
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.detail,
                EventDetail::Command { .. } | EventDetail::Reply { .. }
            )
        })
        .flat_map(|e| e.source.iter().map(|s| s.line));
    for n in numbers {
        match ending(n) {
            Some(Ending::CrLf) => crlf += 1,
            Some(Ending::Lf | Ending::Cr) => other += 1,
            _ => {}
        }
    }
    crlf >= 2 && crlf > other
}

/// `ending` gives the line ending of a source line, by line number.
pub(super) fn check(session: &Session, ending: &dyn Fn(u32) -> Option<Ending>, sink: &mut Sink) {
    let crlf = crlf_dialogue(session, ending);
    let mut last_command: Option<&Event> = None;
    for e in &session.events {
        match &e.detail {
            EventDetail::Command { .. } => {
                if let Some(cmd) = command(session, e) {
                    let n = command_len(cmd.verb, cmd.args) + 2;
                    if n > MAX_COMMAND {
                        sink.emit(
                            Severity::Warning,
                            e.line,
                            "line-too-long",
                            format!("This command line is {n} octets with its CRLF, over the {MAX_COMMAND}-octet limit."),
                            "RFC 5321 §4.5.3.1.4",
                        );
                    }
                    last_command = Some(e);
                }
            }
            EventDetail::Reply { lines: texts, .. } => {
                let long = texts
                    .iter()
                    .zip(&e.source)
                    .find(|(t, _)| 4 + t.len() + 2 > MAX_REPLY);
                if let Some((t, src)) = long {
                    sink.emit(
                        Severity::Warning,
                        src.line,
                        "line-too-long",
                        format!(
                            "This reply line is {} octets with its CRLF, over the {MAX_REPLY}-octet limit.",
                            4 + t.len() + 2
                        ),
                        "RFC 5321 §4.5.3.1.5",
                    );
                }
            }
            EventDetail::Data { terminated, .. } => {
                let after_data = last_command.is_some_and(|c| {
                    matches!(
                        c.detail,
                        EventDetail::Command {
                            parsed: Command::Data,
                            ..
                        }
                    )
                });
                if after_data {
                    let prefix = last_command.and_then(prefix_of).unwrap_or("");
                    content_lengths(&e.source, prefix, sink);
                    if crlf && *terminated {
                        smuggling(&e.source, prefix, ending, sink);
                    }
                }
            }
            _ => {}
        }
    }
    if crlf {
        bare_endings(session, ending, sink);
    }
}

fn command_len(verb: &str, args: &str) -> usize {
    if args.is_empty() {
        verb.len()
    } else {
        verb.len() + 1 + args.len()
    }
}

/// The format's prefix before the SMTP text (`"C: "`, `" -> "`), read off
/// a command line: what precedes the command's own text.
fn prefix_of(e: &Event) -> Option<&str> {
    let EventDetail::Command { verb, args, .. } = &e.detail else {
        return None;
    };
    let src = &e.source.first()?.text;
    let len = command_len(verb, args);
    let cut = src.len().checked_sub(len)?;
    let tail = src.get(cut..)?;
    let head = tail.get(..verb.len())?;
    head.eq_ignore_ascii_case(verb)
        .then(|| src.get(..cut))
        .flatten()
}

fn body<'a>(src: &'a SourceLine, prefix: &str) -> &'a str {
    src.text.strip_prefix(prefix).unwrap_or(&src.text)
}

/// `line-too-long` for message content: one diagnostic per message.
fn content_lengths(source: &[SourceLine], prefix: &str, sink: &mut Sink) {
    let long: Vec<(u32, usize)> = source
        .iter()
        .map(|s| (s.line, body(s, prefix).len() + 2))
        .filter(|&(_, n)| n > MAX_TEXT)
        .collect();
    let Some(&(line, n)) = long.first() else {
        return;
    };
    let more = match long.len() {
        1 => String::new(),
        k => format!(" ({} more lines are too long)", k - 1),
    };
    sink.emit(
        Severity::Warning,
        line,
        "line-too-long",
        format!("This line of message content is {n} octets with its CRLF, over the {MAX_TEXT}-octet limit{more}."),
        "RFC 5321 §4.5.3.1.6",
    );
}

fn name(e: Option<Ending>) -> &'static str {
    match e {
        Some(Ending::CrLf) => "<CR><LF>",
        Some(Ending::Lf) => "<LF>",
        Some(Ending::Cr) => "<CR>",
        Some(Ending::None) | None => "",
    }
}

/// `smtp-smuggling`: the lone "." that ended the content is not
/// `<CR><LF>.<CR><LF>`.
fn smuggling(
    source: &[SourceLine],
    prefix: &str,
    ending: &dyn Fn(u32) -> Option<Ending>,
    sink: &mut Sink,
) {
    let Some(dot) = source.last() else {
        return;
    };
    if body(dot, prefix) != "." {
        return;
    }
    let after = ending(dot.line);
    let before = source
        .len()
        .checked_sub(2)
        .and_then(|i| source.get(i))
        .and_then(|s| ending(s.line));
    let bad_after = matches!(after, Some(Ending::Lf | Ending::Cr));
    let bad_before = matches!(before, Some(Ending::Lf | Ending::Cr));
    if !bad_after && !bad_before {
        return;
    }
    let seen = format!(
        "{}.{}",
        if before.is_some() {
            name(before)
        } else {
            "…"
        },
        name(after)
    );
    sink.emit(
        Severity::Error,
        dot.line,
        "smtp-smuggling",
        format!(
            "The message content ends with {seen} instead of <CR><LF>.<CR><LF>: servers that disagree on this end of data can be made to read the rest as new commands (SMTP smuggling)."
        ),
        SMUGGLING_RFC,
    );
}

/// `bare-lf` / `bare-cr`: dialogue lines ending with a lone LF or CR in an
/// input that otherwise keeps CRLF.
fn bare_endings(session: &Session, ending: &dyn Fn(u32) -> Option<Ending>, sink: &mut Sink) {
    for (kind, code, label) in [(Ending::Lf, "bare-lf", "LF"), (Ending::Cr, "bare-cr", "CR")] {
        let found: Vec<u32> = session
            .events
            .iter()
            .filter(|e| is_dialogue(e))
            .flat_map(|e| e.source.iter().map(|s| s.line))
            .filter(|&n| ending(n) == Some(kind))
            .collect();
        for &line in found.iter().take(LISTED) {
            sink.emit(
                Severity::Warning,
                line,
                code,
                format!("This line ends with a bare {label} where SMTP requires CRLF."),
                "RFC 5321 §2.3.8",
            );
        }
        if let Some(&line) = found.get(LISTED) {
            sink.emit(
                Severity::Warning,
                line,
                code,
                format!(
                    "{} more lines of this session end with a bare {label} (not listed one by one).",
                    found.len() - LISTED
                ),
                "RFC 5321 §2.3.8",
            );
        }
    }
}
