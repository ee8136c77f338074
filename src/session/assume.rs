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
use crate::grammar::parse_ehlo_line_of;
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
    let mut content = ContentBuilder::new(None);
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
    head.source = sources.into();
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
        extra,
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
    let caps: std::sync::Arc<[_]> = lines
        .iter()
        .zip(sources.iter().chain(std::iter::repeat(&line)))
        .filter_map(|(l, n)| parse_ehlo_line_of(l, *n))
        .collect();
    if extra.capabilities().is_none() {
        extra.make_fields().capabilities = Some(std::sync::Arc::clone(&caps));
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
                matches!(&**verb, "EHLO" | "HELO" | "LHLO")
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
/// by a mail client: joined back to the reply. One pass over the events
/// (and one re-pairing), so a paste with many wrapped lines stays linear.
fn rewrapped(session: &mut Session, diags: &mut Vec<Diagnostic>) -> bool {
    // Most sessions have no unknown command at all: leave their events in
    // place instead of moving every one into a new vector (profiled: that
    // copy was 3 % of parsing a 10 MB transcript).
    let candidate = session.events.iter().any(|e| {
        matches!(&e.detail, EventDetail::Command { parsed: Command::Unknown { text }, .. }
            if !e.inferred && !text.trim().is_empty())
    });
    if !candidate {
        return false;
    }
    // Lines the server answered as unknown commands (500–502) were ones.
    let rejected: Vec<bool> = session
        .events
        .iter()
        .map(|e| match &e.detail {
            EventDetail::Command { reply, .. } => rejected_as_command(session, *reply),
            _ => false,
        })
        .collect();
    let old = std::mem::take(&mut session.events);
    let mut events: Vec<Event> = Vec::with_capacity(old.len());
    // New index of each old event (merged ones: the reply they joined).
    let mut map: Vec<u32> = Vec::with_capacity(old.len());
    let mut first_merge: Option<usize> = None;
    for (i, e) in old.into_iter().enumerate() {
        let joined = match (&e.detail, events.last_mut()) {
            (
                EventDetail::Command {
                    parsed: Command::Unknown { text },
                    ..
                },
                Some(prev),
            ) if !e.inferred
                && !text.trim().is_empty()
                && !rejected.get(i).copied().unwrap_or(false) =>
            {
                join_wrapped(prev, text, &e)
            }
            _ => false,
        };
        if joined {
            let line = e.line;
            let prev_line = events
                .last()
                .and_then(|p| p.source.iter().rev().nth(1))
                .map_or(0, |s| s.line);
            map.push(events.len().saturating_sub(1) as u32);
            first_merge.get_or_insert(events.len());
            diags.push(Diagnostic::new(
                Severity::Info,
                Some(line),
                "line-rewrapped",
                format!("Line {line} looks like the rest of line {prev_line}, wrapped by a mail client: joined back to that reply."),
            ));
        } else {
            map.push(events.len() as u32);
            events.push(e);
        }
    }
    session.events = events;
    let Some(first) = first_merge else {
        return false;
    };
    let fix = |r: &mut Option<u32>| {
        if let Some(x) = r {
            *x = map.get(*x as usize).copied().unwrap_or(*x);
        }
    };
    for e in &mut session.events {
        match &mut e.detail {
            EventDetail::Command { reply, .. } => fix(reply),
            EventDetail::Reply { in_reply_to, .. } => fix(in_reply_to),
            _ => {}
        }
    }
    repair(session, first, diags);
    true
}

/// Join `text` (the line of event `e`) to the reply `prev` when it looks
/// like the rest of prev's last line: prev's last line is long enough to
/// have been wrapped, `e` comes right after it, and `e` is no AUTH
/// response (a lone base64 word after a 334).
fn join_wrapped(prev: &mut Event, text: &str, e: &Event) -> bool {
    let prev_last = prev.source.last().map_or(0, |s| s.line);
    let long = prev
        .source
        .last()
        .is_some_and(|s| s.text.chars().count() >= WRAP_COLUMN);
    // Decoded last: most candidates fail the cheap tests.
    let base64_word =
        || !text.trim().contains(' ') && crate::grammar::decode_base64(text.trim()).is_some();
    let EventDetail::Reply { lines, code, .. } = &mut prev.detail else {
        return false;
    };
    if !long || prev_last + 1 != e.line || *code == 334 || base64_word() {
        return false;
    }
    if let Some(last) = lines.last_mut() {
        last.push_str(" ");
        last.push_str(text.trim());
    }
    prev.source.extend(e.source.iter().cloned());
    true
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
    let _day: u8 = crate::parse_uint(words.next()?)?;
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

/// A credential the AUTH exchange did not catch because the paste lost a
/// line (the AUTH command, or the 334 before the response): a client line
/// whose base64 decodes to the shape of a SASL response (PLAIN's
/// `authzid NUL authcid NUL password`, XOAUTH2's `user=… ^A auth=…`,
/// OAUTHBEARER's `n,a=…,^A…auth=…`, CRAM-MD5's `user hex-digest`), or the
/// line after a 334 `Password:` challenge. Masked like the builder masks
/// (unless secrets are shown), keeping who logged in.
pub fn mask_stray_credentials(session: &mut Session, show_secrets: bool) {
    if show_secrets {
        return;
    }
    let mut after_password_prompt = false;
    let mut found: Option<(String, Option<String>, u32)> = None;
    // Passwords sent after a `Password:` prompt: when the paste lost the
    // user name line, the AUTH exchange took the password for the user.
    let mut passwords: Vec<String> = Vec::new();
    // AUTH LOGIN sends the user name, then the password (the user name
    // may ride on the AUTH command): the second response is the password
    // whatever the challenges said, when the paste lost one.
    let mut login_responses: Option<u32> = None;
    // Decoded words, one buffer for the whole session.
    let mut buf = Vec::new();
    for e in &mut session.events {
        if let EventDetail::Command { verb, parsed, .. } = &e.detail {
            login_responses = match parsed {
                Command::Auth {
                    mechanism,
                    initial_response,
                } if mechanism.eq_ignore_ascii_case("LOGIN") => {
                    Some(u32::from(initial_response.is_some()))
                }
                Command::AuthResponse { .. } => login_responses.map(|n| n + 1),
                _ if verb == "AUTH-RESPONSE" => login_responses.map(|n| n + 1),
                // A lone base64 word the exchange did not expect (its 334
                // is missing from the paste).
                Command::Unknown { text }
                    if !text.contains(' ')
                        && crate::grammar::decode_base64(text.trim()).is_some() =>
                {
                    login_responses.map(|n| n + 1)
                }
                _ => None,
            };
            if login_responses == Some(2) {
                after_password_prompt = true;
            }
        }
        let client = match &e.detail {
            EventDetail::Reply {
                code, extra, lines, ..
            } => {
                // Only a 334 is a challenge: decoding every reply's text as
                // base64 was a twentieth of the parse.
                after_password_prompt = *code == 334 && {
                    let challenge = extra
                        .decoded()
                        .map(str::to_string)
                        .or_else(|| lines.first().and_then(|l| super::auth::decode_challenge(l)));
                    challenge.is_some_and(|d| d.to_ascii_lowercase().contains("pass"))
                };
                continue;
            }
            EventDetail::Command { .. }
            | EventDetail::Unparsed { .. }
            | EventDetail::Note { .. } => true,
            _ => false,
        };
        let prompt = std::mem::take(&mut after_password_prompt);
        if prompt && login_responses == Some(2) {
            // Already masked by the exchange, or not: either way it is the
            // password, never the user.
            if let Some(w) = e
                .source
                .first()
                .and_then(|s| base64_runs(&s.text).filter(|w| w.len() >= 4).last())
                .filter(|w| *w != super::MASK)
                .map(str::to_string)
            {
                if let Some(d) = crate::grammar::decode_base64(&w) {
                    passwords.push(String::from_utf8_lossy(&d).into_owned());
                }
                mask_word(e, &w);
                found.get_or_insert(("LOGIN".to_string(), None, e.line));
            }
            continue;
        }
        if !client {
            continue;
        }
        // Most lines hold no credential: look at the words in place, and
        // copy only those to mask (profiled: copying every line and
        // decoding every word into a new buffer was a sixth of parsing a
        // Postfix log).
        let mut hits: Vec<(String, (String, Option<String>))> = Vec::new();
        if let Some(first) = e.source.first() {
            for word in base64_runs(&first.text) {
                if word.len() < 4 || (word.len() < 8 && !prompt) {
                    continue;
                }
                if !prompt && !may_encode_credential(word) {
                    continue;
                }
                if !crate::grammar::decode_base64_into(word, &mut buf)
                    || !(prompt || may_be_credential(&buf))
                {
                    continue;
                }
                let Ok(decoded) = std::str::from_utf8(&buf) else {
                    continue;
                };
                let credential = credential_shape(decoded).or_else(|| {
                    (prompt && !decoded.chars().any(char::is_control)).then(|| {
                        passwords.push(decoded.to_string());
                        ("LOGIN".to_string(), None)
                    })
                });
                if let Some(credential) = credential {
                    hits.push((word.to_string(), credential));
                }
            }
        }
        for (word, (mechanism, user)) in hits {
            if word != super::MASK {
                mask_word(e, &word);
            }
            found.get_or_insert((mechanism, user, e.line));
        }
    }
    if let Some(a) = &mut session.auth {
        if a.user.as_ref().is_some_and(|u| passwords.contains(u)) {
            a.user = None;
            a.masked = true;
        }
    }
    if let Some((mechanism, user, line)) = found {
        match &mut session.auth {
            Some(a) => a.masked = true,
            None => {
                session.auth = Some(crate::model::AuthInfo {
                    mechanism,
                    user,
                    success: None,
                    masked: true,
                    secret: None,
                    line,
                })
            }
        }
    }
}

/// Runs of base64 characters in a line (a format may wrap the SMTP text in
/// quotes and escapes, as smtplib's `send: 'AGFs…\r\n'`).
fn base64_runs(text: &str) -> impl Iterator<Item = &str> {
    // Byte by byte, through a table: every base64 character is ASCII, so a
    // run never splits a multi-byte character, and the runs are those of a
    // split by `char` (profiled: the split by `char` was a tenth of parsing
    // a Postfix log, whose every line is scanned).
    const BASE64: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=';
            b += 1;
        }
        t
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut start = at;
        while bytes.get(start).is_some_and(|&b| !BASE64[usize::from(b)]) {
            start += 1;
        }
        let mut end = start;
        while bytes.get(end).is_some_and(|&b| BASE64[usize::from(b)]) {
            end += 1;
        }
        at = end;
        (end > start).then(|| text.get(start..end)).flatten()
    })
}

/// Whether base64 `word` can decode to bytes that pass
/// [`may_be_credential`], read off the encoded text, so that most words of
/// a log line are not decoded at all (decoding them was 3.5 % of parsing a
/// Postfix log). Decoded, a credential has a byte 0 or 1, or is over 33
/// bytes long (44 characters of base64 at most encode 33 bytes). A byte 0
/// or 1 leaves a character from `A` to `H` in its encoding wherever it
/// falls in its group of three bytes: first, its six high bits are 0
/// (`A`); second, the next character takes its four low bits then two
/// more bits, 0 to 7 (`A`–`H`); third, the last character is its six low
/// bits, 0 or 1 (`A`, `B`).
fn may_encode_credential(word: &str) -> bool {
    word.len() > 44 || word.bytes().any(|b| (b'A'..=b'H').contains(&b))
}

/// Whether decoded bytes can have the shape [`credential_shape`] looks
/// for: PLAIN's NULs, XOAUTH2's and OAUTHBEARER's ^A, or CRAM-MD5's
/// `user digest` (a space and 32 hex digits). A cheap test before the
/// UTF-8 check and the split.
fn may_be_credential(decoded: &[u8]) -> bool {
    memchr::memchr2(0, 1, decoded).is_some() || (decoded.len() > 33 && decoded.contains(&b' '))
}

/// (mechanism, user) when `decoded` looks like a SASL response that holds
/// a secret.
fn credential_shape(decoded: &str) -> Option<(String, Option<String>)> {
    let parts: Vec<&str> = decoded.split('\0').collect();
    if parts.len() == 3 && parts.get(2).is_some_and(|p| !p.is_empty()) {
        let user = parts
            .get(1)
            .filter(|u| !u.is_empty())
            .or(parts.first())
            .map(|u| u.to_string());
        return Some(("PLAIN".to_string(), user));
    }
    if decoded.contains("auth=") && decoded.contains('\u{1}') {
        let user = decoded
            .split([',', '\u{1}'])
            .find_map(|f| f.strip_prefix("user=").or_else(|| f.strip_prefix("a=")))
            .map(str::to_string);
        let mech = if decoded.starts_with("n,") {
            "OAUTHBEARER"
        } else {
            "XOAUTH2"
        };
        return Some((mech.to_string(), user));
    }
    if let Some((user, digest)) = decoded.rsplit_once(' ') {
        if digest.len() == 32 && digest.bytes().all(|b| b.is_ascii_hexdigit()) && !user.is_empty() {
            return Some(("CRAM-MD5".to_string(), Some(user.to_string())));
        }
    }
    None
}

fn mask_word(e: &mut Event, word: &str) {
    for s in e.source.iter_mut() {
        // Only a line with the word becomes a text of its own.
        if s.text.contains(word) {
            s.text = super::masked(&s.text, word).into();
        }
    }
    match &mut e.detail {
        EventDetail::Command {
            args, verb, parsed, ..
        } => {
            *args = super::masked(args, word).into();
            *verb = super::masked(verb, word).into();
            if let Command::Unknown { text } = parsed {
                *text = super::masked(text, word);
            }
        }
        EventDetail::Unparsed { text, .. } | EventDetail::Note { text, .. } => {
            *text = super::masked(text, word).into();
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{may_be_credential, may_encode_credential};

    fn encode(data: &[u8]) -> String {
        const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            }
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
        out
    }

    /// The filter before decoding never drops a word whose decoding
    /// `may_be_credential` would keep: every byte 0 or 1, at every place,
    /// among random bytes, and every length over 33 bytes.
    #[test]
    fn the_encoded_filter_keeps_every_possible_credential() {
        let mut seed = 0x2545_f491_u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        };
        let mut checked = 0;
        for len in 1..=40usize {
            for at in 0..len {
                for special in [0u8, 1] {
                    for _ in 0..40 {
                        let mut data: Vec<u8> = (0..len).map(|_| next().max(2)).collect();
                        data[at] = special;
                        let word = encode(&data);
                        assert!(may_be_credential(&data));
                        assert!(may_encode_credential(&word), "{data:?} -> {word}");
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 40 * 41 / 2 * 2 * 40);
        // Long enough to hold a CRAM-MD5 response: kept whatever it holds.
        let cram = b"alice 0123456789abcdef0123456789abcdef";
        assert!(may_be_credential(cram));
        assert!(may_encode_credential(&encode(cram)));
        // Words of a log line that cannot hold a credential are dropped.
        for word in ["postfix/smtpd", "unknown", "1234567890", "smtp/smtpd"] {
            assert!(!may_encode_credential(word), "{word}");
        }
    }
}
