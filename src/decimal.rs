//! Decimal fractions of a second (`12:30:45.123456`) as `f64`, by hand.
//!
//! `format!("0.{digits}").parse::<f64>()` gives the same value, but core's
//! float parser links a table of 128-bit powers of five (11 KB that gzip
//! cannot shrink) and its general decimal machinery: about 13 KB of the
//! gzipped wasm module, for timestamps. A fraction of a second needs far
//! less: no sign, no exponent, no integer part.

/// The value of `0.DIGITS` rounded to the nearest `f64` (ties to even),
/// exactly what `format!("0.{digits}").parse::<f64>()` returns. `None`
/// unless `digits` is one or more ASCII digits.
pub fn fraction(digits: &str) -> Option<f64> {
    let d = digits.as_bytes();
    if d.is_empty() || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Trailing zeros do not change the value.
    let end = d.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
    let d = d.get(..end).unwrap_or_default();
    if d.len() <= 15 {
        // n < 10^15 < 2^53 and 10^len (len <= 22) are both exact doubles,
        // and IEEE division rounds their exact quotient correctly: the
        // nearest double, as the parser's answer is.
        let n = d.iter().fold(0u64, |n, c| n * 10 + u64::from(c - b'0'));
        let scale = d.iter().fold(1.0_f64, |p, _| p * 10.0);
        return Some(n as f64 / scale);
    }
    Some(long_fraction(d))
}

/// Bits produced by one pass over the decimal digits: `9 * 2^28` plus a
/// carry below `2^28` fits in a `u32`.
const CHUNK: u32 = 28;

/// `0.DIGITS` correctly rounded, for fractions too long for one exact
/// division. Multiplying a decimal fraction by `2^CHUNK` (digit by digit,
/// from the last) carries its next `CHUNK` binary digits out of the first
/// digit and leaves the rest as a decimal fraction of the same length, so
/// the binary expansion comes out exactly, as far as it is needed: 54
/// significant bits (the double's 53 and the rounding bit), or down to
/// `2^-1075` for values in the subnormal range, and whether anything
/// nonzero is left (the sticky bit). Each pass is linear in the number of
/// digits and there are at most about 40 passes.
fn long_fraction(digits: &[u8]) -> f64 {
    let mut rest: Vec<u32> = digits.iter().map(|c| u32::from(c - b'0')).collect();
    // The value is (bits + r) * 2^-shift with 0 <= r < 1; r > 0 iff rest is
    // not all zeros.
    let (mut bits, mut shift, mut sticky) = (0u128, 0i32, true);
    while bits < 1 << 54 && shift < 1100 && sticky {
        let mut carry = 0u32;
        sticky = false;
        for d in rest.iter_mut().rev() {
            let x = (*d << CHUNK) + carry;
            *d = x % 10;
            carry = x / 10;
            sticky |= *d != 0;
        }
        bits = bits << CHUNK | u128::from(carry);
        shift += CHUNK as i32;
    }
    // Keep 53 significant bits, and none below 2^-1074 (the smallest
    // subnormal).
    let len = (128 - bits.leading_zeros()) as i32;
    let drop = (len - 53).max(shift - 1074).max(0);
    let (mut kept, exp) = (bits >> drop, drop - shift);
    if drop > 0 {
        let below = bits & ((1 << drop) - 1);
        let half = 1 << (drop - 1);
        if below > half || (below == half && (sticky || kept % 2 == 1)) {
            kept += 1;
        }
    }
    // kept <= 2^53 and kept * 2^exp is a double, so both factors are exact
    // and so is their product.
    kept as f64 * pow2(exp)
}

/// `2^exp` for `-1074 <= exp <= 0`.
fn pow2(exp: i32) -> f64 {
    if exp >= -1022 {
        f64::from_bits(((exp + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (exp + 1074))
    }
}

#[cfg(test)]
mod tests {
    use super::fraction;

    fn parsed(digits: &str) -> f64 {
        format!("0.{digits}").parse().unwrap_or(f64::NAN)
    }

    fn check(digits: &str) {
        let ours = fraction(digits).map(f64::to_bits);
        assert_eq!(ours, Some(parsed(digits).to_bits()), "0.{digits}");
    }

    #[test]
    fn not_digits_is_none() {
        for s in ["", "1a", "-1", "+1", " 1", "1e5", "١"] {
            assert_eq!(fraction(s), None, "{s:?}");
        }
    }

    #[test]
    fn timestamp_fractions_are_the_parsers() {
        for s in [
            "0",
            "000",
            "5",
            "05",
            "1",
            "123",
            "1230",
            "999",
            "999999",
            "000001",
            "5000",
            "123456789",
            "999999999999999",
            "100000000000000",
            "000000000000001",
        ] {
            check(s);
        }
        for n in 0..100_000u32 {
            check(&format!("{n}"));
            check(&format!("{n:06}"));
        }
    }

    /// The decimal digits after the point of `k * 2^-p` (< 1): `k * 5^p`,
    /// padded to `p` places.
    fn binary_fraction(k: u64, p: u32) -> String {
        // Little-endian decimal digits.
        let mut n: Vec<u32> = k
            .to_string()
            .bytes()
            .rev()
            .map(|c| u32::from(c - b'0'))
            .collect();
        for _ in 0..p {
            let mut carry = 0;
            for d in n.iter_mut() {
                let v = *d * 5 + carry;
                *d = v % 10;
                carry = v / 10;
            }
            while carry > 0 {
                n.push(carry % 10);
                carry /= 10;
            }
        }
        assert!(n.len() <= p as usize, "k * 2^-p must be below 1");
        n.resize(p as usize, 0);
        n.iter()
            .rev()
            .map(|&d| char::from(b'0' + d as u8))
            .collect()
    }

    #[test]
    fn long_fractions_are_the_parsers() {
        // Midpoints between neighbouring doubles, (2m + 1) * 2^-(p + 1) for
        // m * 2^-p, and just either side of them: ties go to even, and the
        // last digit of a long expansion decides.
        for (m, p) in [
            (0x0019_9999_9999_9999, 56), // 0.1
            (0x0019_9999_9999_999a, 56),
            (0x1f_ffff_ffff_ffff, 53), // just below 1
            (0x10_0000_0000_0001, 60),
            (3, 1074), // subnormal
            (0xf_ffff_ffff_ffff, 1074),
            (1, 1074),
        ] {
            let mid = binary_fraction(2 * m + 1, p + 1);
            check(&mid);
            check(&format!("{mid}1"));
            check(&format!("{mid}000000000000000000001"));
            let trimmed = mid.trim_end_matches('0');
            let mut below = trimmed.to_string();
            below.pop();
            let last = trimmed.bytes().last().unwrap_or(b'1');
            below.push(char::from(last - 1));
            check(&below);
            check(&format!("{below}99999999999999999999"));
        }
        for s in [
            "1234567890123456",
            "12345678901234567890",
            "99999999999999999999999",
            "00000000000000000000000000001",
            "10000000000000000000000000000000000000000001",
            "3333333333333333333333333333333333333333333333333333333333",
            "49999999999999999999999999999999999999999999999999999999",
        ] {
            check(s);
        }
        // Around and below the subnormal range.
        for zeros in [300, 307, 308, 310, 320, 323, 324, 330, 400, 1200] {
            for tail in [
                "1",
                "2",
                "247",
                "4940656458412465441765687928682213723651",
                "5",
            ] {
                check(&format!("{}{tail}", "0".repeat(zeros)));
            }
        }
        // A pseudo-random sweep of long fractions.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 16..60 {
            for _ in 0..200 {
                let s: String = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        char::from(b'0' + (x % 10) as u8)
                    })
                    .collect();
                check(&s);
            }
        }
    }
}
