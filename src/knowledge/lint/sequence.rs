//! The order of commands (RFC 5321 §4.1.4): greeting, EHLO, then
//! transactions of MAIL, RCPT…, DATA, and nothing after QUIT.
//!
//! Rules about the start of a session (`mail-before-helo`,
//! `rcpt-without-mail`, `data-without-rcpt`) only fire when the input shows
//! that start — the greeting, or a STARTTLS that reset the state — since a
//! paste that begins mid-session is not a client error.

use super::{accepted, command, is_dialogue, Sink};
use crate::model::{Command, Event, EventDetail, Session, Severity};

/// The open mail transaction.
struct Txn {
    /// The MAIL command got a positive reply (or none in the input).
    mail_ok: bool,
    mail_group: Option<u32>,
    rcpt_sent: bool,
    rcpt_ok: bool,
    last_rcpt_group: Option<u32>,
    /// A BDAT chunk was sent: later BDATs continue the same message.
    bdat: bool,
}

pub(super) fn check(session: &Session, sink: &mut Sink) {
    let events = &session.events;
    let early = command_before_greeting(session, sink);
    // The session's start is in the input: a greeting came first.
    let started = early
        || events.iter().find(|e| is_dialogue(e)).is_some_and(|e| {
            matches!(
                e.detail,
                EventDetail::Reply {
                    in_reply_to: None,
                    ..
                }
            )
        });
    let mut reset_by_tls = false;
    let mut helo_ok = false;
    let mut txn: Option<Txn> = None;
    let mut quit_line: Option<u32> = None;
    let mut after_quit = 0u32;
    let mut after_quit_first: Option<(u32, String)> = None;

    for e in events {
        let Some(cmd) = command(session, e) else {
            continue;
        };
        let known_start = started || reset_by_tls;
        if quit_line.is_some() {
            after_quit += 1;
            if after_quit_first.is_none() {
                after_quit_first = Some((e.line, cmd.verb.to_ascii_uppercase()));
            }
        }
        match cmd.parsed {
            Command::Ehlo { .. } | Command::Helo { .. } | Command::Lhlo { .. } => {
                // EHLO also resets any transaction (RFC 5321 §4.1.4).
                helo_ok = accepted(cmd.reply);
                txn = None;
            }
            Command::Mail { .. } => {
                if !helo_ok && known_start {
                    let msg = if reset_by_tls {
                        "MAIL was sent after STARTTLS without a new EHLO; TLS resets the session, so the client must greet again."
                    } else {
                        "MAIL was sent before any accepted EHLO, HELO or LHLO; the session must be greeted first."
                    };
                    sink.emit(
                        Severity::Error,
                        e.line,
                        "mail-before-helo",
                        msg.to_string(),
                        if reset_by_tls {
                            "RFC 3207 §4.2"
                        } else {
                            "RFC 5321 §4.1.4"
                        },
                    );
                }
                if txn.as_ref().is_some_and(|t| t.mail_ok) {
                    sink.emit(
                        Severity::Error,
                        e.line,
                        "nested-mail",
                        "MAIL was sent while a mail transaction was still open; end it with DATA or RSET first.".to_string(),
                        "RFC 5321 §4.1.4",
                    );
                }
                txn = Some(Txn {
                    mail_ok: accepted(cmd.reply),
                    mail_group: e.group(),
                    rcpt_sent: false,
                    rcpt_ok: false,
                    last_rcpt_group: None,
                    bdat: false,
                });
            }
            Command::Rcpt { .. } => {
                match txn.as_mut() {
                    None if known_start => sink.emit(
                        Severity::Error,
                        e.line,
                        "rcpt-without-mail",
                        "RCPT was sent without a MAIL command opening a transaction.".to_string(),
                        "RFC 5321 §4.1.4",
                    ),
                    None => {}
                    Some(t) => {
                        // In a pipelined group the client could not yet know
                        // that MAIL failed (RFC 2920 §3.1).
                        if !t.mail_ok && !same_group(t.mail_group, e.group()) {
                            sink.emit(
                                Severity::Warning,
                                e.line,
                                "rcpt-without-mail",
                                "RCPT was sent after the server had rejected MAIL, so no transaction is open.".to_string(),
                                "RFC 5321 §4.1.4",
                            );
                        }
                        t.rcpt_sent = true;
                        t.rcpt_ok |= accepted(cmd.reply);
                        t.last_rcpt_group = e.group();
                    }
                }
            }
            Command::Data | Command::Bdat { .. } => {
                let is_bdat = matches!(cmd.parsed, Command::Bdat { .. });
                let continuing = is_bdat && txn.as_ref().is_some_and(|t| t.bdat);
                if !continuing {
                    data_order(&txn, known_start, e, cmd.verb, sink);
                }
                match cmd.parsed {
                    // After 354 the content follows and the end of data
                    // closes the transaction, whatever its reply.
                    Command::Data if matches!(cmd.reply, None | Some(354)) => txn = None,
                    Command::Bdat { last: true, .. } => txn = None,
                    Command::Bdat { .. } => {
                        if let Some(t) = txn.as_mut() {
                            t.bdat = true;
                        }
                    }
                    _ => {}
                }
            }
            Command::Rset => txn = None,
            Command::Starttls if cmd.reply == Some(220) => {
                reset_by_tls = true;
                helo_ok = false;
                txn = None;
            }
            Command::Quit if quit_line.is_none() => quit_line = Some(e.line),
            _ => {}
        }
    }
    if let (Some(q), Some((line, verb))) = (quit_line, after_quit_first) {
        let more = if after_quit > 1 {
            format!(" ({after_quit} commands in all)")
        } else {
            String::new()
        };
        sink.emit(
            Severity::Warning,
            line,
            "command-after-quit",
            format!("{verb} was sent after QUIT (line {q}){more}; the session is over once QUIT is sent."),
            "RFC 5321 §4.1.1.10",
        );
    }
}

fn same_group(a: Option<u32>, b: Option<u32>) -> bool {
    a.is_some() && a == b
}

/// `data-without-rcpt`: DATA (or the first BDAT) needs an accepted RCPT.
fn data_order(txn: &Option<Txn>, known_start: bool, e: &Event, verb: &str, sink: &mut Sink) {
    let verb = verb.to_ascii_uppercase();
    let (severity, msg) = match txn {
        None if known_start => (
            Severity::Error,
            format!("{verb} was sent without MAIL and RCPT commands before it."),
        ),
        None => return,
        Some(t) if !t.rcpt_sent => (
            Severity::Error,
            format!("{verb} was sent without any RCPT command in the transaction."),
        ),
        // Pipelined with the RCPTs: the client could not know they would
        // fail, and the server answers DATA with 503/554 (RFC 2920 §3.1).
        Some(t) if !t.rcpt_ok && !same_group(t.last_rcpt_group, e.group()) => (
            Severity::Warning,
            format!("{verb} was sent although the server had rejected every RCPT."),
        ),
        Some(_) => return,
    };
    sink.emit(
        severity,
        e.line,
        "data-without-rcpt",
        msg,
        "RFC 5321 §4.1.4",
    );
}

/// `command-before-greeting`: the client spoke before the server's 220.
/// Seen as a first command whose "reply" is the 220 greeting (the engine
/// pairs it that way). A paste that lacks the greeting shows a 250 first
/// and is not reported. Returns true when it fired.
fn command_before_greeting(session: &Session, sink: &mut Sink) -> bool {
    let mut dialogue = session.events.iter().filter(|e| is_dialogue(e));
    let Some(first) = dialogue.next() else {
        return false;
    };
    let Some(cmd) = command(session, first) else {
        return false;
    };
    if matches!(cmd.parsed, Command::Starttls) {
        return false;
    }
    let first_reply = session
        .events
        .iter()
        .find(|e| matches!(e.detail, EventDetail::Reply { .. }));
    let Some(Event {
        detail: EventDetail::Reply { code: 220, .. },
        line: greeting_line,
        ..
    }) = first_reply
    else {
        return false;
    };
    sink.emit(
        Severity::Warning,
        first.line,
        "command-before-greeting",
        format!(
            "{} was sent before the server's 220 greeting (line {greeting_line}); servers such as Postfix treat early talkers as spam bots.",
            cmd.verb.to_ascii_uppercase()
        ),
        "RFC 5321 §3.1",
    );
    true
}
