//! In-process throughput of one file, without a benchmark harness: used by
//! `scripts/bench-cli.sh` for the linearity check and the wasm comparison.
//!
//! ```text
//! cargo run --release --example throughput -- FILE [ROUNDS]
//! ```
//!
//! Prints, for `parse` alone (with its second thread, and on one thread)
//! and `parse` + compact JSON, the best of ROUNDS
//! (default 5) runs in MB/s (10^6 bytes per second).

use std::time::Instant;

#[global_allocator]
/// As in the CLI.
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best(rounds: u32, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: throughput FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("throughput: {path}: {e}");
            std::process::exit(2);
        }
    };
    let options = smtpscope::Options::default();
    let mb = text.len() as f64 / 1e6;
    let parse = best(rounds, || {
        std::hint::black_box(smtpscope::parse(std::hint::black_box(&text), &options));
    });
    let one = best(rounds, || {
        std::hint::black_box(smtpscope::parse_on_one_thread(
            std::hint::black_box(&text),
            &options,
        ));
    });
    let json = best(rounds, || {
        let t = smtpscope::parse(std::hint::black_box(&text), &options);
        if let Err(e) = serde_json::to_writer(std::io::sink(), &t) {
            eprintln!("throughput: {e}");
        }
    });
    println!(
        "{path}\t{:.1} MB\tparse {:.1} MB/s ({:.1} ms)\ton one thread {:.1} MB/s ({:.1} ms)\tparse+json {:.1} MB/s ({:.1} ms)",
        mb,
        mb / parse,
        parse * 1e3,
        mb / one,
        one * 1e3,
        mb / json,
        json * 1e3
    );
}
