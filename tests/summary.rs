//! The page's view of a big transcript (`smtpscope::summary`): briefs that
//! agree with the sessions, every transcript field kept, line → session,
//! and the JSON re-indenter against serde_json's pretty printer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use smtpscope::summary::{
    brief, counts, indent_json, line_sessions, summary, summary_json_pieces, Counts, Indenter,
};
use smtpscope::{parse, Options};
use std::path::Path;

fn fixture(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned()
}

fn every_fixture() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut stack = vec![root.join("fixtures"), root.join("hostile")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p
                .extension()
                .is_some_and(|x| x == "md" || x == "rs" || x == "json")
            {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                out.push((p.display().to_string(), text));
            }
        }
    }
    out.sort();
    assert!(out.len() > 50, "fixtures not found");
    out
}

fn counts_of(rel: &str, session: usize) -> Counts {
    counts(&parse(&fixture(rel), &Options::default()).sessions[session])
}

#[test]
fn counts_follow_the_renderers_rules() {
    // swaks/user-unknown.txt: 11 events; RCPT (event 6) is answered by
    // 550 5.1.1, so it is the first step of what went wrong.
    let rows = [
        (
            "swaks/user-unknown.txt",
            0,
            Counts {
                steps: 11,
                recipients: 1,
                accepted: 0,
                first_error: 6,
            },
        ),
        // swaks/delivery.txt: 15 events, delivered, nothing went wrong.
        (
            "swaks/delivery.txt",
            0,
            Counts {
                steps: 15,
                recipients: 1,
                accepted: 1,
                first_error: -1,
            },
        ),
        // mixed.log session 3: a note, the RCPT inferred from the status
        // line (event 1) answered by 450 greylisting, a note.
        (
            "logs/postfix/mixed.log",
            3,
            Counts {
                steps: 4,
                recipients: 1,
                accepted: 0,
                first_error: 1,
            },
        ),
    ];
    for (rel, session, want) in rows {
        assert_eq!(counts_of(rel, session), want, "{rel} session {session}");
    }
}

#[test]
fn blank_lines_are_not_steps() {
    let t = parse(
        "S: 220 mx.example.org ESMTP\n\nC: QUIT\n\nS: 221 Bye\n",
        &Options::default(),
    );
    let s = &t.sessions[0];
    let blanks = s
        .events
        .iter()
        .filter(|e| {
            matches!(
                &e.detail,
                smtpscope::EventDetail::Note {
                    level: smtpscope::NoteLevel::Blank,
                    ..
                }
            )
        })
        .count();
    assert_eq!(blanks, 2, "{:#?}", s.events);
    assert_eq!(counts(s).steps as usize, s.events.len() - 2);
}

#[test]
fn the_summary_is_the_transcript_with_briefs() {
    let text = fixture("logs/postfix/mixed.log");
    let t = parse(&text, &Options::default());
    let full = serde_json::to_value(&t).unwrap();
    for shown in [0, 3, t.sessions.len()] {
        let sum = serde_json::to_value(summary(&t, shown)).unwrap();
        let (Value::Object(full), Value::Object(sum)) = (&full, &sum) else {
            panic!()
        };
        // Every field of the transcript, and the same value but for sessions.
        assert_eq!(
            full.keys().collect::<Vec<_>>(),
            sum.keys().collect::<Vec<_>>()
        );
        for (k, v) in full.iter().filter(|(k, _)| *k != "sessions") {
            assert_eq!(&sum[k], v, "{k}");
        }
        let sessions = sum["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), t.sessions.len());
        for (i, (s, view)) in t.sessions.iter().zip(sessions).enumerate() {
            if i == shown {
                assert_eq!(view, &full["sessions"][i]);
                continue;
            }
            assert_eq!(view, &serde_json::to_value(brief(s)).unwrap());
            assert_eq!(view["id"], full["sessions"][i]["id"]);
            assert_eq!(
                view["outcome"]["status"],
                full["sessions"][i]["outcome"]["status"]
            );
            assert!(view.get("events").is_none());
        }
    }
    // A rejected session's brief, field by field.
    let sum = serde_json::to_value(summary(&t, usize::MAX)).unwrap();
    let rejected = &sum["sessions"][0];
    assert_eq!(rejected["outcome"]["status"], "rejected");
    assert_eq!(
        rejected["outcome"]["reply"]["code"],
        t.sessions[0].outcome.reply.as_ref().unwrap().code
    );
    assert_eq!(
        rejected["outcome"]["headline"],
        t.sessions[0].outcome.headline.as_deref().unwrap()
    );
    assert_eq!(
        rejected["outcome"]["summary"],
        Value::Null,
        "a headline, so no summary"
    );
}

/// The page reads a big summary in pieces (www/app.js `readSummary`): the
/// text is the whole summary's, and the text around the sessions, and each
/// piece of sessions, read back as that part of it.
#[test]
fn a_summary_in_pieces_is_the_summary() {
    let mut checked = 0;
    for (name, text) in every_fixture() {
        let t = parse(&text, &Options::default());
        for (shown, per) in [(0, 1), (1, 2), (usize::MAX, 3), (2, 1000)] {
            let (json, breaks) = summary_json_pieces(&t, shown, per);
            let whole = serde_json::to_vec(&summary(&t, shown)).unwrap();
            assert!(json == whole, "{name}: not the summary's text");
            let n = t.sessions.len();
            assert_eq!(breaks.len(), n.div_ceil(per) + 1, "{name}");
            let at = |i: usize| breaks[i] as usize;
            // Around the sessions: the summary with none.
            let mut rest = json[..at(0)].to_vec();
            rest.extend_from_slice(&json[*breaks.last().unwrap() as usize..]);
            let mut expected = serde_json::to_value(summary(&t, shown)).unwrap();
            let sessions = expected["sessions"].take();
            expected["sessions"] = Value::Array(Vec::new());
            let rest: Value = serde_json::from_slice(&rest).unwrap();
            assert_eq!(rest, expected, "{name}");
            // Each piece: `per` sessions and the comma after them.
            let mut read = Vec::new();
            for k in 0..breaks.len() - 1 {
                let mut piece = &json[at(k)..at(k + 1)];
                if k + 2 < breaks.len() {
                    assert_eq!(piece.last(), Some(&b','), "{name}");
                    piece = &piece[..piece.len() - 1];
                }
                let mut list = b"[".to_vec();
                list.extend_from_slice(piece);
                list.push(b']');
                let Value::Array(got) = serde_json::from_slice(&list).unwrap() else {
                    panic!("{name}: piece {k} is not a list");
                };
                assert!(got.len() == per || k + 2 == breaks.len(), "{name}");
                read.extend(got);
            }
            assert_eq!(Value::Array(read), sessions, "{name}");
            checked += n;
        }
    }
    assert!(checked > 100, "only {checked} sessions read");
}

#[test]
fn line_sessions_name_the_session_of_each_line() {
    let text = fixture("logs/postfix/mixed.log");
    let t = parse(&text, &Options::default());
    let map = line_sessions(&t);
    assert_eq!(map.len(), t.line_count as usize + 2);
    assert_eq!(map[0], -1, "there is no line 0");
    for (si, s) in t.sessions.iter().enumerate() {
        for e in &s.events {
            for src in &e.source {
                let owner = map[src.line as usize];
                assert!(
                    owner >= 0 && owner as usize <= si,
                    "line {} of session {si}: {owner}",
                    src.line
                );
            }
        }
    }
    // Lines of no session (notes of the log) stay -1.
    for e in &t.unassigned {
        let in_session = t.sessions.iter().any(|s| {
            s.events
                .iter()
                .any(|x| x.source.iter().any(|l| l.line == e.line))
        });
        if !in_session {
            assert_eq!(map[e.line as usize], -1, "line {}", e.line);
        }
    }
}

#[test]
fn indenting_compact_json_matches_the_pretty_printer() {
    for (name, text) in every_fixture() {
        for options in [
            Options::default(),
            Options {
                parts: true,
                ..Options::default()
            },
        ] {
            let t = parse(&text, &options);
            let compact = serde_json::to_vec(&t).unwrap();
            let pretty = serde_json::to_vec_pretty(&t).unwrap();
            assert!(indent_json(&compact) == pretty, "{name}");
        }
    }
    // Strings holding the characters the indenter acts on.
    let v = serde_json::json!({ "a": "{[,:]} \\\" \"", "b": [], "c": {}, "d": [1, {"e": null}], "f": "\\" });
    let compact = serde_json::to_vec(&v).unwrap();
    assert_eq!(
        String::from_utf8(indent_json(&compact)).unwrap(),
        serde_json::to_string_pretty(&v).unwrap()
    );
}

/// Indenting a piece at a time (the CLI's pretty JSON, written as it is
/// made) gives what indenting the whole gives, wherever the pieces are cut:
/// inside strings, between an opening bracket and its closing one, inside
/// an escape.
#[test]
fn indenting_in_pieces_is_indenting_the_whole() {
    let v = serde_json::json!({ "a": "{[,:]} \\\" \"", "b": [], "c": {}, "d": [1, {"e": null}], "f": "\\" });
    let mut texts = vec![serde_json::to_vec(&v).unwrap()];
    for (_, text) in every_fixture().into_iter().step_by(7) {
        texts.push(serde_json::to_vec(&parse(&text, &Options::default())).unwrap());
    }
    for compact in &texts {
        let whole = indent_json(compact);
        for cut in [1, 2, 3, 5, 64, 4096] {
            let mut out = Vec::new();
            let mut indenter = Indenter::default();
            for piece in compact.chunks(cut) {
                indenter.push(piece, &mut out);
            }
            assert!(out == whole, "cut every {cut} bytes");
        }
    }
}
