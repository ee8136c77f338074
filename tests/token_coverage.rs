//! Every token of every command and EHLO line of the real fixtures gets an
//! explanation (an id or a note) or is explicitly marked unknown, and the
//! parts sit exactly on the source text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use smtpscope::{parse_bytes, EventDetail, Options};

/// The UTF-16 slice `[from, to)` of `s`.
fn slice16(s: &str, from: u32, to: u32) -> String {
    let units: Vec<u16> = s.encode_utf16().collect();
    String::from_utf16_lossy(units.get(from as usize..to as usize).unwrap_or(&[]))
}

#[test]
fn every_command_and_ehlo_token_is_explained_or_marked_unknown() {
    let files = support::fixture_files(support::is_text);
    let (mut commands, mut ehlo_lines, mut tokens) = (0, 0, 0);
    for f in &files {
        let options = Options {
            parts: true,
            ..Options::default()
        };
        let t = parse_bytes(&std::fs::read(f).unwrap(), &options);
        for s in &t.sessions {
            for e in &s.events {
                for p in e.parts() {
                    let src = e
                        .source
                        .iter()
                        .find(|l| l.line == p.line)
                        .expect("part on a source line");
                    assert_eq!(
                        slice16(&src.text, p.from, p.to),
                        p.text,
                        "{}: part text",
                        f.display()
                    );
                    assert!(
                        p.id.is_some() || p.note.is_some() || p.kind == "unknown",
                        "{}: line {}: token {:?} has no explanation and is not marked unknown",
                        f.display(),
                        p.line,
                        p.text
                    );
                    tokens += 1;
                }
                if e.inferred {
                    continue;
                }
                match &e.detail {
                    EventDetail::Command { verb, .. }
                        if verb != "AUTH-RESPONSE" && !verb.is_empty() =>
                    {
                        commands += 1;
                        assert!(
                            e.parts()
                                .first()
                                .is_some_and(|p| p.kind == "verb" || p.kind == "unknown"),
                            "{}: line {}: command {verb} has no verb (or unknown) part",
                            f.display(),
                            e.line
                        );
                    }
                    EventDetail::Reply { extra, .. } if extra.capabilities().is_some() => {
                        for src in &e.source {
                            ehlo_lines += 1;
                            assert!(
                                e.parts()
                                    .iter()
                                    .any(|p| p.line == src.line && p.kind != "code"),
                                "{}: EHLO line {} has no token parts",
                                f.display(),
                                src.line
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // The fixtures hold hundreds of commands and EHLO lines.
    assert!(
        commands > 200 && ehlo_lines > 400 && tokens > 2000,
        "{commands} {ehlo_lines} {tokens}"
    );
}
