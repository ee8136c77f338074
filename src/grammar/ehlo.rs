//! EHLO reply lines (RFC 5321 §4.1.1.1).

use super::scan::{fail, span, ByteClass};
use crate::model::{Capability, Text};
use nom::error::ErrorKind;
use nom::IResult;
use std::borrow::Cow;

/// `ALPHA / DIGIT / "-"`, and `_` (see [`ehlo_keyword`]).
const KEYWORD: ByteClass = ByteClass::new(true, b"-_", false);

/// `ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`
/// (RFC 5321 §4.1.1.1). Underscores are tolerated: some servers
/// advertise private keywords with them.
pub fn ehlo_keyword(i: &str) -> IResult<&str, &str> {
    if !i.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        return Err(fail(i, ErrorKind::Satisfy));
    }
    let n = span(i, |b| KEYWORD.has(b));
    match i.split_at_checked(n) {
        Some((keyword, rest)) => Ok((rest, keyword)),
        None => Err(fail(i, ErrorKind::TakeWhile1)),
    }
}

/// `ehlo-line = ehlo-keyword *( SP ehlo-param )`,
/// `ehlo-param = 1*(%d33-126)` (RFC 5321 §4.1.1.1). Also reads the old
/// `AUTH=LOGIN PLAIN` form (Outlook Express era, before RFC 2554 was
/// final) as keyword `AUTH` with its parameters. `None` when the line does
/// not start with a keyword. The capability's texts are copies.
pub fn ehlo_line(text: &str, line: u32) -> Option<Capability> {
    capability(text, line, |part| Text::from(part))
}

/// [`ehlo_line`] of a reply line's text, the capability's texts shared
/// with it (see [`Text::sub`]).
pub fn ehlo_line_of(text: &Text, line: u32) -> Option<Capability> {
    capability(text, line, |part| text.sub(part))
}

fn capability(text: &str, line: u32, part: impl Fn(&str) -> Text) -> Option<Capability> {
    let (keyword, params) = ehlo_words(text)?;
    Some(Capability::new(upper_keyword(keyword), part(params), line))
}

/// The keyword of an EHLO line and its parameters, as written (the
/// parameters without the whitespace around them).
fn ehlo_words(text: &str) -> Option<(&str, &str)> {
    // Leading whitespace is skipped; a keyword starts with an ASCII letter
    // or digit, so the usual line needs no Unicode-aware trim.
    let text = match text.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => text,
        _ => text.trim_start(),
    };
    let (rest, keyword) = ehlo_keyword(text).ok()?;
    let params = match rest.strip_prefix('=') {
        Some(r) => r,
        None if rest.is_empty() || rest.starts_with([' ', '\t']) => rest,
        None => return None,
    };
    Some((keyword, params.trim()))
}

/// The keywords servers announce most, in about the order of how often they
/// do: most EHLO replies are these, so their keywords are borrowed.
const COMMON: &[&str] = &[
    "PIPELINING",
    "SIZE",
    "STARTTLS",
    "ENHANCEDSTATUSCODES",
    "8BITMIME",
    "DSN",
    "SMTPUTF8",
    "CHUNKING",
    "AUTH",
    "ETRN",
    "VRFY",
    "BINARYMIME",
    "HELP",
    "EXPN",
    "DELIVERBY",
    "REQUIRETLS",
    "LIMITS",
    "MT-PRIORITY",
    "FUTURERELEASE",
    "XCLIENT",
    "XFORWARD",
    "X-EXPS",
    "XEXCH50",
    "X-LINK2STATE",
    "XRDST",
    "X-ANONYMOUSTLS",
    "DEFLATE",
];

/// The keyword in upper case: one of [`COMMON`], borrowed, or a copy.
/// Servers write keywords in upper case, so the exact comparison (a
/// length check, then memcmp) comes first.
fn upper_keyword(keyword: &str) -> Cow<'static, str> {
    let common = |k: &str| COMMON.iter().copied().find(|c| *c == k);
    if let Some(c) = common(keyword) {
        return Cow::Borrowed(c);
    }
    let upper = keyword.to_ascii_uppercase();
    match common(&upper) {
        Some(c) => Cow::Borrowed(c),
        None => Cow::Owned(upper),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, text, (keyword, params))
    type Row = (
        &'static str,
        &'static str,
        Option<(&'static str, &'static [&'static str])>,
    );

    #[test]
    fn ehlo_line_table() {
        let rows: &[Row] = &[
            ("bare keyword", "PIPELINING", Some(("PIPELINING", &[]))),
            ("size", "SIZE 10240000", Some(("SIZE", &["10240000"]))),
            (
                "auth",
                "AUTH PLAIN LOGIN",
                Some(("AUTH", &["PLAIN", "LOGIN"])),
            ),
            (
                "old auth form",
                "AUTH=PLAIN LOGIN",
                Some(("AUTH", &["PLAIN", "LOGIN"])),
            ),
            ("old auth empty", "AUTH=", Some(("AUTH", &[]))),
            ("lower case", "starttls", Some(("STARTTLS", &[]))),
            ("digit first", "8BITMIME", Some(("8BITMIME", &[]))),
            (
                "hyphen",
                "X-EXPS GSSAPI NTLM",
                Some(("X-EXPS", &["GSSAPI", "NTLM"])),
            ),
            ("extra spaces", "SIZE  0 ", Some(("SIZE", &["0"]))),
            ("underscore", "X_FOO", Some(("X_FOO", &[]))),
            ("junk", "*** hello", None),
            ("glued punctuation", "SIZE:10", None),
            ("empty", "", None),
        ];
        for (name, text, want) in rows {
            let got = ehlo_line(text, 7);
            let want = want.map(|(k, p)| Capability::new((*k).into(), p.join(" ").into(), 7));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_reply_lines_capability_is_the_same_as_a_copy() {
        let input = std::sync::Arc::new(crate::model::Input::new(
            "250-AUTH=PLAIN  LOGIN\n250-x-shiny on\n250 8BITMIME\n".to_string(),
        ));
        let line = |at: std::ops::Range<usize>| Text::within(&input, &input[at]);
        let auth = ehlo_line_of(&line(4..21), 1).expect("a capability");
        assert!(line(4..21).is_shared());
        assert_eq!(
            (&*auth.keyword, auth.params_text().as_str()),
            ("AUTH", "PLAIN LOGIN")
        );
        assert_eq!(ehlo_line("AUTH=PLAIN LOGIN", 1), Some(auth));
        let shiny = ehlo_line_of(&line(26..36), 2).expect("a capability");
        assert_eq!(&*shiny.keyword, "X-SHINY");
        assert_eq!(shiny.params().collect::<Vec<_>>(), ["on"]);
        let bare = ehlo_line_of(&line(41..49), 3).expect("a capability");
        assert_eq!((&*bare.keyword, bare.params().next()), ("8BITMIME", None));
    }

    #[test]
    fn common_keywords_are_borrowed_in_any_case() {
        let borrowed = |text: &str| {
            ehlo_line(text, 1).map(|c| (matches!(c.keyword, Cow::Borrowed(_)), c.keyword))
        };
        assert_eq!(borrowed("PIPELINING"), Some((true, "PIPELINING".into())));
        assert_eq!(borrowed("8bitmime"), Some((true, "8BITMIME".into())));
        assert_eq!(borrowed("X-Exps GSSAPI"), Some((true, "X-EXPS".into())));
        assert_eq!(borrowed("x-shiny"), Some((false, "X-SHINY".into())));
    }
}
