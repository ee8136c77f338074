//! Paths, mailboxes and domains (RFC 5321 §4.1.2 and §4.1.3, extended to
//! UTF-8 by RFC 6531 §3.3).
//!
//! The strict rules come first, one function per ABNF rule. [`path_arg`]
//! applies them to the text after `FROM:`/`TO:` and falls back to the forms
//! real clients send (no angle brackets, no domain, odd characters), each
//! reported as a [`Quirk`].

use super::quirk::{self, Quirk};
use super::scan;
use crate::model::Path;
use nom::branch::alt;
use nom::bytes::complete::{take_while1, take_while_m_n};
use nom::character::complete::{char, satisfy};
use nom::combinator::{all_consuming, map, recognize, verify};
use nom::error::ErrorKind;
use nom::multi::{many0_count, separated_list1};
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Parser};

type R<'a, O = &'a str> = IResult<&'a str, O>;

/// `Let-dig = ALPHA / DIGIT` (RFC 5321 §4.1.2); RFC 6531 §3.3 lets a
/// sub-domain be a U-label, so any non-ASCII character counts as a letter.
fn is_let_dig(c: char) -> bool {
    c.is_ascii_alphanumeric() || !c.is_ascii()
}

/// `Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig` (RFC 5321 §4.1.2), and
/// `sub-domain = Let-dig [Ldh-str]`: letters, digits and inner hyphens.
fn is_ldh_word(s: &str) -> bool {
    s.starts_with(is_let_dig) && s.ends_with(is_let_dig)
}

/// `Let-dig / "-"` on one byte: an ASCII letter, digit or hyphen, or any
/// byte of a non-ASCII character (see [`is_let_dig`]).
const LDH: scan::ByteClass = scan::ByteClass::new(true, b"-", true);

/// `part *("." part)`: the length of the longest prefix of `b` made of
/// parts joined by single dots; `part` gives the length of the part at the
/// start of its input (0 for none). 0 when `b` does not start with a part.
fn dotted(b: &[u8], part: impl Fn(&[u8]) -> usize) -> usize {
    let mut end = part(b);
    if end == 0 {
        return 0;
    }
    while b.get(end) == Some(&b'.') {
        let n = b.get(end + 1..).map_or(0, &part);
        if n == 0 {
            break;
        }
        end += 1 + n;
    }
    end
}

/// `sub-domain = Let-dig [Ldh-str]` (RFC 5321 §4.1.2; U-label per RFC 6531
/// §3.3): its length at the start of `b`, 0 if there is none.
fn sub_domain_len(b: &[u8]) -> usize {
    let n = scan::span_bytes(b, |c| LDH.has(c));
    // Every byte is a Let-dig or "-": it is an Ldh word unless it starts or
    // ends with "-".
    let word = b.get(..n).unwrap_or_default();
    if word.first() == Some(&b'-') || word.last() == Some(&b'-') {
        0
    } else {
        n
    }
}

/// `Domain = sub-domain *("." sub-domain)` (RFC 5321 §4.1.2).
pub fn domain(i: &str) -> R<'_> {
    scan::take(i, dotted(i.as_bytes(), sub_domain_len))
}

/// `Snum = 1*3DIGIT` representing a decimal integer value in the range
/// 0 through 255 (RFC 5321 §4.1.3).
fn snum(i: &str) -> R<'_> {
    verify(
        take_while_m_n(1, 3, |c: char| c.is_ascii_digit()),
        |s: &str| crate::parse_uint::<u16>(s).is_some_and(|n| n <= 255),
    )
    .parse_complete(i)
}

/// `IPv4-address-literal = Snum 3("."  Snum)` (RFC 5321 §4.1.3).
pub fn ipv4_address_literal(i: &str) -> R<'_> {
    recognize((
        snum,
        preceded(char('.'), snum),
        preceded(char('.'), snum),
        preceded(char('.'), snum),
    ))
    .parse_complete(i)
}

/// `IPv6-address-literal = "IPv6:" IPv6-addr` (RFC 5321 §4.1.3); the
/// address forms are checked as the standard library's parser checks them
/// (`crate::ipaddr`), which follows the same RFC 4291 text forms.
pub fn ipv6_address_literal(i: &str) -> R<'_> {
    recognize(preceded(
        scan::tag_no_case("IPv6:"),
        verify(
            take_while1(|c: char| c.is_ascii_hexdigit() || c == ':' || c == '.'),
            |s: &str| crate::ipaddr::ipv6(s).is_some(),
        ),
    ))
    .parse_complete(i)
}

/// `General-address-literal = Standardized-tag ":" 1*dcontent`,
/// `Standardized-tag = Ldh-str`, `dcontent = %d33-90 / %d94-126`
/// (RFC 5321 §4.1.3). The tag `IPv6` is left to [`ipv6_address_literal`].
pub fn general_address_literal(i: &str) -> R<'_> {
    recognize((
        verify(
            take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-'),
            |s: &str| is_ldh_word(s) && !s.eq_ignore_ascii_case("IPv6"),
        ),
        char(':'),
        take_while1(|c: char| matches!(c, '!'..='Z' | '^'..='~')),
    ))
    .parse_complete(i)
}

/// `address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
/// General-address-literal ) "]"` (RFC 5321 §4.1.3).
pub fn address_literal(i: &str) -> R<'_> {
    recognize(delimited(
        char('['),
        alt((
            ipv4_address_literal,
            ipv6_address_literal,
            general_address_literal,
        )),
        char(']'),
    ))
    .parse_complete(i)
}

/// `atext` (RFC 5322 §3.2.3, used by RFC 5321 §4.1.2), plus
/// `UTF8-non-ascii` (RFC 6531 §3.3), on one byte: any byte of a non-ASCII
/// character counts.
const ATEXT: scan::ByteClass = scan::ByteClass::new(true, b"!#$%&'*+-/=?^_`{|}~", true);

/// The length of the [`atom`] at the start of `b`, 0 if none.
fn atom_len(b: &[u8]) -> usize {
    scan::span_bytes(b, |c| ATEXT.has(c))
}

/// `Atom = 1*atext` (RFC 5321 §4.1.2).
pub fn atom(i: &str) -> R<'_> {
    scan::take(i, atom_len(i.as_bytes()))
}

/// `Dot-string = Atom *("."  Atom)` (RFC 5321 §4.1.2).
pub fn dot_string(i: &str) -> R<'_> {
    scan::take(i, dotted(i.as_bytes(), atom_len))
}

/// `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`,
/// `QcontentSMTP = qtextSMTP / quoted-pairSMTP`,
/// `quoted-pairSMTP = %d92 %d32-126`,
/// `qtextSMTP = %d32-33 / %d35-91 / %d93-126` (RFC 5321 §4.1.2), plus
/// `UTF8-non-ascii` in qtextSMTP (RFC 6531 §3.3).
pub fn quoted_string(i: &str) -> R<'_> {
    let qtext = satisfy(|c| matches!(c, ' '..='!' | '#'..='[' | ']'..='~') || !c.is_ascii());
    let quoted_pair = preceded(char('\\'), satisfy(|c| matches!(c, ' '..='~')));
    recognize(delimited(
        char('"'),
        many0_count(alt((qtext, quoted_pair))),
        char('"'),
    ))
    .parse_complete(i)
}

/// `Local-part = Dot-string / Quoted-string` (RFC 5321 §4.1.2). The
/// first character decides: a Dot-string cannot start with `"`.
pub fn local_part(i: &str) -> R<'_> {
    if i.starts_with('"') {
        quoted_string(i)
    } else {
        dot_string(i)
    }
}

/// A parsed mailbox: local part, domain, and whether the domain is an
/// address literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mailbox<'a> {
    pub local: &'a str,
    pub domain: &'a str,
    pub literal: bool,
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )`
/// (RFC 5321 §4.1.2). The first character after `@` decides: a Domain
/// cannot start with `[`.
pub fn mailbox(i: &str) -> R<'_, Mailbox<'_>> {
    let (rest, local) = local_part(i)?;
    let Some(rest) = rest.strip_prefix('@') else {
        return Err(scan::fail(rest, ErrorKind::Char));
    };
    let literal = rest.starts_with('[');
    let (rest, domain) = if literal {
        address_literal(rest)?
    } else {
        domain(rest)?
    };
    Ok((
        rest,
        Mailbox {
            local,
            domain,
            literal,
        },
    ))
}

/// `A-d-l = At-domain *( "," At-domain )`, `At-domain = "@" Domain`
/// (RFC 5321 §4.1.2): the obsolete source route. Returns the hosts.
pub fn a_d_l(i: &str) -> R<'_, Vec<&str>> {
    separated_list1(char(','), preceded(char('@'), domain)).parse_complete(i)
}

/// `Path = "<" [ A-d-l ":" ] Mailbox ">"` (RFC 5321 §4.1.2).
pub fn path(i: &str) -> R<'_, (Vec<&str>, Mailbox<'_>)> {
    let Some(inner) = i.strip_prefix('<') else {
        return Err(scan::fail(i, ErrorKind::Char));
    };
    // The source route is optional: without a complete `A-d-l ":"` the
    // mailbox starts right after `<`.
    let route = match inner.strip_prefix('@') {
        Some(_) => terminated(a_d_l, char(':')).parse_complete(inner).ok(),
        None => None,
    };
    let (inner, route) = route.unwrap_or((inner, Vec::new()));
    let (rest, mb) = mailbox(inner)?;
    match rest.strip_prefix('>') {
        Some(rest) => Ok((rest, (route, mb))),
        None => Err(scan::fail(rest, ErrorKind::Char)),
    }
}

/// `Reverse-path = Path / "<>"` (RFC 5321 §4.1.2). `None` for `<>`.
pub fn reverse_path(i: &str) -> R<'_, Option<(Vec<&str>, Mailbox<'_>)>> {
    match i.strip_prefix("<>") {
        Some(rest) => Ok((rest, None)),
        None => map(path, Some).parse_complete(i),
    }
}

/// Which path a command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// MAIL: `Reverse-path`, may be `<>`.
    Reverse,
    /// RCPT: `Forward-path`, or `<Postmaster>` without a domain.
    Forward,
}

fn build(raw: &str, local: &str, domain: &str, literal: bool, route: &[&str], bare: bool) -> Path {
    let mut path = Path::new(raw, local, domain);
    path.utf8 = !local.is_ascii() || !domain.is_ascii();
    path.quoted = local.starts_with('"');
    path.address_literal = literal;
    path.source_route = route.iter().map(|s| s.to_string()).collect();
    path.bare = bare;
    path
}

/// Split a lenient address at its last `@` (a quoted local part may hold
/// an `@` of its own).
fn split_at_domain(addr: &str) -> (&str, &str) {
    match addr.rsplit_once('@') {
        Some((l, d)) if !d.contains('"') => (l, d),
        _ => (addr, ""),
    }
}

/// Lenient reading of a path: strict first, then the forms real software
/// sends. `text` starts right after `FROM:`/`TO:` (spaces already
/// skipped). Returns the path, the text after it, and quirks; `Err` with a
/// reason when there is no path to read.
pub fn path_arg<'a>(
    text: &'a str,
    kind: PathKind,
    quirks: &mut Vec<Quirk>,
) -> Result<(Path, &'a str), &'static str> {
    if text.starts_with('<') {
        if let Ok((rest, p)) = reverse_path(text) {
            let raw = text.get(..text.len() - rest.len()).unwrap_or(text);
            return match p {
                None if kind == PathKind::Forward => {
                    Err("the null path <> is only allowed in MAIL")
                }
                None => {
                    let mut null = Path::new(raw, "", "");
                    null.null = true;
                    Ok((null, rest))
                }
                Some((route, mb)) => {
                    if !route.is_empty() {
                        quirks.push(quirk::SOURCE_ROUTE);
                    }
                    Ok((
                        build(raw, mb.local, mb.domain, mb.literal, &route, false),
                        rest,
                    ))
                }
            };
        }
        // Not strict: take everything up to the first `>` that is followed
        // by a space or the end (a quoted `>` rarely is).
        let inner_end = text
            .match_indices('>')
            .map(|(i, _)| i)
            .find(|&i| matches!(text.as_bytes().get(i + 1), None | Some(b' ' | b'\t')));
        let Some(end) = inner_end else {
            return Err("the path has no closing >");
        };
        let raw = text.get(..=end).unwrap_or(text);
        let rest = text.get(end + 1..).unwrap_or("");
        let inner = text.get(1..end).unwrap_or("");
        if inner.chars().any(char::is_whitespace) {
            return Err("the path has a space inside <>");
        }
        return Ok((lenient(raw, inner, kind, false, quirks), rest));
    }
    // Bare: a strict mailbox first (a quoted local part may hold spaces),
    // else everything up to the next space.
    if let Ok((rest, mb)) = mailbox(text) {
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            quirks.push(quirk::PATH_BARE);
            let raw = text.get(..text.len() - rest.len()).unwrap_or(text);
            return Ok((build(raw, mb.local, mb.domain, mb.literal, &[], true), rest));
        }
    }
    let end = text.find([' ', '\t']).unwrap_or(text.len());
    let (raw, rest) = text.split_at(end);
    if raw.is_empty() {
        return Err("the path is missing");
    }
    quirks.push(quirk::PATH_BARE);
    Ok((lenient(raw, raw, kind, true, quirks), rest))
}

/// A path that failed the strict rules: a local part alone, or something
/// that is not RFC 5321 syntax at all.
fn lenient(raw: &str, inner: &str, kind: PathKind, bare: bool, quirks: &mut Vec<Quirk>) -> Path {
    if all_consuming(local_part).parse_complete(inner).is_ok() {
        // RFC 5321 §4.1.1.3: "<Postmaster>" is the one legal forward-path
        // without a domain.
        let postmaster = kind == PathKind::Forward && inner.eq_ignore_ascii_case("postmaster");
        if !postmaster {
            quirks.push(quirk::PATH_NO_DOMAIN);
        }
        return build(raw, inner, "", false, &[], bare);
    }
    quirks.push(quirk::PATH_SYNTAX);
    let (local, domain) = split_at_domain(inner);
    build(raw, local, domain, domain.starts_with('['), &[], bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_table() {
        let rows = [
            ("simple", "example.com", Some(("example.com", ""))),
            ("hyphen", "mx-1.example.com", Some(("mx-1.example.com", ""))),
            ("digits", "123.example", Some(("123.example", ""))),
            (
                "trailing dot left",
                "example.com.",
                Some(("example.com", ".")),
            ),
            ("trailing hyphen label", "a-.com", None),
            ("stops at >", "example.com>", Some(("example.com", ">"))),
            ("u-label", "exämple.de", Some(("exämple.de", ""))),
            ("leading dot", ".com", None),
            ("empty", "", None),
        ];
        for (name, input, want) in rows {
            assert_eq!(domain(input).ok().map(|(r, v)| (v, r)), want, "{name}");
        }
    }

    #[test]
    fn address_literal_table() {
        let rows = [
            ("ipv4", "[192.0.2.1]", Some(("[192.0.2.1]", ""))),
            ("ipv4 out of range", "[192.0.2.256]", None),
            ("ipv4 short", "[192.0.2]", None),
            (
                "ipv6",
                "[IPv6:2001:db8::1]",
                Some(("[IPv6:2001:db8::1]", "")),
            ),
            ("ipv6 lower tag", "[ipv6:::1]", Some(("[ipv6:::1]", ""))),
            (
                "ipv6 v4 tail",
                "[IPv6:::ffff:192.0.2.1]",
                Some(("[IPv6:::ffff:192.0.2.1]", "")),
            ),
            ("ipv6 bad", "[IPv6:2001:db8:::1]", None),
            ("general", "[x-tag:abc]", Some(("[x-tag:abc]", ""))),
            ("unclosed", "[192.0.2.1", None),
            ("rest kept", "[192.0.2.1]>", Some(("[192.0.2.1]", ">"))),
        ];
        for (name, input, want) in rows {
            assert_eq!(
                address_literal(input).ok().map(|(r, v)| (v, r)),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn local_part_table() {
        let rows = [
            ("atom", "user", Some(("user", ""))),
            ("dots", "first.last", Some(("first.last", ""))),
            (
                "specials",
                "a+tag!#$%&'*/=?^_`{|}~-",
                Some(("a+tag!#$%&'*/=?^_`{|}~-", "")),
            ),
            ("double dot stops", "a..b", Some(("a", "..b"))),
            ("quoted", "\"john doe\"@x", Some(("\"john doe\"", "@x"))),
            ("quoted pair", "\"a\\\"b\"", Some(("\"a\\\"b\"", ""))),
            ("quoted unclosed", "\"abc", None),
            ("utf-8", "jösé@x", Some(("jösé", "@x"))),
            ("at first", "@x", None),
        ];
        for (name, input, want) in rows {
            assert_eq!(local_part(input).ok().map(|(r, v)| (v, r)), want, "{name}");
        }
    }

    #[test]
    fn path_rule_table() {
        let rows = [
            (
                "plain",
                "<a@b.c> SIZE=1",
                Some((vec![], "a", "b.c", " SIZE=1")),
            ),
            (
                "route",
                "<@x,@y.z:u@c>",
                Some((vec!["x", "y.z"], "u", "c", "")),
            ),
            (
                "literal",
                "<u@[192.0.2.1]>",
                Some((vec![], "u", "[192.0.2.1]", "")),
            ),
            ("no domain", "<postmaster>", None),
            ("null is not a Path", "<>", None),
            ("unclosed", "<a@b", None),
        ];
        for (name, input, want) in rows {
            let got = path(input)
                .ok()
                .map(|(r, (route, mb))| (route, mb.local, mb.domain, r));
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(reverse_path("<> X"), Ok((" X", None)));
    }

    fn set(mut path: Path, change: impl FnOnce(&mut Path)) -> Path {
        change(&mut path);
        path
    }

    fn p(raw: &str, local: &str, domain: &str) -> Path {
        build(raw, local, domain, false, &[], false)
    }

    /// (name, text, kind, (path, rest) or error, quirk ids)
    type Row = (
        &'static str,
        &'static str,
        PathKind,
        Result<(Path, &'static str), &'static str>,
        Vec<&'static str>,
    );

    #[test]
    fn path_arg_table() {
        use PathKind::*;
        let route = set(p("<@a,@b:user@c>", "user", "c"), |q| {
            q.source_route = vec!["a".into(), "b".into()]
        });
        let rows: Vec<Row> = vec![
            (
                "angle",
                "<a@b> SIZE=1",
                Reverse,
                Ok((p("<a@b>", "a", "b"), " SIZE=1")),
                vec![],
            ),
            (
                "null",
                "<>",
                Reverse,
                Ok((
                    {
                        let mut null = p("<>", "", "");
                        null.null = true;
                        null
                    },
                    "",
                )),
                vec![],
            ),
            (
                "null rcpt",
                "<>",
                Forward,
                Err("the null path <> is only allowed in MAIL"),
                vec![],
            ),
            (
                "bare",
                "a@b SIZE=1",
                Reverse,
                Ok((set(p("a@b", "a", "b"), |q| q.bare = true), " SIZE=1")),
                vec!["path-bare"],
            ),
            (
                "postmaster",
                "<Postmaster>",
                Forward,
                Ok((p("<Postmaster>", "Postmaster", ""), "")),
                vec![],
            ),
            (
                "no domain in MAIL",
                "<root>",
                Reverse,
                Ok((p("<root>", "root", ""), "")),
                vec!["path-no-domain"],
            ),
            (
                "quoted",
                "<\"john doe\"@example.com>",
                Forward,
                Ok((
                    set(
                        p("<\"john doe\"@example.com>", "\"john doe\"", "example.com"),
                        |q| q.quoted = true,
                    ),
                    "",
                )),
                vec![],
            ),
            (
                "ipv4 literal",
                "<user@[192.0.2.1]>",
                Forward,
                Ok((
                    set(p("<user@[192.0.2.1]>", "user", "[192.0.2.1]"), |q| {
                        q.address_literal = true
                    }),
                    "",
                )),
                vec![],
            ),
            (
                "ipv6 literal",
                "<user@[IPv6:2001:db8::1]>",
                Forward,
                Ok((
                    set(
                        p("<user@[IPv6:2001:db8::1]>", "user", "[IPv6:2001:db8::1]"),
                        |q| q.address_literal = true,
                    ),
                    "",
                )),
                vec![],
            ),
            (
                "utf-8",
                "<jösé@exämple.de>",
                Forward,
                Ok((
                    set(p("<jösé@exämple.de>", "jösé", "exämple.de"), |q| {
                        q.utf8 = true
                    }),
                    "",
                )),
                vec![],
            ),
            (
                "source route",
                "<@a,@b:user@c>",
                Forward,
                Ok((route, "")),
                vec!["source-route"],
            ),
            (
                "bad syntax kept",
                "<a..b@c>",
                Forward,
                Ok((p("<a..b@c>", "a..b", "c"), "")),
                vec!["path-syntax"],
            ),
            (
                "trailing dot domain",
                "<a@b.com.> X",
                Forward,
                Ok((p("<a@b.com.>", "a", "b.com."), " X")),
                vec!["path-syntax"],
            ),
            (
                "unclosed",
                "<a@b",
                Forward,
                Err("the path has no closing >"),
                vec![],
            ),
            (
                "space inside",
                "<a b@c>",
                Forward,
                Err("the path has a space inside <>"),
                vec![],
            ),
            ("empty", "", Reverse, Err("the path is missing"), vec![]),
        ];
        for (name, input, kind, want, want_quirks) in rows {
            let mut q = Vec::new();
            let got = path_arg(input, kind, &mut q);
            assert_eq!(got, want, "{name}");
            let ids: Vec<&str> = q.iter().map(|q| q.id).collect();
            assert_eq!(ids, want_quirks, "{name}");
        }
    }
}
