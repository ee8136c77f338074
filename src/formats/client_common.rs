//! Helpers shared by the client-tool formats (sendmail -v, curl, smtplib,
//! …): detection scoring, command recognition for unprefixed lines, and
//! timestamps.

use super::{util, Frame, FrameKind};
use crate::input::Line;
use crate::model::NoteLevel;

/// SMTP verbs (and the common extensions) that mark an unprefixed line as a
/// client command in formats that print both sides without a marker.
const VERBS: &[&str] = &[
    "EHLO", "HELO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "QUIT", "NOOP", "VRFY", "EXPN",
    "HELP", "STARTTLS", "AUTH", "ETRN", "ATRN", "BURL", "XCLIENT", "XFORWARD",
];

/// True when the first word of `text` is an SMTP verb (any case).
pub fn looks_like_command(text: &str) -> bool {
    let word = text.split([' ', '\t']).next().unwrap_or("");
    VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
}

/// A frame for a blank line, or `None` when the line has text.
pub fn blank<'a>(line: &Line<'a>) -> Option<Frame<'a>> {
    util::is_blank(line.text).then(|| Frame::new(line.number, FrameKind::Blank, line.text))
}

/// A note frame carrying the whole line.
pub fn note<'a>(line: &Line<'a>) -> Frame<'a> {
    Frame::new(line.number, FrameKind::Note(NoteLevel::Info), line.text)
}

/// `text` after `prefix`, when `prefix` is followed by a space or ends the
/// line (tools trim trailing spaces, so an empty client line prints as the
/// bare prefix). One space after the prefix is dropped.
pub fn after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix(' ')
    }
}

/// Confidence from the number of lines carrying the format's own marker and
/// the number of other non-blank lines that fit the format. Without a marker
/// a format never claims a text.
pub fn score(markers: usize, fitting: usize, nonblank: usize) -> u8 {
    let base: usize = match markers {
        0 => return 0,
        1 => 30,
        2 => 45,
        _ => 60,
    };
    let ratio = util::ratio(markers + fitting, nonblank) as usize;
    (base + ratio * (100 - base) / 100).min(100) as u8
}

/// Number of non-blank lines.
pub fn nonblank(lines: &[Line<'_>]) -> usize {
    lines.iter().filter(|l| !util::is_blank(l.text)).count()
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::parse_uint(s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD HH:MM:SS` (or with `T`) read as UTC, in milliseconds since
/// the Unix epoch. The tools print local time without a zone; UTC is the
/// best guess and keeps the timeline's order and gaps right.
pub fn datetime_ms(s: &str) -> Option<f64> {
    // The year's digits come first. Detection asks this of every line:
    // most are told apart by their first byte, before any splitting.
    if !starts_with_digit(s) {
        return None;
    }
    let (date, time) = s.split_once([' ', 'T'])?;
    let mut d = date.split('-');
    let (y, mo, da) = (digits(d.next()?)?, digits(d.next()?)?, digits(d.next()?)?);
    if d.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&da) {
        return None;
    }
    let secs = time_of_day_ms(time)?;
    Some(days_from_civil(y, mo, da) as f64 * 86_400_000.0 + secs)
}

/// `HH:MM:SS[.frac]` as milliseconds since midnight.
pub fn time_of_day_ms(s: &str) -> Option<f64> {
    // The hour's digits come first (see `datetime_ms`).
    if !starts_with_digit(s) {
        return None;
    }
    let (hms, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut t = hms.split(':');
    let (h, m, sec) = (digits(t.next()?)?, digits(t.next()?)?, digits(t.next()?)?);
    if t.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut ms = ((h * 60 + m) * 60 + sec) as f64 * 1000.0;
    if let Some(f) = frac {
        digits(f)?;
        let f = crate::decimal::fraction(f)?;
        ms += f * 1000.0;
    }
    Some(ms)
}

fn starts_with_digit(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// True for `HH:MM:SS` with an optional fraction.
pub fn is_time_of_day(s: &str) -> bool {
    time_of_day_ms(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        let rows: &[(&str, Option<f64>)] = &[
            ("1970-01-01 00:00:00", Some(0.0)),
            ("2026-11-28 14:07:30", Some(1_795_874_850_000.0)),
            ("2000-02-29T12:00:00", Some(951_825_600_000.0)),
            ("2026-13-01 00:00:00", None),
            ("2026-11-28", None),
            ("x", None),
        ];
        for (input, want) in rows {
            assert_eq!(datetime_ms(input), *want, "{input}");
        }
    }

    #[test]
    fn commands() {
        let rows = [
            ("ehlo [127.0.0.1]", true),
            ("MAIL FROM:<a@b>", true),
            ("STARTTLS", true),
            ("250 ok", false),
            ("Exception: x", false),
            ("", false),
        ];
        for (input, want) in rows {
            assert_eq!(looks_like_command(input), want, "{input}");
        }
    }
}
