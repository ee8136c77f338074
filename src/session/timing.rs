//! Time between steps: the delay of every event after the previous timed
//! one, and diagnostics for slow replies and long silences.

use crate::model::{Diagnostic, EventDetail, Session, Severity};

/// A reply slower than this after its command is flagged (RFC 5321
/// §4.5.3.2 lets servers take minutes, but anything past this is worth
/// seeing when delivery is slow).
pub const SLOW_REPLY_MS: f64 = 30_000.0;
/// A gap this long between two steps of one session is flagged.
pub const LONG_GAP_MS: f64 = 300_000.0;

fn seconds(ms: f64) -> String {
    if ms >= 120_000.0 {
        format!("{:.1} minutes", ms / 60_000.0)
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

pub fn annotate(session: &mut Session, diags: &mut Vec<Diagnostic>) {
    let mut prev: Option<f64> = None;
    let times: Vec<Option<f64>> = session.events.iter().map(|e| e.time_ms).collect();
    for i in 0..session.events.len() {
        let Some(t) = times.get(i).copied().flatten() else {
            continue;
        };
        let Some(e) = session.events.get_mut(i) else {
            continue;
        };
        if let Some(p) = prev {
            let delay = t - p;
            e.delay_ms = Some(delay);
            let reply_to = match &e.detail {
                EventDetail::Reply { in_reply_to, .. } => *in_reply_to,
                _ => None,
            };
            let asked = reply_to.and_then(|c| times.get(c as usize).copied().flatten());
            if let Some(asked) = asked {
                let wait = t - asked;
                if wait >= SLOW_REPLY_MS {
                    diags.push(
                        Diagnostic::new(
                            Severity::Warning,
                            Some(e.line),
                            "slow-reply",
                            format!(
                                "The server took {} to answer; clients give up after 5 minutes for most commands and 10 minutes after the final dot.",
                                seconds(wait)
                            ),
                        )
                        .with_rfc("RFC 5321 §4.5.3.2"),
                    );
                }
            } else if delay >= LONG_GAP_MS {
                diags.push(Diagnostic::new(
                    Severity::Info,
                    Some(e.line),
                    "long-gap",
                    format!(
                        "Nothing happened in this session for {} before this step.",
                        seconds(delay)
                    ),
                ));
            }
        }
        prev = Some(t);
    }
}
