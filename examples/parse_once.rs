//! Parse one file once, on one thread, and print its session count: what
//! `scripts/bench-memory.sh` runs under valgrind's dhat to measure the peak
//! heap of `parse` against the input's size. The text is handed over (as
//! `parse_owned` takes it): the transcript keeps it, rather than a copy.
//!
//! ```text
//! cargo run --release --example parse_once -- FILE
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_once FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("parse_once: {path}: {e}");
            std::process::exit(2);
        }
    };
    let t = smtpscope::parse_on_one_thread(text, &smtpscope::Options::default());
    println!("{} sessions", t.sessions.len());
}
