//! The command line: exit codes, error messages, and `--json` printing
//! exactly the library's output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/support/gen.rs"]
mod gen;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const DIALOGUE: &str = "S: 220 mx.example.com ESMTP\r\nC: EHLO a.example\r\nS: 250 mx.example.com\r\nC: MAIL FROM:<a@a.example>\r\nS: 250 2.1.0 Ok\r\nC: RCPT TO:<nobody@example.com>\r\nS: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\nC: QUIT\r\nS: 221 2.0.0 Bye\r\n";

fn smtpscope(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtpscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run smtpscope");
    {
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or(b"")).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("smtpscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn json_is_exactly_the_library_output() {
    let p = temp_file("d.txt", DIALOGUE.as_bytes());
    let out = smtpscope(&["parse", p.to_str().unwrap(), "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = serde_json::to_value(smtpscope::parse(DIALOGUE, &Default::default())).unwrap();
    assert_eq!(got, want);
    assert_eq!(got["sessions"][0]["outcome"]["status"], "rejected");
}

/// Piped, `--json` is written as the input is parsed, session by session
/// (a log's sessions end out of their start order; a big paste takes the
/// second thread): the bytes must be serde_json's for the whole transcript,
/// with redaction and with invalid UTF-8 too.
#[test]
fn json_of_many_sessions_is_byte_for_byte_the_library_output() {
    let log = gen::postfix(4, 1_000_000).into_bytes();
    let paste = gen::rfc(5, 1_500_000).into_bytes();
    let mut bad = log.clone();
    bad.insert(bad.len() / 2, 0xFF);
    for (name, bytes, args) in [
        ("log", &log, &[][..]),
        ("paste", &paste, &[][..]),
        ("invalid UTF-8", &bad, &[][..]),
        ("redacted", &log, &["--redact"][..]),
    ] {
        let p = temp_file(&format!("{}.txt", name.replace(' ', "-")), bytes);
        let mut argv = vec!["parse", p.to_str().unwrap(), "--json"];
        argv.extend(args);
        let out = smtpscope(&argv, None);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let options = smtpscope::Options {
            redact: !args.is_empty(),
            ..Default::default()
        };
        let t = smtpscope::parse_bytes(bytes, &options);
        assert!(
            t.sessions.len() > 4 * 64,
            "{name}: {} sessions",
            t.sessions.len()
        );
        let mut want = serde_json::to_vec(&t).unwrap();
        want.push(b'\n');
        assert!(
            out.stdout == want,
            "{name}: the JSON differs from serde_json's"
        );
    }
}

/// A closed pipe ends the run quietly, without the rest of the output.
#[test]
fn json_into_a_closed_pipe_stops_quietly() {
    let log = gen::postfix(4, 3_000_000);
    let p = temp_file("closed.txt", log.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtpscope"))
        .args(["parse", p.to_str().unwrap(), "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    assert_eq!(&first[..11], b"{\"format\":\"");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "exit {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn reads_standard_input() {
    for args in [&["parse", "--json"][..], &["parse", "-", "--json"][..]] {
        let out = smtpscope(args, Some(DIALOGUE.as_bytes()));
        assert!(out.status.success());
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["format"], "rfc");
    }
}

#[test]
fn terminal_output_without_colour_when_piped() {
    let out = smtpscope(&["parse"], Some(DIALOGUE.as_bytes()));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "escape codes in piped output");
    assert!(text.contains("REJECTED"), "{text}");
    assert!(text.contains("550 5.1.1"), "{text}");
    let coloured = smtpscope(&["parse", "--color", "always"], Some(DIALOGUE.as_bytes()));
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\x1b'));
}

#[test]
fn pasted_escape_sequences_do_not_reach_the_terminal() {
    let out = smtpscope(
        &["parse", "--color", "never"],
        Some(b"220 evil \x1b]0;pwned\x07 ESMTP\nQUIT\n"),
    );
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn user_errors_exit_2_with_one_line() {
    let rows: &[(&str, &[&str], &str)] = &[
        (
            "missing file",
            &["parse", "/nonexistent/x.txt"],
            "cannot open /nonexistent/x.txt",
        ),
        (
            "unknown format",
            &["parse", "--format", "bogus"],
            "unknown format \"bogus\"",
        ),
        ("unknown flag", &["parse", "--bogus"], "--bogus"),
        ("no subcommand", &[], "Usage"),
        ("bad code", &["explain", "abc"], "abc"),
        ("bad colour", &["parse", "--color", "pink"], "--color"),
    ];
    for (name, args, needle) in rows {
        let out = smtpscope(args, Some(b""));
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{name}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{name}: {err}"
        );
        assert!(out.stdout.is_empty(), "{name}");
    }
}

#[test]
fn invalid_utf8_is_lossy_with_a_diagnostic() {
    let p = temp_file("bad.txt", b"S: 220 ok\nC: EHLO \xff\n");
    let out = smtpscope(&["parse", p.to_str().unwrap(), "--json"], None);
    assert!(out.status.success());
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = got["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"invalid-utf8"), "{codes:?}");
}

#[test]
fn show_secrets_flag() {
    let text = b"S: 220 mx\nC: AUTH PLAIN AGFsaWNlAHNlY3JldDEyMw==\nS: 235 ok\n";
    let masked = smtpscope(&["parse", "--json"], Some(text));
    assert!(!String::from_utf8_lossy(&masked.stdout).contains("AGFsaWNl"));
    let shown = smtpscope(&["parse", "--json", "--show-secrets"], Some(text));
    assert!(String::from_utf8_lossy(&shown.stdout).contains("AGFsaWNlAHNlY3JldDEyMw=="));
}

#[test]
fn explain_tokens_and_parse_explain() {
    let out = smtpscope(&["explain", "PIPELINING"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ext:PIPELINING") && text.contains("RFC 2920"),
        "{text}"
    );

    let out = smtpscope(&["explain", "param:NOTIFY", "--json"], None);
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got[0]["id"], "param:NOTIFY");

    let out = smtpscope(
        &["parse", "--explain"],
        Some(b"S: 220 mx\nC: MAIL FROM:<a@b> SIZE=48213 BODY=8BITMIME\nS: 250 ok\n"),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SIZE=48213: the client declares a 47 KB message"),
        "{text}"
    );
    assert!(text.contains("BODY=8BITMIME"), "{text}");
}

#[test]
fn ndjson_prints_one_session_per_line_then_the_rest() {
    let two = format!("{DIALOGUE}{DIALOGUE}");
    let out = smtpscope(&["parse", "--ndjson"], Some(two.as_bytes()));
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["session", "session", "rest"]);
    assert_eq!(lines[1]["index"], 1);
    assert_eq!(lines[1]["outcome"]["status"], "rejected");
    assert_eq!(lines[2]["lineCount"], 18);
}

#[test]
fn ndjson_streams_a_postfix_log_from_a_file_and_from_standard_input() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/logs/postfix/mixed.log");
    let bytes = std::fs::read(&path).unwrap();
    let whole = smtpscope::parse_bytes(&bytes, &Default::default());
    let read = |out: std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .collect::<Vec<_>>()
    };
    let from_file = read(smtpscope(
        &["parse", path.to_str().unwrap(), "--ndjson"],
        None,
    ));
    let from_stdin = read(smtpscope(&["parse", "-", "--ndjson"], Some(&bytes)));
    assert_eq!(from_file, from_stdin);
    // One line per session (in the order they end), then the rest.
    assert_eq!(from_file.len(), whole.sessions.len() + 1);
    assert_eq!(from_file.last().unwrap()["kind"], "rest");
    let mut seen = vec![false; whole.sessions.len()];
    for l in &from_file[..whole.sessions.len()] {
        assert_eq!(l["kind"], "session");
        assert_eq!(l["format"], whole.format);
        let i = l["index"].as_u64().unwrap() as usize;
        assert!(!seen[i], "session {i} twice");
        seen[i] = true;
        assert_eq!(
            l["outcome"],
            serde_json::to_value(&whole.sessions[i].outcome).unwrap()
        );
        assert_eq!(
            l["events"],
            serde_json::to_value(&whole.sessions[i].events).unwrap()
        );
    }
}

/// `--ndjson` of a big log: the lines are written on a thread of their
/// own and, when it falls behind, on the parse's (a buffer it keeps from
/// one session to the next): every session once, as the library gives it,
/// with its own diagnostics, then the rest.
#[test]
fn ndjson_of_many_sessions_is_the_library_output() {
    let log = gen::postfix(4, 1_000_000).into_bytes();
    let p = temp_file("ndjson-many.txt", &log);
    let out = smtpscope(&["parse", p.to_str().unwrap(), "--ndjson"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let whole = smtpscope::parse_bytes(&log, &Default::default());
    let n = whole.sessions.len();
    assert!(n > 4 * 64, "{n} sessions");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), n + 1);
    let mut seen = vec![false; n];
    for line in &lines[..n] {
        let mut line = line.clone();
        let fields = line.as_object_mut().unwrap();
        assert_eq!(fields.remove("kind").unwrap(), "session");
        assert_eq!(fields.remove("format").unwrap(), whole.format.as_str());
        let i = fields.remove("index").unwrap().as_u64().unwrap() as usize;
        let diagnostics = fields.remove("diagnostics").unwrap();
        assert!(!seen[i], "session {i} twice");
        seen[i] = true;
        assert_eq!(
            line,
            serde_json::to_value(&whole.sessions[i]).unwrap(),
            "session {i}"
        );
        let own: Vec<&smtpscope::Diagnostic> = whole
            .diagnostics
            .iter()
            .filter(|d| d.session == Some(i as u32))
            .collect();
        assert_eq!(
            diagnostics,
            serde_json::to_value(own).unwrap(),
            "session {i}"
        );
    }
    assert_eq!(lines[n]["kind"], "rest");
}

/// The terminal summary counts in words: "9 lines, 1 session", never
/// "line(s)".
#[test]
fn the_terminal_summary_counts_in_words() {
    let out = smtpscope(&["parse", "-"], Some(DIALOGUE.as_bytes()));
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or("");
    assert!(first.ends_with("9 lines, 1 session"), "{first}");
    assert!(!text.contains("(s)"), "{text}");
}

/// The terminal timeline of a big input is drawn as it is parsed (each
/// session as soon as it is finished, on the parse's second thread): the
/// first line still counts every session, and the sessions come in order,
/// each titled with its number and followed by its outcome, as the JSON
/// of the same input has them.
#[test]
fn the_terminal_timeline_of_a_big_input_has_every_session_in_order() {
    for (name, text) in [
        ("log.txt", gen::postfix(6, 2_500_000)),
        ("paste.txt", gen::rfc(6, 2_500_000)),
    ] {
        assert!(
            text.lines().count() > 20_000,
            "{name}: too small for two threads"
        );
        let p = temp_file(name, text.as_bytes());
        let out = smtpscope(&["parse", p.to_str().unwrap(), "--color", "never"], None);
        assert!(out.status.success(), "{name}");
        let drawn = String::from_utf8(out.stdout).unwrap();
        let json = smtpscope(&["parse", p.to_str().unwrap(), "--json"], None);
        let whole: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let sessions = whole["sessions"].as_array().unwrap();
        assert!(sessions.len() > 100, "{name}: {} sessions", sessions.len());
        let first = drawn.lines().next().unwrap();
        assert!(
            first.ends_with(&format!(", {} sessions", sessions.len())),
            "{name}: {first}"
        );
        let mut lines = drawn.lines();
        for (i, s) in sessions.iter().enumerate() {
            let title = format!("Session {}", i + 1);
            let at = lines
                .by_ref()
                .find(|l| l.starts_with(&format!("{title} ")))
                .unwrap_or_else(|| panic!("{name}: no {title} after session {i}"));
            if let Some(id) = s["id"].as_str() {
                assert!(at.contains(&format!("[{id}]")), "{name}: {at}");
            }
            let outcome = &s["outcome"];
            let said = outcome["headline"]
                .as_str()
                .or(outcome["summary"].as_str())
                .unwrap();
            assert_eq!(lines.next(), Some(format!("  {said}").as_str()), "{name}");
        }
    }
}

/// Steps reconstructed from other lines (a log's summary lines) are
/// marked `~` after their line number in the terminal timeline, one mark
/// a step, with a legend under the session's outcome; steps seen on the
/// wire are not.
#[test]
fn the_terminal_timeline_marks_inferred_steps() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/logs/postfix/mixed.log"
    );
    let out = smtpscope(&["parse", path, "--color", "never"], None);
    let drawn = String::from_utf8(out.stdout).unwrap();
    let json = smtpscope(&["parse", path, "--json"], None);
    let whole: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let sessions = whole["sessions"].as_array().unwrap();
    let inferred = |s: &serde_json::Value| {
        s["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["inferred"] == true && e["kind"] != "tls")
            .count()
    };
    let steps: usize = sessions.iter().map(inferred).sum();
    assert!(steps > 5, "{steps}");
    let marked = drawn.lines().filter(|l| l.get(5..6) == Some("~")).count();
    assert_eq!(marked, steps, "{drawn}");
    let legend = "~ reconstructed from other lines, not seen on the wire";
    let with = sessions.iter().filter(|s| inferred(s) > 0).count();
    assert_eq!(drawn.matches(legend).count(), with, "{drawn}");
    let wire = smtpscope(
        &["parse", "-", "--color", "never"],
        Some(DIALOGUE.as_bytes()),
    );
    let wire = String::from_utf8(wire.stdout).unwrap();
    assert!(!wire.contains(legend), "{wire}");
    assert!(!wire.lines().any(|l| l.get(5..6) == Some("~")), "{wire}");
}
