//! EHLO reply lines (RFC 5321 §4.1.1.1).

use crate::model::Capability;
use nom::bytes::complete::take_while1;
use nom::character::complete::satisfy;
use nom::combinator::{opt, recognize};
use nom::{IResult, Parser};

/// `ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`
/// (RFC 5321 §4.1.1.1). Underscores are tolerated: some servers
/// advertise private keywords with them.
pub fn ehlo_keyword(i: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(|c| c.is_ascii_alphanumeric()),
        opt(take_while1(|c: char| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        })),
    ))
    .parse_complete(i)
}

/// `ehlo-line = ehlo-keyword *( SP ehlo-param )`,
/// `ehlo-param = 1*(%d33-126)` (RFC 5321 §4.1.1.1). Also reads the old
/// `AUTH=LOGIN PLAIN` form (Outlook Express era, before RFC 2554 was
/// final) as keyword `AUTH` with its parameters. `None` when the line does
/// not start with a keyword.
pub fn ehlo_line(text: &str, line: u32) -> Option<Capability> {
    let (rest, keyword) = ehlo_keyword(text.trim_start()).ok()?;
    let mut params = Vec::new();
    let rest = match rest.strip_prefix('=') {
        Some(r) => {
            let (first, tail) = r.split_once([' ', '\t']).unwrap_or((r, ""));
            if !first.is_empty() {
                params.push(first.to_string());
            }
            tail
        }
        None if rest.is_empty() || rest.starts_with([' ', '\t']) => rest,
        None => return None,
    };
    params.extend(rest.split_whitespace().map(str::to_string));
    Some(Capability {
        keyword: keyword.to_ascii_uppercase(),
        params,
        line,
    })
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
            let want = want.map(|(k, p)| Capability {
                keyword: k.to_string(),
                params: p.iter().map(|s| s.to_string()).collect(),
                line: 7,
            });
            assert_eq!(got, want, "{name}");
        }
    }
}
