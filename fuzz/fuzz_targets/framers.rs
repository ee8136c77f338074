#![no_main]
//! Each format's framer: the first byte picks the format in
//! `formats::all()`, the rest is the text. The framer must push at least one
//! frame per line in line order; the whole pipeline forced to that format
//! must keep the invariants.
use libfuzzer_sys::fuzz_target;
use smtpscope::Options;
use smtpscope_fuzz::{parse_and_check, text_of};

fuzz_target!(|data: &[u8]| {
    let Some((pick, rest)) = data.split_first() else {
        return;
    };
    let formats = smtpscope::formats::all();
    let Some(format) = formats.get(*pick as usize % formats.len()) else {
        return;
    };
    let text = text_of(rest);
    let lines = smtpscope::input::split_lines(&text);
    let _ = format.detect(&lines);
    let mut frames = Vec::new();
    let mut diags = Vec::new();
    format.frame(&lines, &mut frames, &mut diags);
    let mut next = 1u32;
    for f in &frames {
        assert!(
            f.line >= 1 && f.line as usize <= lines.len(),
            "{}: frame line {} beyond {} lines",
            format.name(),
            f.line,
            lines.len()
        );
        assert!(
            f.line + 1 >= next,
            "{}: frames out of line order",
            format.name()
        );
        if f.line == next {
            next += 1;
        }
    }
    assert_eq!(
        next as usize,
        lines.len() + 1,
        "{}: some line has no frame",
        format.name()
    );
    let options = Options {
        format: Some(format.name().to_string()),
        ..Options::default()
    };
    parse_and_check(&text, &options);
});
