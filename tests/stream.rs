//! `parse_stream` (what `--ndjson` uses) gives, session by session, exactly
//! what `parse` gives for the whole input: on every fixture, on a generated
//! Postfix log cut into many small pieces, with CRLF and with invalid
//! UTF-8, and it hands a log's sessions over before the input ends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/gen.rs"]
mod gen;

mod support;

use smtpscope::{parse_bytes, parse_stream_in, Diagnostic, Options, Session, Transcript};
use std::io::Cursor;
use std::path::Path;

/// Fixture files: no extension (Exim's `mainlog`) or a text one.
fn wanted(p: &Path) -> bool {
    match p.extension() {
        None => true,
        Some(x) => ["txt", "log", "eml", "csv", "LOG"].iter().any(|e| x == *e),
    }
}

struct Streamed {
    sessions: Vec<(usize, Session, Vec<Diagnostic>)>,
    end: smtpscope::StreamEnd,
    /// Sessions handed over before the last piece was read.
    early: usize,
}

fn stream(bytes: &[u8], options: &Options, piece: usize) -> Streamed {
    let mut sessions = Vec::new();
    let mut opened = 0;
    let mut open = || {
        opened += 1;
        Ok(Cursor::new(bytes.to_vec()))
    };
    let mut emit = |s: smtpscope::StreamedSession| {
        sessions.push((s.index, s.session, s.diagnostics));
        Ok(())
    };
    let end = parse_stream_in(&mut open, options, &mut emit, piece).unwrap();
    // Sessions count as early when more of them were handed over than the
    // sessions still open when the input ended could explain: measured by
    // how many were emitted in an order other than their start order.
    let early = sessions.windows(2).filter(|w| w[1].0 < w[0].0).count();
    Streamed {
        sessions,
        end,
        early,
    }
}

/// The diagnostics of session `i` in the whole result.
fn own_diagnostics(whole: &Transcript, i: usize) -> Vec<&Diagnostic> {
    whole
        .diagnostics
        .iter()
        .filter(|d| d.session == Some(i as u32))
        .collect()
}

/// The streamed result equals the whole one.
fn assert_same(name: &str, whole: &Transcript, s: Streamed) {
    assert_eq!(s.end.format, whole.format, "{name}: format");
    assert_eq!(s.end.detection, whole.detection, "{name}: detection");
    assert_eq!(s.end.line_count, whole.line_count, "{name}: line count");
    assert_eq!(s.end.byte_count, whole.byte_count, "{name}: byte count");
    assert_eq!(s.end.unassigned, whole.unassigned, "{name}: unassigned");
    let loose: Vec<&Diagnostic> = whole
        .diagnostics
        .iter()
        .filter(|d| d.session.is_none())
        .collect();
    assert_eq!(
        s.end.diagnostics.iter().collect::<Vec<_>>(),
        loose,
        "{name}: diagnostics of no session"
    );
    let mut got = s.sessions;
    got.sort_by_key(|x| x.0);
    assert_eq!(got.len(), whole.sessions.len(), "{name}: session count");
    for (i, (index, session, diags)) in got.iter().enumerate() {
        assert_eq!(*index, i, "{name}: session numbers");
        assert_eq!(session, &whole.sessions[i], "{name}: session {i}");
        assert_eq!(
            diags.iter().collect::<Vec<_>>(),
            own_diagnostics(whole, i),
            "{name}: diagnostics of session {i}"
        );
    }
}

#[test]
fn every_fixture_streams_as_it_parses() {
    let files = support::fixture_files(wanted);
    assert!(files.len() > 30, "fixtures found: {}", files.len());
    let options = Options::default();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let whole = parse_bytes(&bytes, &options);
        for piece in [64, 4096, 4 << 20] {
            let name = format!("{} (pieces of {piece} bytes)", f.display());
            assert_same(&name, &whole, stream(&bytes, &options, piece));
        }
    }
}

#[test]
fn a_generated_log_streams_as_it_parses_and_hands_sessions_over_early() {
    let text = gen::postfix(7, 600_000);
    let options = Options::default();
    let whole = smtpscope::parse(&text, &options);
    assert_eq!(whole.format, "postfix-verbose");
    assert!(
        whole.sessions.len() > 100,
        "{} sessions",
        whole.sessions.len()
    );
    let s = stream(text.as_bytes(), &options, 16 * 1024);
    let early = s.early;
    assert_same("generated postfix log", &whole, s);
    assert!(early > 0, "no session was handed over before the end");
}

#[test]
fn crlf_and_invalid_utf8_stream_as_they_parse() {
    let text = gen::postfix(11, 200_000);
    // CRLF, but every 7th line with a bare LF: the lint reports those, from
    // line endings it must remember across pieces.
    let mut crlf = Vec::new();
    for (i, line) in text.lines().enumerate() {
        crlf.extend_from_slice(line.as_bytes());
        crlf.extend_from_slice(if i % 7 == 3 { b"\n" } else { b"\r\n" });
    }
    // An invalid byte on some line in the middle.
    let at = crlf.len() / 2;
    let nl = crlf[at..].iter().position(|&b| b == b'\n').unwrap() + at;
    crlf.insert(nl - 1, 0xFF);
    let options = Options::default();
    let whole = parse_bytes(&crlf, &options);
    assert!(whole.diagnostics.iter().any(|d| d.code == "invalid-utf8"));
    assert!(whole.diagnostics.iter().any(|d| d.code == "bare-lf"));
    // Pieces of 3 bytes less than a line's worth cut between CR and LF.
    for piece in [1000, 4093, 65536] {
        assert_same(
            &format!("CRLF log, pieces of {piece}"),
            &whole,
            stream(&crlf, &options, piece),
        );
    }
}

#[test]
fn token_parts_and_shown_secrets_stream_too() {
    let text = gen::postfix(3, 100_000);
    let options = Options {
        parts: true,
        show_secrets: true,
        ..Options::default()
    };
    let whole = smtpscope::parse(&text, &options);
    assert_same(
        "with parts",
        &whole,
        stream(text.as_bytes(), &options, 8192),
    );
}

#[test]
fn hostile_input_streams_as_it_parses() {
    // A forced log format takes the streaming path whatever the input.
    let options = Options {
        format: Some("postfix".into()),
        ..Options::default()
    };
    let mut junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    junk.extend(vec![b'x'; 300_000]); // one long line, no end
    let mut log = gen::postfix(5, 50_000).into_bytes();
    log.extend_from_slice(&junk);
    for (name, bytes) in [("junk", &junk), ("log then junk", &log)] {
        let whole = parse_bytes(bytes, &options);
        for piece in [100, 5000] {
            assert_same(
                &format!("{name}, pieces of {piece}"),
                &whole,
                stream(bytes, &options, piece),
            );
        }
    }
}

/// What `parse_bytes_each` handed over, and when.
#[derive(Default)]
struct Each {
    begun: Option<smtpscope::Detection>,
    sessions: Vec<(usize, Session, Vec<Diagnostic>)>,
    /// Fail on this session (its position in the order handed over).
    fail_at: Option<usize>,
    /// Say that the sink works on a thread of its own (the parse then
    /// keeps to one thread).
    own_thread: bool,
}

impl smtpscope::SessionSink for Each {
    fn begin(&mut self, detection: &smtpscope::Detection) -> std::io::Result<()> {
        assert!(self.begun.is_none(), "begin called twice");
        self.begun = Some(detection.clone());
        Ok(())
    }
    fn session(&mut self, s: smtpscope::StreamedSession) -> std::io::Result<()> {
        assert!(self.begun.is_some(), "a session before begin");
        if self.fail_at == Some(self.sessions.len()) {
            return Err(std::io::Error::other("the sink is full"));
        }
        self.sessions.push((s.index, s.session, s.diagnostics));
        Ok(())
    }
    fn has_own_thread(&self) -> bool {
        self.own_thread
    }
}

/// `parse_bytes_each` gives `parse_bytes`' sessions in their order, each
/// with its own diagnostics, and returns the rest of the same transcript,
/// whether or not the sink has a thread of its own.
fn assert_each_is_whole(name: &str, bytes: &[u8], options: &Options) {
    for own_thread in [false, true] {
        assert_each_is_whole_in(
            &format!("{name} (own thread: {own_thread})"),
            bytes,
            options,
            own_thread,
        );
    }
}

fn assert_each_is_whole_in(name: &str, bytes: &[u8], options: &Options, own_thread: bool) {
    let whole = parse_bytes(bytes, options);
    let mut each = Each {
        own_thread,
        ..Each::default()
    };
    let rest = smtpscope::parse_bytes_each(bytes, options, &mut each).unwrap();
    assert_eq!(each.begun.as_ref(), Some(&whole.detection), "{name}: begin");
    let numbers: Vec<usize> = each.sessions.iter().map(|s| s.0).collect();
    let want: Vec<usize> = (0..whole.sessions.len()).collect();
    assert_eq!(numbers, want, "{name}: sessions in their order");
    for (i, (_, session, diags)) in each.sessions.iter().enumerate() {
        assert!(session == &whole.sessions[i], "{name}: session {i}");
        assert_eq!(
            diags.iter().collect::<Vec<_>>(),
            own_diagnostics(&whole, i),
            "{name}: diagnostics of session {i}"
        );
    }
    let mut without = whole;
    without.sessions.clear();
    assert!(rest == without, "{name}: the rest of the transcript");
}

#[test]
fn parse_bytes_each_hands_over_what_parse_bytes_gives() {
    let files = support::fixture_files(wanted);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        assert_each_is_whole(&f.display().to_string(), &bytes, &Options::default());
    }
    // Big enough for the second thread (20 000 frames): a paste of many
    // sessions, and a log whose sessions end out of their start order.
    let rfc = gen::rfc(3, 1_500_000);
    let log = gen::postfix(9, 1_500_000);
    let mut bad = log.clone().into_bytes();
    bad.insert(bad.len() / 3, 0xFE);
    for (name, bytes) in [
        ("rfc", rfc.as_bytes()),
        ("postfix", log.as_bytes()),
        ("invalid UTF-8", &bad[..]),
    ] {
        assert_each_is_whole(name, bytes, &Options::default());
    }
    let redacted = Options {
        redact: true,
        parts: true,
        ..Options::default()
    };
    assert_each_is_whole("redacted, with parts", log.as_bytes(), &redacted);
}

#[test]
fn an_error_of_the_sink_stops_the_parse_and_is_returned() {
    let log = gen::postfix(9, 1_500_000);
    for (fail_at, own_thread) in [(0, false), (3, false), (0, true), (3, true)] {
        let mut each = Each {
            fail_at: Some(fail_at),
            own_thread,
            ..Each::default()
        };
        let err = smtpscope::parse_bytes_each(log.as_bytes(), &Options::default(), &mut each)
            .expect_err("the sink's error");
        assert_eq!(err.to_string(), "the sink is full");
        assert_eq!(each.sessions.len(), fail_at, "sessions before the error");
    }
}
