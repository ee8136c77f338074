//! `annotate` fills reply explanations and session headlines.

#![allow(clippy::unwrap_used, clippy::panic)]

use smtpscope::knowledge::annotate;
use smtpscope::*;

fn ev(line: u32, detail: EventDetail) -> Event {
    let mut e = Event::new(
        SourceLine::new(line, [0, 0], Text::default()),
        false,
        false,
        detail,
    );
    // Made by hand: no source line.
    e.clear_source();
    e
}

fn rcpt(addr: &str, domain: &str, reply: u32) -> EventDetail {
    EventDetail::Command {
        verb: "RCPT".into(),
        args: format!("TO:<{addr}>").into(),
        parsed: Command::Rcpt {
            path: Box::new(Path::new(
                &format!("<{addr}>"),
                addr.strip_suffix(domain)
                    .and_then(|l| l.strip_suffix('@'))
                    .unwrap_or(addr),
                domain,
            )),
            params: Vec::new(),
        },
        reply: Some(reply),
    }
}

fn reply(code: u16, enhanced: Option<&str>, text: &str, to: Option<u32>) -> EventDetail {
    EventDetail::Reply {
        code,
        enhanced: enhanced.map(|e| e.parse().unwrap()),
        lines: vec![text.into()].into(),
        in_reply_to: to,
        extra: Default::default(),
        explanation: None,
        advice: Default::default(),
    }
}

fn session(events: Vec<Event>, status: OutcomeStatus, decisive: Option<u32>) -> Session {
    let reply = decisive.and_then(|i| match &events[i as usize].detail {
        EventDetail::Reply {
            code,
            enhanced,
            lines,
            ..
        } => Some(ReplyRef {
            event: Some(i),
            line: events[i as usize].line,
            code: *code,
            enhanced: *enhanced,
            text: lines.join(" ").into(),
        }),
        _ => None,
    });
    Session {
        events,
        outcome: Outcome {
            status,
            reply,
            summary: "Incomplete: the session ended without sending a message.".into(),
            ..Outcome::default()
        },
        ..Session::default()
    }
}

#[test]
fn rejected_rcpt_gets_reason_and_headline() {
    let text = "5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table";
    let events = vec![
        ev(1, reply(220, None, "mx.example.com ESMTP", None)),
        ev(2, rcpt("nobody@example.com", "example.com", 2)),
        ev(3, reply(550, Some("5.1.1"), text, Some(1))),
    ];
    let mut t = Transcript {
        sessions: vec![session(events, OutcomeStatus::Rejected, Some(2))],
        ..Transcript::default()
    };
    annotate(&mut t, &[], true);
    let s = &t.sessions[0];
    let EventDetail::Reply {
        explanation,
        advice,
        ..
    } = &s.events[0].detail
    else {
        panic!()
    };
    assert_eq!(
        explanation.as_deref(),
        Some("220: Service ready (or, after STARTTLS, ready to start TLS).")
    );
    assert_eq!(
        (advice.reason(), advice.actor(), advice.remedy()),
        (None, None, None)
    );
    let EventDetail::Reply {
        explanation,
        advice,
        ..
    } = &s.events[2].detail
    else {
        panic!()
    };
    assert_eq!(
        explanation.as_deref(),
        Some("550 5.1.1: Requested action not taken: mailbox unavailable, or refused by policy; Bad destination mailbox address.")
    );
    assert_eq!(advice.reason(), Some("user-unknown"));
    assert_eq!(advice.actor(), Some("sender"));
    assert_eq!(s.outcome.reason.as_deref(), Some("user-unknown"));
    assert_eq!(
        s.outcome.headline.as_deref(),
        Some("Rejected: the recipient address does not exist at example.com — check the spelling; the server said 550 5.1.1 at RCPT TO.")
    );
}

#[test]
fn deferred_greylisting_says_it_will_retry() {
    let text = "4.2.0 <x@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html";
    let events = vec![
        ev(1, rcpt("x@example.com", "example.com", 1)),
        ev(2, reply(450, Some("4.2.0"), text, Some(0))),
    ];
    let mut t = Transcript {
        sessions: vec![session(events, OutcomeStatus::Deferred, Some(1))],
        ..Transcript::default()
    };
    annotate(&mut t, &[], true);
    let s = &t.sessions[0];
    assert_eq!(s.outcome.actor.as_deref(), Some("nobody"));
    assert_eq!(
        s.outcome.headline.as_deref(),
        Some("Deferred: the receiver greylisted the message — it will pass on retry; the server said 450 4.2.0 at RCPT TO, and the sending server will retry.")
    );
    let EventDetail::Reply { advice, .. } = &s.events[1].detail else {
        panic!()
    };
    assert_eq!(
        advice.links(),
        ["http://postgrey.schweikert.ch/help/example.com.html".to_string()]
    );
}

#[test]
fn incomplete_session_keeps_its_summary_as_headline() {
    let mut t = Transcript {
        sessions: vec![session(
            vec![ev(1, reply(220, None, "hi", None))],
            OutcomeStatus::Incomplete,
            None,
        )],
        ..Transcript::default()
    };
    annotate(&mut t, &[], true);
    let o = &t.sessions[0].outcome;
    assert_eq!(
        o.headline.as_deref(),
        Some("Incomplete: the session ended without sending a message.")
    );
    assert_eq!(o.reason, None);
}
