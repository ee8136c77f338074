//! Mail transactions (MAIL, RCPT…, DATA) and the session's outcome, read
//! from a session's finished events.

use crate::model::{
    Command, DataResult, Event, EventDetail, Outcome, OutcomeStatus, Recipient, ReplyRef, Session,
    Transaction,
};

/// The reply event answering the event at `idx`, as a reference.
fn reply_of(events: &[Event], cmd: &Event) -> Option<ReplyRef> {
    let EventDetail::Command { reply: Some(r), .. } = &cmd.detail else {
        return None;
    };
    reply_ref(events, *r)
}

pub fn reply_ref(events: &[Event], idx: u32) -> Option<ReplyRef> {
    let e = events.get(idx as usize)?;
    match &e.detail {
        EventDetail::Reply {
            code,
            enhanced,
            lines,
            ..
        } => Some(ReplyRef {
            event: Some(idx),
            line: e.line,
            code: *code,
            enhanced: *enhanced,
            text: match &lines[..] {
                [one] => one.clone(),
                _ => lines.join(" ").into(),
            },
        }),
        _ => None,
    }
}

/// The first reply (by event order) whose `inReplyTo` is `target`.
fn reply_to_event(events: &[Event], target: u32) -> Option<ReplyRef> {
    let mut last = None;
    for (i, e) in events.iter().enumerate() {
        if let EventDetail::Reply {
            in_reply_to: Some(t),
            ..
        } = &e.detail
        {
            if *t == target {
                // For LMTP there is one reply per recipient: the last decides
                // nothing on its own, but any failure is worth showing; keep
                // the worst.
                let r = reply_ref(events, i as u32);
                last = match (last, r) {
                    (None, r) => r,
                    (Some(a), Some(b)) if b.code > a.code => Some(b),
                    (a, _) => a,
                };
            }
        }
    }
    last
}

fn status_of(code: u16) -> OutcomeStatus {
    match code / 100 {
        2 | 3 => OutcomeStatus::Delivered,
        4 => OutcomeStatus::Deferred,
        5 => OutcomeStatus::Rejected,
        _ => OutcomeStatus::Incomplete,
    }
}

/// Fill `session.transactions` and `session.outcome`.
pub fn build(session: &mut Session) {
    let events = &session.events;
    let mut txs: Vec<Transaction> = Vec::new();
    let mut open: Option<Transaction> = None;
    // The event index of the DATA/BDAT command of the open transaction.
    for (i, e) in events.iter().enumerate() {
        match &e.detail {
            EventDetail::Command { parsed, .. } => match parsed {
                Command::Mail { path, .. } => {
                    if let Some(t) = open.take() {
                        txs.push(t);
                    }
                    let mail_reply = reply_of(events, e);
                    open = Some(Transaction {
                        sender: Some(path.address().to_string()),
                        line: e.line,
                        mail_reply,
                        ..Transaction::default()
                    });
                }
                Command::Rcpt { path, .. } => {
                    let reply = reply_of(events, e);
                    let rcpt = Recipient {
                        address: path.address().to_string(),
                        line: e.line,
                        accepted: reply.as_ref().is_some_and(|r| r.code / 100 == 2),
                        reply,
                    };
                    open.get_or_insert_with(|| Transaction {
                        line: e.line,
                        ..Transaction::default()
                    })
                    .recipients
                    .push(rcpt);
                }
                Command::Data | Command::Bdat { .. } | Command::Burl { .. } => {
                    let first = reply_of(events, e);
                    let t = open.get_or_insert_with(|| Transaction {
                        line: e.line,
                        ..Transaction::default()
                    });
                    let d = t.data.get_or_insert_with(|| DataResult {
                        line: e.line,
                        ..DataResult::default()
                    });
                    let last_chunk = match parsed {
                        Command::Bdat { last, .. } | Command::Burl { last, .. } => *last,
                        _ => false,
                    };
                    // A negative reply to DATA itself, or the reply to the
                    // last (or a failed) BDAT chunk, is the data result.
                    if let Some(r) = first {
                        let final_reply = match parsed {
                            Command::Data => r.code != 354,
                            _ => last_chunk || r.code >= 400,
                        };
                        if final_reply {
                            d.accepted = r.code / 100 == 2;
                            if let Some(EventDetail::Reply { extra, .. }) = r
                                .event
                                .and_then(|i| events.get(i as usize))
                                .map(|e| &e.detail)
                            {
                                d.queue_id = extra.queue_id().map(str::to_string);
                            }
                            d.reply = Some(r);
                        }
                    }
                }
                Command::Rset
                | Command::Helo { .. }
                | Command::Ehlo { .. }
                | Command::Lhlo { .. } => {
                    if let Some(t) = open.take() {
                        txs.push(t);
                    }
                }
                _ => {}
            },
            EventDetail::Data { size, .. } => {
                let end_reply = reply_to_event(events, i as u32);
                if let Some(d) = open.as_mut().and_then(|t| t.data.as_mut()) {
                    if !e.inferred {
                        d.size = Some(d.size.unwrap_or(0) + size);
                    }
                    if let Some(r) = end_reply {
                        d.accepted = r.code / 100 == 2;
                        if let Some(EventDetail::Reply { extra, .. }) = events
                            .get(r.event.unwrap_or(u32::MAX) as usize)
                            .map(|e| &e.detail)
                        {
                            d.queue_id = extra.queue_id().map(str::to_string);
                        }
                        d.reply = Some(r);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(t) = open.take() {
        txs.push(t);
    }
    for t in &mut txs {
        t.status = transaction_status(t);
    }
    session.outcome = outcome(session, &txs);
    // Few sessions have more than one transaction, or one more than a few
    // recipients: the room the lists grew (by doubling) is given back.
    for t in &mut txs {
        t.recipients.shrink_to_fit();
    }
    txs.shrink_to_fit();
    session.transactions = txs;
}

fn transaction_status(t: &Transaction) -> OutcomeStatus {
    if let Some(r) = t.data.as_ref().and_then(|d| d.reply.as_ref()) {
        return status_of(r.code);
    }
    if let Some(r) = &t.mail_reply {
        if r.code >= 400 {
            return status_of(r.code);
        }
    }
    if !t.recipients.is_empty()
        && t.recipients
            .iter()
            .all(|r| r.reply.is_some() && !r.accepted)
    {
        // Every recipient refused: the worst class wins (5 over 4).
        let worst = t
            .recipients
            .iter()
            .filter_map(|r| r.reply.as_ref().map(|r| r.code))
            .max()
            .unwrap_or(0);
        return status_of(worst);
    }
    OutcomeStatus::Incomplete
}

/// Commands whose failure does not decide a session: the client recovers.
fn is_decisive(cmd: Option<&Command>) -> bool {
    !matches!(
        cmd,
        Some(
            Command::Quit
                | Command::Rset
                | Command::Noop { .. }
                | Command::Vrfy { .. }
                | Command::Expn { .. }
                | Command::Help { .. }
                | Command::Unknown { .. }
        )
    )
}

fn outcome(session: &Session, txs: &[Transaction]) -> Outcome {
    let events = &session.events;
    if let Some(t) = txs
        .iter()
        .rev()
        .find(|t| t.status == OutcomeStatus::Delivered)
    {
        let reply = t.data.as_ref().and_then(|d| d.reply.clone());
        let accepted: Vec<&str> = t
            .recipients
            .iter()
            .filter(|r| r.accepted)
            .map(|r| r.address.as_str())
            .collect();
        let refused = t.recipients.iter().filter(|r| !r.accepted).count();
        // Built by pushing its pieces, not with `format!`: an outcome is
        // made for every session, and a `format!` cost about 800
        // instructions (callgrind), six a session here.
        let mut summary = String::with_capacity(128);
        summary.push_str("Delivered: the server accepted the message ");
        match t.sender.as_deref() {
            Some(s) => push_all(&mut summary, &["from <", s, ">"]),
            // A summary log or a bounce may not name the sender.
            None => summary.push_str("from an unknown sender"),
        }
        summary.push_str(" to ");
        push_addresses(&mut summary, &accepted);
        if let Some(r) = &reply {
            push_all(
                &mut summary,
                &[" (", &r.code.to_string(), " ", r.text.trim(), ")"],
            );
        }
        if refused > 0 {
            let were = if refused == 1 { "was" } else { "were" };
            push_all(
                &mut summary,
                &[
                    "; ",
                    &crate::plural(refused as u64, "recipient"),
                    " ",
                    were,
                    " refused",
                ],
            );
        }
        summary.push('.');
        return Outcome {
            status: OutcomeStatus::Delivered,
            reply,
            summary,
            stage: Some("DATA".to_string()),
            ..Outcome::default()
        };
    }

    // The last negative reply that the client did not recover from.
    let mut decisive: Option<(u32, Option<&Event>)> = None;
    let mut recovered_hello = false;
    for (i, e) in events.iter().enumerate().rev() {
        let EventDetail::Reply {
            code, in_reply_to, ..
        } = &e.detail
        else {
            continue;
        };
        let cmd_event = in_reply_to.and_then(|c| events.get(c as usize));
        let cmd = cmd_event.and_then(|c| match &c.detail {
            EventDetail::Command { parsed, .. } => Some(parsed),
            _ => None,
        });
        if matches!(cmd, Some(Command::Helo { .. } | Command::Ehlo { .. })) && *code < 400 {
            recovered_hello = true;
        }
        if *code < 400 || !is_decisive(cmd) {
            continue;
        }
        if matches!(cmd, Some(Command::Ehlo { .. })) && recovered_hello {
            continue;
        }
        if matches!(cmd, Some(Command::Rcpt { .. })) {
            // A refused recipient is decisive only if no recipient got
            // through to a delivery; that case returned above. Keep looking
            // for a later, more final failure first.
        }
        decisive = Some((i as u32, cmd_event));
        break;
    }
    if let Some((idx, cmd_event)) = decisive {
        let reply = reply_ref(events, idx);
        let status = reply
            .as_ref()
            .map_or(OutcomeStatus::Incomplete, |r| status_of(r.code));
        let greeting = !events
            .iter()
            .take(idx as usize)
            .any(|e| matches!(e.detail, EventDetail::Command { .. }));
        let stage = if cmd_event.is_none() && !greeting {
            None
        } else {
            stage_name(cmd_event)
        };
        let word = if status == OutcomeStatus::Rejected {
            "Rejected"
        } else {
            "Deferred"
        };
        let at = match cmd_event {
            None if greeting => "at the greeting".to_string(),
            // A reply that answers no command we saw (its command is not in
            // the paste, or the server closed on its own).
            None => "by an unsolicited reply".to_string(),
            Some(e) => ["at ", &command_label(e)].concat(),
        };
        let summary = match &reply {
            Some(r) => [
                word,
                " ",
                &at,
                ": ",
                &r.code.to_string(),
                " ",
                r.text.trim(),
            ]
            .concat(),
            None => [word, " ", &at, "."].concat(),
        };
        return Outcome {
            status,
            reply,
            summary,
            stage,
            ..Outcome::default()
        };
    }

    // No failure and no delivery: the dialogue stopped before an answer.
    let last_cmd = events.iter().rev().find_map(|e| match &e.detail {
        EventDetail::Command { reply, .. } => Some((e, reply.is_some())),
        _ => None,
    });
    let summary = match last_cmd {
        None if events
            .iter()
            .any(|e| matches!(e.detail, EventDetail::Reply { .. })) =>
        {
            "Incomplete: the server greeted, but the client sent no command.".to_string()
        }
        None => "Incomplete: no SMTP dialogue was found.".to_string(),
        Some((e, answered)) => {
            let label = command_label(e);
            if matches!(
                &e.detail,
                EventDetail::Command {
                    parsed: Command::Quit,
                    ..
                }
            ) {
                if txs.is_empty() {
                    "Incomplete: the session ended without sending a message.".to_string()
                } else {
                    "Incomplete: the client quit before any message was accepted.".to_string()
                }
            } else if answered {
                format!("Incomplete: the dialogue stops after {label}, before any message was accepted.")
            } else {
                format!("Incomplete: {label} got no reply in this input.")
            }
        }
    };
    Outcome {
        status: OutcomeStatus::Incomplete,
        reply: None,
        summary,
        stage: last_cmd.and_then(|(e, _)| stage_name(Some(e))),
        ..Outcome::default()
    }
}

/// Append `<a>, <b>, …`, or "no recipient".
fn push_addresses(out: &mut String, list: &[&str]) {
    if list.is_empty() {
        out.push_str("no recipient");
    }
    for (i, a) in list.iter().enumerate() {
        let sep = if i == 0 { "<" } else { ", <" };
        push_all(out, &[sep, a, ">"]);
    }
}

/// Append each of `parts`.
fn push_all(out: &mut String, parts: &[&str]) {
    for p in parts {
        out.push_str(p);
    }
}

fn stage_name(e: Option<&Event>) -> Option<String> {
    match e.map(|e| &e.detail) {
        None => Some("CONNECT".to_string()),
        Some(EventDetail::Command { verb, .. }) => Some(verb.to_string()),
        Some(EventDetail::Data { .. }) => Some("DATA".to_string()),
        _ => None,
    }
}

/// "RCPT TO <x@example.com>", "end of data", "EHLO".
fn command_label(e: &Event) -> String {
    match &e.detail {
        EventDetail::Command { parsed, verb, .. } => match parsed {
            Command::Mail { path, .. } => ["MAIL FROM <", path.address(), ">"].concat(),
            Command::Rcpt { path, .. } => ["RCPT TO <", path.address(), ">"].concat(),
            Command::Auth { mechanism, .. } => ["AUTH ", mechanism].concat(),
            Command::AuthResponse { .. } => "the AUTH exchange".to_string(),
            _ => verb.to_string(),
        },
        EventDetail::Data { .. } => "end of data".to_string(),
        _ => "this step".to_string(),
    }
}

/// The queue id named by a positive reply to end of data, in the wording of
/// the common MTAs: Postfix `queued as 4Q…`, Exim `id=1rA2b3-…`, Sendmail
/// `…: Message accepted for delivery`, Exchange `InternalId=…`, Gmail's
/// `OK  1700000000 a1si… - gsmtp`.
pub fn queue_id(text: &str) -> Option<String> {
    let clean = |s: &str| {
        s.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.' && c != '_')
            .to_string()
    };
    let word_after = |needle: &str| -> Option<String> {
        let lower = text.to_ascii_lowercase();
        let at = lower.find(needle)? + needle.len();
        let rest = text.get(at..)?.trim_start();
        let w = rest.split([' ', ',', ';', ')', ']']).next()?;
        let w = clean(w);
        (!w.is_empty()).then_some(w)
    };
    if let Some(id) = word_after("queued as") {
        return Some(id);
    }
    if let Some(id) = word_after("id=") {
        return Some(id);
    }
    if let Some(id) = word_after("internalid=") {
        return Some(id);
    }
    if text.contains("Message accepted for delivery") {
        // Sendmail: "2.0.0 4AS1abc123456: Message accepted for delivery"
        let before = text.split("Message accepted").next()?;
        let w = before.split_whitespace().last()?;
        let w = clean(w.trim_end_matches(':'));
        if !w.is_empty() && !w.contains('.') {
            return Some(w);
        }
    }
    if text.trim_end().ends_with("gsmtp") {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() >= 3 {
            return words.get(words.len() - 3).map(|w| clean(w));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::queue_id;

    #[test]
    fn queue_ids() {
        let rows: &[(&str, Option<&str>)] = &[
            ("2.0.0 Ok: queued as 4Q2Xy12abcz", Some("4Q2Xy12abcz")),
            ("OK id=1rA2b3-000abc-12", Some("1rA2b3-000abc-12")),
            (
                "2.0.0 4ASDlq0j012345 Message accepted for delivery",
                Some("4ASDlq0j012345"),
            ),
            (
                "2.0.0 OK  1700000000 a1si123456wrb.12 - gsmtp",
                Some("a1si123456wrb.12"),
            ),
            (
                "2.6.0 <abc@x> [InternalId=1234567890, Hostname=EX01] Queued mail for delivery",
                Some("1234567890"),
            ),
            ("2.0.0 Ok", None),
        ];
        for (text, want) in rows {
            assert_eq!(queue_id(text).as_deref(), *want, "{text}");
        }
    }
}
