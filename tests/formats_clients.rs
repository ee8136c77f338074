//! Client-tool formats: detection, framing and end-to-end parsing of real
//! fixtures (tests/fixtures/clients/README.md says how each was made).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use smtpscope::formats::{self, Frame, FrameKind, Frames};
use smtpscope::input::split_lines;
use smtpscope::{EventDetail, Options};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/clients/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn frames_of<'a>(format: &str, text: &'a str) -> Vec<Frame<'a>> {
    let lines = split_lines(text);
    let f = formats::by_name(format).unwrap_or_else(|| panic!("no format {format}"));
    let mut out = Frames::default();
    let mut diags = Vec::new();
    f.frame(&lines, &mut out, &mut diags);
    out.into_vec()
}

/// Every fixture and the format that must claim it.
const FIXTURES: &[(&str, &str)] = &[
    ("smtplib-plain.txt", "smtplib"),
    ("smtplib-tls-level2.txt", "smtplib"),
    ("smtplib-reject.txt", "smtplib"),
    ("curl-delivery.txt", "curl"),
    ("curl-reject.txt", "curl"),
    ("curl-starttls-auth.txt", "curl"),
    ("openssl-starttls.txt", "openssl"),
    ("openssl-terminal.txt", "openssl"),
    ("javamail-auth.txt", "javamail"),
    ("javamail-reject.txt", "javamail"),
    ("nodemailer-starttls-auth.txt", "nodemailer"),
    ("nodemailer-reject.txt", "nodemailer"),
    ("phpmailer.txt", "arrows"),
    ("fakesmtp.txt", "arrows"),
    ("arrows-plain.txt", "arrows"),
    ("sendmail-v.txt", "sendmail-v"),
    ("exim-v.txt", "exim-v"),
    ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript"),
];

/// The best format, its score and the best score of any other format.
fn detection(text: &str) -> (&'static str, u8, u8) {
    let lines = split_lines(text);
    let scores = formats::detect(&lines);
    let (best, score) = scores
        .first()
        .map(|(f, s)| (f.name(), *s))
        .unwrap_or(("", 0));
    let runner_up = scores.get(1).map_or(0, |(_, s)| *s);
    (best, score, runner_up)
}

#[test]
fn detection_picks_the_format_with_a_margin() {
    for (name, want) in FIXTURES {
        let (best, score, runner_up) = detection(&fixture(name));
        assert_eq!(best, *want, "{name}");
        assert!(score >= 80, "{name}: score {score}");
        assert!(
            score >= runner_up + 25,
            "{name}: {score} vs runner-up {runner_up}"
        );
    }
}

#[test]
fn detection_survives_junk_lines() {
    // A shell prompt and an e-mail quote before the paste, a sign-off after.
    for (name, want) in FIXTURES {
        let text = format!(
            "$ ./send-test.sh\n> this is what I get:\n{}\nthanks!\n",
            fixture(name)
        );
        let (best, score, _) = detection(&text);
        assert_eq!(best, *want, "{name}");
        assert!(score >= 60, "{name}: score {score}");
    }
}

#[test]
fn markers_do_not_fire_on_plain_text() {
    let rows: &[(&str, &str)] = &[
        ("quoted mail", "> > > I said\n>>> earlier\n> ok\n"),
        (
            "prose with times",
            "Meeting at 2026-11-28 13:00:01 in room 4\nsee you\n",
        ),
        ("shell", "$ ls\nsend: nothing\nreply: soon\n"),
        ("empty", ""),
    ];
    for (name, text) in rows {
        let lines = split_lines(text);
        for (f, s) in formats::detect(&lines) {
            if f.name() != "raw" && f.name() != "rfc" && f.name() != "swaks" {
                assert!(s < 40, "{name}: {} scored {s}", f.name());
            }
        }
    }
}

#[test]
fn every_line_is_framed_in_order() {
    for (name, format) in FIXTURES {
        let text = fixture(name);
        let n = split_lines(&text).len() as u32;
        let frames = frames_of(format, &text);
        let mut expected = 1;
        for f in &frames {
            assert!(
                f.line == expected || f.line + 1 == expected,
                "{name}: line {} after {}",
                f.line,
                expected - 1
            );
            expected = f.line + 1;
        }
        assert_eq!(expected - 1, n, "{name}: last framed line");
    }
}

use FrameKind::{Blank, Client, Server, Tls};

fn note() -> FrameKind {
    FrameKind::Note(smtpscope::NoteLevel::Info)
}

fn error() -> FrameKind {
    FrameKind::Note(smtpscope::NoteLevel::Error)
}

/// (fixture, format, line, nth frame of that line, kind, text, encrypted)
type Row = (
    &'static str,
    &'static str,
    u32,
    usize,
    FrameKind,
    &'static str,
    bool,
);

fn rows() -> Vec<Row> {
    vec![
        ("smtplib-plain.txt", "smtplib", 1, 0, Client, "ehlo [127.0.0.1]", false),
        ("smtplib-plain.txt", "smtplib", 2, 0, Server, "250-mail.example.test", false),
        ("smtplib-plain.txt", "smtplib", 15, 0, note(), "reply: retcode (250); Msg: b'mail.example.test\\nPIPELINING\\nSIZE 20000\\nVRFY\\nETRN\\nSTARTTLS\\nAUTH PLAIN LOGIN CRAM-MD5\\nXCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT\\nENHANCEDSTATUSCODES\\n8BITMIME\\nDSN\\nSMTPUTF8\\nCHUNKING'", false),
        ("smtplib-plain.txt", "smtplib", 25, 0, note(), "data: (354, b'End data with <CR><LF>.<CR><LF>')", false),
        ("smtplib-plain.txt", "smtplib", 26, 0, Client, "From: alice@example.test", false),
        ("smtplib-plain.txt", "smtplib", 26, 3, Client, "", false),
        ("smtplib-plain.txt", "smtplib", 26, 6, Client, "..leading dot line", false),
        ("smtplib-plain.txt", "smtplib", 26, 8, Client, ".", false),
        ("smtplib-tls-level2.txt", "smtplib", 16, 0, Client, "STARTTLS", false),
        ("smtplib-tls-level2.txt", "smtplib", 34, 0, Server, "334 PDQwNjQ0NjQ0MDguNzEyNzU4QG1haWwuZXhhbXBsZS50ZXN0Pg==", false),
        ("smtplib-reject.txt", "smtplib", 20, 0, Server, "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table", false),
        ("smtplib-reject.txt", "smtplib", 25, 0, note(), "refused: {'nosuchuser@example.test': (550, b'5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table')}", false),
        ("curl-delivery.txt", "curl", 6, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("curl-delivery.txt", "curl", 7, 0, Client, "EHLO message.txt", false),
        ("curl-delivery.txt", "curl", 27, 0, note(), "} [85 bytes data]", false),
        ("curl-reject.txt", "curl", 31, 0, error(), "curl: (55) RCPT failed: 550", false),
        ("curl-starttls-auth.txt", "curl", 23, 0, Tls, "} [5 bytes data]", false),
        ("curl-starttls-auth.txt", "curl", 24, 0, Tls, "TLSv1.3 (OUT), TLS handshake, Client hello (1):", false),
        ("curl-starttls-auth.txt", "curl", 40, 0, Tls, "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384", false),
        ("curl-starttls-auth.txt", "curl", 42, 0, note(), "subject: CN=mail.example.test", false),
        ("curl-starttls-auth.txt", "curl", 48, 0, Client, "EHLO message.txt", true),
        ("curl-starttls-auth.txt", "curl", 50, 0, note(), "TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):", false),
        ("curl-starttls-auth.txt", "curl", 69, 0, Client, "YWxpY2VAZXhhbXBsZS50ZXN0IDdkNzE4ZGNiMjZmYTZjZjdlNGIzMDIyYmZmMjk1NmNi", true),
        ("openssl-terminal.txt", "openssl", 1, 0, note(), "CONNECTED(00000003)", false),
        ("openssl-terminal.txt", "openssl", 47, 0, Tls, "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384", false),
        ("openssl-terminal.txt", "openssl", 56, 0, note(), "250 CHUNKING", false),
        ("openssl-terminal.txt", "openssl", 90, 0, note(), "read R BLOCK", false),
        ("openssl-terminal.txt", "openssl", 91, 0, Client, "EHLO client.example.test", true),
        ("openssl-terminal.txt", "openssl", 92, 0, Server, "250-mail.example.test", true),
        ("openssl-terminal.txt", "openssl", 113, 0, Blank, "", false),
        ("openssl-terminal.txt", "openssl", 115, 0, Client, ".", true),
        ("openssl-terminal.txt", "openssl", 119, 0, note(), "closed", false),
        ("openssl-starttls.txt", "openssl", 56, 0, note(), "250 CHUNKING", false),
        ("openssl-starttls.txt", "openssl", 57, 0, Server, "250-mail.example.test", true),
        ("openssl-starttls.txt", "openssl", 74, 0, Server, "221 2.0.0 Bye", true),
        ("openssl-starttls.txt", "openssl", 76, 0, note(), "Post-Handshake New Session Ticket arrived:", false),
        ("openssl-starttls.txt", "openssl", 109, 0, note(), "closed", false),
        ("javamail-auth.txt", "javamail", 5, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("javamail-auth.txt", "javamail", 8, 0, Client, "EHLO client.example.test", false),
        ("javamail-auth.txt", "javamail", 22, 0, note(), "DEBUG SMTP: Found extension \"PIPELINING\", arg \"\"", false),
        ("javamail-auth.txt", "javamail", 37, 0, Client, "YWxpY2VAZXhhbXBsZS50ZXN0", false),
        ("javamail-auth.txt", "javamail", 39, 0, Client, "c2VjcmV0MTIz", false),
        ("javamail-auth.txt", "javamail", 50, 0, Client, "From: alice@example.test", false),
        ("javamail-auth.txt", "javamail", 57, 0, Blank, "", false),
        ("javamail-auth.txt", "javamail", 59, 0, Client, ".", false),
        ("javamail-reject.txt", "javamail", 44, 0, error(), "javax.mail.SendFailedException: Invalid Addresses;", false),
        ("javamail-reject.txt", "javamail", 48, 0, note(), "\tat com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:1294)", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 5, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 6, 0, Client, "EHLO client.example.test", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 22, 0, note(), "Connection upgraded with STARTTLS", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 47, 0, Client, "From: alice@example.test", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 55, 0, Client, "", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 57, 0, Client, ".", false),
        ("nodemailer-starttls-auth.txt", "nodemailer", 58, 0, note(), "<291 bytes encoded mime message (source size 288 bytes)>", false),
        ("nodemailer-reject.txt", "nodemailer", 44, 0, FrameKind::Note(smtpscope::NoteLevel::Error), "Send error for <334d8b47-343a-06ec-b050-01141a8b753a@example.test>: Can't send mail - all recipients were rejected: 550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table", false),
        ("phpmailer.txt", "arrows", 1, 0, note(), "Connection: opening to 127.0.0.1:25, timeout=300, options=array()", false),
        ("phpmailer.txt", "arrows", 3, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("phpmailer.txt", "arrows", 4, 0, Client, "EHLO client.example.test", false),
        ("phpmailer.txt", "arrows", 6, 0, Server, "250-PIPELINING", false),
        ("phpmailer.txt", "arrows", 12, 0, Server, "250 CHUNKING", false),
        ("phpmailer.txt", "arrows", 31, 0, error(), "SMTP ERROR: RCPT TO command failed: 550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table", false),
        ("fakesmtp.txt", "arrows", 2, 0, note(), "SMTP connection from localhost/127.0.0.1, new connection count: 1", false),
        ("fakesmtp.txt", "arrows", 4, 0, Client, "EHLO client.example.test", false),
        ("fakesmtp.txt", "arrows", 7, 0, Server, "250-AUTH LOGIN", false),
        ("arrows-plain.txt", "arrows", 1, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("arrows-plain.txt", "arrows", 6, 0, Client, "RCPT TO:<greylist@example.test>", false),
        ("sendmail-v.txt", "sendmail-v", 1, 0, note(), "$ /usr/sbin/sendmail -v bob@example.test < message.txt", false),
        ("sendmail-v.txt", "sendmail-v", 2, 0, note(), "bob@example.test... Connecting to mail.example.test. via esmtp...", false),
        ("sendmail-v.txt", "sendmail-v", 3, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("sendmail-v.txt", "sendmail-v", 4, 0, Client, "EHLO client.example.test", false),
        ("sendmail-v.txt", "sendmail-v", 17, 0, Client, ".", false),
        ("sendmail-v.txt", "sendmail-v", 19, 0, note(), "bob@example.test... Sent (Ok: queued as 4C086B4056)", false),
        ("exim-v.txt", "exim-v", 6, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("exim-v.txt", "exim-v", 7, 0, Client, "EHLO client.example.test", false),
        ("exim-v.txt", "exim-v", 9, 0, Server, "250-PIPELINING", false),
        ("exim-v.txt", "exim-v", 22, 0, Client, "MAIL FROM:<alice@client.example.test> SIZE=1447", false),
        ("exim-v.txt", "exim-v", 28, 0, note(), "  SMTP>> writing message and terminating \".\"", false),
        ("exim-v.txt", "exim-v", 32, 0, note(), "  SMTP(close)>>", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 13, 0, note(), "Transcript of session follows.", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 15, 0, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 16, 0, Client, "EHLO client.example.test", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 24, 0, Server, "250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 25, 0, note(), "     DESTPORT", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 33, 0, Client, "FOO bar", false),
        ("postfix-transcript-smtpd.txt", "postfix-bounce-transcript", 38, 0, Server, "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table", false),
    ]
}

#[test]
fn framed_lines() {
    for (name, format, line, nth, kind, text, encrypted) in rows() {
        let src = fixture(name);
        let frames = frames_of(format, &src);
        let f = frames
            .iter()
            .filter(|f| f.line == line)
            .nth(nth)
            .unwrap_or_else(|| panic!("{name}:{line}#{nth}: no frame"));
        assert_eq!(f.kind, kind, "{name}:{line}#{nth}");
        assert_eq!(f.text, text, "{name}:{line}#{nth}");
        assert_eq!(f.encrypted, encrypted, "{name}:{line}#{nth} encrypted");
    }
}

#[test]
fn times_and_sessions() {
    let php = fixture("phpmailer.txt");
    let f = &frames_of("arrows", &php)[2];
    assert_eq!(f.time.as_deref(), Some("2026-11-28 14:07:30"));
    assert_eq!(f.time_ms, Some(1_795_874_850_000.0));

    let node = fixture("nodemailer-starttls-auth.txt");
    let frames = frames_of("nodemailer", &node);
    assert_eq!(frames[0].session, None, "no id on the transport line");
    assert_eq!(frames[4].session.as_deref(), Some("PnAN0KuPqDs"));
    assert_eq!(frames[3].boundary, Some(formats::Boundary::Start));
    assert_eq!(frames[23].time_ms, Some(1_795_874_851_000.0));

    let py = fixture("smtplib-tls-level2.txt");
    let f = &frames_of("smtplib", &py)[0];
    assert_eq!(f.time.as_deref(), Some("14:06:03.469748"));
    assert_eq!(f.text, "ehlo [127.0.0.1]");
}

/// SMTP verbs counted as commands end to end. AUTH responses and message
/// content are left out: telling them from commands is the grammar's and
/// the engine's job (they need `DATA`/`AUTH` parsed), not the format's.
const VERBS: &[&str] = &[
    "EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "QUIT", "STARTTLS", "AUTH", "FOO",
];

/// (fixture, format, sessions, SMTP commands per session, reply codes per
/// session)
type E2e = (
    &'static str,
    &'static str,
    usize,
    &'static [usize],
    &'static [&'static [u16]],
);

const E2E: &[E2e] = &[
    (
        "smtplib-plain.txt",
        "smtplib",
        1,
        &[5],
        &[&[250, 250, 250, 354, 250, 221]],
    ),
    (
        "smtplib-tls-level2.txt",
        "smtplib",
        1,
        &[8],
        &[&[250, 220, 250, 334, 235, 250, 250, 354, 250, 221]],
    ),
    (
        "smtplib-reject.txt",
        "smtplib",
        1,
        &[5],
        &[&[250, 250, 550, 250, 221]],
    ),
    (
        "curl-delivery.txt",
        "curl",
        1,
        &[4],
        &[&[220, 250, 250, 250, 354, 250]],
    ),
    (
        "curl-reject.txt",
        "curl",
        1,
        &[4],
        &[&[220, 250, 250, 550, 221]],
    ),
    (
        "curl-starttls-auth.txt",
        "curl",
        1,
        &[7],
        &[&[220, 250, 220, 250, 334, 235, 250, 250, 354, 250]],
    ),
    (
        "openssl-terminal.txt",
        "openssl",
        1,
        &[6],
        &[&[250, 250, 250, 550, 354, 250, 221]],
    ),
    (
        "openssl-starttls.txt",
        "openssl",
        1,
        &[0],
        &[&[250, 250, 250, 550, 354, 250, 221]],
    ),
    (
        "javamail-auth.txt",
        "javamail",
        1,
        &[6],
        &[&[220, 250, 334, 334, 235, 250, 250, 354, 250, 221]],
    ),
    (
        "javamail-reject.txt",
        "javamail",
        1,
        &[4],
        &[&[220, 250, 250, 550, 250]],
    ),
    (
        "nodemailer-starttls-auth.txt",
        "nodemailer",
        1,
        &[7],
        &[&[220, 250, 220, 250, 235, 250, 250, 354, 250]],
    ),
    (
        "nodemailer-reject.txt",
        "nodemailer",
        1,
        &[6],
        &[&[220, 250, 220, 250, 250, 550, 554]],
    ),
    (
        "phpmailer.txt",
        "arrows",
        1,
        &[7],
        &[&[220, 250, 220, 250, 334, 334, 235, 250, 550, 221]],
    ),
    (
        "fakesmtp.txt",
        "arrows",
        1,
        &[5],
        &[&[220, 250, 250, 250, 354, 250, 221]],
    ),
    (
        "arrows-plain.txt",
        "arrows",
        1,
        &[4],
        &[&[220, 250, 250, 450, 221]],
    ),
    (
        "sendmail-v.txt",
        "sendmail-v",
        1,
        &[5],
        &[&[220, 250, 250, 250, 354, 250, 221]],
    ),
    (
        "exim-v.txt",
        "exim-v",
        1,
        &[7],
        &[&[220, 250, 220, 250, 250, 250, 354, 250, 221]],
    ),
    (
        "postfix-transcript-smtpd.txt",
        "postfix-bounce-transcript",
        1,
        &[6],
        &[&[220, 250, 503, 500, 250, 550, 221]],
    ),
];

#[test]
fn end_to_end() {
    for (name, format, sessions, commands, codes) in E2E {
        let t = smtpscope::parse(&fixture(name), &Options::default());
        assert_eq!(t.format, *format, "{name}");
        assert_eq!(t.sessions.len(), *sessions, "{name}: sessions");
        for (i, s) in t.sessions.iter().enumerate() {
            let n = s
                .events
                .iter()
                .filter(|e| matches!(&e.detail, EventDetail::Command { verb, .. } if VERBS.contains(&&**verb)))
                .count();
            assert_eq!(n, commands[i], "{name}: commands in session {i}");
            let got: Vec<u16> = s
                .events
                .iter()
                .filter_map(|e| match e.detail {
                    EventDetail::Reply { code, .. } => Some(code),
                    _ => None,
                })
                .collect();
            assert_eq!(got, codes[i], "{name}: reply codes in session {i}");
        }
    }
}

/// Print the frames of $FIXTURE in $FORMAT (a debugging aid).
#[test]
#[ignore]
fn dump() {
    let name = std::env::var("FIXTURE").unwrap_or_default();
    let text = fixture(&name);
    let lines = split_lines(&text);
    for (f, s) in formats::detect(&lines) {
        print!("{}={} ", f.name(), s);
    }
    println!();
    let format = std::env::var("FORMAT").unwrap_or_default();
    for f in frames_of(&format, &text) {
        println!(
            "{:>4} {:<12} enc={} {:?} | {}",
            f.line,
            format!("{:?}", f.kind),
            f.encrypted,
            f.time,
            f.text
        );
    }
}
