//! The three foundation formats (swaks, rfc, raw) on real fixtures: which
//! format detection picks, what each checked line frames as, that no line is
//! lost, and that junk around a transcript, e-mail quoting and line endings
//! do not change the result.
//!
//! Expected values were read off the fixture files by eye (see
//! tests/fixtures/README.md for how each was produced).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Helpers outside `#[test]` functions fail loudly on a missing fixture.

use smtpscope::formats::{self, Boundary, Frame, FrameKind, Frames};
use smtpscope::input::split_lines;
use smtpscope::model::NoteLevel;

const INFO: FrameKind = FrameKind::Note(NoteLevel::Info);
const ERROR: FrameKind = FrameKind::Note(NoteLevel::Error);

fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&full) {
        Ok(s) => s,
        Err(e) => panic!("cannot read {full}: {e}"),
    }
}

/// Name of the format detection picks, and its score.
fn detected(text: &str) -> (&'static str, u8) {
    let lines = split_lines(text);
    let scores = formats::detect(&lines);
    scores.first().map_or(("none", 0), |(f, c)| (f.name(), *c))
}

/// Frames of `text` in the named format (or the detected one).
fn frames(text: &str, format: Option<&str>) -> Vec<Frame<'static>> {
    let lines = split_lines(text);
    let f = match format {
        Some(name) => formats::by_name(name).unwrap_or_else(|| panic!("no format {name}")),
        None => formats::detect(&lines)
            .first()
            .map_or(formats::fallback(), |(f, _)| *f),
    };
    let mut out = Frames::default();
    let mut diags = Vec::new();
    f.frame(&lines, &mut out, &mut diags);
    out.into_vec().into_iter().map(owned).collect()
}

fn owned(f: Frame<'_>) -> Frame<'static> {
    Frame {
        line: f.line,
        kind: f.kind,
        text: f.text.into_owned().into(),
        time: f.time.map(|t| t.into_owned().into()),
        time_ms: f.time_ms,
        session: f.session.map(|t| t.into_owned().into()),
        peer: f.peer.map(|t| t.into_owned().into()),
        boundary: f.boundary,
        encrypted: f.encrypted,
        inferred: f.inferred,
    }
}

const SWAKS: &[&str] = &[
    "swaks/delivery.txt",
    "swaks/user-unknown.txt",
    "swaks/relay-denied.txt",
    "swaks/starttls-auth.txt",
    "swaks/auth-plain.txt",
    "swaks/pipelining.txt",
    "swaks/size-rejected.txt",
    "swaks/greylisted.txt",
    "swaks/tls-port-2525.txt",
    "swaks/time-lapse.txt",
    "swaks/raw-text.txt",
    "swaks/connect-refused.txt",
];
const RFC: &[&str] = &[
    "rfc/appendix-d1.txt",
    "rfc/appendix-d2.txt",
    "rfc/appendix-d3.txt",
    "rfc/appendix-d4.txt",
];
const RAW: &[&str] = &["raw/telnet-delivery.txt", "raw/telnet-reject.txt"];

fn all_fixtures() -> impl Iterator<Item = (&'static str, &'static str)> {
    SWAKS
        .iter()
        .map(|p| (*p, "swaks"))
        .chain(RFC.iter().map(|p| (*p, "rfc")))
        .chain(RAW.iter().map(|p| (*p, "raw")))
}

#[test]
fn detection_picks_the_format() {
    for (path, want) in all_fixtures() {
        let (got, score) = detected(&fixture(path));
        assert_eq!(got, want, "{path} (score {score})");
        assert!(score >= 50, "{path}: score {score} is not confident");
    }
}

#[test]
fn the_fallback_scores_low_on_other_formats() {
    for path in SWAKS.iter().chain(RFC) {
        let lines_text = fixture(path);
        let lines = split_lines(&lines_text);
        let raw = formats::by_name("raw").map_or(0, |f| f.detect(&lines));
        assert!(raw <= 10, "{path}: raw scores {raw}");
    }
}

struct Row {
    fixture: &'static str,
    line: u32,
    kind: FrameKind,
    text: &'static str,
    encrypted: bool,
}

const fn row(fixture: &'static str, line: u32, kind: FrameKind, text: &'static str) -> Row {
    Row {
        fixture,
        line,
        kind,
        text,
        encrypted: false,
    }
}

const fn tls(fixture: &'static str, line: u32, kind: FrameKind, text: &'static str) -> Row {
    Row {
        fixture,
        line,
        kind,
        text,
        encrypted: true,
    }
}

use FrameKind::{Blank, Client, Server, Tls};

fn rows() -> Vec<Row> {
    vec![
        // swaks: plain delivery
        row("swaks/delivery.txt", 1, INFO, "Trying 127.0.0.1:25..."),
        row("swaks/delivery.txt", 2, INFO, "Connected to 127.0.0.1."),
        row("swaks/delivery.txt", 3, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)"),
        row("swaks/delivery.txt", 4, Client, "EHLO vm"),
        row("swaks/delivery.txt", 5, Server, "250-mail.example.test"),
        row("swaks/delivery.txt", 17, Server, "250 CHUNKING"),
        row("swaks/delivery.txt", 18, Client, "MAIL FROM:<bob@example.test>"),
        row("swaks/delivery.txt", 23, Server, "354 End data with <CR><LF>.<CR><LF>"),
        row("swaks/delivery.txt", 24, Client, "Date: Sat, 28 Nov 2026 14:05:34 +0000"),
        // The empty content line ` -> ` is the client's, not a blank line.
        row("swaks/delivery.txt", 30, Client, ""),
        row("swaks/delivery.txt", 31, Client, "This is a test mailing"),
        row("swaks/delivery.txt", 34, Client, "."),
        row("swaks/delivery.txt", 35, Server, "250 2.0.0 Ok: queued as E4F08B402C"),
        row("swaks/delivery.txt", 36, Client, "QUIT"),
        row("swaks/delivery.txt", 38, INFO, "Connection closed with remote host."),
        // swaks: rejections marked `<**`
        row(
            "swaks/user-unknown.txt",
            21,
            Server,
            "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table",
        ),
        row("swaks/user-unknown.txt", 22, Client, "QUIT"),
        row("swaks/relay-denied.txt", 21, Server, "554 5.7.1 <someone@other.example>: Relay access denied"),
        row(
            "swaks/greylisted.txt",
            21,
            Server,
            "450 4.2.0 <greylist@example.test>: Recipient address rejected: Greylisted, try again later",
        ),
        row("swaks/tls-port-2525.txt", 1, INFO, "Trying 127.0.0.1:2525..."),
        row("swaks/tls-port-2525.txt", 18, Server, "530 5.7.0 Must issue a STARTTLS command first"),
        // swaks: STARTTLS and AUTH LOGIN
        row("swaks/starttls-auth.txt", 18, Client, "STARTTLS"),
        row("swaks/starttls-auth.txt", 19, Server, "220 2.0.0 Ready to start TLS"),
        row("swaks/starttls-auth.txt", 20, Tls, "TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256"),
        row("swaks/starttls-auth.txt", 22, Tls, "TLS peer DN=\"/CN=mail.example.test\""),
        tls("swaks/starttls-auth.txt", 23, Client, "EHLO vm"),
        tls("swaks/starttls-auth.txt", 24, Server, "250-mail.example.test"),
        tls("swaks/starttls-auth.txt", 36, Client, "AUTH LOGIN"),
        tls("swaks/starttls-auth.txt", 37, Server, "334 VXNlcm5hbWU6"),
        tls("swaks/starttls-auth.txt", 38, Client, "YWxpY2VAZXhhbXBsZS50ZXN0"),
        tls("swaks/starttls-auth.txt", 41, Server, "235 2.7.0 Authentication successful"),
        tls("swaks/starttls-auth.txt", 54, Client, ""),
        tls("swaks/starttls-auth.txt", 58, Client, "."),
        tls("swaks/starttls-auth.txt", 61, Server, "221 2.0.0 Bye"),
        row("swaks/auth-plain.txt", 18, Client, "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQxMjM="),
        row("swaks/auth-plain.txt", 19, Server, "235 2.7.0 Authentication successful"),
        // swaks: pipelined commands, then their replies
        row("swaks/pipelining.txt", 21, Client, "RCPT TO:<carol@example.test>"),
        row("swaks/pipelining.txt", 22, Client, "DATA"),
        row("swaks/pipelining.txt", 23, Server, "250 2.1.0 Ok"),
        row(
            "swaks/pipelining.txt",
            25,
            Server,
            "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table",
        ),
        row("swaks/pipelining.txt", 27, Server, "354 End data with <CR><LF>.<CR><LF>"),
        row("swaks/pipelining.txt", 29, Client, "To: alice@example.test,nosuchuser@example.test,carol@example.test"),
        // swaks: output options
        row(
            "swaks/size-rejected.txt",
            1,
            ERROR,
            "DEPRECATION WARNING: Inferring a filename from the argument to --body will be removed in the future.  Prefix filenames with '@' instead.",
        ),
        row("swaks/size-rejected.txt", 25, INFO, "410 lines sent"),
        row("swaks/size-rejected.txt", 26, Server, "552 5.3.4 Error: message file too big"),
        row("swaks/time-lapse.txt", 3, INFO, "response in 0.000s"),
        row("swaks/time-lapse.txt", 4, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)"),
        row(
            "swaks/raw-text.txt",
            3,
            INFO,
            "0000: 32 32 30 20  6D 61 69 6C  2E 65 78 61  6D 70 6C 65    220.mail.example",
        ),
        row("swaks/raw-text.txt", 7, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)"),
        row("swaks/raw-text.txt", 8, Client, "EHLO vm"),
        row(
            "swaks/raw-text.txt",
            9,
            INFO,
            "0000: 45 48 4C 4F  20 76 6D 0D  0A                          EHLO.vm..       ",
        ),
        row("swaks/connect-refused.txt", 2, ERROR, "Error connecting to 127.0.0.1:2599:"),
        row("swaks/connect-refused.txt", 3, ERROR, "\tIO::Socket::INET6: connect: Connection refused"),
        // rfc: RFC 5321 Appendix D
        row("rfc/appendix-d1.txt", 1, INFO, "D.1.  A Typical SMTP Transaction Scenario"),
        row("rfc/appendix-d1.txt", 2, Blank, ""),
        row(
            "rfc/appendix-d1.txt",
            3,
            INFO,
            "   This SMTP example shows mail sent by Smith at host bar.com, and to",
        ),
        row("rfc/appendix-d1.txt", 8, Server, "220 foo.com Simple Mail Transfer Service Ready"),
        row("rfc/appendix-d1.txt", 9, Client, "EHLO bar.com"),
        row("rfc/appendix-d1.txt", 10, Server, "250-foo.com greets bar.com"),
        row("rfc/appendix-d1.txt", 25, Client, "Blah blah blah..."),
        row("rfc/appendix-d1.txt", 26, Client, "...etc. etc. etc."),
        row("rfc/appendix-d1.txt", 27, Client, "."),
        row("rfc/appendix-d1.txt", 29, Client, "QUIT"),
        row("rfc/appendix-d1.txt", 30, Server, "221 foo.com Service closing transmission channel"),
        row("rfc/appendix-d2.txt", 16, Client, "RSET"),
        row("rfc/appendix-d3.txt", 3, INFO, "   Step 1 -- Source Host to Relay Host"),
        row("rfc/appendix-d3.txt", 28, Client, ""),
        row("rfc/appendix-d3.txt", 32, Client, "John."),
        row("rfc/appendix-d3.txt", 46, Server, "220 xyz.com Simple Mail Transfer Service Ready"),
        // Exactly one space after `C:` is the prefix's: the fold stays.
        row("rfc/appendix-d3.txt", 56, Client, "    05:33:29 -0700"),
        row("rfc/appendix-d3.txt", 65, Client, "                        John."),
        row("rfc/appendix-d4.txt", 11, Client, "VRFY Crispin"),
        row("rfc/appendix-d4.txt", 12, Server, "250 Mark Crispin <Admin.MRC@foo.com>"),
        // raw: telnet by hand
        row("raw/telnet-delivery.txt", 1, INFO, "Trying 127.0.0.1..."),
        row("raw/telnet-delivery.txt", 3, INFO, "Escape character is '^]'."),
        row("raw/telnet-delivery.txt", 4, Server, "220 mail.example.test ESMTP Postfix (Debian/GNU)"),
        row("raw/telnet-delivery.txt", 5, Client, "EHLO client.example.test"),
        row("raw/telnet-delivery.txt", 6, Server, "250-mail.example.test"),
        row("raw/telnet-delivery.txt", 24, Server, "354 End data with <CR><LF>.<CR><LF>"),
        row("raw/telnet-delivery.txt", 25, Client, "From: bob@example.test"),
        // Inside content, an empty line and a reply-like line are content.
        row("raw/telnet-delivery.txt", 28, Client, ""),
        row("raw/telnet-delivery.txt", 30, Client, "250 lines of code were typed into this message."),
        row("raw/telnet-delivery.txt", 32, Client, "."),
        row("raw/telnet-delivery.txt", 33, Server, "250 2.0.0 Ok: queued as 08325B405D"),
        row("raw/telnet-delivery.txt", 36, INFO, "Connection closed by foreign host."),
        row("raw/telnet-reject.txt", 5, Client, "HELO client.example.test"),
        row(
            "raw/telnet-reject.txt",
            10,
            Server,
            "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table",
        ),
        row("raw/telnet-reject.txt", 13, Client, "RSET"),
    ]
}

#[test]
fn checked_lines_frame_as_expected() {
    for r in rows() {
        let fs = frames(&fixture(r.fixture), None);
        let at: Vec<&Frame> = fs.iter().filter(|f| f.line == r.line).collect();
        let name = format!("{} line {}", r.fixture, r.line);
        assert_eq!(at.len(), 1, "{name}: one frame");
        let Some(f) = at.first() else { continue };
        assert_eq!(f.kind, r.kind, "{name}: kind");
        assert_eq!(f.text, r.text, "{name}: text");
        assert_eq!(f.encrypted, r.encrypted, "{name}: encrypted");
    }
}

#[test]
fn swaks_connection_boundaries() {
    // (fixture, line, boundary)
    let rows: &[(&str, u32, Option<Boundary>)] = &[
        ("swaks/delivery.txt", 1, Some(Boundary::Start)),
        ("swaks/delivery.txt", 2, None),
        ("swaks/delivery.txt", 38, Some(Boundary::End)),
        ("swaks/size-rejected.txt", 1, None),
        ("swaks/size-rejected.txt", 2, Some(Boundary::Start)),
        ("raw/telnet-delivery.txt", 1, Some(Boundary::Start)),
        ("raw/telnet-delivery.txt", 36, Some(Boundary::End)),
    ];
    for (path, line, want) in rows {
        let fs = frames(&fixture(path), None);
        let got = fs.iter().find(|f| f.line == *line).and_then(|f| f.boundary);
        assert_eq!(got, *want, "{path} line {line}");
    }
}

#[test]
fn every_line_framed_in_order() {
    for (path, format) in all_fixtures() {
        let text = fixture(path);
        let n = split_lines(&text).len() as u32;
        // In every format, detected or not: framing never loses a line.
        for name in [format, "swaks", "rfc", "raw"] {
            let fs = frames(&text, Some(name));
            let mut expect = 1u32;
            for f in &fs {
                assert!(
                    f.line == expect || f.line + 1 == expect,
                    "{path} as {name}: frame for line {} after line {}",
                    f.line,
                    expect - 1
                );
                if f.line == expect {
                    expect += 1;
                }
            }
            assert_eq!(expect - 1, n, "{path} as {name}: every line framed");
        }
    }
}

#[test]
fn swaks_runs_pasted_together_split_at_trying() {
    let text = fixture("swaks/delivery.txt") + &fixture("swaks/user-unknown.txt");
    let starts: Vec<u32> = frames(&text, None)
        .iter()
        .filter(|f| f.boundary == Some(Boundary::Start))
        .map(|f| f.line)
        .collect();
    assert_eq!(starts, vec![1, 39]);
}

/// Kinds and texts, for comparing two framings of the same dialogue.
fn shape(fs: &[Frame<'_>]) -> Vec<(FrameKind, String, bool)> {
    fs.iter()
        .map(|f| (f.kind.clone(), f.text.to_string(), f.encrypted))
        .collect()
}

#[test]
fn junk_around_a_transcript_still_detects() {
    // (name, text before the fixture, fixture, format)
    let rows: &[(&str, &str, &str, &str)] = &[
        (
            "shell prompt before swaks",
            "$ swaks --to alice@example.test --server 127.0.0.1\n",
            "swaks/delivery.txt",
            "swaks",
        ),
        (
            "mail prose before swaks",
            "Hi,\n\nswaks says this, any idea?\n\n",
            "swaks/user-unknown.txt",
            "swaks",
        ),
        (
            "shell prompt before telnet",
            "$ telnet 127.0.0.1 25\n",
            "raw/telnet-reject.txt",
            "raw",
        ),
        (
            "forum prose before an RFC example",
            "From RFC 5321, this is what a good session looks like:\n\n",
            "rfc/appendix-d2.txt",
            "rfc",
        ),
    ];
    for (name, junk, path, format) in rows {
        let body = fixture(path);
        let text = format!("{junk}{body}");
        assert_eq!(detected(&text).0, *format, "{name}");
        // The transcript's own lines frame as they do alone.
        let skip = split_lines(junk).len();
        let with = frames(&text, None);
        let alone = frames(&body, None);
        let tail: Vec<_> = with
            .iter()
            .filter(|f| f.line as usize > skip)
            .cloned()
            .collect();
        assert_eq!(shape(&tail), shape(&alone), "{name}: framing");
        // The junk itself is notes or blank lines, never dialogue.
        for f in with.iter().filter(|f| f.line as usize <= skip) {
            assert!(
                matches!(f.kind, FrameKind::Note(_) | FrameKind::Blank),
                "{name}: junk line {} framed as {:?}",
                f.line,
                f.kind
            );
        }
    }
}

/// The fixture as quoted in a mail reply: `> ` before every line.
fn quote(text: &str) -> String {
    split_lines(text)
        .iter()
        .map(|l| format!("> {}\n", l.text))
        .collect()
}

#[test]
fn email_quoted_transcripts_frame_as_unquoted() {
    for (path, format) in [
        ("swaks/starttls-auth.txt", "swaks"),
        ("swaks/pipelining.txt", "swaks"),
        ("rfc/appendix-d3.txt", "rfc"),
        ("raw/telnet-delivery.txt", "raw"),
    ] {
        let body = fixture(path);
        let quoted = format!("Bob wrote:\n{}\nThanks!\n", quote(&body));
        assert_eq!(detected(&quoted).0, format, "{path}: detection");
        let with = frames(&quoted, None);
        let n = split_lines(&body).len() as u32;
        let inner: Vec<_> = with
            .iter()
            .filter(|f| f.line >= 2 && f.line <= n + 1)
            .cloned()
            .collect();
        let alone = frames(&body, None);
        // Blank lines of the original become `> ` (quoted blanks); compare
        // the rest.
        let strip = |v: Vec<(FrameKind, String, bool)>| -> Vec<(FrameKind, String, bool)> {
            v.into_iter()
                .map(|(k, t, e)| match k {
                    FrameKind::Blank => (FrameKind::Blank, String::new(), e),
                    _ => (k, t, e),
                })
                .collect()
        };
        assert_eq!(
            strip(shape(&inner)),
            strip(shape(&alone)),
            "{path}: framing"
        );
    }
}

/// The text with every line ending replaced by `eol`.
fn with_endings(text: &str, eol: &str) -> String {
    split_lines(text)
        .iter()
        .map(|l| format!("{}{eol}", l.text))
        .collect()
}

#[test]
fn line_endings_do_not_change_framing() {
    for path in [
        "swaks/starttls-auth.txt",
        "rfc/appendix-d3.txt",
        "raw/telnet-delivery.txt",
    ] {
        let original = fixture(path);
        let want = shape(&frames(&original, None));
        let lines_want: Vec<u32> = frames(&original, None).iter().map(|f| f.line).collect();
        for (name, eol) in [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")] {
            let text = with_endings(&original, eol);
            let fs = frames(&text, None);
            assert_eq!(shape(&fs), want, "{path} with {name}");
            let lines: Vec<u32> = fs.iter().map(|f| f.line).collect();
            assert_eq!(lines, lines_want, "{path} with {name}: line numbers");
            // Without a final line ending, too.
            let trimmed = text.strip_suffix(eol).unwrap_or(&text);
            assert_eq!(
                shape(&frames(trimmed, None)),
                want,
                "{path} with {name}, no final {name}"
            );
        }
    }
}
