#![no_main]
//! The whole pipeline with auto-detection, secrets masked and shown, and
//! redacted; plus `parse_bytes` on the raw bytes.
use libfuzzer_sys::fuzz_target;
use smtpscope::Options;
use smtpscope_fuzz::{check::check, parse_and_check, text_of};

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let flags = data.last().copied().unwrap_or(0);
    let options = Options {
        show_secrets: flags & 1 == 1,
        redact: flags & 2 == 2,
        ..Options::default()
    };
    parse_and_check(&text, &options);
    let t = smtpscope::parse_bytes(data, &Options::default());
    let lossy = String::from_utf8_lossy(data);
    if let Err(e) = check(&lossy, &t) {
        panic!("parse_bytes: invariant broken: {e}");
    }
});
