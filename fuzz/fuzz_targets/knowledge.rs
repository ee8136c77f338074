#![no_main]
//! `explain` and the token explanations: never panic; parts are in bounds,
//! on char boundaries and ordered; the answers serialise.
use libfuzzer_sys::fuzz_target;
use smtpscope::knowledge::tokens::{command_parts, ehlo_line_parts, explain_all, explain_token};
use smtpscope::EnhancedStatus;
use smtpscope_fuzz::text_of;

fn check_parts(line: &str, parts: &[smtpscope::knowledge::tokens::Part]) {
    let mut last = 0usize;
    for p in parts {
        assert!(
            p.start <= p.end && p.end <= line.len(),
            "part {}..{} out of bounds of {line:?}",
            p.start,
            p.end
        );
        assert!(
            line.is_char_boundary(p.start) && line.is_char_boundary(p.end),
            "part {}..{} not on char boundaries of {line:?}",
            p.start,
            p.end
        );
        assert!(p.start >= last, "parts overlap or out of order in {line:?}");
        last = p.end;
        if let Some(id) = &p.id {
            let _ = explain_token(id);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let code = data
        .get(1..3)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) % 1000);
    let enhanced = data.get(3..6).map(|b| EnhancedStatus {
        class: b[0] % 7,
        subject: u16::from(b[1]) * 5,
        detail: u16::from(b[2]) * 5,
    });
    let text = text_of(data);
    let x = smtpscope::explain(code, enhanced, &text);
    serde_json::to_string(&x).unwrap_or_default();
    let _ = smtpscope::explain(None, None, &text);
    let _ = explain_token(&text);
    let _ = explain_all(&text);
    for line in text.split(['\n', '\r']) {
        check_parts(line, &command_parts(line));
        check_parts(line, &ehlo_line_parts(line));
        let _ = explain_token(line);
    }
});
