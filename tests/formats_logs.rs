//! Server logs and bounces: detection, framing and sessions, on fixtures
//! from a real Postfix (tests/fixtures/logs/README.md) and from documented
//! formats.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use smtpscope::formats::{self, Boundary, Frame, FrameKind, Frames};
use smtpscope::input::split_lines;
use smtpscope::{parse, EventDetail, Options, OutcomeStatus, Transcript};
use std::collections::{BTreeMap, HashMap};

fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn frames_of(path: &str, format: &str) -> (String, Vec<Frame<'static>>) {
    let text: &'static str = Box::leak(fixture(path).into_boxed_str());
    let lines = split_lines(text);
    let f = formats::by_name(format).unwrap_or_else(|| panic!("no format {format}"));
    let mut out = Frames::default();
    let mut diags = Vec::new();
    f.frame(&lines, &mut out, &mut diags);
    (text.to_string(), out.into_vec())
}

const FIXTURES: &[(&str, &str)] = &[
    ("logs/postfix/mixed.log", "postfix"),
    ("logs/postfix/verbose-smtpd.log", "postfix-verbose"),
    ("logs/postfix/verbose-smtp.log", "postfix-verbose"),
    ("logs/exim/mainlog", "exim"),
    ("logs/sendmail/maillog", "sendmail"),
    ("logs/exchange/RECV20261128-1.LOG", "exchange"),
    ("bounces/postfix-sink-550.eml", "dsn"),
    ("bounces/gmail-550.eml", "dsn"),
    ("bounces/m365-550-5.1.10.txt", "dsn"),
];

#[test]
fn detection_picks_each_format_with_a_margin() {
    for (path, want) in FIXTURES {
        let text = fixture(path);
        let lines = split_lines(&text);
        let scores = formats::detect(&lines);
        let (best, best_score) = scores[0];
        assert_eq!(best.name(), *want, "{path}: {:?}", names(&scores));
        let runner_up = scores.get(1).map_or(0, |s| s.1);
        assert!(
            best_score >= runner_up + 15,
            "{path}: {want} {best_score} vs runner-up {runner_up}: {:?}",
            names(&scores)
        );
    }
}

fn names(scores: &[(&'static dyn formats::Format, u8)]) -> Vec<(&'static str, u8)> {
    scores.iter().map(|(f, s)| (f.name(), *s)).collect()
}

#[test]
fn every_line_is_framed_in_order() {
    for (path, format) in FIXTURES {
        let (text, frames) = frames_of(path, format);
        let n = split_lines(&text).len() as u32;
        let mut expected = 1;
        let mut last = 0;
        for f in &frames {
            assert!(
                f.line >= last,
                "{path}: frame of line {} after line {last}",
                f.line
            );
            if f.line == expected {
                expected += 1;
            }
            last = f.line;
        }
        assert_eq!(expected, n + 1, "{path}: line {expected} has no frame");
        let unparsed: Vec<u32> = frames
            .iter()
            .filter(|f| matches!(f.kind, FrameKind::Unparsed(_)))
            .map(|f| f.line)
            .collect();
        assert!(unparsed.is_empty(), "{path}: unparsed lines {unparsed:?}");
    }
}

/// How a frame is expected to look.
struct Row {
    name: &'static str,
    path: &'static str,
    format: &'static str,
    line: u32,
    /// Index among the frames of that line.
    nth: usize,
    kind: FrameKind,
    text: &'static str,
    session: Option<&'static str>,
    time: Option<&'static str>,
    time_ms: Option<f64>,
    inferred: bool,
    boundary: Option<Boundary>,
}

// 2026-11-28T14:06:25Z = 1795874785 s (date -u -d '2026-11-28 14:06:25' +%s).
const T_140625: f64 = 1_795_874_785_000.0;

fn rows() -> Vec<Row> {
    use FrameKind::*;
    let info = Note(smtpscope::NoteLevel::Info);
    vec![
        Row {
            name: "postfix connect starts a session keyed by smtpd pid",
            path: "logs/postfix/mixed.log",
            format: "postfix",
            line: 1,
            nth: 0,
            kind: info.clone(),
            text: "connect from localhost[127.0.0.1]",
            session: Some("smtpd[11773]"),
            time: Some("Nov 28 14:06:25"),
            time_ms: Some(T_140625),
            inferred: false,
            boundary: Some(Boundary::Start),
        },
        Row {
            name: "postfix NOQUEUE reject infers the RCPT",
            path: "logs/postfix/mixed.log",
            format: "postfix",
            line: 30,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<someone@other.example>",
            session: Some("smtpd[11773]"),
            time: Some("Nov 28 14:06:25"),
            time_ms: Some(T_140625),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix NOQUEUE reject infers the reply",
            path: "logs/postfix/mixed.log",
            format: "postfix",
            line: 30,
            nth: 1,
            kind: Server,
            text: "554 5.7.1 <someone@other.example>: Relay access denied",
            session: Some("smtpd[11773]"),
            time: Some("Nov 28 14:06:25"),
            time_ms: Some(T_140625),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix smtp bounce joins the smtpd session of its queue id",
            path: "logs/postfix/mixed.log",
            format: "postfix",
            line: 195,
            nth: 1,
            kind: Server,
            text: "550 5.1.1 <nosuchuser@sink.test>: Recipient address rejected: User unknown",
            session: Some("smtpd[14978]#2"),
            time: Some("Nov 28 14:06:26"),
            time_ms: Some(T_140625 + 1000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix deferral without a remote reply gets a 451 with the dsn",
            path: "logs/postfix/mixed.log",
            format: "postfix",
            line: 201,
            nth: 1,
            kind: Server,
            text: "451 4.4.1 connect to 127.0.0.1[127.0.0.1]:2599: Connection refused",
            session: Some("smtpd[13736]#4"),
            time: Some("Nov 28 14:06:26"),
            time_ms: Some(T_140625 + 1000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix connect to … refused belongs to no session",
            path: "logs/postfix/mixed.log",
            format: "postfix",
            line: 198,
            nth: 0,
            kind: info.clone(),
            text: "connect to 127.0.0.1[127.0.0.1]:2599: Connection refused",
            session: None,
            time: Some("Nov 28 14:06:26"),
            time_ms: Some(T_140625 + 1000.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "verbose smtpd: < is the client",
            path: "logs/postfix/verbose-smtpd.log",
            format: "postfix-verbose",
            line: 23,
            nth: 0,
            kind: Client,
            text: "EHLO vm",
            session: Some("smtpd[16141]"),
            time: Some("Nov 28 14:06:46"),
            time_ms: Some(T_140625 + 21_000.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "verbose smtpd: > is the server",
            path: "logs/postfix/verbose-smtpd.log",
            format: "postfix-verbose",
            line: 9,
            nth: 0,
            kind: Server,
            text: "220 mail.example.test ESMTP Postfix (Debian/GNU)",
            session: Some("smtpd[16141]"),
            time: Some("Nov 28 14:06:46"),
            time_ms: Some(T_140625 + 21_000.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "verbose smtp client: > is Postfix as the client",
            path: "logs/postfix/verbose-smtp.log",
            format: "postfix-verbose",
            line: 17,
            nth: 0,
            kind: Client,
            text: "MAIL FROM:<alice@example.test>",
            session: Some("smtpv/smtp[16774]"),
            time: Some("Nov 28 14:06:52"),
            time_ms: Some(T_140625 + 27_000.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "verbose smtp client: the greeting starts the session",
            path: "logs/postfix/verbose-smtp.log",
            format: "postfix-verbose",
            line: 9,
            nth: 0,
            kind: Server,
            text: "220 sink.test ESMTP sink",
            session: Some("smtpv/smtp[16774]"),
            time: Some("Nov 28 14:06:52"),
            time_ms: Some(T_140625 + 27_000.0),
            inferred: false,
            boundary: Some(Boundary::Start),
        },
        Row {
            name: "verbose debug chatter is a note of the session",
            path: "logs/postfix/verbose-smtp.log",
            format: "postfix-verbose",
            line: 14,
            nth: 0,
            kind: info.clone(),
            text: "server features: 0x1007 size 0",
            session: Some("smtpv/smtp[16774]"),
            time: Some("Nov 28 14:06:52"),
            time_ms: Some(T_140625 + 27_000.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "exim bounce: the command named after 'after'",
            path: "logs/exim/mainlog",
            format: "exim",
            line: 6,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<nosuchuser@example.net>",
            session: Some("1vPy0a-000BcD-7e"),
            time: Some("2026-11-28 13:05:11"),
            // 2026-11-28T13:05:11Z
            time_ms: Some(T_140625 - 3_674_000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "exim bounce: the remote reply",
            path: "logs/exim/mainlog",
            format: "exim",
            line: 6,
            nth: 1,
            kind: Server,
            text: "550 5.1.1 <nosuchuser@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
            session: Some("1vPy0a-000BcD-7e"),
            time: Some("2026-11-28 13:05:11"),
            time_ms: Some(T_140625 - 3_674_000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "exim delivery: the C= confirmation is the reply",
            path: "logs/exim/mainlog",
            format: "exim",
            line: 2,
            nth: 1,
            kind: Server,
            text: "250 2.0.0 Ok: queued as 4F1A2B3C4D",
            session: Some("1vPxyZ-000AbC-4d"),
            time: Some("2026-11-28 13:00:02"),
            time_ms: Some(T_140625 - 3_983_000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "exim rejection without id is keyed by the connection",
            path: "logs/exim/mainlog",
            format: "exim",
            line: 13,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<alice@example.org>",
            session: Some("H=(spammer.invalid) [203.0.113.66]"),
            time: Some("2026-11-28 13:12:30"),
            time_ms: Some(T_140625 - 3_235_000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "sendmail stat=User unknown: a 550 with the dsn",
            path: "logs/sendmail/maillog",
            format: "sendmail",
            line: 3,
            nth: 1,
            kind: Server,
            text: "550 5.1.1 User unknown",
            session: Some("4ASD0123004242"),
            time: Some("Nov 28 13:00:02"),
            time_ms: Some(T_140625 - 3_983_000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "sendmail reject=: the refused RCPT",
            path: "logs/sendmail/maillog",
            format: "sendmail",
            line: 5,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<someone@other.example>",
            session: Some("4ASD0210004250"),
            time: Some("Nov 28 13:02:10"),
            time_ms: Some(T_140625 - 3_855_000.0),
            inferred: true,
            boundary: None,
        },
        Row {
            name: "exchange receive log: < is the client",
            path: "logs/exchange/RECV20261128-1.LOG",
            format: "exchange",
            line: 9,
            nth: 0,
            kind: Client,
            text: "EHLO mail.example.org",
            session: Some("08DE2F6A1B2C3D4E"),
            time: Some("2026-11-28T13:00:01.102Z"),
            time_ms: Some(T_140625 - 3_984_000.0 + 102.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "exchange: a quoted field with a comma",
            path: "logs/exchange/RECV20261128-1.LOG",
            format: "exchange",
            line: 8,
            nth: 0,
            kind: Server,
            text: "220 EX01.contoso.test Microsoft ESMTP MAIL Service ready at Sat, 28 Nov 2026 13:00:01 +0000",
            session: Some("08DE2F6A1B2C3D4E"),
            time: Some("2026-11-28T13:00:01.101Z"),
            time_ms: Some(T_140625 - 3_984_000.0 + 101.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "exchange: TLS information",
            path: "logs/exchange/RECV20261128-1.LOG",
            format: "exchange",
            line: 17,
            nth: 0,
            kind: Tls,
            text: "TLS negotiation succeeded",
            session: Some("08DE2F6A1B2C3D4E"),
            time: Some("2026-11-28T13:00:01.111Z"),
            time_ms: Some(T_140625 - 3_984_000.0 + 111.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "exchange: doubled quotes in a context field",
            path: "logs/exchange/RECV20261128-1.LOG",
            format: "exchange",
            line: 34,
            nth: 0,
            kind: info.clone(),
            text: "Proxy destination(s) obtained, said \"ok\"",
            session: Some("08DE2F6A1B2C3D4E"),
            time: Some("2026-11-28T13:00:01.140Z"),
            time_ms: Some(T_140625 - 3_984_000.0 + 140.0),
            inferred: false,
            boundary: None,
        },
        Row {
            name: "exchange: - ends the session",
            path: "logs/exchange/RECV20261128-1.LOG",
            format: "exchange",
            line: 41,
            nth: 0,
            kind: info.clone(),
            text: "Local",
            session: Some("08DE2F6A1B2C3D4E"),
            time: Some("2026-11-28T13:00:01.161Z"),
            time_ms: Some(T_140625 - 3_984_000.0 + 161.0),
            inferred: false,
            boundary: Some(Boundary::End),
        },
        Row {
            name: "postfix bounce: the human part names the command",
            path: "bounces/postfix-sink-550.eml",
            format: "dsn",
            line: 36,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<nosuchuser@sink.test>",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix bounce: the folded reply is joined",
            path: "bounces/postfix-sink-550.eml",
            format: "dsn",
            line: 36,
            nth: 1,
            kind: Server,
            text: "550 5.1.1 <nosuchuser@sink.test>: Recipient address rejected: User unknown",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix bounce: the sender of X-Postfix-Sender, on the header's To: line",
            path: "bounces/postfix-sink-550.eml",
            format: "dsn",
            line: 9,
            nth: 0,
            kind: Client,
            text: "MAIL FROM:<alice@example.test>",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix bounce: the sender's acceptance is inferred",
            path: "bounces/postfix-sink-550.eml",
            format: "dsn",
            line: 9,
            nth: 1,
            kind: Server,
            text: "250 2.1.0 Sender accepted (inferred: the failure came later)",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "gmail bounce: the sender is the bounce's To:",
            path: "bounces/gmail-550.eml",
            format: "dsn",
            line: 4,
            nth: 0,
            kind: Client,
            text: "MAIL FROM:<alice@example.org>",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "m365 bounce: the sender is the bounce's To:",
            path: "bounces/m365-550-5.1.10.txt",
            format: "dsn",
            line: 2,
            nth: 0,
            kind: Client,
            text: "MAIL FROM:<alice@example.org>",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "postfix bounce: the DSN part is a note when the human part was read",
            path: "bounces/postfix-sink-550.eml",
            format: "dsn",
            line: 54,
            nth: 0,
            kind: info.clone(),
            text: "Diagnostic-Code: smtp; 550 5.1.1 <nosuchuser@sink.test>: Recipient address",
            session: None,
            time: None,
            time_ms: None,
            inferred: false,
            boundary: None,
        },
        Row {
            name: "gmail bounce: the reply below 'The response from the remote server was:'",
            path: "bounces/gmail-550.eml",
            format: "dsn",
            line: 19,
            nth: 1,
            kind: Server,
            text: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser a1b2c3d4e5 - gsmtp",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "gmail bounce: the recipient named in the prose",
            path: "bounces/gmail-550.eml",
            format: "dsn",
            line: 19,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<nosuchuser@gmail.com>",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "m365 bounce: Remote Server returned '…'",
            path: "bounces/m365-550-5.1.10.txt",
            format: "dsn",
            line: 22,
            nth: 1,
            kind: Server,
            text: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
        Row {
            name: "m365 bounce: the recipient on the line above",
            path: "bounces/m365-550-5.1.10.txt",
            format: "dsn",
            line: 22,
            nth: 0,
            kind: Client,
            text: "RCPT TO:<nobody@contoso.test>",
            session: None,
            time: None,
            time_ms: None,
            inferred: true,
            boundary: None,
        },
    ]
}

#[test]
fn key_lines_are_framed() {
    let mut cache: HashMap<(&str, &str), Vec<Frame<'static>>> = HashMap::new();
    for row in rows() {
        let frames = cache
            .entry((row.path, row.format))
            .or_insert_with(|| frames_of(row.path, row.format).1);
        let of_line: Vec<&Frame> = frames.iter().filter(|f| f.line == row.line).collect();
        let f = of_line
            .get(row.nth)
            .unwrap_or_else(|| panic!("{}: no frame {} on line {}", row.name, row.nth, row.line));
        assert_eq!(f.kind, row.kind, "{}", row.name);
        assert_eq!(f.text, row.text, "{}", row.name);
        assert_eq!(f.session.as_deref(), row.session, "{}", row.name);
        assert_eq!(f.time.as_deref(), row.time, "{}", row.name);
        assert_eq!(f.time_ms, row.time_ms, "{}", row.name);
        assert_eq!(f.inferred, row.inferred, "{}", row.name);
        assert_eq!(f.boundary, row.boundary, "{}", row.name);
    }
}

fn parse_fixture(path: &str) -> Transcript {
    parse(&fixture(path), &Options::default())
}

/// Every reply code of a session, in order.
fn codes(t: &Transcript, id: &str) -> Vec<u16> {
    let s = t
        .sessions
        .iter()
        .find(|s| s.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no session {id}"));
    s.events
        .iter()
        .filter_map(|e| match &e.detail {
            EventDetail::Reply { code, .. } => Some(*code),
            _ => None,
        })
        .collect()
}

#[test]
fn mixed_postfix_log_groups_sessions() {
    let t = parse_fixture("logs/postfix/mixed.log");
    assert_eq!(t.format, "postfix");
    // 52 `connect from` lines (grep -c), plus the three bounce
    // notifications (D2E69B406A, D4AC7B406B, EB136B4064) that no smtpd
    // created.
    assert_eq!(t.sessions.len(), 55);
    // master/scache/connect-to lines: not part of any connection.
    assert_eq!(t.unassigned.len(), 9);
    let rows: &[(&str, &[u16])] = &[
        // Line 30: relay denied at RCPT.
        ("smtpd[11773]", &[554]),
        // Line 42: greylisted.
        ("smtpd[13736]", &[450]),
        // AA8D3B4062 (lines 160-225): queued (MAIL 250), bounced by the sink.
        ("smtpd[14978]#2", &[250, 550]),
        // CBB55B4066: queued, then deferred (connection refused, dsn 4.4.1).
        ("smtpd[13736]#4", &[250, 451]),
        // 96677B4062: nosuchuser refused at RCPT (550), queued (250),
        // carol and bob delivered: each an inferred RCPT accepted (250)
        // and end of data (250).
        ("smtpd[13701]#3", &[550, 250, 250, 250, 250, 250]),
        // The bounce notification to alice, delivered locally: MAIL,
        // RCPT, end of data.
        ("D2E69B406A", &[250, 250, 250]),
    ];
    for (id, want) in rows {
        assert_eq!(codes(&t, id), *want, "{id}");
    }
}

/// The session outcome the log itself states: any `status=sent` means the
/// message went through; otherwise a 5xx refusal (`reject:` or
/// `status=bounced`) rejects it and a 4xx one defers it.
fn expected_status(lines: &[&str]) -> OutcomeStatus {
    if lines.iter().any(|l| l.contains("status=sent")) {
        OutcomeStatus::Delivered
    } else if lines
        .iter()
        .any(|l| l.contains("status=bounced") || (l.contains("reject:") && l.contains("]: 5")))
    {
        OutcomeStatus::Rejected
    } else if lines
        .iter()
        .any(|l| l.contains("status=deferred") || (l.contains("reject:") && l.contains("]: 4")))
    {
        OutcomeStatus::Deferred
    } else {
        OutcomeStatus::Incomplete
    }
}

#[test]
fn mixed_postfix_log_outcomes_match_the_log() {
    let t = parse_fixture("logs/postfix/mixed.log");
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for s in &t.sessions {
        let lines: Vec<&str> = s
            .events
            .iter()
            .flat_map(|e| e.source.iter().map(|l| l.text.as_ref()))
            .collect();
        let want = expected_status(&lines);
        assert_eq!(s.outcome.status, want, "{:?}: {}", s.id, s.outcome.summary);
        *tally.entry(format!("{want:?}")).or_default() += 1;
    }
    let total: usize = tally.values().sum();
    assert_eq!(total, 55);
}

/// Exchange writes its EHLO reply on one line, keywords run together (the
/// fixture is written by hand in that documented shape).
#[test]
fn exchange_one_line_ehlo_reply_gives_capabilities() {
    let t = parse_fixture("logs/exchange/RECV-oneline-ehlo.LOG");
    assert_eq!(t.format, "exchange");
    assert_eq!(t.sessions.len(), 1);
    let s = &t.sessions[0];
    let caps: Vec<String> = s
        .capabilities
        .iter()
        .map(|c| {
            format!("{} {}", c.keyword, c.params_text())
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(
        caps,
        [
            "SIZE 37748736",
            "PIPELINING",
            "DSN",
            "ENHANCEDSTATUSCODES",
            "STARTTLS",
            "X-ANONYMOUSTLS",
            "AUTH NTLM",
            "X-EXPS GSSAPI NTLM",
            "8BITMIME",
            "BINARYMIME",
            "CHUNKING",
            "SMTPUTF8",
            "XRDST"
        ]
    );
    assert_eq!(s.outcome.status, OutcomeStatus::Rejected);
    assert_eq!(s.outcome.reason.as_deref(), Some("user-unknown"));
    assert!(!t.diagnostics.iter().any(|d| d.code == "reply-unexpected"));
}

/// `frame_in_pieces` (what `parse` frames with, so that each piece can be
/// dropped once read) gives the frames `Format::frame` gives, the last
/// frame of each session marked where it is, for every format: fixtures
/// repeated past several pieces, so sessions straddle the cuts and a key's
/// last frame is pieces away from its first.
#[test]
fn framing_in_pieces_gives_the_frames_of_framing_whole() {
    for (path, format) in FIXTURES.iter().copied().chain([
        ("rfc/appendix-d1.txt", "rfc"),
        ("swaks/delivery.txt", "swaks"),
    ]) {
        let one = fixture(path);
        let copies = 40_000 / one.lines().count().max(1) + 1;
        let text: &'static str = Box::leak(one.repeat(copies).into_boxed_str());
        let lines = split_lines(text);
        let f = formats::by_name(format).unwrap();
        let (mut whole, mut diags_whole) = (Frames::default(), Vec::new());
        f.frame(&lines, &mut whole, &mut diags_whole);
        let whole = whole.into_vec();
        let mut diags = Vec::new();
        let pieces = formats::frame_in_pieces(f, &lines, &mut diags);
        assert!(pieces.len() >= 3, "{path}: {} pieces", pieces.len());
        let ends = whole
            .iter()
            .filter(|f| f.boundary == Some(Boundary::End))
            .count();
        assert!(
            f.framer().is_none() || ends > 0,
            "{path}: no session end marked"
        );
        assert!(pieces.concat() == whole, "{path}");
        assert_eq!(diags, diags_whole, "{path}");
    }
}

/// A format without a framer that says it never keys sessions must not: a
/// parse hands its frames to an unkeyed session engine as they come, so a
/// key would be read as one dialogue. Every such format frames every fixture
/// (its own and the others') without a session key; nodemailer, which
/// does key them, says so.
#[test]
fn formats_that_frame_one_dialogue_give_no_session_keys() {
    let files = support::fixture_files(|_| true);
    assert!(files.len() > 50, "{} fixtures", files.len());
    let mut one_dialogue = 0;
    for f in formats::all() {
        if f.framer().is_some() || f.keys_sessions() {
            continue;
        }
        one_dialogue += 1;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let lines = split_lines(&text);
            let mut out = Frames::default();
            f.frame(&lines, &mut out, &mut Vec::new());
            let keyed = out.iter().find(|fr| fr.session.is_some());
            assert!(
                keyed.is_none(),
                "{} keys line {:?} of {}",
                f.name(),
                keyed.map(|fr| fr.line),
                path.display()
            );
        }
    }
    assert!(one_dialogue >= 10, "{one_dialogue} formats");
    let nodemailer = formats::by_name("nodemailer").unwrap();
    let text = fixture("clients/nodemailer-starttls-auth.txt");
    let lines = split_lines(&text);
    let mut out = Frames::default();
    nodemailer.frame(&lines, &mut out, &mut Vec::new());
    assert!(nodemailer.keys_sessions());
    assert!(out.iter().any(|fr| fr.session.is_some()));
}
