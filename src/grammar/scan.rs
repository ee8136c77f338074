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
    i.bytes().position(|b| !class(b)).unwrap_or(i.len())
}

/// `1*class`: like nom's `take_while1`, on bytes. Returns `(rest, taken)`.
pub fn take_while1(i: &str, class: impl Fn(u8) -> bool) -> nom::IResult<&str, &str> {
    match i.split_at_checked(span(i, class)) {
        Some((taken, rest)) if !taken.is_empty() => Ok((rest, taken)),
        _ => Err(fail(i, ErrorKind::TakeWhile1)),
    }
}

/// What a parser consumed of `input`, given the `rest` it left.
pub fn consumed<'a>(input: &'a str, rest: &str) -> &'a str {
    input
        .get(..input.len().saturating_sub(rest.len()))
        .unwrap_or(input)
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
