//! Write a generated benchmark input to standard output.
//!
//! ```text
//! cargo run --release --example gen -- rfc|swaks|postfix BYTES [SEED]
//! cargo run --release --example gen -- SHAPE N
//! ```
//!
//! The same kind, size and seed always give the same bytes (see
//! `benches/support/gen.rs`). A SHAPE is one of the pathological shapes of
//! the hardening issue (`long-line`, `short-lines`, `huge-reply`,
//! `pipelined`, `nested`, `endless-data`, `long-log-line`), built at N
//! repetitions.

#[path = "../benches/support/gen.rs"]
mod gen;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(bytes)) = (args.first(), args.get(1).and_then(|b| b.parse().ok())) else {
        eprintln!("usage: gen rfc|swaks|postfix BYTES [SEED], or gen SHAPE N");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(7);
    let text = match kind.as_str() {
        "rfc" => gen::rfc(seed, bytes),
        "swaks" => gen::swaks(seed, bytes),
        "postfix" => gen::postfix(seed, bytes),
        other => match gen::shape(other, bytes) {
            Some(text) => text,
            None => {
                let shapes: Vec<&str> = gen::SHAPES.iter().map(|(slug, _)| *slug).collect();
                eprintln!(
                    "unknown kind {other:?}: rfc, swaks, postfix or a shape ({})",
                    shapes.join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::from(1)
        }
    }
}
