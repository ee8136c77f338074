//! The invariants of DESIGN.md as one function returning what is broken, so
//! that the fuzz targets (fuzz/), tests/hardening.rs and tests/mutations.rs
//! check exactly the same thing as tests/invariants.rs: every input line is
//! in some event's `source`, spans are in bounds and on char boundaries,
//! events are in input order per session, and the output serialises.

#![allow(dead_code)]

use smtpscope::{Event, Transcript};

pub fn all_events(t: &Transcript) -> impl Iterator<Item = &Event> {
    t.sessions
        .iter()
        .flat_map(|s| s.events.iter())
        .chain(t.unassigned.iter())
}

/// `Err` names the first broken invariant.
pub fn check(text: &str, t: &Transcript) -> Result<(), String> {
    let n = smtpscope::input::split_lines(text).len();
    if t.line_count as usize != n {
        return Err(format!("line count {} != {n}", t.line_count));
    }
    let mut seen = vec![false; n];
    for e in all_events(t) {
        for s in &e.source {
            let [a, b] = s.span().map(|x| x as usize);
            if !(a <= b && b <= text.len()) {
                return Err(format!("span {a}..{b} out of bounds"));
            }
            if !(text.is_char_boundary(a) && text.is_char_boundary(b)) {
                return Err(format!("span {a}..{b} not on char boundaries"));
            }
            let Some(idx) = (s.line as usize).checked_sub(1) else {
                return Err("line number 0".to_string());
            };
            match seen.get_mut(idx) {
                Some(x) => *x = true,
                None => return Err(format!("line {} beyond the input", s.line)),
            }
        }
        if let Some(first) = e.source.first() {
            if e.line != first.line {
                return Err(format!(
                    "event line {} is not its first source line's {}",
                    e.line, first.line
                ));
            }
        } else if !e.inferred {
            // Only a synthetic event (the TLS handshake after a 220 to
            // STARTTLS) may have no source line of its own.
            return Err(format!("event at line {} has no source", e.line));
        } else if e.line as usize > n || e.span()[1] as usize > text.len() {
            return Err(format!("inferred event at line {} out of bounds", e.line));
        }
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(format!("line {} is in no event", missing + 1));
    }
    for s in &t.sessions {
        let lines: Vec<u32> = s.events.iter().map(|e| e.line).collect();
        if !lines.windows(2).all(|w| w[0] <= w[1]) {
            return Err(format!("events out of input order: {lines:?}"));
        }
    }
    serde_json::to_string(t).map_err(|e| format!("does not serialise: {e}"))?;
    Ok(())
}
