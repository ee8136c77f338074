//! Truncated and mangled pastes: what a finished session's events say about
//! how the paste was cut or re-wrapped, the best reading of it, and a
//! diagnostic that says what was assumed.
//!
//! * `starts-mid-data` — the paste opens with message content: client lines
//!   that are no command, up to a lone `.`. They become one `data` event
//!   answered by the reply after the dot.
//! * `starts-mid-reply` — the paste opens with the tail of a multi-line
//!   EHLO reply (`250-SIZE 1000`, `250 HELP`): read as capabilities.
//! * `starts-mid-session` — the first step is neither a greeting nor
//!   EHLO/HELO/LHLO: what came before is unknown.
//! * `line-rewrapped` — a mail client wrapped a long reply line (at 72 or
//!   76 columns): the orphan continuation is joined back to the reply.

use super::content::ContentBuilder;
use super::transactions;
use crate::grammar::parse_ehlo_line;
use crate::knowledge::tokens::explain_token;
use crate::model::{Command, Diagnostic, Event, EventDetail, NoteLevel, Session, Severity};

/// Column from which a reply line may have been wrapped by a mail client
/// (they wrap at 72 or 76; allow for the marker and a shorter last word).
const WRAP_COLUMN: usize = 60;

/// Read a finished session as a possibly truncated paste. When events
/// change, transactions and the outcome are rebuilt.
pub fn assume(session: &mut Session, diags: &mut Vec<Diagnostic>) {
    let mut changed = false;
    changed |= rewrapped(session, diags);
    let Some(first) = session.events.iter().position(is_dialogue) else {
        if changed {
            transactions::build(session);
        }
        return;
    };
    if session.events.get(first).is_some_and(|e| e.inferred) {
        if changed {
            transactions::build(session);
        }
        return;
    }
    if mid_data(session, first, diags) {
        changed = true;
    } else if !mid_reply(session, first, diags) {
        mid_session(session, first, diags);
    }
    if changed {
        transactions::build(session);
    }
}

fn is_dialogue(e: &Event) -> bool {
    matches!(
        e.detail,
        EventDetail::Command { .. } | EventDetail::Reply { .. } | EventDetail::Data { .. }
    )
}

fn is_unknown_client_line(e: &Event) -> Option<String> {
    match &e.detail {
        EventDetail::Command {
            parsed: Command::Unknown { text },
            ..
        } => Some(text.clone()),
        EventDetail::Note {
            level: NoteLevel::Blank,
            ..
        } => Some(String::new()),
        _ => None,
    }
}

fn mid_data(session: &mut Session, first: usize, diags: &mut Vec<Diagnostic>) -> bool {
    let mut texts = Vec::new();
    let mut dot = None;
    for (i, e) in session.events.iter().enumerate().skip(first) {
        match is_unknown_client_line(e) {
            Some(t) if t == "." => {
                dot = Some(i);
                break;
            }
            Some(t) => texts.push(t),
            None => return false,
        }
    }
    let Some(dot) = dot else {
        return false;
    };
    // A lone dot with nothing before it is too little to go on.
    if texts.is_empty() {
        return false;
    }
    let mut content = ContentBuilder::new();
    for t in &texts {
        content.add_line(t, true);
    }
    let lines: Vec<u32> = session
        .events
        .get(first..=dot)
        .unwrap_or(&[])
        .iter()
        .flat_map(|e| e.source.iter().map(|s| s.line))
        .collect();
    let sources: Vec<_> = session
        .events
        .get(first..=dot)
        .unwrap_or(&[])
        .iter()
        .flat_map(|e| e.source.iter().cloned())
        .collect();
    let Some(head) = session.events.get_mut(first) else {
        return false;
    };
    head.source = sources;
    head.detail = EventDetail::Data {
        size: content.size,
        headers: content.headers,
        terminated: true,
        eight_bit: content.eight_bit,
    };
    remove_events(session, first + 1, dot, first);
    repair(session, first, diags);
    let line = lines.first().copied();
    diags.push(Diagnostic::new(
        Severity::Info,
        line,
        "starts-mid-data",
        "The paste starts inside message content (DATA and what came before are missing): the lines up to the lone \".\" are read as the end of a message.",
    ));
    true
}

fn mid_reply(session: &mut Session, first: usize, diags: &mut Vec<Diagnostic>) -> bool {
    let Some(e) = session.events.get_mut(first) else {
        return false;
    };
    let line = e.line;
    let sources: Vec<u32> = e.source.iter().map(|s| s.line).collect();
    let EventDetail::Reply {
        code,
        lines,
        in_reply_to: None,
        capabilities,
        ..
    } = &mut e.detail
    else {
        return false;
    };
    if *code != 250 {
        return false;
    }
    let first_word = lines
        .first()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("")
        .to_ascii_uppercase();
    let is_keyword =
        explain_token(&format!("ext:{first_word}")).is_some_and(|x| x.kind == "extension");
    if !is_keyword {
        return false;
    }
    let caps: Vec<_> = lines
        .iter()
        .zip(sources.iter().chain(std::iter::repeat(&line)))
        .filter_map(|(l, n)| parse_ehlo_line(l, *n))
        .collect();
    if capabilities.is_none() {
        *capabilities = Some(caps.clone());
    }
    if session.capabilities.is_empty() {
        session.capabilities = caps;
    }
    diags.push(Diagnostic::new(
        Severity::Info,
        Some(line),
        "starts-mid-reply",
        "The paste starts inside a multi-line reply (its first lines, and what came before, are missing): read as the end of the reply to EHLO.",
    ));
    true
}

fn mid_session(session: &Session, first: usize, diags: &mut Vec<Diagnostic>) {
    let Some(e) = session.events.get(first) else {
        return;
    };
    // A dialogue shown from inside TLS (openssl s_client) has its greeting
    // before the handshake, by design.
    let starts_well = e.encrypted
        || match &e.detail {
            EventDetail::Reply { code, .. } => matches!(code, 220 | 554 | 421),
            EventDetail::Command { verb, .. } => {
                matches!(verb.as_str(), "EHLO" | "HELO" | "LHLO")
            }
            _ => true,
        };
    if !starts_well {
        diags.push(Diagnostic::new(
            Severity::Info,
            Some(e.line),
            "starts-mid-session",
            "The paste starts in the middle of a session (no greeting and no EHLO/HELO before this line): what came before is unknown.",
        ));
    }
}

/// A client "command" that is the rest of the previous reply line, wrapped
/// by a mail client: joined back to the reply.
fn rewrapped(session: &mut Session, diags: &mut Vec<Diagnostic>) -> bool {
    let mut changed = false;
    let mut i = 1;
    while i < session.events.len() {
        let orphan = match session.events.get(i) {
            Some(Event {
                detail:
                    EventDetail::Command {
                        parsed: Command::Unknown { text },
                        reply,
                        ..
                    },
                inferred: false,
                ..
            }) if !text.trim().is_empty() && !rejected_as_command(session, *reply) => {
                Some(text.clone())
            }
            _ => None,
        };
        let Some(text) = orphan else {
            i += 1;
            continue;
        };
        let line = session.events.get(i).map_or(0, |e| e.line);
        let Some(prev) = session.events.get_mut(i - 1) else {
            break;
        };
        let prev_last = prev.source.last().map_or(0, |s| s.line);
        let long = prev
            .source
            .last()
            .is_some_and(|s| s.text.chars().count() >= WRAP_COLUMN);
        let (EventDetail::Reply { lines, .. }, true, true) =
            (&mut prev.detail, long, prev_last + 1 == line)
        else {
            i += 1;
            continue;
        };
        if let Some(last) = lines.last_mut() {
            last.push(' ');
            last.push_str(text.trim());
        }
        let moved: Vec<_> = session
            .events
            .get(i)
            .map(|e| e.source.clone())
            .unwrap_or_default();
        if let Some(prev) = session.events.get_mut(i - 1) {
            prev.source.extend(moved);
        }
        remove_events(session, i, i, i - 1);
        repair(session, i, diags);
        diags.push(Diagnostic::new(
            Severity::Info,
            Some(line),
            "line-rewrapped",
            format!("Line {line} looks like the rest of line {prev_last}, wrapped by a mail client: joined back to that reply."),
        ));
        changed = true;
    }
    changed
}

/// The server answered the line as a command it does not know (500–502):
/// it was one, not a wrapped reply.
fn rejected_as_command(session: &Session, reply: Option<u32>) -> bool {
    reply
        .and_then(|r| session.events.get(r as usize))
        .is_some_and(|e| {
            matches!(
                e.detail,
                EventDetail::Reply {
                    code: 500..=502,
                    ..
                }
            )
        })
}

/// Pair replies with commands again from event `start` on, first in first
/// out (the builder's pairing counted the lines now merged as commands).
/// A `data` event after a DATA command waits for its own reply.
fn repair(session: &mut Session, start: usize, diags: &mut Vec<Diagnostic>) {
    let start_line = session.events.get(start).map_or(u32::MAX, |e| e.line);
    let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for (i, e) in session.events.iter_mut().enumerate() {
        if let EventDetail::Command { reply, .. } = &mut e.detail {
            if i < start && reply.is_some_and(|r| r as usize >= start) {
                *reply = None;
                queue.push_back(i);
            } else if i >= start {
                *reply = None;
            }
        }
    }
    let mut after_data_command = false;
    for i in start..session.events.len() {
        let Some(e) = session.events.get_mut(i) else {
            break;
        };
        match &mut e.detail {
            EventDetail::Command { verb, .. } => {
                after_data_command = verb == "DATA";
                queue.push_back(i);
            }
            EventDetail::Data { .. } => {
                if after_data_command || i == start {
                    queue.push_back(i);
                }
                after_data_command = false;
            }
            EventDetail::Reply { in_reply_to, .. } => {
                let answered = queue.pop_front();
                *in_reply_to = answered.map(|a| a as u32);
                if let Some(EventDetail::Command { reply, .. }) = answered
                    .and_then(|a| session.events.get_mut(a))
                    .map(|c| &mut c.detail)
                {
                    *reply = Some(i as u32);
                }
            }
            _ => {}
        }
    }
    diags.retain(|d| !(d.code == "no-reply" && d.line.is_some_and(|l| l >= start_line)));
    for i in queue {
        if let Some(Event {
            line,
            detail: EventDetail::Command { verb, .. },
            ..
        }) = session.events.get(i)
        {
            diags.push(Diagnostic::new(
                Severity::Info,
                Some(*line),
                "no-reply",
                format!("{verb} got no reply in this input."),
            ));
        }
    }
}

/// Remove events `from..=to`, redirecting references into that range to
/// `into` and shifting later ones.
fn remove_events(session: &mut Session, from: usize, to: usize, into: usize) {
    if from > to || to >= session.events.len() {
        return;
    }
    session.events.drain(from..=to);
    let n = (to - from + 1) as u32;
    let (from, to, into) = (from as u32, to as u32, into as u32);
    let fix = |r: &mut Option<u32>| {
        if let Some(x) = r {
            if *x >= from && *x <= to {
                *x = into;
            } else if *x > to {
                *x -= n;
            }
        }
    };
    for e in &mut session.events {
        match &mut e.detail {
            EventDetail::Command { reply, .. } => fix(reply),
            EventDetail::Reply { in_reply_to, .. } => fix(in_reply_to),
            _ => {}
        }
    }
}

/// Syslog lines of other programs (dovecot, CRON, sshd, the kernel…) in a
/// mail log: they are kept apart as notes; say so once, naming them.
pub fn unrelated(unassigned: &[Event], diagnostics: &mut Vec<Diagnostic>) {
    let mut programs: Vec<String> = Vec::new();
    let mut count = 0usize;
    let mut first = None;
    for e in unassigned {
        let Some(program) = e.source.first().and_then(|s| syslog_program(&s.text)) else {
            continue;
        };
        let p = program.to_ascii_lowercase();
        if [
            "postfix",
            "sendmail",
            "sm-",
            "exim",
            "smtp",
            "lmtp",
            "opendkim",
            "opendmarc",
        ]
        .iter()
        .any(|m| p.starts_with(m))
        {
            continue;
        }
        count += 1;
        first.get_or_insert(e.line);
        if !programs.iter().any(|x| x == program) && programs.len() < 8 {
            programs.push(program.to_string());
        }
    }
    if count > 0 {
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            first,
            "unrelated-lines",
            format!(
                "{count} line(s) from other programs ({}) are not part of any SMTP session: they are listed apart.",
                programs.join(", ")
            ),
        ));
    }
}

/// `Nov 28 14:06:25 host program[pid]: …` → `program`.
fn syslog_program(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    let month = words.next()?;
    if month.len() != 3 || !month.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let _day = words.next()?.parse::<u8>().ok()?;
    let time = words.next()?;
    if time.len() < 8 || time.matches(':').count() != 2 {
        return None;
    }
    let _host = words.next()?;
    let tag = words.next()?;
    if !tag.ends_with(':') {
        return None;
    }
    let name = tag.trim_end_matches(':');
    let name = name.split('[').next().unwrap_or(name);
    (!name.is_empty()).then_some(name)
}
