//! Expected output of the core fixtures: `parse` must return exactly the
//! JSON in tests/expected/ (written by scripts/update-expected.sh and
//! checked by a person: events, pairing, transactions and outcome).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

const FIXTURES: &[&str] = &[
    "rfc/appendix-d1",
    "rfc/appendix-d2",
    "rfc/appendix-d3",
    "rfc/appendix-d4",
    "swaks/delivery",
    "swaks/user-unknown",
    "swaks/relay-denied",
    "swaks/starttls-auth",
    "swaks/pipelining",
    "swaks/size-rejected",
    "swaks/greylisted",
    "swaks/auth-plain",
    "raw/telnet-delivery",
    "raw/telnet-reject",
];

#[test]
fn core_fixtures_match_their_checked_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for name in FIXTURES {
        let input = std::fs::read(root.join(format!("fixtures/{name}.txt"))).unwrap();
        let want: serde_json::Value = serde_json::from_slice(
            &std::fs::read(root.join(format!("expected/{name}.json"))).unwrap(),
        )
        .unwrap();
        // With the token parts: they were checked with the rest.
        let options = smtpscope::Options {
            parts: true,
            ..Default::default()
        };
        let got = serde_json::to_value(smtpscope::parse_bytes(&input, &options)).unwrap();
        if got != want {
            // Name the first differing event to make the failure readable.
            let (g, w) = (&got["sessions"], &want["sessions"]);
            panic!(
                "{name}: output differs from tests/expected/{name}.json (run scripts/update-expected.sh and review the diff)\n got outcome: {}\nwant outcome: {}",
                g[0]["outcome"], w[0]["outcome"]
            );
        }
    }
}

#[test]
fn token_parts_only_when_asked() {
    let input = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/swaks/delivery.txt"),
    )
    .unwrap();
    let count = |parts: bool| {
        let options = smtpscope::Options {
            parts,
            ..Default::default()
        };
        let t = smtpscope::parse_bytes(&input, &options);
        t.sessions
            .iter()
            .flat_map(|s| &s.events)
            .map(|e| e.parts().len())
            .sum::<usize>()
    };
    assert_eq!(count(false), 0, "parts are off by default");
    assert!(count(true) > 20, "every command and reply has parts");
}
