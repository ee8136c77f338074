//! The invariants of DESIGN.md, checked on every fixture and on hostile
//! input: nothing is lost (every line is in an event), spans are in bounds
//! and on character boundaries, events are in input order, the output
//! serialises, and nothing panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use proptest::prelude::*;
use smtpscope::{parse, parse_bytes, Event, Options, Transcript};

fn all_events(t: &Transcript) -> impl Iterator<Item = &Event> {
    t.sessions
        .iter()
        .flat_map(|s| s.events.iter())
        .chain(t.unassigned.iter())
}

/// Check every invariant; `what` names the input in failure messages.
fn check(text: &str, t: &Transcript, what: &str) {
    let n = smtpscope::input::split_lines(text).len();
    assert_eq!(t.line_count as usize, n, "{what}: line count");
    let mut seen = vec![false; n];
    for e in all_events(t) {
        for s in &e.source {
            let [a, b] = s.span().map(|x| x as usize);
            assert!(
                a <= b && b <= text.len(),
                "{what}: span {a}..{b} out of bounds"
            );
            assert!(
                text.is_char_boundary(a) && text.is_char_boundary(b),
                "{what}: span {a}..{b} not on char boundaries"
            );
            let idx = (s.line as usize)
                .checked_sub(1)
                .expect("line numbers start at 1");
            assert!(idx < n, "{what}: line {} beyond the input", s.line);
            seen[idx] = true;
        }
        if let Some(first) = e.source.first() {
            assert_eq!(
                e.line, first.line,
                "{what}: event line is its first source line"
            );
        }
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        panic!("{what}: line {} is in no event", missing + 1);
    }
    for s in &t.sessions {
        let lines: Vec<u32> = s.events.iter().map(|e| e.line).collect();
        assert!(
            lines.windows(2).all(|w| w[0] <= w[1]),
            "{what}: events out of input order: {lines:?}"
        );
    }
    serde_json::to_string(t).unwrap_or_else(|e| panic!("{what}: does not serialise: {e}"));
}

#[test]
fn nothing_lost_on_every_fixture() {
    let files = support::fixture_files(support::is_text);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for show_secrets in [false, true] {
            let opts = Options {
                show_secrets,
                ..Options::default()
            };
            let t = parse(&text, &opts);
            check(&text, &t, &f.display().to_string());
        }
        // Every format on every fixture: forcing the wrong format must not
        // lose lines either.
        for format in smtpscope::formats::all() {
            let opts = Options {
                format: Some(format.name().to_string()),
                ..Options::default()
            };
            let t = parse(&text, &opts);
            check(&text, &t, &format!("{} as {}", f.display(), format.name()));
        }
    }
}

#[test]
fn hostile_shapes() {
    let long_line = "x".repeat(1 << 20);
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let rows: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("only newlines", "\n\n\r\n\r".to_string()),
        ("one 1 MB line", long_line),
        ("binary junk", String::from_utf8_lossy(&binary).into_owned()),
        (
            "unterminated multi-line reply",
            "S: 250-a\nS: 250-b\n".to_string(),
        ),
        (
            "data never ends",
            "S: 354 go\nC: DATA\nS: 354 go\nC: a\nC: b\n".to_string(),
        ),
        ("reply codes only", "250\n250-\n999 x\n".to_string()),
        ("nul bytes", "220 \0\0\nEHLO \0\n".to_string()),
        (
            "auth junk",
            "S: 220 x\nC: AUTH PLAIN ===\nS: 334 \nC: ****\nC: AUTH LOGIN\nS: 334 !!\n".to_string(),
        ),
    ];
    for (name, text) in rows {
        for format in smtpscope::formats::all() {
            let opts = Options {
                format: Some(format.name().to_string()),
                ..Options::default()
            };
            let t = parse(&text, &opts);
            check(&text, &t, &format!("{name} as {}", format.name()));
        }
        let t = parse(&text, &Options::default());
        check(&text, &t, name);
    }
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_diagnostic() {
    let t = parse_bytes(b"220 ok\r\nEHLO \xff\xfe\r\n", &Options::default());
    assert!(t
        .diagnostics
        .iter()
        .any(|d| d.code == "invalid-utf8" && d.line == Some(2)));
    assert_eq!(t.line_count, 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_head_of_the_lines_is_the_start_of_them_all(
        text in "[a\\r\\né]{0,60}",
        most in 0usize..40,
    ) {
        let all = smtpscope::input::split_lines(&text);
        let head = smtpscope::input::split_lines_head(&text, most);
        prop_assert_eq!(&head[..], &all[..most.min(all.len())]);
    }

    #[test]
    fn arbitrary_text_keeps_invariants(text in "(?s).{0,400}") {
        let t = parse(&text, &Options::default());
        check(&text, &t, "arbitrary");
    }

    #[test]
    fn smtpish_text_keeps_invariants(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("S: 220 mx ESMTP".to_string()),
                Just("C: EHLO a".to_string()),
                Just("S: 250-mx".to_string()),
                Just("S: 250 PIPELINING".to_string()),
                Just("C: MAIL FROM:<a@b>".to_string()),
                Just("C: RCPT TO:<c@d>".to_string()),
                Just("S: 550 5.1.1 no".to_string()),
                Just("C: DATA".to_string()),
                Just("S: 354 go".to_string()),
                Just("C: .".to_string()),
                Just("C: AUTH LOGIN".to_string()),
                Just("S: 334 VXNlcm5hbWU6".to_string()),
                Just(" -> QUIT".to_string()),
                Just("<-  221 bye".to_string()),
                Just("".to_string()),
                "[ -~]{0,20}",
            ],
            0..40,
        ),
        ending in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
    ) {
        let text = lines.join(ending);
        let t = parse(&text, &Options::default());
        check(&text, &t, "smtpish");
    }
}
