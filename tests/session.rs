//! The dialogue engine on RFC-style transcripts: pairing (with pipelining),
//! DATA and BDAT content, STARTTLS, AUTH with masking, transactions and
//! outcomes. One named row per behaviour.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use smtpscope::{parse, Command, Event, EventDetail, Options, OutcomeStatus, Transcript};

fn run(text: &str) -> Transcript {
    parse(text, &Options::default())
}

fn kinds(e: &[Event]) -> Vec<&'static str> {
    e.iter().map(|e| e.detail.kind()).collect()
}

/// (verb or reply code as text) of each dialogue event, with blank notes
/// skipped.
fn steps(e: &[Event]) -> Vec<String> {
    e.iter()
        .filter_map(|e| match &e.detail {
            EventDetail::Command { verb, .. } => Some(verb.to_string()),
            EventDetail::Reply { code, .. } => Some(code.to_string()),
            EventDetail::Data { .. } => Some("<data>".into()),
            EventDetail::Tls { .. } => Some("<tls>".into()),
            _ => None,
        })
        .collect()
}

const DELIVERY: &str = "S: 220 foo.com Simple Mail Transfer Service Ready
C: EHLO bar.com
S: 250-foo.com greets bar.com
S: 250-8BITMIME
S: 250-SIZE
S: 250-DSN
S: 250 HELP
C: MAIL FROM:<Smith@bar.com>
S: 250 OK
C: RCPT TO:<Jones@foo.com>
S: 250 OK
C: RCPT TO:<Green@foo.com>
S: 550 No such user here
C: RCPT TO:<Brown@foo.com>
S: 250 OK
C: DATA
S: 354 Start mail input; end with <CRLF>.<CRLF>
C: Subject: hi
C:
C: Blah blah blah...
C: ..dot-stuffed
C: .
S: 250 OK
C: QUIT
S: 221 foo.com Service closing transmission channel
";

#[test]
fn rfc5321_d1_delivery() {
    let t = run(DELIVERY);
    assert_eq!(t.format, "rfc");
    assert_eq!(t.sessions.len(), 1);
    let s = &t.sessions[0];
    assert_eq!(
        steps(&s.events),
        [
            "220", "EHLO", "250", "MAIL", "250", "RCPT", "250", "RCPT", "550", "RCPT", "250",
            "DATA", "354", "<data>", "250", "QUIT", "221"
        ]
    );
    // The EHLO reply is one event of five lines with four capabilities.
    let ehlo_reply = &s.events[2];
    assert_eq!(ehlo_reply.source.len(), 5);
    let EventDetail::Reply {
        extra, in_reply_to, ..
    } = &ehlo_reply.detail
    else {
        panic!("not a reply: {ehlo_reply:?}");
    };
    let caps = extra.capabilities().unwrap();
    assert_eq!(*in_reply_to, Some(1));
    let kw: Vec<&str> = caps.iter().map(|c| &*c.keyword).collect();
    assert_eq!(kw, ["8BITMIME", "SIZE", "DSN", "HELP"]);
    // Content: headers, dot-unstuffing, the terminating dot is part of it.
    let data = s.events.iter().find(|e| e.detail.kind() == "data").unwrap();
    let EventDetail::Data {
        size,
        headers,
        terminated,
        ..
    } = &data.detail
    else {
        unreachable!()
    };
    assert!(*terminated);
    assert_eq!(headers.len(), 1);
    assert_eq!(headers[0].name, "Subject");
    // "Subject: hi" 11 + "" 0 + "Blah blah blah..." 17 + ".dot-stuffed" 12, each + CRLF
    assert_eq!(*size, 11 + 17 + 12 + 8);
    assert_eq!(data.source.len(), 5);
    // Transaction and outcome.
    assert_eq!(s.transactions.len(), 1);
    let tx = &s.transactions[0];
    assert_eq!(tx.sender.as_deref(), Some("Smith@bar.com"));
    let rc: Vec<(&str, bool)> = tx
        .recipients
        .iter()
        .map(|r| (r.address.as_str(), r.accepted))
        .collect();
    assert_eq!(
        rc,
        [
            ("Jones@foo.com", true),
            ("Green@foo.com", false),
            ("Brown@foo.com", true)
        ]
    );
    assert_eq!(tx.status, OutcomeStatus::Delivered);
    assert_eq!(s.outcome.status, OutcomeStatus::Delivered);
    assert!(
        s.outcome.summary.starts_with("Delivered"),
        "{}",
        s.outcome.summary
    );
    assert!(
        s.outcome.summary.contains("1 recipient was refused"),
        "{}",
        s.outcome.summary
    );
}

#[test]
fn rejected_at_rcpt() {
    let t = run("S: 220 mx.example.com ESMTP
C: EHLO client.example.org
S: 250 mx.example.com
C: MAIL FROM:<a@example.org>
S: 250 2.1.0 Ok
C: RCPT TO:<nobody@example.com>
S: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table
C: QUIT
S: 221 2.0.0 Bye
");
    let s = &t.sessions[0];
    assert_eq!(s.outcome.status, OutcomeStatus::Rejected);
    let r = s.outcome.reply.as_ref().unwrap();
    assert_eq!(
        (r.code, r.enhanced.map(|e| e.to_string())),
        (550, Some("5.1.1".into()))
    );
    assert_eq!(r.line, 7);
    assert_eq!(s.outcome.stage.as_deref(), Some("RCPT"));
    assert!(
        s.outcome
            .summary
            .starts_with("Rejected at RCPT TO <nobody@example.com>: 550 5.1.1"),
        "{}",
        s.outcome.summary
    );
    assert_eq!(s.transactions[0].status, OutcomeStatus::Rejected);
}

#[test]
fn deferred_greylisting() {
    let t = run("S: 220 mx
C: HELO a
S: 250 mx
C: MAIL FROM:<>
S: 250 Ok
C: RCPT TO:<b@c>
S: 450 4.2.0 <b@c>: Recipient address rejected: Greylisted, try again later
C: QUIT
S: 221 Bye
");
    let s = &t.sessions[0];
    assert_eq!(s.outcome.status, OutcomeStatus::Deferred);
    assert_eq!(s.transactions[0].sender.as_deref(), Some(""));
}

#[test]
fn rejected_at_greeting() {
    let t = run("S: 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org\nC: QUIT\nS: 221 bye\n");
    let s = &t.sessions[0];
    assert_eq!(s.outcome.status, OutcomeStatus::Rejected);
    assert_eq!(s.outcome.stage.as_deref(), Some("CONNECT"));
    assert!(
        s.outcome
            .summary
            .starts_with("Rejected at the greeting: 554"),
        "{}",
        s.outcome.summary
    );
}

#[test]
fn ehlo_fallback_to_helo_is_not_decisive() {
    let t = run("S: 220 old\nC: EHLO a\nS: 502 5.5.2 Error: command not recognized\nC: HELO a\nS: 250 old\nC: QUIT\nS: 221 bye\n");
    assert_eq!(t.sessions[0].outcome.status, OutcomeStatus::Incomplete);
}

#[test]
fn incomplete_when_cut_off() {
    let t = run("S: 220 mx\nC: EHLO a\nS: 250 mx\nC: MAIL FROM:<a@b>\n");
    let s = &t.sessions[0];
    assert_eq!(s.outcome.status, OutcomeStatus::Incomplete);
    assert!(s.outcome.summary.contains("MAIL"), "{}", s.outcome.summary);
    assert!(t
        .diagnostics
        .iter()
        .any(|d| d.code == "no-reply" && d.line == Some(4)));
}

#[test]
fn pipelined_group_pairs_in_order() {
    let t = run("S: 220 mx
C: EHLO a
S: 250-mx
S: 250 PIPELINING
C: MAIL FROM:<a@b>
C: RCPT TO:<c@d>
C: RCPT TO:<e@f>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 550 5.1.1 no such user
S: 354 go ahead
C: hello
C: .
S: 250 2.0.0 Ok: queued as ABC123
C: QUIT
S: 221 bye
");
    let s = &t.sessions[0];
    // MAIL, RCPT, RCPT, DATA are events 3..=6, one group.
    let groups: Vec<Option<u32>> = s.events[3..7].iter().map(|e| e.group()).collect();
    assert_eq!(groups, [Some(1); 4]);
    assert_eq!(s.events[2].group(), None);
    let pairs: Vec<(u32, Option<u32>)> = s
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.detail {
            EventDetail::Reply { in_reply_to, .. } => Some((i as u32, *in_reply_to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (0, None),
            (2, Some(1)),
            (7, Some(3)),
            (8, Some(4)),
            (9, Some(5)),
            (10, Some(6)),
            (12, Some(11)),
            (14, Some(13))
        ]
    );
    let tx = &s.transactions[0];
    assert_eq!(tx.recipients.iter().filter(|r| r.accepted).count(), 1);
    let d = tx.data.as_ref().unwrap();
    assert_eq!(d.queue_id.as_deref(), Some("ABC123"));
    assert_eq!(s.outcome.status, OutcomeStatus::Delivered);
}

#[test]
fn starttls_boundary_and_capabilities() {
    let t = run("S: 220 mx
C: EHLO a
S: 250-mx
S: 250-STARTTLS
S: 250-AUTH PLAIN LOGIN
S: 250 PIPELINING
C: STARTTLS
S: 220 2.0.0 Ready to start TLS
C: EHLO a
S: 250-mx
S: 250-AUTH PLAIN LOGIN
S: 250 PIPELINING
C: QUIT
S: 221 bye
");
    let s = &t.sessions[0];
    assert!(s.tls);
    assert_eq!(
        steps(&s.events),
        ["220", "EHLO", "250", "STARTTLS", "220", "<tls>", "EHLO", "250", "QUIT", "221"]
    );
    let tls = &s.events[5];
    assert!(tls.inferred && tls.source.is_empty());
    assert!(!s.events[4].encrypted && s.events[6].encrypted && s.events[9].encrypted);
    let before: Vec<&str> = s
        .capabilities_before_tls
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| &*c.keyword)
        .collect();
    let after: Vec<&str> = s.capabilities.iter().map(|c| &*c.keyword).collect();
    assert_eq!(before, ["STARTTLS", "AUTH", "PIPELINING"]);
    assert_eq!(after, ["AUTH", "PIPELINING"]);
}

#[test]
fn auth_plain_masked_by_default() {
    // AGFsaWNlAHNlY3JldDEyMw== is "\0alice\0secret123".
    let text = "S: 220 mx\nC: AUTH PLAIN AGFsaWNlAHNlY3JldDEyMw==\nS: 235 2.7.0 Authentication successful\n";
    let t = run(text);
    let s = &t.sessions[0];
    let auth = s.auth.as_ref().unwrap();
    assert_eq!(auth.mechanism, "PLAIN");
    assert_eq!(auth.user.as_deref(), Some("alice"));
    assert_eq!(auth.success, Some(true));
    assert!(auth.masked && auth.secret.is_none());
    let json = serde_json::to_string(&t).unwrap();
    assert!(
        !json.contains("AGFsaWNlAHNlY3JldDEyMw"),
        "secret leaked: {json}"
    );
    assert!(!json.contains("secret123"));
    let EventDetail::Command { args, parsed, .. } = &s.events[1].detail else {
        panic!()
    };
    assert_eq!(args, "PLAIN ********");
    assert!(matches!(parsed, Command::Auth { initial_response: Some(ir), .. } if ir == "********"));
    assert_eq!(&*s.events[1].source[0].text, "C: AUTH PLAIN ********");

    let shown = parse(
        text,
        &Options {
            show_secrets: true,
            ..Options::default()
        },
    );
    let auth = shown.sessions[0].auth.as_ref().unwrap();
    assert_eq!(auth.secret.as_deref(), Some("secret123"));
    assert!(serde_json::to_string(&shown)
        .unwrap()
        .contains("AGFsaWNlAHNlY3JldDEyMw=="));
}

#[test]
fn auth_login_user_shown_password_masked() {
    // YWxpY2VAZXhhbXBsZS50ZXN0 = alice@example.test, c2VjcmV0MTIz = secret123
    let t = run("S: 220 mx
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2VAZXhhbXBsZS50ZXN0
S: 334 UGFzc3dvcmQ6
C: c2VjcmV0MTIz
S: 535 5.7.8 Error: authentication failed: authentication failure
");
    let s = &t.sessions[0];
    assert_eq!(
        kinds(&s.events),
        ["reply", "command", "reply", "command", "reply", "command", "reply"]
    );
    let EventDetail::Reply { extra, .. } = &s.events[2].detail else {
        panic!()
    };
    let decoded = extra.decoded();
    assert_eq!(decoded, Some("Username:"));
    let auth = s.auth.as_ref().unwrap();
    assert_eq!(auth.user.as_deref(), Some("alice@example.test"));
    assert_eq!(auth.success, Some(false));
    let json = serde_json::to_string(&t).unwrap();
    assert!(!json.contains("c2VjcmV0MTIz"));
    let EventDetail::Command { verb, args, .. } = &s.events[5].detail else {
        panic!()
    };
    assert_eq!((&**verb, args.as_str()), ("AUTH-RESPONSE", "********"));
    assert_eq!(s.outcome.status, OutcomeStatus::Rejected);
}

#[test]
fn cram_md5_user_and_xoauth2_user() {
    // "tim b913a602c7eda7a495b4e6e7334d3890" (RFC 2195 example)
    let t = run("S: 220 mx
C: AUTH CRAM-MD5
S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
S: 235 Authentication successful
");
    let s = &t.sessions[0];
    assert_eq!(s.auth.as_ref().unwrap().user.as_deref(), Some("tim"));
    let EventDetail::Reply { extra, .. } = &s.events[2].detail else {
        panic!()
    };
    let decoded = extra.decoded();
    assert_eq!(decoded, Some("<1896.697170952@postoffice.reston.mci.net>"));
    assert!(!serde_json::to_string(&t).unwrap().contains("dGltIGI5MTNh"));

    // user=someuser@example.com^Aauth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg^A^A
    let t = run("S: 220 mx\nC: AUTH XOAUTH2 dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==\nS: 235 2.7.0 Accepted\n");
    let s = &t.sessions[0];
    assert_eq!(
        s.auth.as_ref().unwrap().user.as_deref(),
        Some("someuser@example.com")
    );
    assert!(!serde_json::to_string(&t)
        .unwrap()
        .contains("dXNlcj1zb21ldXNlckBleGFtcGxl"));
}

#[test]
fn bdat_chunks() {
    let t = run("S: 220 mx
C: EHLO a
S: 250-mx
S: 250 CHUNKING
C: MAIL FROM:<a@b>
S: 250 Ok
C: RCPT TO:<c@d>
S: 250 Ok
C: BDAT 10
C: 12345678
S: 250 2.0.0 10 octets received
C: BDAT 0 LAST
S: 250 2.0.0 Ok: queued as XYZ
C: QUIT
S: 221 bye
");
    let s = &t.sessions[0];
    assert_eq!(
        steps(&s.events),
        [
            "220", "EHLO", "250", "MAIL", "250", "RCPT", "250", "BDAT", "<data>", "250", "BDAT",
            "250", "QUIT", "221"
        ]
    );
    let d = s.transactions[0].data.as_ref().unwrap();
    assert!(d.accepted);
    assert_eq!(d.reply.as_ref().map(|r| r.code), Some(250));
    assert_eq!(s.outcome.status, OutcomeStatus::Delivered);
}

#[test]
fn lmtp_one_reply_per_recipient() {
    let t = run("S: 220 lmtp ready
C: LHLO a
S: 250 lmtp
C: MAIL FROM:<a@b>
S: 250 Ok
C: RCPT TO:<x@y>
S: 250 Ok
C: RCPT TO:<z@y>
S: 250 Ok
C: DATA
S: 354 go
C: hi
C: .
S: 250 2.1.5 <x@y> Delivered
S: 452 4.2.2 <z@y> Mailbox full
C: QUIT
S: 221 bye
");
    let s = &t.sessions[0];
    let unexpected = t
        .diagnostics
        .iter()
        .filter(|d| d.code == "reply-unexpected")
        .count();
    assert_eq!(unexpected, 0, "{:?}", t.diagnostics);
    let EventDetail::Reply {
        in_reply_to, code, ..
    } = &s.events[13].detail
    else {
        panic!()
    };
    assert_eq!((*code, *in_reply_to), (452, Some(11)));
}

#[test]
fn two_dialogues_in_one_paste_are_two_sessions() {
    let t = run(&format!("{DELIVERY}\n{DELIVERY}"));
    assert_eq!(t.sessions.len(), 2);
    assert!(t
        .sessions
        .iter()
        .all(|s| s.outcome.status == OutcomeStatus::Delivered));
}

#[test]
fn multiline_code_mismatch_and_unterminated() {
    let t = run("S: 220-mx\nS: 221 oops\nC: NOOP\nS: 250-a\n");
    assert!(t
        .diagnostics
        .iter()
        .any(|d| d.code == "reply-code-mismatch" && d.line == Some(2)));
    assert!(t.diagnostics.iter().any(|d| d.code == "reply-unterminated"));
}

#[test]
fn real_postfix_bdat_dialogue() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rfc/postfix-bdat.txt"
    ))
    .unwrap();
    let t = run(&text);
    let s = &t.sessions[0];
    assert_eq!(s.outcome.status, OutcomeStatus::Delivered);
    let tx = &s.transactions[0];
    let d = tx.data.as_ref().unwrap();
    // One 40-byte chunk, then BDAT 0 LAST whose reply names the queue id.
    assert_eq!(d.size, Some(40));
    assert_eq!(d.queue_id.as_deref(), Some("20DD5B4079"));
    assert_eq!(tx.recipients.iter().filter(|r| r.accepted).count(), 1);
    assert!(!t
        .diagnostics
        .iter()
        .any(|d| d.code == "reply-unexpected" || d.code == "no-reply"));
}

#[test]
fn mask_secrets_rewrites_only_secret_lines() {
    let text = "S: 220 mx\r\nC: AUTH PLAIN AGFsaWNlAHNlY3JldDEyMw==\r\nS: 235 ok\r\nC: AUTH LOGIN\r\nS: 334 VXNlcm5hbWU6\r\nC: YWxpY2VAZXhhbXBsZS50ZXN0\r\nS: 334 UGFzc3dvcmQ6\r\nC: c2VjcmV0MTIz\r\nS: 235 ok\r\n";
    let masked = smtpscope::mask_secrets(text, &Options::default());
    assert_eq!(
        masked,
        "S: 220 mx\r\nC: AUTH PLAIN ********\r\nS: 235 ok\r\nC: AUTH LOGIN\r\nS: 334 VXNlcm5hbWU6\r\nC: YWxpY2VAZXhhbXBsZS50ZXN0\r\nS: 334 UGFzc3dvcmQ6\r\nC: ********\r\nS: 235 ok\r\n"
    );
    // Masking twice changes nothing more, and the result parses the same.
    assert_eq!(
        smtpscope::mask_secrets(&masked, &Options::default()),
        masked
    );
    let (a, b) = (run(text), run(&masked));
    assert_eq!(a.sessions[0].outcome, b.sessions[0].outcome);
}

/// A delivery whose sender the input does not name (a Postfix delivery
/// line without its qmgr `from=` line) says so, rather than writing the
/// null sender `<>` (which would mean a bounce).
#[test]
fn a_delivery_without_a_named_sender_says_the_sender_is_unknown() {
    let log = "Nov 28 14:06:26 mail postfix/smtp[1790]: 9C127B405E: to=<bob@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4AB1C2D3E4)\n";
    let t = smtpscope::parse(log, &smtpscope::Options::default());
    let s = &t.sessions[0];
    assert_eq!(s.transactions[0].sender, None);
    assert_eq!(
        s.outcome.summary,
        "Delivered: the server accepted the message from an unknown sender to <bob@example.org> (250 2.0.0 Ok: queued as 4AB1C2D3E4)."
    );
    assert_eq!(
        s.outcome.headline.as_deref(),
        Some("Delivered: the server accepted the message for 1 recipient; the server said 250 2.0.0 at end of data.")
    );
}

/// The source lines, reply lines, command arguments, header fields, notes
/// and times of a parse are parts of one copy of the input rather than
/// copies of their own; a line with a secret masked, and what a format
/// reconstructs, have their own text.
/// (Real runs: swaks against the loopback Postfix, and Postfix's log.)
#[test]
fn texts_share_the_input_but_masked_and_inferred_lines() {
    let swaks = include_str!("fixtures/swaks/auth-plain.txt");
    let t = parse(swaks, &Options::default());
    let events: Vec<&Event> = t.sessions.iter().flat_map(|s| &s.events).collect();
    let masked = events
        .iter()
        .find(|e| matches!(&e.detail, EventDetail::Command { verb, .. } if verb == "AUTH"))
        .expect("an AUTH command");
    let line = &masked.source[0];
    assert!(line.text.contains("AUTH PLAIN ********"), "{:?}", line.text);
    assert!(!line.text.is_shared());
    for e in events.iter().filter(|e| e.line != masked.line) {
        for s in &e.source {
            assert!(s.text.is_shared(), "line {}: {:?}", s.line, s.text);
            let [from, to] = s.span().map(|x| x as usize);
            let span = from..to;
            assert_eq!(&*s.text, &swaks[span], "line {}", s.line);
        }
        match &e.detail {
            EventDetail::Reply { lines, .. } => {
                assert!(lines.iter().all(|l| l.is_shared()), "line {}", e.line);
            }
            EventDetail::Command { args, .. } => assert!(args.is_shared(), "line {}", e.line),
            EventDetail::Data { headers, .. } => {
                assert!(!headers.is_empty());
                for h in headers {
                    assert!(h.name.is_shared() && h.value.is_shared(), "{h:?}");
                }
            }
            // Notes of several lines are joined into a text of their own.
            EventDetail::Note { text, .. } | EventDetail::Tls { text } => {
                let joined = text.contains('\n');
                assert_eq!(text.is_shared(), !joined, "line {}: {text:?}", e.line);
            }
            EventDetail::Unparsed { .. } => {}
        }
    }
    let kinds: std::collections::BTreeSet<&str> = events.iter().map(|e| e.detail.kind()).collect();
    assert!(
        ["command", "reply", "data", "note"]
            .iter()
            .all(|k| kinds.contains(k)),
        "{kinds:?}"
    );

    let log = include_str!("fixtures/logs/postfix/mixed.log");
    let t = parse(log, &Options::default());
    let events: Vec<&Event> = t.sessions.iter().flat_map(|s| &s.events).collect();
    let (inferred, read): (Vec<&Event>, Vec<&Event>) = events.iter().partition(|e| e.inferred);
    assert!(!inferred.is_empty() && !read.is_empty());
    for e in &read {
        assert!(
            e.source.iter().all(|s| s.text.is_shared()),
            "line {}",
            e.line
        );
        let time = e.time().expect("a logged time");
        assert!(e.source[0].text.contains(time), "line {}", e.line);
    }
    let reconstructed = inferred.iter().find_map(|e| match &e.detail {
        EventDetail::Reply { lines, .. } => lines.first(),
        _ => None,
    });
    assert!(reconstructed.is_some_and(|l| !l.is_shared()));
}
