//! Byte-level building blocks for the rule parsers.
//!
//! nom's `&str` combinators decode every character and lower-case both
//! sides of a `tag_no_case`; the grammar's character classes are ASCII
//! (plus "any non-ASCII character" where RFC 6531 allows UTF-8), so the
//! rules scan bytes instead. Scanning bytes of a `&str` stays on character
//! boundaries as long as a class answers the same for every byte of
//! `0x80..=0xFF`: a multi-byte character is then taken whole or not at
//! all, and a scan only stops on an ASCII byte or at the end.

use nom::error::{Error, ErrorKind};

/// The nom error the rule parsers return.
pub fn fail(i: &str, kind: ErrorKind) -> nom::Err<Error<&str>> {
    nom::Err::Error(Error::new(i, kind))
}

/// The length of the longest prefix of `i` whose bytes satisfy `class`.
/// `class` must give one answer for all of `0x80..=0xFF` (see the module
/// doc), so the length is a character boundary.
pub fn span(i: &str, class: impl Fn(u8) -> bool) -> usize {
    span_bytes(i.as_bytes(), class)
}

/// [`span`] on bytes.
pub fn span_bytes(b: &[u8], class: impl Fn(u8) -> bool) -> usize {
    b.iter().position(|&c| !class(c)).unwrap_or(b.len())
}

/// The first `n` bytes of `i` as a parser's output: `(rest, taken)`, an
/// error when `n` is 0 (or, which the callers rule out, not a character
/// boundary).
pub fn take(i: &str, n: usize) -> nom::IResult<&str, &str> {
    match i.split_at_checked(n) {
        Some((taken, rest)) if n > 0 => Ok((rest, taken)),
        _ => Err(fail(i, ErrorKind::TakeWhile1)),
    }
}

/// `tag`, in any ASCII case: like nom's `tag_no_case`, which lower-cases
/// both sides by Unicode's rules and so brings core's case tables (11 KB)
/// into the wasm module. The grammar's case-insensitive literals are ASCII.
pub fn tag_no_case<'a>(tag: &'static str) -> impl Fn(&'a str) -> nom::IResult<&'a str, &'a str> {
    move |i: &'a str| match i.split_at_checked(tag.len()) {
        Some((head, rest)) if head.eq_ignore_ascii_case(tag) => Ok((rest, head)),
        _ => Err(fail(i, ErrorKind::Tag)),
    }
}

/// `1*class`: like nom's `take_while1`, on bytes. Returns `(rest, taken)`.
pub fn take_while1(i: &str, class: impl Fn(u8) -> bool) -> nom::IResult<&str, &str> {
    take(i, span(i, class))
}

/// `i` without the bytes of `class` at its end. `class` must hold only
/// ASCII bytes: an ASCII byte is a whole character, so the cut is a
/// character boundary.
pub fn trim_end_ascii(i: &str, class: impl Fn(u8) -> bool) -> &str {
    let n = i.bytes().rev().take_while(|&b| class(b)).count();
    i.get(..i.len() - n).unwrap_or(i)
}

/// `i` without the bytes of `class` at its start (`class` ASCII only, as
/// for [`trim_end_ascii`]).
pub fn trim_start_ascii(i: &str, class: impl Fn(u8) -> bool) -> &str {
    i.get(span(i, class)..).unwrap_or(i)
}

/// `text` split at every `sep` (an ASCII byte), empty pieces included, as
/// `str::split` does; by a byte loop, since the pieces here are short and
/// memchr's setup costs more than it saves.
pub fn split_ascii(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        let n = span(r, |b| b != sep);
        match (r.get(..n), r.get(n + 1..)) {
            (Some(piece), Some(tail)) => {
                rest = Some(tail);
                Some(piece)
            }
            // No separator left: the last piece.
            _ => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `text` split at its first `sep` (an ASCII byte), as `str::split_once`,
/// by a byte loop (see [`split_ascii`]).
pub fn split_once_ascii(text: &str, sep: u8) -> Option<(&str, &str)> {
    let n = span(text, |b| b != sep);
    Some((text.get(..n)?, text.get(n + 1..)?))
}

/// `input` starts with the ASCII `prefix`, compared case-insensitively
/// (RFC 5321 §2.4: verbs and argument syntax are case-insensitive).
/// Returns the text after it.
pub fn strip_prefix_no_case<'a>(input: &'a str, prefix: &str) -> Option<&'a str> {
    let head = input.as_bytes().get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix.as_bytes()) {
        input.get(prefix.len()..)
    } else {
        None
    }
}

/// A set of bytes, looked up in one step while scanning. Built at compile
/// time from the ABNF's parts: ASCII letters and digits, a list of other
/// ASCII bytes, and (for the RFC 6531 rules) every non-ASCII byte.
pub struct ByteClass([bool; 256]);

impl ByteClass {
    pub const fn new(alnum: bool, others: &[u8], non_ascii: bool) -> ByteClass {
        let mut set = [false; 256];
        let mut b = 0;
        while b < 256 {
            let byte = b as u8;
            set[b] = (alnum && byte.is_ascii_alphanumeric()) || (non_ascii && !byte.is_ascii());
            b += 1;
        }
        let mut k = 0;
        while k < others.len() {
            set[others[k] as usize] = true;
            k += 1;
        }
        ByteClass(set)
    }

    /// `b` is in the set. (A `u8` always indexes a 256-entry table.)
    pub fn has(&self, b: u8) -> bool {
        self.0.get(usize::from(b)).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::tag_no_case;

    #[test]
    fn tag_no_case_matches_ascii_case_only() {
        let last = tag_no_case("LAST");
        assert_eq!(last("last rest"), Ok((" rest", "last")));
        assert_eq!(last("LaSt"), Ok(("", "LaSt")));
        assert!(last("LAS").is_err());
        assert!(last("").is_err());
        assert!(last("LASX").is_err());
        // The tag's length falls inside a multi-byte character: no match,
        // and no panic.
        assert!(tag_no_case("IPv6:")("IPvé:").is_err());
        assert!(tag_no_case("ab")("aé").is_err());
    }
}
