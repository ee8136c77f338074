#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Exports: C:/S: text (round trip through the parser), swaks command
//! lines (exact strings, hostile values quoted), Mermaid escaping.
//!
//! The swaks command is also replayed against the loopback Postfix when
//! swaks and a server on 127.0.0.1:25 are there; otherwise that test prints
//! a note and passes.

use smtpscope::export::{export, mermaid_escape, only_session, shell_quote, ExportKind};
use smtpscope::{parse, EventDetail, Options, Transcript};
use std::path::Path;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn fixtures(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
    out.sort();
    out
}

/// The dialogue as (side, what) pairs: commands as `C VERB args`, replies as
/// `S code`, data as `D size-less header names`.
/// The dialogue, without BDAT chunks: the C:/S: export names them in a
/// comment (their bytes cannot be rebuilt from the model), so they do not
/// come back as data.
fn dialogue(t: &Transcript) -> Vec<String> {
    let mut out = Vec::new();
    for s in &t.sessions {
        let mut after_bdat = false;
        for e in &s.events {
            match &e.detail {
                EventDetail::Data { .. } if after_bdat => {}
                EventDetail::Command { verb, args, .. } => {
                    after_bdat = verb == "BDAT";
                    out.push(format!("C {verb} {args}"))
                }
                EventDetail::Reply { code, lines, .. } => {
                    out.push(format!("S {code} {}", lines.join("|")))
                }
                EventDetail::Data { headers, .. } => out.push(format!(
                    "D {}",
                    headers
                        .iter()
                        .map(|h| format!("{}={}", h.name, h.value))
                        .collect::<Vec<_>>()
                        .join("|")
                )),
                _ => {}
            }
        }
    }
    out
}

/// Sender and recipients of each transaction.
fn envelopes(t: &Transcript) -> Vec<(Option<String>, Vec<String>)> {
    t.sessions
        .iter()
        .flat_map(|s| &s.transactions)
        .map(|tx| {
            (
                tx.sender.clone(),
                tx.recipients.iter().map(|r| r.address.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn cs_exact_table() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "greeting and quit",
            "S: 220 mx.example.com ESMTP\nC: QUIT\nS: 221 Bye\n",
            "S: 220 mx.example.com ESMTP\nC: QUIT\nS: 221 Bye\n",
        ),
        (
            // The swaks arrows become C:/S:, the tool's own lines go.
            "swaks with a multi-line reply",
            "=== Trying 127.0.0.1:25...\n<-  220 mx ESMTP\n -> EHLO vm\n<-  250-mx\n<-  250 SIZE 100\n -> QUIT\n<-  221 Bye\n",
            "S: 220 mx ESMTP\nC: EHLO vm\nS: 250-mx\nS: 250 SIZE 100\nC: QUIT\nS: 221 Bye\n",
        ),
        (
            "message content: headers kept, body summarised, dot-stuffed",
            "S: 220 mx\nC: DATA\nS: 354 go\nC: Subject: hi\nC: .X-Odd: y\nC:\nC: body\nC: .\nS: 250 ok\n",
            // A lone leading dot is not stuffing: the field is ".X-Odd" and
            // is written stuffed. 13 + 11 + 2 + 6 bytes with CRLF ends.
            "S: 220 mx\nC: DATA\nS: 354 go\nC: Subject: hi\nC: ..X-Odd: y\nC:\nC: [message content: 32 bytes, 4 lines]\nC: .\nS: 250 ok\n",
        ),
        (
            "STARTTLS boundary as a comment",
            "=== Trying 127.0.0.1:25...\n<-  220 mx\n -> STARTTLS\n<-  220 2.0.0 Ready to start TLS\n=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256\n ~> QUIT\n<~  221 2.0.0 Bye\n",
            "S: 220 mx\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n# TLS: TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256\nC: QUIT\nS: 221 2.0.0 Bye\n",
        ),
    ];
    for (name, input, want) in rows {
        let t = parse(input, &Options::default());
        assert_eq!(export(&t, ExportKind::Cs), *want, "{name}");
    }
}

#[test]
fn cs_round_trip_keeps_commands_replies_and_envelopes() {
    let mut all = fixtures("tests/fixtures/swaks");
    all.extend(fixtures("tests/fixtures/rfc"));
    assert!(all.len() >= 16, "fixtures found: {}", all.len());
    for (name, text) in all {
        let first = parse(&text, &Options::default());
        let cs = export(&first, ExportKind::Cs);
        let again = parse(&cs, &Options::default());
        // Nothing was said (connection refused): nothing to export.
        if dialogue(&first).is_empty() {
            assert_eq!(cs, "", "{name}");
            continue;
        }
        assert_eq!(again.format, "rfc", "{name}: the export reads as C:/S:");
        assert_eq!(dialogue(&again), dialogue(&first), "{name}: dialogue");
        assert_eq!(envelopes(&again), envelopes(&first), "{name}: envelopes");
        for (a, b) in again.sessions.iter().zip(&first.sessions) {
            assert_eq!(a.outcome.status, b.outcome.status, "{name}: outcome");
            assert_eq!(a.tls, b.tls, "{name}: tls");
        }
    }
}

#[test]
fn swaks_starttls_auth_fixture() {
    let t = parse(
        &fixture("tests/fixtures/swaks/starttls-auth.txt"),
        &Options::default(),
    );
    assert_eq!(
        export(&t, ExportKind::Swaks),
        "# The transcript does not name the server: replace mx.example.com.\n\
         # No --auth-password: swaks asks for the password.\n\
         swaks --server mx.example.com --port 25 --ehlo vm --tls --auth LOGIN \
         --auth-user alice@example.test --from alice@example.test --to bob@example.test\n"
    );
}

#[test]
fn swaks_table() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "pipelined, several recipients, one refused",
            "tests/fixtures/swaks/pipelining.txt",
            "# The transcript does not name the server: replace mx.example.com.\n\
             swaks --server mx.example.com --port 25 --ehlo vm --from bob@example.test \
             --to alice@example.test,nosuchuser@example.test,carol@example.test --pipeline\n",
        ),
        (
            // The Postfix verbose log names the peer: host, address and port.
            "peer from a log",
            "tests/fixtures/logs/postfix/verbose-smtpd.log",
            "swaks --server localhost --port 25 --ehlo vm --from alice@example.test \
             --to bob@example.test,nosuchuser@example.test\n",
        ),
    ];
    for (name, path, want) in rows {
        let t = parse(&fixture(path), &Options::default());
        assert_eq!(export(&t, ExportKind::Swaks), *want, "{name}");
    }
    // The session with a port in its peer, picked alone.
    let t = parse(
        &fixture("tests/fixtures/logs/postfix/verbose-smtp.log"),
        &Options::default(),
    );
    let one = only_session(&t, 1).unwrap();
    assert_eq!(
        export(&one, ExportKind::Swaks),
        "swaks --server 127.0.0.1 --port 2526 --ehlo mail.example.test --from alice@example.test \
         --to rcpt@verbose.sink.test --pipeline\n"
    );
    assert!(only_session(&t, 99).is_none());
}

const HOSTILE: &str = "S: 220 x ESMTP\nC: EHLO vm\nS: 250 x\n\
C: MAIL FROM:<\"it's $(touch /tmp/pwn); `id`\"@example.com>\nS: 250 ok\n\
C: RCPT TO:<\"a b&c|d\"@example.com>\nS: 250 ok\nC: QUIT\nS: 221 bye\n";

#[test]
fn swaks_quotes_hostile_values() {
    let t = parse(HOSTILE, &Options::default());
    let out = export(&t, ExportKind::Swaks);
    let cmd = out.lines().last().unwrap();
    assert_eq!(
        cmd,
        r#"swaks --server mx.example.com --port 25 --ehlo vm --from '"it'\''s $(touch /tmp/pwn); `id`"@example.com' --to '"a b&c|d"@example.com'"#
    );
}

#[test]
fn shell_quote_table() {
    let rows: &[(&str, &str, &str)] = &[
        ("plain address", "alice@example.test", "alice@example.test"),
        ("empty", "", "''"),
        ("space", "a b", "'a b'"),
        ("single quote", "it's", r"'it'\''s'"),
        ("command substitution", "$(rm -rf ~)", "'$(rm -rf ~)'"),
        ("backticks and semicolon", "`id`;x", "'`id`;x'"),
        ("null sender", "<>", "'<>'"),
        ("newline", "a\nb", "'a\nb'"),
        ("glob", "*", "'*'"),
    ];
    for (name, input, want) in rows {
        assert_eq!(shell_quote(input), *want, "{name}");
    }
    // A real shell reads each quoted word back as the original.
    if std::process::Command::new("sh")
        .arg("-c")
        .arg("true")
        .status()
        .is_ok()
    {
        for (name, input, _) in rows {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf '%s' {}", shell_quote(input)))
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                *input,
                "{name} via sh"
            );
        }
    }
}

#[test]
fn mermaid_escape_table() {
    let rows: &[(&str, &str, &str)] = &[
        ("plain", "EHLO vm", "EHLO vm"),
        ("path", "MAIL FROM:<a@b>", "MAIL FROM:#60;a@b#62;"),
        ("semicolon and hash", "a;b#c", "a#59;b#35;c"),
        ("quotes", "DN=\"x\" 'y'", "DN=#34;x#34; #39;y#39;"),
        ("html", "<script>&amp;", "#60;script#62;#38;amp#59;"),
        ("line break", "a\nb", "a b"),
    ];
    for (name, input, want) in rows {
        assert_eq!(mermaid_escape(input), *want, "{name}");
    }
}

#[test]
fn mermaid_shape() {
    let t = parse(
        &fixture("tests/fixtures/swaks/pipelining.txt"),
        &Options::default(),
    );
    let m = export(&t, ExportKind::Mermaid);
    let lines: Vec<&str> = m.lines().collect();
    assert_eq!(lines.first(), Some(&"sequenceDiagram"));
    assert!(lines.contains(&"    C->>S: MAIL FROM:#60;bob@example.test#62;"));
    assert!(lines.contains(&"    rect rgba(120, 140, 200, 0.15)"));
    assert!(lines.contains(&"    S-->>C: 250 mail.example.test (+12 lines)"));
    // Long reply text is shortened with an ellipsis.
    assert!(lines
        .iter()
        .any(|l| l.starts_with("    S-->>C: 550 5.1.1 #60;nosuchuser") && l.ends_with('…')));
    // Every rect is closed.
    let opens = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("rect "))
        .count();
    let ends = lines.iter().filter(|l| l.trim() == "end").count();
    assert_eq!(opens, ends);
    // No raw character that ends a Mermaid message.
    for l in &lines[3..] {
        let text = l.split_once(": ").map_or("", |(_, t)| t);
        let without_entities = text.split('#').skip(1).all(|rest| {
            rest.split_once(';')
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        });
        assert!(without_entities, "stray # in {l:?}");
    }
}

/// Replays the exported swaks command against the loopback Postfix and
/// checks the new transcript has the same envelope.
#[test]
fn swaks_replay_against_loopback_postfix() {
    let swaks_ok = std::process::Command::new("swaks")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let postfix_ok = std::net::TcpStream::connect_timeout(
        &"127.0.0.1:25".parse().unwrap(),
        std::time::Duration::from_secs(2),
    )
    .is_ok();
    if !swaks_ok || !postfix_ok {
        eprintln!("note: swaks or Postfix on 127.0.0.1:25 not available; replay skipped");
        return;
    }
    let rows: &[(&str, &str, Option<&str>)] = &[
        ("delivery", "tests/fixtures/swaks/delivery.txt", None),
        (
            "pipelining with a refused recipient",
            "tests/fixtures/swaks/pipelining.txt",
            None,
        ),
        // The loopback Postfix user (see /work/shared/tools/loopback-postfix.sh).
        (
            "STARTTLS and AUTH",
            "tests/fixtures/swaks/starttls-auth.txt",
            Some("secret123"),
        ),
    ];
    for (name, path, password) in rows {
        let original = parse(&fixture(path), &Options::default());
        let out = export(&original, ExportKind::Swaks);
        let cmd = out.lines().find(|l| l.starts_with("swaks ")).unwrap();
        let mut cmd = cmd.replace("--server mx.example.com", "--server 127.0.0.1");
        if let Some(p) = password {
            cmd.push_str(&format!(" --auth-password {}", shell_quote(p)));
        }
        // swaks may exit non-zero when a recipient is refused: the
        // transcript is what matters.
        let run = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{cmd} --timeout 20"))
            .output()
            .unwrap();
        let replay = String::from_utf8_lossy(&run.stdout).into_owned();
        let again = parse(&replay, &Options::default());
        assert_eq!(again.format, "swaks", "{name}: {replay}");
        assert_eq!(envelopes(&again), envelopes(&original), "{name}: {replay}");
        assert_eq!(
            again.sessions[0].tls, original.sessions[0].tls,
            "{name}: tls"
        );
        assert_eq!(
            again.sessions[0]
                .auth
                .as_ref()
                .map(|a| (&a.mechanism, &a.user, a.success)),
            original.sessions[0]
                .auth
                .as_ref()
                .map(|a| (&a.mechanism, &a.user, a.success)),
            "{name}: auth"
        );
    }
}
