//! Throughput benchmarks: `cargo bench --bench parse`.
//!
//! Inputs are generated (deterministic, seeded; `benches/support/gen.rs`),
//! never committed: an RFC-style multi-session transcript, concatenated
//! swaks runs, and an interleaved Postfix log with verbose dialogue and
//! summary lines. Each is `SMTPSCOPE_BENCH_BYTES` long (default 2 MB).
//!
//! Stages, each reported in bytes per second of input:
//! * `framing` — split into lines and frame them with the (known) format;
//! * `grammar` — our command and reply grammar over the transcript's
//!   command and reply lines, next to `smtp-proto` on the same lines
//!   (`scripts/bench-report.sh` prints the ratio);
//! * `parse` — the whole pipeline, output not serialised;
//! * `parse_parts` — the same with the token parts (`Options::parts`);
//! * `parse_json` — `parse` and compact JSON written to a sink.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/gen.rs"]
mod gen;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use smtpscope::{formats, input, Options};
use std::sync::OnceLock;

/// The allocator the CLI ships with (src/bin/smtpscope/main.rs), so the
/// figures are those of the real tool.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const SEED: u64 = 7;
const KINDS: &[&str] = &["rfc", "swaks", "postfix"];

fn size() -> usize {
    std::env::var("SMTPSCOPE_BENCH_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000)
}

fn input(kind: &str) -> &'static str {
    static RFC: OnceLock<String> = OnceLock::new();
    static SWAKS: OnceLock<String> = OnceLock::new();
    static POSTFIX: OnceLock<String> = OnceLock::new();
    match kind {
        "rfc" => RFC.get_or_init(|| gen::rfc(SEED, size())),
        "swaks" => SWAKS.get_or_init(|| gen::swaks(SEED, size())),
        _ => POSTFIX.get_or_init(|| gen::postfix(SEED, size())),
    }
}

/// The format each input is in (what detection picks for it).
fn format_of(kind: &str) -> &'static dyn formats::Format {
    let name = match kind {
        "rfc" => "rfc",
        "swaks" => "swaks",
        _ => "postfix-verbose",
    };
    formats::by_name(name).unwrap()
}

#[divan::bench(args = KINDS, sample_count = 20)]
fn framing(bencher: Bencher, kind: &str) {
    let text = input(kind);
    let format = format_of(kind);
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let lines = input::split_lines(black_box(text));
        let mut frames = formats::Frames::for_lines(lines.len());
        let mut diags = Vec::new();
        format.frame(&lines, &mut frames, &mut diags);
        frames.len()
    });
}

#[divan::bench(args = KINDS, sample_count = 20)]
fn parse(bencher: Bencher, kind: &str) {
    let text = input(kind);
    let options = Options::default();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| smtpscope::parse(black_box(text), &options));
}

/// `parse` with the token parts (`Options::parts`, what the page asks for
/// on a paste), for comparison: the parts are off by default.
#[divan::bench(args = KINDS, sample_count = 20)]
fn parse_parts(bencher: Bencher, kind: &str) {
    let text = input(kind);
    let options = Options {
        parts: true,
        ..Options::default()
    };
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| smtpscope::parse(black_box(text), &options));
}

#[divan::bench(args = KINDS, sample_count = 20)]
fn parse_json(bencher: Bencher, kind: &str) {
    let text = input(kind);
    let options = Options::default();
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let t = smtpscope::parse(black_box(text), &options);
        serde_json::to_writer(std::io::sink(), &t).unwrap();
    });
}

/// The command and reply lines of the RFC-style transcript, split the way
/// both parsers want them: ours takes one line without its ending,
/// smtp-proto a buffer of CRLF-terminated lines (a whole reply, for
/// replies), which it parses in place.
struct Lines {
    commands: Vec<&'static str>,
    /// Reply groups: the lines of one (possibly multi-line) reply.
    replies: Vec<Vec<&'static str>>,
    /// The same reply groups as one CRLF buffer.
    replies_wire: Vec<u8>,
    commands_wire: Vec<u8>,
    /// Bytes of the lines (without `C: `/`S: ` and line endings).
    bytes: usize,
}

fn lines() -> &'static Lines {
    static LINES: OnceLock<Lines> = OnceLock::new();
    LINES.get_or_init(|| {
        let text = input("rfc");
        let mut commands = Vec::new();
        let mut replies: Vec<Vec<&str>> = Vec::new();
        let mut in_data = false;
        let mut open = false;
        for line in text.lines() {
            if let Some(c) = line.strip_prefix("C: ") {
                // Message content is not command syntax.
                if in_data {
                    in_data = c != ".";
                    continue;
                }
                in_data = c == "DATA";
                commands.push(c);
            } else if let Some(s) = line.strip_prefix("S: ") {
                if open {
                    replies.last_mut().unwrap().push(s);
                } else {
                    replies.push(vec![s]);
                }
                open = s.as_bytes().get(3) == Some(&b'-');
            }
        }
        let mut commands_wire = Vec::new();
        for c in &commands {
            commands_wire.extend_from_slice(c.as_bytes());
            commands_wire.extend_from_slice(b"\r\n");
        }
        let mut replies_wire = Vec::new();
        for group in &replies {
            for l in group {
                replies_wire.extend_from_slice(l.as_bytes());
                replies_wire.extend_from_slice(b"\r\n");
            }
        }
        let bytes = commands.iter().map(|c| c.len()).sum::<usize>()
            + replies.iter().flatten().map(|l| l.len()).sum::<usize>();
        Lines {
            commands,
            replies,
            replies_wire,
            commands_wire,
            bytes,
        }
    })
}

/// Our grammar against smtp-proto on the same command and reply lines.
/// Both sides parse every command (verb, path, parameters) and every reply
/// (code, enhanced code, text; EHLO replies into capabilities), and each
/// whole result goes through `black_box`, so that neither side's work can
/// be left out by the optimiser.
mod grammar {
    use super::*;
    use smtpscope::grammar::{parse_command, parse_ehlo_line, parse_reply_line};

    fn is_ehlo_reply(group: &[&str]) -> bool {
        group.len() > 1 && group[0].starts_with("250")
    }

    #[divan::bench(sample_count = 30)]
    fn ours(bencher: Bencher) {
        let l = lines();
        bencher.counter(BytesCount::new(l.bytes)).bench(|| {
            let mut n = 0usize;
            for c in &l.commands {
                n += black_box(parse_command(black_box(c))).verb.len();
            }
            for group in &l.replies {
                let ehlo = is_ehlo_reply(group);
                for (i, line) in group.iter().enumerate() {
                    if let Some(r) = black_box(parse_reply_line(black_box(line))) {
                        n += usize::from(r.code);
                        if ehlo && i > 0 {
                            n += usize::from(black_box(parse_ehlo_line(r.text, 1)).is_some());
                        }
                    }
                }
            }
            n
        });
    }

    #[divan::bench(sample_count = 30)]
    fn smtp_proto(bencher: Bencher) {
        let l = lines();
        bencher.counter(BytesCount::new(l.bytes)).bench(|| {
            let mut n = 0usize;
            let mut it = black_box(&l.commands_wire[..]).iter();
            while it.len() > 0 {
                if black_box(smtp_proto::Request::parse(&mut it)).is_ok() {
                    n += 1;
                }
            }
            let mut it = black_box(&l.replies_wire[..]).iter();
            let mut receiver = smtp_proto::response::parser::ResponseReceiver::default();
            for group in &l.replies {
                if is_ehlo_reply(group) {
                    if let Ok(e) = black_box(smtp_proto::EhloResponse::parse(&mut it)) {
                        n += e.capabilities as usize;
                    }
                } else {
                    if let Ok(r) = black_box(receiver.parse(&mut it)) {
                        n += usize::from(r.code);
                    }
                    receiver.reset();
                }
            }
            n
        });
    }
}
