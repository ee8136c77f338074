//! MAIL and RCPT parameters (RFC 5321 §4.1.2 and the extensions that
//! register them), typed per [`Param`].

use super::codec::{decode_xtext, encode_xtext_raw, is_xtext};
use super::scan;
use crate::model::Param;
use nom::branch::alt;
use nom::bytes::complete::{take_while1, take_while_m_n};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{all_consuming, map, opt, recognize, verify};
use nom::error::ErrorKind;
use nom::{IResult, Parser};

type R<'a, O = &'a str> = IResult<&'a str, O>;

/// `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`
/// (RFC 5321 §4.1.2).
pub fn esmtp_keyword(i: &str) -> R<'_> {
    if !i.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        return Err(scan::fail(i, ErrorKind::Satisfy));
    }
    scan::take_while1(i, |b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `esmtp-value = 1*(%d33-60 / %d62-126)` (RFC 5321 §4.1.2), plus
/// `UTF8-non-ascii` (RFC 6531 §3.3). Values that hold `=` are accepted:
/// the parameter splits at its first `=`.
fn is_esmtp_value(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| matches!(b, b'!'..=b'~') || !b.is_ascii())
}

/// `1*n DIGIT` read as a number.
fn digits_u64(s: &str, max_len: usize) -> Option<u64> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `two digits` in `lo..=hi`.
fn two_digits(lo: u8, hi: u8) -> impl Fn(&str) -> R<'_> {
    move |i| {
        verify(
            take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
            |s: &str| crate::parse_uint::<u8>(s).is_some_and(|n| (lo..=hi).contains(&n)),
        )
        .parse_complete(i)
    }
}

/// `date-time = full-date "T" full-time` (RFC 3339 §5.6):
/// `full-date = date-fullyear "-" date-month "-" date-mday`,
/// `full-time = partial-time time-offset`,
/// `partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]`,
/// `time-offset = "Z" / time-numoffset`. `T` and `Z` may be lower case
/// (RFC 3339 §5.6 NOTE).
pub fn date_time(i: &str) -> R<'_> {
    let digit = |c: char| c.is_ascii_digit();
    recognize((
        take_while_m_n(4, 4, digit),
        char('-'),
        two_digits(1, 12),
        char('-'),
        two_digits(1, 31),
        one_of("Tt"),
        two_digits(0, 23),
        char(':'),
        two_digits(0, 59),
        char(':'),
        two_digits(0, 60),
        opt((char('.'), take_while1(digit))),
        alt((
            recognize(one_of("Zz")),
            recognize((
                one_of("+-"),
                two_digits(0, 23),
                char(':'),
                two_digits(0, 59),
            )),
        )),
    ))
    .parse_complete(i)
}

/// `by-value = by-time ";" by-mode [ by-trace ]`,
/// `by-time = ["-" / "+"] 1*9digit`, `by-mode = "N" / "R"`,
/// `by-trace = "T"` (RFC 2852 §4).
pub fn by_value(i: &str) -> R<'_, (i64, char, bool)> {
    map(
        (
            recognize((
                opt(one_of("+-")),
                take_while_m_n(1, 9, |c: char| c.is_ascii_digit()),
            )),
            char(';'),
            one_of("NRnr"),
            opt(one_of("Tt")),
        ),
        |(time, _, mode, trace): (&str, char, char, Option<char>)| {
            // 1 to 9 digits with a sign always fit an i64.
            let t = time.trim_start_matches('+').parse().unwrap_or_default();
            (t, mode.to_ascii_uppercase(), trace.is_some())
        },
    )
    .parse_complete(i)
}

/// `rrvs-param = "RRVS=" date-time [ ";" ( "C" / "R" ) ]` (RFC 7293 §3.1).
pub fn rrvs_value(i: &str) -> R<'_, (&str, Option<char>)> {
    (date_time, opt(map((char(';'), one_of("CRcr")), |(_, c)| c))).parse_complete(i)
}

/// `priority-value = ( "0" / [ "-" / "+" ] ( "1" / "2" / … / "9" ) )`
/// (RFC 6710 §3.2).
pub fn priority_value(i: &str) -> R<'_, i32> {
    alt((
        map(char('0'), |_| 0),
        map(
            (opt(one_of("+-")), satisfy(|c| ('1'..='9').contains(&c))),
            |(sign, d)| {
                let n = d.to_digit(10).map_or(0, |n| n as i32);
                if sign == Some('-') {
                    -n
                } else {
                    n
                }
            },
        ),
    ))
    .parse_complete(i)
}

fn invalid(keyword: &str, value: Option<&str>, error: &str) -> Param {
    Param::Invalid {
        keyword: keyword.to_ascii_uppercase(),
        value: value.map(str::to_string),
        error: error.to_string(),
    }
}

/// `esmtp-param = esmtp-keyword ["=" esmtp-value]` (RFC 5321 §4.1.2),
/// typed by keyword. Keywords match case-insensitively.
pub fn esmtp_param(text: &str) -> Param {
    let (keyword, value) = match scan::split_once_ascii(text, b'=') {
        Some((k, v)) => (k, Some(v)),
        None => (text, None),
    };
    if all_consuming(esmtp_keyword)
        .parse_complete(keyword)
        .is_err()
    {
        return invalid(
            keyword,
            value,
            "not a parameter keyword (letters, digits and hyphens; RFC 5321 §4.1.2)",
        );
    }
    if let Some(v) = value {
        if !is_esmtp_value(v) {
            return invalid(
                keyword,
                value,
                "the parameter value is empty or has control characters",
            );
        }
    }
    let is = |k: &str| keyword.eq_ignore_ascii_case(k);
    let Some(v) = value else {
        return if is("SMTPUTF8") {
            Param::Smtputf8
        } else if is("REQUIRETLS") {
            Param::Requiretls
        } else if [
            "SIZE",
            "BODY",
            "RET",
            "ENVID",
            "NOTIFY",
            "ORCPT",
            "AUTH",
            "MT-PRIORITY",
            "HOLDFOR",
            "HOLDUNTIL",
            "BY",
            "RRVS",
        ]
        .iter()
        .any(|k| is(k))
        {
            invalid(
                keyword,
                None,
                &format!("{} needs a value", keyword.to_ascii_uppercase()),
            )
        } else {
            Param::Other {
                keyword: keyword.to_ascii_uppercase(),
                value: None,
            }
        };
    };
    if is("SIZE") {
        // RFC 1870 §3: size-value = 1*20DIGIT
        match digits_u64(v, 20) {
            Some(value) => Param::Size { value },
            None => invalid(keyword, value, "SIZE needs a number of bytes"),
        }
    } else if is("BODY") {
        // RFC 6152 §2, RFC 3030 §3
        let ok = ["7BIT", "8BITMIME", "BINARYMIME"]
            .iter()
            .any(|b| v.eq_ignore_ascii_case(b));
        if ok {
            Param::Body {
                value: v.to_ascii_uppercase(),
            }
        } else {
            invalid(keyword, value, "BODY must be 7BIT, 8BITMIME or BINARYMIME")
        }
    } else if is("SMTPUTF8") || is("REQUIRETLS") {
        let upper = keyword.to_ascii_uppercase();
        invalid(keyword, value, &format!("{upper} takes no value"))
    } else if is("RET") {
        // RFC 3461 §4.3
        if v.eq_ignore_ascii_case("FULL") || v.eq_ignore_ascii_case("HDRS") {
            Param::Ret {
                value: v.to_ascii_uppercase(),
            }
        } else {
            invalid(keyword, value, "RET must be FULL or HDRS")
        }
    } else if is("ENVID") {
        // RFC 3461 §4.4: envid-parameter = "ENVID=" xtext
        if is_xtext(v) {
            Param::Envid {
                raw: v.to_string(),
                decoded: decode_xtext(v),
            }
        } else {
            invalid(keyword, value, "ENVID must be xtext (+XX escapes)")
        }
    } else if is("NOTIFY") {
        notify(keyword, v)
    } else if is("ORCPT") {
        // RFC 3461 §4.2: orcpt-parameter = "ORCPT=" original-recipient-address
        // original-recipient-address = addr-type ";" xtext; addr-type = atom
        match v.split_once(';') {
            Some((t, x))
                if !t.is_empty()
                    && all_consuming(super::path::atom).parse_complete(t).is_ok()
                    && !x.is_empty()
                    && is_xtext(x) =>
            {
                Param::Orcpt {
                    addr_type: t.to_string(),
                    raw: x.to_string(),
                    decoded: decode_xtext(x),
                }
            }
            _ => invalid(
                keyword,
                value,
                "ORCPT must be addr-type;xtext (e.g. rfc822;user@example.com)",
            ),
        }
    } else if is("AUTH") {
        // RFC 4954 §5: auth-param = "AUTH=" ( xtext / "<>" )
        if v == "<>" || is_xtext(v) {
            Param::Auth {
                raw: v.to_string(),
                decoded: decode_xtext(v),
            }
        } else {
            invalid(keyword, value, "AUTH must be an xtext mailbox or <>")
        }
    } else if is("MT-PRIORITY") {
        match all_consuming(priority_value).parse_complete(v) {
            Ok((_, value)) => Param::MtPriority { value },
            Err(_) => invalid(keyword, value, "MT-PRIORITY must be a number from -9 to 9"),
        }
    } else if is("HOLDFOR") {
        // RFC 4865 §3: holdfor-value = 1*9DIGIT
        match digits_u64(v, 20) {
            Some(seconds) => Param::Holdfor { seconds },
            None => invalid(keyword, value, "HOLDFOR needs a number of seconds"),
        }
    } else if is("HOLDUNTIL") {
        // RFC 4865 §3: holduntil-value = date-time (RFC 3339)
        match all_consuming(date_time).parse_complete(v) {
            Ok(_) => Param::Holduntil {
                value: v.to_string(),
            },
            Err(_) => invalid(keyword, value, "HOLDUNTIL needs an RFC 3339 date-time"),
        }
    } else if is("BY") {
        match all_consuming(by_value).parse_complete(v) {
            Ok((_, (time, mode, trace))) => Param::By {
                time,
                mode: mode.to_string(),
                trace,
            },
            Err(_) => invalid(
                keyword,
                value,
                "BY must be seconds;R or seconds;N, optionally with T",
            ),
        }
    } else if is("RRVS") {
        match all_consuming(rrvs_value).parse_complete(v) {
            Ok((_, (time, action))) => Param::Rrvs {
                time: time.to_string(),
                action: action.map(|c| c.to_ascii_uppercase().to_string()),
            },
            Err(_) => invalid(
                keyword,
                value,
                "RRVS needs an RFC 3339 date-time, optionally ;C or ;R",
            ),
        }
    } else {
        Param::Other {
            keyword: keyword.to_ascii_uppercase(),
            value: Some(v.to_string()),
        }
    }
}

/// `notify-esmtp-value = "NEVER" / 1#notify-list-element`,
/// `notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"` (RFC 3461 §4.1).
fn notify(keyword: &str, v: &str) -> Param {
    let mut values = Vec::new();
    for item in v.split(',') {
        let known = ["NEVER", "SUCCESS", "FAILURE", "DELAY"]
            .into_iter()
            .find(|k| item.eq_ignore_ascii_case(k));
        match known {
            Some(k) if !values.iter().any(|x: &String| x == k) => values.push(k.to_string()),
            _ => {
                return invalid(
                    keyword,
                    Some(v),
                    "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY",
                )
            }
        }
    }
    if values.len() > 1 && values.iter().any(|x| x == "NEVER") {
        return invalid(
            keyword,
            Some(v),
            "NOTIFY=NEVER cannot be combined with other values",
        );
    }
    Param::Notify { values }
}

/// Read `Mail-parameters = esmtp-param *(SP esmtp-param)` (RFC 5321
/// §4.1.2). Returns the params and whether there were runs of spaces.
pub fn parameters(text: &str) -> (Vec<Param>, bool) {
    let mut extra_space = false;
    if text.is_empty() {
        return (Vec::new(), false);
    }
    // Room for as many as there are words, so that the list is allocated
    // once and at its size (a `Param` is 80 bytes; grown from empty, one
    // parameter took room for four).
    let words = text.bytes().filter(|&b| b == b' ').count() + 1;
    let mut params = Vec::with_capacity(words);
    for word in scan::split_ascii(text, b' ') {
        if word.is_empty() {
            extra_space = true;
        } else {
            params.push(esmtp_param(word));
        }
    }
    (params, extra_space)
}

/// The wire form of one parameter.
pub fn print_param(p: &Param, out: &mut String) {
    fn kv(out: &mut String, k: &str, v: &str) {
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    match p {
        Param::Size { value } => kv(out, "SIZE", &value.to_string()),
        Param::Body { value } => kv(out, "BODY", value),
        Param::Smtputf8 => out.push_str("SMTPUTF8"),
        Param::Ret { value } => kv(out, "RET", value),
        Param::Envid { raw, decoded } => {
            out.push_str("ENVID=");
            encode_xtext_raw(raw, decoded, out);
        }
        Param::Notify { values } => kv(out, "NOTIFY", &values.join(",")),
        Param::Orcpt {
            addr_type,
            raw,
            decoded,
        } => {
            kv(out, "ORCPT", addr_type);
            out.push(';');
            encode_xtext_raw(raw, decoded, out);
        }
        Param::Auth { raw, decoded } => {
            out.push_str("AUTH=");
            if raw == "<>" {
                out.push_str(raw);
            } else {
                encode_xtext_raw(raw, decoded, out);
            }
        }
        Param::Requiretls => out.push_str("REQUIRETLS"),
        Param::MtPriority { value } => kv(out, "MT-PRIORITY", &value.to_string()),
        Param::Holdfor { seconds } => kv(out, "HOLDFOR", &seconds.to_string()),
        Param::Holduntil { value } => kv(out, "HOLDUNTIL", value),
        Param::By { time, mode, trace } => {
            kv(out, "BY", &time.to_string());
            out.push(';');
            out.push_str(mode);
            if *trace {
                out.push('T');
            }
        }
        Param::Rrvs { time, action } => {
            kv(out, "RRVS", time);
            if let Some(a) = action {
                out.push(';');
                out.push_str(a);
            }
        }
        Param::Other { keyword, value } | Param::Invalid { keyword, value, .. } => {
            out.push_str(keyword);
            if let Some(v) = value {
                out.push('=');
                out.push_str(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_string()
    }

    fn bad(k: &str, v: Option<&str>, e: &str) -> Param {
        invalid(k, v, e)
    }

    #[test]
    fn esmtp_param_table() {
        let rows: Vec<(&str, &str, Param)> = vec![
            ("size", "SIZE=12345", Param::Size { value: 12345 }),
            ("size lower keyword", "size=0", Param::Size { value: 0 }),
            (
                "size not a number",
                "SIZE=12k",
                bad("SIZE", Some("12k"), "SIZE needs a number of bytes"),
            ),
            (
                "size too long",
                "SIZE=123456789012345678901",
                bad(
                    "SIZE",
                    Some("123456789012345678901"),
                    "SIZE needs a number of bytes",
                ),
            ),
            (
                "size overflow",
                "SIZE=99999999999999999999",
                bad(
                    "SIZE",
                    Some("99999999999999999999"),
                    "SIZE needs a number of bytes",
                ),
            ),
            (
                "size no value",
                "SIZE",
                bad("SIZE", None, "SIZE needs a value"),
            ),
            (
                "body",
                "BODY=8bitmime",
                Param::Body {
                    value: s("8BITMIME"),
                },
            ),
            ("body 7bit", "BODY=7BIT", Param::Body { value: s("7BIT") }),
            (
                "body binary",
                "BODY=BINARYMIME",
                Param::Body {
                    value: s("BINARYMIME"),
                },
            ),
            (
                "body bad",
                "BODY=8BIT",
                bad(
                    "BODY",
                    Some("8BIT"),
                    "BODY must be 7BIT, 8BITMIME or BINARYMIME",
                ),
            ),
            ("smtputf8", "SMTPUTF8", Param::Smtputf8),
            (
                "smtputf8 value",
                "SMTPUTF8=1",
                bad("SMTPUTF8", Some("1"), "SMTPUTF8 takes no value"),
            ),
            ("requiretls", "requiretls", Param::Requiretls),
            (
                "requiretls value",
                "REQUIRETLS=x",
                bad("REQUIRETLS", Some("x"), "REQUIRETLS takes no value"),
            ),
            ("ret", "RET=hdrs", Param::Ret { value: s("HDRS") }),
            (
                "ret bad",
                "RET=ALL",
                bad("RET", Some("ALL"), "RET must be FULL or HDRS"),
            ),
            (
                "envid",
                "ENVID=QQ+2B314",
                Param::Envid {
                    raw: s("QQ+2B314"),
                    decoded: s("QQ+314"),
                },
            ),
            (
                "envid bad",
                "ENVID=a+2",
                bad("ENVID", Some("a+2"), "ENVID must be xtext (+XX escapes)"),
            ),
            (
                "notify list",
                "NOTIFY=success,Failure",
                Param::Notify {
                    values: vec![s("SUCCESS"), s("FAILURE")],
                },
            ),
            (
                "notify never",
                "NOTIFY=NEVER",
                Param::Notify {
                    values: vec![s("NEVER")],
                },
            ),
            (
                "notify never mixed",
                "NOTIFY=NEVER,DELAY",
                bad(
                    "NOTIFY",
                    Some("NEVER,DELAY"),
                    "NOTIFY=NEVER cannot be combined with other values",
                ),
            ),
            (
                "notify unknown",
                "NOTIFY=ALWAYS",
                bad(
                    "NOTIFY",
                    Some("ALWAYS"),
                    "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY",
                ),
            ),
            (
                "notify empty item",
                "NOTIFY=SUCCESS,",
                bad(
                    "NOTIFY",
                    Some("SUCCESS,"),
                    "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY",
                ),
            ),
            (
                "orcpt",
                "ORCPT=rfc822;a+2Bb@example.com",
                Param::Orcpt {
                    addr_type: s("rfc822"),
                    raw: s("a+2Bb@example.com"),
                    decoded: s("a+b@example.com"),
                },
            ),
            (
                "orcpt no type",
                "ORCPT=a@b",
                bad(
                    "ORCPT",
                    Some("a@b"),
                    "ORCPT must be addr-type;xtext (e.g. rfc822;user@example.com)",
                ),
            ),
            (
                "auth",
                "AUTH=e+3Dmc2@example.com",
                Param::Auth {
                    raw: s("e+3Dmc2@example.com"),
                    decoded: s("e=mc2@example.com"),
                },
            ),
            (
                "auth null",
                "AUTH=<>",
                Param::Auth {
                    raw: s("<>"),
                    decoded: s("<>"),
                },
            ),
            (
                "auth bad escape",
                "AUTH=a+Z@b",
                bad("AUTH", Some("a+Z@b"), "AUTH must be an xtext mailbox or <>"),
            ),
            (
                "mt-priority",
                "MT-PRIORITY=-3",
                Param::MtPriority { value: -3 },
            ),
            (
                "mt-priority plus",
                "MT-PRIORITY=+9",
                Param::MtPriority { value: 9 },
            ),
            (
                "mt-priority zero",
                "MT-PRIORITY=0",
                Param::MtPriority { value: 0 },
            ),
            (
                "mt-priority range",
                "MT-PRIORITY=10",
                bad(
                    "MT-PRIORITY",
                    Some("10"),
                    "MT-PRIORITY must be a number from -9 to 9",
                ),
            ),
            (
                "mt-priority -0",
                "MT-PRIORITY=-0",
                bad(
                    "MT-PRIORITY",
                    Some("-0"),
                    "MT-PRIORITY must be a number from -9 to 9",
                ),
            ),
            ("holdfor", "HOLDFOR=3600", Param::Holdfor { seconds: 3600 }),
            (
                "holdfor bad",
                "HOLDFOR=1h",
                bad("HOLDFOR", Some("1h"), "HOLDFOR needs a number of seconds"),
            ),
            (
                "holduntil",
                "HOLDUNTIL=2024-02-29T12:00:00Z",
                Param::Holduntil {
                    value: s("2024-02-29T12:00:00Z"),
                },
            ),
            (
                "holduntil offset",
                "HOLDUNTIL=2024-02-29t12:00:00.5+01:00",
                Param::Holduntil {
                    value: s("2024-02-29t12:00:00.5+01:00"),
                },
            ),
            (
                "holduntil bad month",
                "HOLDUNTIL=2024-13-01T00:00:00Z",
                bad(
                    "HOLDUNTIL",
                    Some("2024-13-01T00:00:00Z"),
                    "HOLDUNTIL needs an RFC 3339 date-time",
                ),
            ),
            (
                "by",
                "BY=120;R",
                Param::By {
                    time: 120,
                    mode: s("R"),
                    trace: false,
                },
            ),
            (
                "by trace negative",
                "BY=-30;nt",
                Param::By {
                    time: -30,
                    mode: s("N"),
                    trace: true,
                },
            ),
            (
                "by bad mode",
                "BY=120;X",
                bad(
                    "BY",
                    Some("120;X"),
                    "BY must be seconds;R or seconds;N, optionally with T",
                ),
            ),
            (
                "by too long",
                "BY=1234567890;R",
                bad(
                    "BY",
                    Some("1234567890;R"),
                    "BY must be seconds;R or seconds;N, optionally with T",
                ),
            ),
            (
                "rrvs",
                "RRVS=2014-04-03T23:01:00Z",
                Param::Rrvs {
                    time: s("2014-04-03T23:01:00Z"),
                    action: None,
                },
            ),
            (
                "rrvs action",
                "RRVS=2014-04-03T23:01:00Z;c",
                Param::Rrvs {
                    time: s("2014-04-03T23:01:00Z"),
                    action: Some(s("C")),
                },
            ),
            (
                "rrvs bad action",
                "RRVS=2014-04-03T23:01:00Z;X",
                bad(
                    "RRVS",
                    Some("2014-04-03T23:01:00Z;X"),
                    "RRVS needs an RFC 3339 date-time, optionally ;C or ;R",
                ),
            ),
            (
                "other",
                "x-foo=Bar",
                Param::Other {
                    keyword: s("X-FOO"),
                    value: Some(s("Bar")),
                },
            ),
            (
                "other flag",
                "XYZ",
                Param::Other {
                    keyword: s("XYZ"),
                    value: None,
                },
            ),
            (
                "other utf-8 value",
                "X=ü",
                Param::Other {
                    keyword: s("X"),
                    value: Some(s("ü")),
                },
            ),
            (
                "bad keyword",
                "-X=1",
                bad(
                    "-X",
                    Some("1"),
                    "not a parameter keyword (letters, digits and hyphens; RFC 5321 §4.1.2)",
                ),
            ),
            (
                "empty keyword",
                "=1",
                bad(
                    "",
                    Some("1"),
                    "not a parameter keyword (letters, digits and hyphens; RFC 5321 §4.1.2)",
                ),
            ),
            (
                "empty value",
                "X=",
                bad(
                    "X",
                    Some(""),
                    "the parameter value is empty or has control characters",
                ),
            ),
        ];
        for (name, input, want) in rows {
            assert_eq!(esmtp_param(input), want, "{name}");
        }
    }

    #[test]
    fn parameters_table() {
        let rows = [
            ("none", "", 0, false),
            ("two", "SIZE=1 BODY=7BIT", 2, false),
            ("double space", "SIZE=1  BODY=7BIT", 2, true),
        ];
        for (name, input, n, extra) in rows {
            let (p, e) = parameters(input);
            assert_eq!((p.len(), e), (n, extra), "{name}");
        }
    }

    #[test]
    fn date_time_table() {
        let rows = [
            (
                "zulu",
                "2024-01-02T03:04:05Z",
                Some(("2024-01-02T03:04:05Z", "")),
            ),
            (
                "offset",
                "2024-01-02T03:04:05-07:00;C",
                Some(("2024-01-02T03:04:05-07:00", ";C")),
            ),
            (
                "leap second",
                "2016-12-31T23:59:60Z",
                Some(("2016-12-31T23:59:60Z", "")),
            ),
            ("no offset", "2024-01-02T03:04:05", None),
            ("space for T", "2024-01-02 03:04:05Z", None),
            ("hour 24", "2024-01-02T24:00:00Z", None),
        ];
        for (name, input, want) in rows {
            assert_eq!(date_time(input).ok().map(|(r, v)| (v, r)), want, "{name}");
        }
    }

    #[test]
    fn print_param_table() {
        let rows = [
            ("size", "SIZE=10"),
            ("by", "BY=-30;NT"),
            ("orcpt", "ORCPT=rfc822;a+2Bb@example.com"),
            ("auth null", "AUTH=<>"),
            ("notify", "NOTIFY=SUCCESS,DELAY"),
            ("rrvs", "RRVS=2014-04-03T23:01:00Z;R"),
            ("other", "X-FOO=bar"),
        ];
        for (name, wire) in rows {
            let mut out = String::new();
            print_param(&esmtp_param(wire), &mut out);
            assert_eq!(out, wire, "{name}");
        }
    }
}
