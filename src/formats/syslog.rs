//! Syslog framing shared by the mail-log formats.
//!
//! ```text
//! Nov 28 14:06:26 mail postfix/smtpd[13697]: connect from localhost[127.0.0.1]
//! 2026-11-28T14:06:26.123456+00:00 mail postfix/smtpd[13697]: connect from localhost[127.0.0.1]
//! postfix/smtpd[13697]: connect from localhost[127.0.0.1]
//! ```
//!
//! Three prefixes are read: the classic BSD one (RFC 3164, also `journalctl`'s
//! default `short` output and Postfix's own `maillog_file`), which has no year;
//! the RFC 3339 one (rsyslog's high-precision format, `journalctl -o
//! short-iso`); and none at all (a line copied without its prefix). A classic
//! timestamp's year is inferred: the current year, or the one before when
//! that would put the line in the future.

use super::{util, Frame, FrameKind, Unreadable};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel, Severity};

/// The parts of one syslog line.
#[derive(Debug, Clone, PartialEq)]
pub struct SyslogLine<'a> {
    /// The timestamp as written.
    pub time: Option<&'a str>,
    /// Milliseconds since the Unix epoch (UTC when the line has no zone).
    pub time_ms: Option<f64>,
    pub host: Option<&'a str>,
    /// The syslog tag as written, with its pid: `postfix/smtpd[13697]`.
    pub tag: &'a str,
    /// Program (syslog tag) without the pid, e.g. `postfix/smtpd`.
    pub prog: &'a str,
    pub pid: Option<&'a str>,
    /// The message after `prog[pid]: `.
    pub msg: &'a str,
}

/// Reads syslog prefixes, remembering whether a year had to be inferred.
#[derive(Debug)]
pub struct Syslog {
    now_ms: f64,
    /// The UTC year of `now_ms`, worked out once rather than per line.
    this_year: i32,
    year_inferred: Option<u32>,
}

impl Default for Syslog {
    fn default() -> Self {
        Syslog::at(now_ms())
    }
}

impl Syslog {
    /// A reader that takes "now" to be `now_ms`.
    pub fn at(now_ms: f64) -> Self {
        Syslog {
            now_ms,
            this_year: civil_year(now_ms),
            year_inferred: None,
        }
    }

    /// Split a line into its syslog parts; `None` when it has no
    /// recognisable `prog[pid]: ` tag.
    pub fn parse<'a>(&mut self, text: &'a str, line: u32) -> Option<SyslogLine<'a>> {
        let (time, time_ms, rest) = if let Some((t, ms, rest)) = self.classic(text, line) {
            (Some(t), ms, rest)
        } else if let Some((t, ms, rest)) = iso(text) {
            (Some(t), ms, rest)
        } else {
            (None, None, text)
        };
        // With a timestamp comes a host name; without one, the tag is first.
        // Byte searches with memchr: this runs on every line of a mail log,
        // and `split_once` with its generic searchers was a tenth of parsing
        // a Postfix log (profiled).
        let (host, rest) = match time {
            Some(_) => {
                let sp = memchr::memchr(b' ', rest.as_bytes())?;
                (Some(rest.get(..sp)?), rest.get(sp + 1..)?)
            }
            None => (None, rest),
        };
        let (tag, msg) = split_tag(rest)?;
        if tag.is_empty() {
            return None;
        }
        let (prog, pid) = match tag.strip_suffix(']').and_then(|t| {
            let open = memchr::memchr(b'[', t.as_bytes())?;
            Some((t.get(..open)?, t.get(open + 1..)?))
        }) {
            Some((p, pid)) if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => {
                (p, Some(pid))
            }
            Some(_) => return None,
            None => (tag, None),
        };
        if prog.is_empty() || (time.is_none() && pid.is_none()) {
            return None;
        }
        Some(SyslogLine {
            time,
            time_ms,
            host,
            tag,
            prog,
            pid,
            msg,
        })
    }

    /// Report the inferred year once, if one was inferred.
    /// Read one line of a syslog-framed log. A line that is not a log
    /// record is framed here and `None` returned: a blank line, journalctl's
    /// own lines (`-- Logs begin at …`, `-- Reboot --`), or anything else
    /// (unparsed).
    pub fn parse_or_frame<'a>(
        &mut self,
        l: &Line<'a>,
        out: &mut Vec<Frame<'a>>,
    ) -> Option<SyslogLine<'a>> {
        let kind = if util::is_blank(l.text) {
            FrameKind::Blank
        } else if l.text.starts_with("-- ") {
            FrameKind::Note(NoteLevel::Info)
        } else if let Some(p) = self.parse(l.text, l.number) {
            return Some(p);
        } else {
            FrameKind::Unparsed(Unreadable::NotSyslog)
        };
        let text = if kind == FrameKind::Blank { "" } else { l.text };
        out.push(Frame::new(l.number, kind, text));
        None
    }

    pub fn finish(&self, diags: &mut Vec<Diagnostic>) {
        if let Some(line) = self.year_inferred {
            diags.push(Diagnostic::new(
                Severity::Info,
                Some(line),
                "year-inferred",
                "The log's timestamps have no year; the current year was assumed \
                 (the previous one for dates that would lie in the future).",
            ));
        }
    }

    /// `Nov 28 14:06:26` or `Nov  1 14:06:26.123456`, then a space.
    fn classic<'a>(&mut self, text: &'a str, line: u32) -> Option<(&'a str, Option<f64>, &'a str)> {
        let b = text.as_bytes();
        let month = month_number(b.get(..3)?)?;
        if b.get(3) != Some(&b' ') {
            return None;
        }
        let day = day_of_month(*b.get(4)?, *b.get(5)?)?;
        if b.get(6) != Some(&b' ') {
            return None;
        }
        let (h, mi, s) = hms(b.get(7..15)?)?;
        let (frac_ms, end) = fraction(text, 15);
        if b.get(end) != Some(&b' ') {
            return None;
        }
        let time = text.get(..end)?;
        let rest = text.get(end + 1..)?;
        let year = self.this_year;
        let mut ms = epoch_ms(year, month, day, h, mi, s, frac_ms, 0)?;
        // A day's slack for clock skew between the log and this machine.
        if ms > self.now_ms + 86_400_000.0 {
            ms = epoch_ms(year - 1, month, day, h, mi, s, frac_ms, 0)?;
        }
        if self.year_inferred.is_none() {
            self.year_inferred = Some(line);
        }
        Some((time, Some(ms), rest))
    }
}

/// Split `prog[pid]: message` at the first `: `, or take a line ending in
/// `:` as a tag with an empty message; `None` when the tag would hold a
/// space (then it is not a tag but prose).
///
/// One pass over the bytes up to the tag's end, instead of searching the
/// whole line for `": "` and the tag again for a space: the first space or
/// colon decides. A space first means the tag has one; a colon followed by
/// a space ends the tag; a colon at the end of the line ends it too (the
/// message is empty); any other colon (`a:b[1]: x`) is part of the tag.
fn split_tag(rest: &str) -> Option<(&str, &str)> {
    let b = rest.as_bytes();
    let mut from = 0;
    loop {
        let at = from + memchr::memchr2(b' ', b':', b.get(from..)?)?;
        if b.get(at) == Some(&b' ') {
            return None;
        }
        match b.get(at + 1) {
            Some(b' ') => return Some((rest.get(..at)?, rest.get(at + 2..)?)),
            None => return Some((rest.get(..at)?, "")),
            Some(_) => from = at + 1,
        }
    }
}

/// The day of a classic timestamp from its two characters: two digits, or
/// one digit padded on the left as `str::trim_start` and `u32::from_str`
/// would accept it (ASCII white space, or a `+` sign) — the rules this
/// field was first read with, kept so that no log reads differently.
fn day_of_month(d0: u8, d1: u8) -> Option<u32> {
    let digit = |d: u8| d.is_ascii_digit().then(|| u32::from(d - b'0'));
    match d0 {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b'+' => digit(d1),
        _ => Some(digit(d0)? * 10 + digit(d1)?),
    }
}

/// `2026-11-28T14:06:26.123456+00:00` (or `+0000`, `Z`, no zone), then a space.
fn iso(text: &str) -> Option<(&str, Option<f64>, &str)> {
    let (ms, end) = iso_datetime(text, b'T')?;
    if text.as_bytes().get(end) != Some(&b' ') {
        return None;
    }
    Some((text.get(..end)?, ms, text.get(end + 1..)?))
}

/// Parse `YYYY-MM-DD<sep>HH:MM:SS[.fff][zone]` at the start of `text`:
/// the time in ms (UTC when no zone) and the byte offset after it.
pub fn iso_datetime(text: &str, sep: u8) -> Option<(Option<f64>, usize)> {
    let b = text.as_bytes();
    let year: i32 = digits(text.get(0..4)?)?.try_into().ok()?;
    let month = digits(text.get(5..7)?)?;
    let day = digits(text.get(8..10)?)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(10) != Some(&sep) {
        return None;
    }
    let (h, mi, s) = hms(b.get(11..19)?)?;
    let (frac_ms, mut end) = fraction(text, 19);
    let mut offset_min: i64 = 0;
    match b.get(end) {
        Some(b'Z') => end += 1,
        Some(&sign @ (b'+' | b'-')) => {
            let hh = digits(text.get(end + 1..end + 3)?)?;
            let (mm, len) = if b.get(end + 3) == Some(&b':') {
                (digits(text.get(end + 4..end + 6)?)?, 6)
            } else {
                (digits(text.get(end + 3..end + 5)?)?, 5)
            };
            offset_min = i64::from(hh * 60 + mm);
            if sign == b'-' {
                offset_min = -offset_min;
            }
            end += len;
        }
        _ => {}
    }
    Some((
        epoch_ms(year, month, day, h, mi, s, frac_ms, offset_min),
        end,
    ))
}

/// `HH:MM:SS`.
fn hms(t: &[u8]) -> Option<(u32, u32, u32)> {
    let &[h1, h2, b':', m1, m2, b':', s1, s2] = t else {
        return None;
    };
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    };
    Some((two(h1, h2)?, two(m1, m2)?, two(s1, s2)?))
}

/// An optional `.digits` at `at`: milliseconds and the offset after it.
fn fraction(text: &str, at: usize) -> (f64, usize) {
    let b = text.as_bytes();
    if b.get(at) != Some(&b'.') && b.get(at) != Some(&b',') {
        return (0.0, at);
    }
    let n = b
        .get(at + 1..)
        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
    if n == 0 {
        return (0.0, at);
    }
    let frac = text
        .get(at + 1..at + 1 + n)
        .and_then(crate::decimal::fraction)
        .unwrap_or(0.0);
    ((frac * 1000.0 * 1000.0).round() / 1000.0, at + 1 + n)
}

fn digits(t: &str) -> Option<u32> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::parse_uint(t)
}

/// `Jan` → 1 … `Dec` → 12.
fn month_number(m: &[u8]) -> Option<u32> {
    Some(match m {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    })
}

/// Milliseconds since the epoch of a civil date-time at a UTC offset (minutes).
#[allow(clippy::too_many_arguments)]
pub fn epoch_ms(
    year: i32,
    month: u32,
    day: u32,
    h: u32,
    mi: u32,
    s: u32,
    frac_ms: f64,
    offset_min: i64,
) -> Option<f64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs =
        days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s) - offset_min * 60;
    Some(secs as f64 * 1000.0 + frac_ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC year of an epoch time in ms.
fn civil_year(ms: f64) -> i32 {
    let days = (ms / 86_400_000.0).floor() as i64;
    // Inverse of days_from_civil, year only.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2)) as i32
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

// `SystemTime::now` panics on wasm32-unknown-unknown: ask the JS clock.
#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_year() {
        // 2026-11-28T14:06:26Z, checked with `date -u -d @1795874786`.
        assert_eq!(
            epoch_ms(2026, 11, 28, 14, 6, 26, 0.0, 0),
            Some(1_795_874_786_000.0)
        );
        assert_eq!(civil_year(1_795_874_786_000.0), 2026);
        assert_eq!(civil_year(0.0), 1970);
    }

    /// text, time, time_ms, prog, pid, msg
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        Option<f64>,
        &'a str,
        Option<&'a str>,
        &'a str,
    );

    #[test]
    fn prefixes() {
        let now = 1_795_874_786_000.0;
        let rows: &[Row] = &[
            (
                "Nov 28 14:06:26 mail postfix/smtpd[13697]: connect from x",
                Some("Nov 28 14:06:26"),
                Some(now),
                "postfix/smtpd",
                Some("13697"),
                "connect from x",
            ),
            (
                "2026-11-28T14:06:26.5+01:00 mail postfix/smtpd[1]: hi",
                Some("2026-11-28T14:06:26.5+01:00"),
                Some(now - 3_600_000.0 + 500.0),
                "postfix/smtpd",
                Some("1"),
                "hi",
            ),
            (
                "postfix/smtpd[7]: hi",
                None,
                None,
                "postfix/smtpd",
                Some("7"),
                "hi",
            ),
            // December seen in late November: last year's.
            (
                "Dec 31 23:59:59 h sendmail[2]: x",
                Some("Dec 31 23:59:59"),
                Some(1_767_225_599_000.0),
                "sendmail",
                Some("2"),
                "x",
            ),
        ];
        for (text, time, ms, prog, pid, msg) in rows {
            let mut s = Syslog::at(now);
            let p = s.parse(text, 1);
            assert_eq!(p.as_ref().map(|p| p.time), Some(*time), "{text}");
            assert_eq!(p.as_ref().map(|p| p.time_ms), Some(*ms), "{text}");
            assert_eq!(p.as_ref().map(|p| p.prog), Some(*prog), "{text}");
            assert_eq!(p.as_ref().map(|p| p.pid), Some(*pid), "{text}");
            assert_eq!(p.as_ref().map(|p| p.msg), Some(*msg), "{text}");
        }
        assert_eq!(Syslog::at(now).parse("hello world", 1), None);
    }
}
