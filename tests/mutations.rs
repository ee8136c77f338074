//! Real fixture dialogues, mutated the way pastes get mangled — lines
//! dropped, duplicated or cut mid-line, re-wrapped at 72/76 columns as mail
//! clients do, line endings mixed, sessions interleaved — keep every
//! invariant (the same check as tests/invariants.rs and the fuzz targets).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "hostile/check.rs"]
mod check;

use proptest::prelude::*;
use smtpscope::{parse, Options};
use std::sync::OnceLock;

/// The fixtures, as lists of lines.
fn fixtures() -> &'static Vec<(String, Vec<String>)> {
    static F: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    F.get_or_init(|| {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p
                    .extension()
                    .is_some_and(|x| x == "txt" || x == "log" || x == "eml" || x == "LOG")
                    || p.ends_with("mainlog")
                    || p.ends_with("maillog")
                {
                    let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                    let lines = text.lines().map(str::to_string).collect();
                    out.push((p.display().to_string(), lines));
                }
            }
        }
        out.sort();
        out
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Drop(usize),
    Duplicate(usize),
    /// Cut line `.0` at fraction `.1`/256 of its length (on a char).
    Truncate(usize, u8),
    /// Re-wrap every line longer than the width, as a mail client does.
    Rewrap(usize),
    /// Cut the whole text at fraction `.0`/256 (a paste cut short).
    CutAt(u8),
    /// Start the paste at fraction `.0`/256 (a paste that starts late).
    StartAt(u8),
    /// Strip a leading direction marker (`C: `, ` -> `, `< `, …).
    StripMarker(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Drop),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Truncate(a, b)),
        prop_oneof![Just(72usize), Just(76usize)].prop_map(Mutation::Rewrap),
        any::<u8>().prop_map(Mutation::CutAt),
        any::<u8>().prop_map(Mutation::StartAt),
        any::<usize>().prop_map(Mutation::StripMarker),
    ]
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn wrap(line: &str, width: usize) -> Vec<String> {
    // Break at the last space before the width, like format=flowed-less
    // clients; a word longer than the width stays whole.
    let mut out = Vec::new();
    let mut rest = line;
    while rest.chars().count() > width {
        let limit = floor_char(
            rest,
            rest.char_indices()
                .nth(width)
                .map_or(rest.len(), |(i, _)| i),
        );
        match rest[..limit].rfind(' ') {
            Some(sp) if sp > 0 => {
                out.push(rest[..sp].to_string());
                rest = &rest[sp + 1..];
            }
            _ => break,
        }
    }
    out.push(rest.to_string());
    out
}

fn apply(lines: &mut Vec<String>, m: &Mutation) {
    let n = lines.len();
    if n == 0 {
        return;
    }
    match *m {
        Mutation::Drop(i) => {
            lines.remove(i % n);
        }
        Mutation::Duplicate(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Mutation::Truncate(i, f) => {
            let l = &mut lines[i % n];
            let cut = floor_char(l, l.len() * f as usize / 256);
            l.truncate(cut);
        }
        Mutation::Rewrap(w) => {
            *lines = lines.iter().flat_map(|l| wrap(l, w)).collect();
        }
        Mutation::CutAt(f) => {
            let keep = (n * f as usize / 256).max(1);
            lines.truncate(keep);
        }
        Mutation::StartAt(f) => {
            let skip = n * f as usize / 256;
            lines.drain(..skip.min(n - 1));
        }
        Mutation::StripMarker(i) => {
            let l = &mut lines[i % n];
            for marker in [
                "C: ", "S: ", " -> ", "<-  ", " ~> ", "<~  ", "> ", "< ", "--> ", "<-- ",
            ] {
                if let Some(rest) = l.strip_prefix(marker) {
                    *l = rest.to_string();
                    break;
                }
            }
        }
    }
}

fn join(lines: &[String], endings: &[u8]) -> String {
    let mut s = String::new();
    for (i, l) in lines.iter().enumerate() {
        s.push_str(l);
        s.push_str(
            match endings.get(i % endings.len().max(1)).copied().unwrap_or(0) % 3 {
                0 => "\n",
                1 => "\r\n",
                _ => "\r",
            },
        );
    }
    s
}

fn parse_and_check(text: &str, what: &str) {
    for o in [
        Options::default(),
        Options {
            redact: true,
            ..Options::default()
        },
    ] {
        let t = parse(text, &o);
        if let Err(e) = check::check(text, &t) {
            panic!("{what}: {e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_fixtures_keep_the_invariants(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
        endings in proptest::collection::vec(any::<u8>(), 1..8),
    ) {
        let all = fixtures();
        let (name, lines) = &all[pick % all.len()];
        let mut lines = lines.clone();
        for m in &mutations {
            apply(&mut lines, m);
        }
        let text = join(&lines, &endings);
        parse_and_check(&text, &format!("{name} {mutations:?}"));
    }

    /// Two fixtures' lines interleaved in a random order: two sessions
    /// shuffled together, as a log of concurrent connections is.
    #[test]
    fn interleaved_fixtures_keep_the_invariants(
        a in any::<usize>(),
        b in any::<usize>(),
        order in proptest::collection::vec(any::<bool>(), 0..400),
    ) {
        let all = fixtures();
        let (na, la) = &all[a % all.len()];
        let (nb, lb) = &all[b % all.len()];
        let (mut ia, mut ib) = (la.iter(), lb.iter());
        let mut lines = Vec::new();
        for take_a in order.iter().copied().chain(std::iter::repeat(true).take(la.len() + lb.len())) {
            let next = if take_a { ia.next().or_else(|| ib.next()) } else { ib.next().or_else(|| ia.next()) };
            match next {
                Some(l) => lines.push(l.clone()),
                None => break,
            }
        }
        let text = join(&lines, &[0]);
        parse_and_check(&text, &format!("{na} × {nb}"));
    }
}

#[test]
fn rewrap_helper_wraps_like_a_mail_client() {
    let line = "550 5.1.1 <c@example.org>: Recipient address rejected: User unknown in virtual mailbox table";
    assert_eq!(
        wrap(line, 72),
        vec![
            "550 5.1.1 <c@example.org>: Recipient address rejected: User unknown in",
            "virtual mailbox table"
        ]
    );
}
