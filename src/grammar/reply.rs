//! Reply lines and enhanced status codes (RFC 5321 §4.2, RFC 3463 §2,
//! RFC 2034 §4).

use super::quirk;
use super::scan::fail;
use super::ReplyLine;
use crate::model::EnhancedStatus;
use nom::error::ErrorKind;
use nom::IResult;

type R<'a, O = &'a str> = IResult<&'a str, O>;

/// `Reply-code = %x32-35 %x30-35 %x30-39` (RFC 5321 §4.2): the first
/// digit 2 to 5, the second 0 to 5.
pub fn reply_code(i: &str) -> R<'_, u16> {
    match i.as_bytes() {
        [a @ b'2'..=b'5', b @ b'0'..=b'5', c @ b'0'..=b'9', ..] => {
            let code = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
            // Three ASCII bytes: index 3 is a character boundary.
            Ok((i.get(3..).unwrap_or(""), code))
        }
        _ => Err(fail(i, ErrorKind::OneOf)),
    }
}

/// `1*3digit` as a number.
fn num3(i: &str) -> R<'_, u16> {
    let bytes = i.as_bytes();
    let n = bytes
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 {
        return Err(fail(i, ErrorKind::TakeWhileMN));
    }
    let value = bytes
        .iter()
        .take(n)
        .fold(0u16, |v, b| v * 10 + u16::from(b - b'0'));
    Ok((i.get(n..).unwrap_or(""), value))
}

/// `status-code = class "." subject "." detail`, `class = "2" / "4" / "5"`,
/// `subject = 1*3digit`, `detail = 1*3digit` (RFC 3463 §2). At the start of
/// reply text it must be followed by a space or the end (RFC 2034 §4), so
/// `250 2address.org` has none.
pub fn status_code(i: &str) -> R<'_, EnhancedStatus> {
    let class = match i.as_bytes() {
        [c @ (b'2' | b'4' | b'5'), b'.', ..] => c - b'0',
        _ => return Err(fail(i, ErrorKind::OneOf)),
    };
    let (rest, subject) = num3(i.get(2..).unwrap_or(""))?;
    let Some(rest) = rest.strip_prefix('.') else {
        return Err(fail(rest, ErrorKind::Char));
    };
    let (rest, detail) = num3(rest)?;
    if !matches!(rest.as_bytes().first(), None | Some(b' ' | b'\t')) {
        return Err(fail(rest, ErrorKind::Verify));
    }
    Ok((
        rest,
        EnhancedStatus {
            class,
            subject,
            detail,
        },
    ))
}

/// `Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP
/// textstring ] CRLF` (RFC 5321 §4.2), one line at a time, without its
/// line ending. Accepted leniencies: a tab for the space, text right after
/// the code, and a space with no text after it.
#[inline]
pub fn reply_line(line: &str) -> Option<ReplyLine<'_>> {
    let (rest, code) = reply_code(line).ok()?;
    let mut quirks = Vec::new();
    // The separator, when there is one, is an ASCII byte: `rest.get(1..)`
    // is then on a character boundary.
    let (last, text) = match rest.as_bytes().first() {
        None => (true, rest),
        Some(b'-') => (false, rest.get(1..).unwrap_or("")),
        Some(b' ') => {
            let text = rest.get(1..).unwrap_or("");
            if text.is_empty() {
                quirks.push(quirk::REPLY_TRAILING_SPACE);
            }
            (true, text)
        }
        Some(b'\t') => {
            quirks.push(quirk::REPLY_TAB_SEPARATOR);
            (true, rest.get(1..).unwrap_or(""))
        }
        // "2500 …" is a number, not a reply code.
        Some(c) if c.is_ascii_digit() => return None,
        Some(_) => {
            quirks.push(quirk::REPLY_NO_SEPARATOR);
            (true, rest)
        }
    };
    let enhanced = status_code(text).ok().map(|(_, e)| e);
    Some(ReplyLine {
        code,
        last,
        text,
        enhanced,
        quirks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(class: u8, subject: u16, detail: u16) -> Option<EnhancedStatus> {
        Some(EnhancedStatus {
            class,
            subject,
            detail,
        })
    }

    #[test]
    fn reply_line_table() {
        // (name, line, code, last, text, enhanced, quirks)
        type Row = (
            &'static str,
            &'static str,
            Option<(
                u16,
                bool,
                &'static str,
                Option<EnhancedStatus>,
                Vec<&'static str>,
            )>,
        );
        let rows: Vec<Row> = vec![
            (
                "postfix ok",
                "250 2.1.0 Ok",
                Some((250, true, "2.1.0 Ok", es(2, 1, 0), vec![])),
            ),
            (
                "continuation",
                "250-PIPELINING",
                Some((250, false, "PIPELINING", None, vec![])),
            ),
            (
                "google multi",
                "550-5.7.26 This mail has been blocked",
                Some((
                    550,
                    false,
                    "5.7.26 This mail has been blocked",
                    es(5, 7, 26),
                    vec![],
                )),
            ),
            (
                "microsoft",
                "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found",
                Some((
                    550,
                    true,
                    "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found",
                    es(5, 1, 10),
                    vec![],
                )),
            ),
            (
                "domain not enhanced",
                "250 2address.org",
                Some((250, true, "2address.org", None, vec![])),
            ),
            ("bare code", "250", Some((250, true, "", None, vec![]))),
            (
                "bare continuation",
                "250-",
                Some((250, false, "", None, vec![])),
            ),
            (
                "code then space",
                "250 ",
                Some((250, true, "", None, vec!["reply-trailing-space"])),
            ),
            (
                "enhanced alone",
                "250 2.0.0",
                Some((250, true, "2.0.0", es(2, 0, 0), vec![])),
            ),
            (
                "no separator",
                "220mail.example.com ESMTP",
                Some((
                    220,
                    true,
                    "mail.example.com ESMTP",
                    None,
                    vec!["reply-no-separator"],
                )),
            ),
            (
                "tab",
                "421\t4.4.2 Timeout",
                Some((
                    421,
                    true,
                    "4.4.2 Timeout",
                    es(4, 4, 2),
                    vec!["reply-tab-separator"],
                )),
            ),
            (
                "enhanced too long",
                "550 5.1.1234 x",
                Some((550, true, "5.1.1234 x", None, vec![])),
            ),
            (
                "enhanced class 3",
                "354 3.0.0 go",
                Some((354, true, "3.0.0 go", None, vec![])),
            ),
            (
                "enhanced followed by text",
                "550 5.1.1: no",
                Some((550, true, "5.1.1: no", None, vec![])),
            ),
            (
                "trailing space kept",
                "250 Ok ",
                Some((250, true, "Ok ", None, vec![])),
            ),
            ("code 199", "199 x", None),
            ("code 600", "600 x", None),
            ("code 260", "260 x", None),
            ("four digits", "2500 x", None),
            ("two digits", "25", None),
            ("empty", "", None),
            ("text", "Hello", None),
            ("non-ascii", "25ö", None),
        ];
        for (name, line, want) in rows {
            let got = reply_line(line).map(|r| {
                (
                    r.code,
                    r.last,
                    r.text,
                    r.enhanced,
                    r.quirks.iter().map(|q| q.id).collect::<Vec<_>>(),
                )
            });
            assert_eq!(got, want, "{name}");
        }
    }

    /// Reply lines from Postfix 3 on loopback (swaks and a raw socket).
    #[test]
    fn postfix_replies() {
        let rows = [
            ("220 mail.example.test ESMTP Postfix (Debian/GNU)", 220, true, None),
            ("250-AUTH PLAIN LOGIN CRAM-MD5", 250, false, None),
            ("250 CHUNKING", 250, true, None),
            ("220 2.0.0 Ready to start TLS", 220, true, es(2, 0, 0)),
            ("450 4.2.0 <greylist@example.test>: Recipient address rejected: Greylisted, try again later", 450, true, es(4, 2, 0)),
            ("550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table", 550, true, es(5, 1, 1)),
            ("354 End data with <CR><LF>.<CR><LF>", 354, true, None),
            ("250 2.0.0 Ok: queued as 58106B402C", 250, true, es(2, 0, 0)),
            ("521 5.5.4 Syntax: BDAT count [LAST]", 521, true, es(5, 5, 4)),
        ];
        for (line, code, last, enhanced) in rows {
            let r = reply_line(line).expect(line);
            assert_eq!(
                (r.code, r.last, r.enhanced),
                (code, last, enhanced),
                "{line}"
            );
            assert_eq!(r.text, line.get(4..).unwrap_or(""), "{line}");
            assert!(r.quirks.is_empty(), "{line}");
        }
    }

    #[test]
    fn status_code_table() {
        let rows = [
            ("basic", "5.1.1 x", Some((es(5, 1, 1), " x"))),
            ("end", "4.7.0", Some((es(4, 7, 0), ""))),
            (
                "three digits",
                "5.7.606 Access denied",
                Some((es(5, 7, 606), " Access denied")),
            ),
            ("class 1", "1.0.0 x", None),
            ("glued", "2.0.0Ok", None),
            ("missing detail", "5.1 x", None),
        ];
        for (name, input, want) in rows {
            let got = status_code(input).ok().map(|(r, e)| (Some(e), r));
            assert_eq!(got, want, "{name}");
        }
    }
}
