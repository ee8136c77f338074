//! The two text encodings SMTP carries inside commands: base64 (SASL
//! responses, RFC 4954 §4) and xtext (DSN and XCLIENT values, RFC 3461 §4).
//!
//! Hand-written rather than a dependency: both are a few lines, and these
//! run on every AUTH line and parameter.

/// Marks a byte outside the base64 alphabet in [`BASE64_VALUES`]; its top
/// bit is never set in a value (all are under 64).
const NOT_BASE64: u8 = 0x80;

/// The value of each byte in the standard base64 alphabet (RFC 4648 §4,
/// Table 1), [`NOT_BASE64`] for any other byte.
const BASE64_VALUES: [u8; 256] = {
    let mut t = [NOT_BASE64; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => NOT_BASE64,
        };
        b += 1;
    }
    t
};

/// The value of one character of the standard base64 alphabet.
fn base64_value(b: u8) -> Option<u32> {
    let v = BASE64_VALUES[usize::from(b)];
    (v != NOT_BASE64).then_some(u32::from(v))
}

/// Decode standard base64 (RFC 4648 §4).
///
/// Surrounding whitespace is ignored. Padding may be left out (many SASL
/// clients do); when present it must make the length a multiple of four.
/// `None` for anything else, including the empty-response marker `=`.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    decode_base64_into(text, &mut out).then_some(out)
}

/// [`decode_base64`] into `out` (cleared first), for a caller that tries
/// many words and keeps one buffer; false where that gives `None`.
pub fn decode_base64_into(text: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    let all = text.trim().as_bytes();
    let data = all
        .strip_suffix(b"==")
        .or_else(|| all.strip_suffix(b"="))
        .unwrap_or(all);
    let padded = data.len() != all.len();
    // One leftover character carries 6 bits: not a whole byte.
    if data.len() % 4 == 1 || (padded && all.len() % 4 != 0) {
        return false;
    }
    out.reserve(data.len() / 4 * 3 + 2);
    // Four characters at a time, into three bytes (the stray-credential
    // scan decodes every base64-looking word of a log's lines: one
    // character at a time, that was 5 % of parsing a Postfix log).
    let mut quads = data.chunks_exact(4);
    for quad in &mut quads {
        if let &[a, b, c, d] = quad {
            let v = [a, b, c, d].map(|x| BASE64_VALUES[usize::from(x)]);
            if (v[0] | v[1] | v[2] | v[3]) & NOT_BASE64 != 0 {
                return false;
            }
            let n = v.iter().fold(0u32, |n, &x| (n << 6) | u32::from(x));
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        }
    }
    // The last two or three characters: one or two bytes.
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    for &b in quads.remainder() {
        let Some(v) = base64_value(b) else {
            return false;
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    true
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Decode xtext (RFC 3461 §4): `hexchar = "+" 2(%x30-39 / %x41-46)`.
///
/// Lower-case hex digits are accepted too; a `+` not followed by two hex
/// digits is kept as written. Bytes that do not form UTF-8 become U+FFFD.
pub fn decode_xtext(text: &str) -> String {
    if !text.contains('+') {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'+' {
            let hi = b.get(i + 1).copied().and_then(hex_value);
            let lo = b.get(i + 2).copied().and_then(hex_value);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// `xchar = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except
/// for "+" and "="` (RFC 3461 §4).
pub(crate) fn is_xchar(b: u8) -> bool {
    matches!(b, 33..=126) && b != b'+' && b != b'='
}

/// True when `text` is xtext (RFC 3461 §4): xchars and `+XX` escapes
/// (lower-case hex tolerated). Non-ASCII characters are accepted as the
/// UTF-8 form of RFC 6533 §3.
pub(crate) fn is_xtext(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'+' {
            let ok = b.get(i + 1).copied().and_then(hex_value).is_some()
                && b.get(i + 2).copied().and_then(hex_value).is_some();
            if !ok {
                return false;
            }
            i += 3;
        } else if is_xchar(c) || c >= 0x80 {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// Encode text as xtext (RFC 3461 §4): every byte that is not an xchar
/// becomes `+XX` with upper-case hex.
pub(crate) fn encode_xtext(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if is_xchar(b) {
            out.push(char::from(b));
        } else {
            out.push('+');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Print an xtext value: `raw` as written when it is xtext, else the
/// encoding of `decoded` (a value built by hand rather than parsed).
pub(crate) fn encode_xtext_raw(raw: &str, decoded: &str, out: &mut String) {
    if !raw.is_empty() && is_xtext(raw) {
        out.push_str(raw);
    } else {
        encode_xtext(decoded, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_table() {
        let rows: &[(&str, &str, Option<&[u8]>)] = &[
            ("empty", "", Some(b"")),
            ("rfc4648 f", "Zg==", Some(b"f")),
            ("rfc4648 fo", "Zm8=", Some(b"fo")),
            ("rfc4648 foo", "Zm9v", Some(b"foo")),
            ("rfc4648 foob", "Zm9vYg==", Some(b"foob")),
            ("rfc4648 fooba", "Zm9vYmE=", Some(b"fooba")),
            ("rfc4648 foobar", "Zm9vYmFy", Some(b"foobar")),
            ("padding left out", "Zm9vYg", Some(b"foob")),
            ("surrounding whitespace", "  Zm9v\t", Some(b"foo")),
            // AUTH PLAIN of "\0user\0pass"
            ("auth plain", "AHVzZXIAcGFzcw==", Some(b"\0user\0pass")),
            ("plus and slash", "+/8=", Some(&[0xfb, 0xff])),
            ("empty-response marker", "=", None),
            ("non-zero trailing bits tolerated", "Zm9=", Some(b"fo")),
            ("padding not at a quad end", "Zg=", None),
            ("three pads", "Z===", None),
            ("lone sextet", "Zm9vY", None),
            ("url-safe alphabet", "-_8=", None),
            ("inner space", "Zm 9v", None),
            ("non-ascii", "Zm9vé", None),
        ];
        for (name, input, want) in rows {
            assert_eq!(decode_base64(input).as_deref(), *want, "{name}");
        }
    }

    /// Four characters at a time decodes what one at a time does: against
    /// the bit-by-bit reading of RFC 4648, on every word of up to seven
    /// characters over an alphabet with padding, a bad byte and the
    /// alphabet's ends, and on longer words made from them.
    #[test]
    fn base64_by_quads_agrees_with_one_character_at_a_time() {
        fn one_at_a_time(text: &str) -> Option<Vec<u8>> {
            let all = text.trim().as_bytes();
            let data = all
                .strip_suffix(b"==")
                .or_else(|| all.strip_suffix(b"="))
                .unwrap_or(all);
            if data.len() % 4 == 1 || (data.len() != all.len() && all.len() % 4 != 0) {
                return None;
            }
            let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
            for &b in data {
                acc = (acc << 6) | base64_value(b)?;
                bits += 6;
                if bits >= 8 {
                    bits -= 8;
                    out.push(((acc >> bits) & 0xff) as u8);
                    acc &= (1 << bits) - 1;
                }
            }
            Some(out)
        }
        let alphabet = ["A", "Z", "a", "z", "0", "9", "+", "/", "=", "-", "é"];
        let mut words = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let mut longer = Vec::new();
            for w in &words {
                for c in alphabet {
                    let word = format!("{w}{c}");
                    assert_eq!(decode_base64(&word), one_at_a_time(&word), "{word:?}");
                    checked += 1;
                    longer.push(word);
                }
            }
            words = longer;
        }
        for w in words.iter().step_by(97) {
            let word = format!("QUJD{w}ZGVm{w}");
            assert_eq!(decode_base64(&word), one_at_a_time(&word), "{word:?}");
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn xtext_table() {
        let rows = [
            ("plain", "abc", "abc"),
            ("escape", "a+2Bb", "a+b"),
            ("equals", "+3D", "="),
            ("lower-case hex", "+2b", "+"),
            ("utf-8 bytes", "j+C3+B6s+C3+A9", "jösé"),
            ("short escape kept", "a+2", "a+2"),
            ("bad hex kept", "a+ZZb", "a+ZZb"),
            ("lone plus", "+", "+"),
            ("invalid utf-8", "+FF", "\u{fffd}"),
            ("empty", "", ""),
        ];
        for (name, input, want) in rows {
            assert_eq!(decode_xtext(input), want, "{name}");
        }
    }

    #[test]
    fn xtext_validity_table() {
        let rows = [
            ("plain", "QQ314159", true),
            ("escape", "a+2Bb", true),
            ("empty", "", true),
            ("space", "a b", false),
            ("equals", "a=b", false),
            ("short escape", "a+2", false),
            ("non-ascii (RFC 6533)", "jösé", true),
        ];
        for (name, input, want) in rows {
            assert_eq!(is_xtext(input), want, "{name}");
        }
    }

    #[test]
    fn xtext_encode_decode() {
        for s in ["a b", "x=y+z", "jösé", "[UNAVAILABLE]", "", "\u{1}"] {
            let mut e = String::new();
            encode_xtext(s, &mut e);
            assert!(is_xtext(&e), "{s:?} -> {e:?}");
            assert_eq!(decode_xtext(&e), s);
        }
        let mut e = String::new();
        encode_xtext("a b=c", &mut e);
        assert_eq!(e, "a+20b+3Dc");
    }
}
