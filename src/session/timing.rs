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
        format!("{} minutes", tenths(ms / 60_000.0))
    } else {
        format!("{} s", tenths(ms / 1000.0))
    }
}

/// `x` (non-negative) with one decimal, exactly as `{:.1}` writes it: the
/// exact binary value rounded to tenths, halves to even. By hand, because
/// formatting an f64 with a precision links core's exact float printing
/// (Grisu and Dragon with their tables), about 15 KB of the wasm module for
/// this one message. (`(x * 10.0).round()` is not the same: the product
/// rounds first, and 30.05, just above 30.05 in binary, would print 30.0.)
fn tenths(x: f64) -> String {
    // x = m * 2^e exactly, with m < 2^53.
    let bits = x.abs().to_bits();
    let (raw_exp, frac) = ((bits >> 52) as i32, u128::from(bits & ((1 << 52) - 1)));
    let (m, e) = if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, raw_exp - 1075)
    };
    // x * 10 = m * 10 * 2^e: shift out the fraction, rounding half to even.
    let v = m * 10;
    let t = if e >= 0 {
        v.checked_shl(e as u32).unwrap_or(u128::MAX)
    } else if e <= -120 {
        0
    } else {
        let s = (-e) as u32;
        let (q, r, half) = (v >> s, v & ((1 << s) - 1), 1 << (s - 1));
        q + u128::from(r > half || (r == half && q % 2 == 1))
    };
    let mut out = decimal(t / 10);
    out.push('.');
    out.push(char::from(b'0' + (t % 10) as u8));
    out
}

/// `n` in decimal, as `{}` writes it; by hand because core's `Display` for
/// `u128` is about 1.3 KB of wasm of its own.
fn decimal(mut n: u128) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

pub fn annotate(session: &mut Session, diags: &mut Vec<Diagnostic>) {
    let mut prev: Option<f64> = None;
    let times: Vec<Option<f64>> = session.events.iter().map(|e| e.time_ms()).collect();
    for i in 0..session.events.len() {
        let Some(t) = times.get(i).copied().flatten() else {
            continue;
        };
        let Some(e) = session.events.get_mut(i) else {
            continue;
        };
        if let Some(p) = prev {
            let delay = t - p;
            e.set_delay_ms(Some(delay));
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

#[cfg(test)]
mod tests {
    use super::{decimal, tenths};

    #[test]
    fn decimal_writes_what_display_writes() {
        for n in [0, 1, 9, 10, 99, 100, 12345, u128::from(u64::MAX), u128::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn tenths_writes_what_format_precision_one_writes() {
        // Halves exactly representable round to even, as `{:.1}` does.
        for x in [
            30.0, 30.04, 30.05, 30.25, 30.35, 31.25, 45.96, 119.99, 2.0, 16.666_666,
        ] {
            assert_eq!(tenths(x), format!("{x:.1}"), "{x}");
        }
        for ms in (30_000..700_000).step_by(50) {
            let x = f64::from(ms) / 1000.0;
            assert_eq!(tenths(x), format!("{x:.1}"), "{ms} ms");
        }
    }
}
