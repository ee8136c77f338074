//! Bounce messages: RFC 3464 delivery status notifications and the
//! human-readable bounce texts of common MTAs and providers.
//!
//! ```text
//! Diagnostic-Code: smtp; 550 5.1.1 <nosuchuser@sink.test>: Recipient address
//!     rejected: User unknown
//! ```
//!
//! A bounce is the reply that ended a delivery, told afterwards. The framer
//! infers the command it answered and the reply (frames `inferred`, on the
//! first line of the text they come from; folded continuation lines are
//! notes):
//!
//! * Postfix: `<b>: host h[ip] said: 550 5.1.1 … (in reply to RCPT TO
//!   command)`, folded over indented lines;
//! * Exim: `SMTP error from remote mail server after RCPT TO:<b>:` followed
//!   by `host h [ip]: 550 …` (or the reply alone) on the next lines;
//! * Gmail: `The response from the remote server was:` and the reply below;
//! * Microsoft 365: `Remote server returned '550 5.1.10 RESOLVER…'`;
//! * the machine-readable part: `Diagnostic-Code: smtp; 550 …`, with the
//!   recipient of the preceding `Final-Recipient: rfc822; b`. It is used only
//!   when no human-readable reply was found, so one failure gives one pair.
//!
//! The original sender, when the bounce names it (Postfix's
//! `X-Postfix-Sender:`, else the `To:` of the bounce's own header: a bounce
//! is sent to the sender), gives the `MAIL FROM` before the first failure:
//! with an inferred 250 when the failure came at a later command, so that
//! the transaction has its sender.
//!
//! Everything else (headers, prose, MIME boundaries, the returned message)
//! is a note.

use super::util::{self, Needle};
use super::{Format, Frame, FrameKind, Frames};
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};

pub struct Dsn;

const MARKERS: &[&str] = &[
    "Reporting-MTA:",
    "Final-Recipient:",
    "Original-Recipient:",
    "Action:",
    "Status:",
    "Remote-MTA:",
    "Diagnostic-Code:",
    "Content-Type: message/delivery-status",
    "Content-Type: multipart/report",
    "The response from the remote server was:",
    "Remote server returned '",
    "SMTP error from remote mail server after",
    "Mail Delivery System",
    "Undelivered Mail Returned to Sender",
    "Delivery Status Notification",
    "Undeliverable:",
    "Mail delivery failed",
    "Reported error:",
    "Diagnostic information for administrators",
    "Delivery has failed to these recipients",
    "This is the mail system at host",
    "could not be delivered to one or more recipients",
    "This message was created automatically by mail delivery software",
    "wasn't delivered to",
    "couldn't be delivered",
    "Message not delivered",
    "Address not found",
];

/// For each byte value, the markers whose first, second and third byte it
/// is, in either case, as bit sets (bit `i` for `MARKERS[i]`; there are
/// fewer than 32, and none is shorter than three bytes).
const FIRST_BYTE: [u32; 256] = nth_bytes(0);
const SECOND_BYTE: [u32; 256] = nth_bytes(1);
const THIRD_BYTE: [u32; 256] = nth_bytes(2);

const fn nth_bytes(n: usize) -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < MARKERS.len() {
        let b = MARKERS[i].as_bytes()[n];
        table[b.to_ascii_lowercase() as usize] |= 1 << i;
        table[b.to_ascii_uppercase() as usize] |= 1 << i;
        i += 1;
    }
    table
}

/// `found` plus the [`MARKERS`] that occur in `text` ignoring ASCII case,
/// as a bit set (bit `i` for `MARKERS[i]`).
///
/// Same answer as `text.to_ascii_lowercase().contains(&m.to_ascii_lowercase())`
/// for each marker `m` (markers are ASCII, and ASCII case folding keeps
/// byte lengths), in one pass without allocating: at each position, only
/// the markers whose first three bytes are the three there are compared.
/// Profiled: lowering every sampled line and searching it once per marker
/// was 8 % of parsing a 1 MB transcript; comparing every marker that
/// merely starts with the byte (most letters start one, in either case)
/// was still the costliest detector.
fn markers_in(text: &str, mut found: u32) -> u32 {
    let bytes = text.as_bytes();
    // Every marker has at least three bytes, so none starts in the last two.
    for (pos, w) in bytes.windows(3).enumerate() {
        let &[b0, b1, b2] = w else { continue };
        // Markers that start with these three bytes and are not found yet;
        // most bytes start none, and are passed after one look-up.
        let first = FIRST_BYTE[usize::from(b0)] & !found;
        if first == 0 {
            continue;
        }
        let mut candidates = first & SECOND_BYTE[usize::from(b1)] & THIRD_BYTE[usize::from(b2)];
        while candidates != 0 {
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1; // clear that lowest bit
            let m = MARKERS.get(i).map_or(&b""[..], |m| m.as_bytes());
            if bytes
                .get(pos..pos + m.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(m))
            {
                found |= 1 << i;
            }
        }
    }
    found
}

impl Format for Dsn {
    fn name(&self) -> &'static str {
        "dsn"
    }
    fn description(&self) -> &'static str {
        "bounce message (DSN or human-readable)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        // Markers are matched without regard to case: providers change the
        // capitals of their wording ("Remote Server returned").
        let all = (1u32 << MARKERS.len()) - 1;
        let mut seen = 0u32;
        // A Postfix bounce quotes the remote reply as `host h[ip] said: …`.
        let said_needle = Needle::new(" said: ");
        let mut said = false;
        // One pass for both, until both are settled.
        for l in lines {
            if seen != all {
                seen = markers_in(l.text, seen);
            }
            if !said {
                let b = l.text.as_bytes();
                said = said_needle.is_in(l.text) && memchr::memchr(b'[', b).is_some();
            }
            if seen == all && said {
                break;
            }
        }
        let found = seen.count_ones() as usize;
        // A reply found where a bounce puts it is the strongest sign.
        let replies = if found > 0 && !find_human(lines).is_empty() {
            40
        } else {
            0
        };
        let score = found * 15 + usize::from(said) * 15 + replies;
        score.min(95) as u8
    }
    fn frame<'a>(
        &self,
        lines: &[Line<'a>],
        out: &mut Frames<'a, '_>,
        _diags: &mut Vec<Diagnostic>,
    ) {
        let human = find_human(lines);
        let use_dsn = human.is_empty();
        // The sender is named after the failure (Postfix's delivery status
        // part) or in the bounce's own header: read first, so that the
        // MAIL FROM it gives stands before the first failure. It stands on
        // the header's To: line when there is one (where the paste shows
        // the sender, before the failures), unless the first failure is
        // MAIL FROM itself, which then names the sender.
        let (mut sender, to_line) = find_sender(lines).unzip();
        let to_line = to_line.flatten().filter(|_| {
            human.first().is_some_and(|(_, cmd, _)| {
                !cmd.as_deref().is_some_and(|c| c.starts_with("MAIL FROM:"))
            })
        });
        let mut recipient: Option<String> = None;
        let mut i = 0usize;
        while let Some(l) = lines.get(i) {
            if Some(i) == to_line {
                if let Some(from) = sender.take() {
                    push_pair(out, l.number, Some(mail_from(&from)), accepted());
                    i += 1;
                    continue;
                }
            }
            if let Some(r) = l.text.strip_prefix("Final-Recipient:") {
                recipient = Some(address_field(r));
            }
            if let Some((_, cmd, reply)) = human.iter().find(|(at, _, _)| *at == i) {
                let cmd = with_sender(out, l.number, cmd.clone(), &mut sender);
                push_pair(out, l.number, cmd, reply.clone());
            } else if use_dsn && l.text.starts_with("Diagnostic-Code:") {
                let mut text = strip_type(l.text.get(16..).unwrap_or("")).to_string();
                let mut j = i + 1;
                while let Some(c) = lines
                    .get(j)
                    .filter(|c| c.text.starts_with([' ', '\t']) && !util::is_blank(c.text))
                {
                    text.push(' ');
                    text.push_str(c.text.trim());
                    j += 1;
                }
                if util::looks_like_reply(&text) {
                    let cmd = recipient.as_ref().map(|r| format!("RCPT TO:<{r}>"));
                    let cmd = with_sender(out, l.number, cmd, &mut sender);
                    push_pair(out, l.number, cmd, text);
                } else {
                    out.push(note(l));
                }
            } else if util::is_blank(l.text) {
                out.push(Frame::new(l.number, FrameKind::Blank, ""));
            } else {
                out.push(note(l));
            }
            i += 1;
        }
    }
}

fn note<'a>(l: &Line<'a>) -> Frame<'a> {
    Frame::new(l.number, FrameKind::Note(NoteLevel::Info), l.text)
}

fn push_pair(out: &mut Frames<'_, '_>, line: u32, cmd: Option<String>, reply: String) {
    if let Some(c) = cmd {
        out.push(Frame {
            inferred: true,
            ..Frame::new(line, FrameKind::Client, c)
        });
    }
    out.push(Frame {
        inferred: true,
        ..Frame::new(line, FrameKind::Server, reply)
    });
}

/// At the first failure, what the sender (taken, so only once; already
/// taken when it stood on the header's To: line) tells: a failure at MAIL
/// FROM names it in that command; a failure at a later command means MAIL
/// FROM was accepted first, inferred with its 250 on the failure's line, so
/// that the transaction has its sender. Returns the failure's command.
fn with_sender(
    out: &mut Frames<'_, '_>,
    line: u32,
    cmd: Option<String>,
    sender: &mut Option<String>,
) -> Option<String> {
    let Some(from) = sender.take() else {
        return cmd;
    };
    let mail = mail_from(&from);
    match cmd {
        Some(c) if c.starts_with("MAIL FROM:") => Some(mail),
        cmd => {
            push_pair(out, line, Some(mail), accepted());
            cmd
        }
    }
}

fn mail_from(sender: &str) -> String {
    format!("MAIL FROM:<{sender}>")
}

/// The inferred reply to the sender's MAIL FROM (see [`with_sender`]).
fn accepted() -> String {
    "250 2.1.0 Sender accepted (inferred: the failure came later)".to_string()
}

/// The original sender of a bounced message, and the index of the `To:`
/// line of the bounce's own header if it has one: Postfix's
/// `X-Postfix-Sender: rfc822; a`, else that `To:` (a bounce goes to the
/// sender: RFC 5321 §6.1, RFC 3464 §2). The header counts when the input
/// starts with it. `None` for `<>` or no address.
fn find_sender(lines: &[Line<'_>]) -> Option<(String, Option<usize>)> {
    let header_to = || {
        let header = lines
            .iter()
            .enumerate()
            .take_while(|(_, l)| !util::is_blank(l.text))
            .take(100);
        let mut header = header.peekable();
        // The input starts with a header field, not with prose.
        let first = header.peek()?.1.text;
        let starts_with_field = first
            .split_once(':')
            .is_some_and(|(name, _)| !name.is_empty() && !name.contains([' ', '\t']));
        if !starts_with_field {
            return None;
        }
        header.find_map(|(i, l)| {
            crate::grammar::strip_prefix_no_case(l.text, "To:").map(|v| (i, address(v)))
        })
    };
    let named = lines
        .iter()
        .find_map(|l| l.text.strip_prefix("X-Postfix-Sender:").map(address_field));
    let to = header_to();
    let sender = named.or_else(|| to.as_ref().and_then(|(_, a)| a.clone()))?;
    let usable = sender.contains('@') && !sender.contains(char::is_whitespace);
    usable.then(|| (sender, to.map(|(i, _)| i)))
}

/// The address of a DSN field (`rfc822; <b>` → `b`).
fn address_field(v: &str) -> String {
    strip_type(v)
        .trim_matches(|c| c == '<' || c == '>')
        .to_string()
}

/// `rfc822; b` / `smtp; 550 …` → the part after the type.
fn strip_type(v: &str) -> &str {
    let v = v.trim();
    match v.split_once(';') {
        Some((t, rest)) if !t.contains(' ') => rest.trim(),
        _ => v,
    }
}

/// The indented continuation of line `i`, joined to it.
fn folded(lines: &[Line<'_>], i: usize) -> String {
    let mut text = lines
        .get(i)
        .map_or(String::new(), |l| l.text.trim().to_string());
    let mut j = i + 1;
    while let Some(c) = lines
        .get(j)
        .filter(|c| c.text.starts_with([' ', '\t']) && !util::is_blank(c.text))
    {
        text.push(' ');
        text.push_str(c.text.trim());
        j += 1;
    }
    text
}

/// The first `<…@…>` or bare `…@…` address in `s`.
fn address(s: &str) -> Option<String> {
    if let Some(a) = s
        .find('<')
        .and_then(|i| s.get(i + 1..))
        .and_then(|r| r.get(..r.find('>')?))
    {
        if a.contains('@') {
            return Some(a.to_string());
        }
    }
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                !c.is_alphanumeric() && c != '@' && c != '.' && c != '-' && c != '_' && c != '+'
            })
        })
        .find(|w| w.contains('@') && !w.starts_with('@'))
        .map(str::to_string)
}

/// Human-readable failures: (line index, command, reply).
fn find_human(lines: &[Line<'_>]) -> Vec<(usize, Option<String>, String)> {
    let mut found = Vec::new();
    let mut last_addr: Option<String> = None;
    // Built once, not per line: detection runs this on every sampled line.
    let exim = Needle::new("SMTP error from remote mail server after ");
    let gmail = Needle::new("The response from the remote server was:");
    let m365 = Needle::new("Remote server returned '");
    let m365_capital = Needle::new("Remote Server returned '");
    for (i, l) in lines.iter().enumerate() {
        let t = l.text;
        if let Some(r) = t.strip_prefix("Final-Recipient:") {
            last_addr = Some(strip_type(r).to_string());
        }
        // Postfix: `<b>: host h[ip] said: 550 …` (folded).
        if t.starts_with('<') && t.contains(">: ") {
            let whole = folded(lines, i);
            if let Some((_, said)) = whole.split_once(" said: ") {
                let rcpt = address(&whole);
                let (reply, named) = match said.rfind(" (in reply to ") {
                    Some(k) => (
                        said.get(..k).unwrap_or(said),
                        said.get(k + 14..)
                            .and_then(|c| c.strip_suffix(" command)"))
                            .unwrap_or("RCPT TO"),
                    ),
                    None => (said, "RCPT TO"),
                };
                let cmd = match named {
                    "RCPT TO" => rcpt.map(|r| format!("RCPT TO:<{r}>")),
                    "end of DATA" | "DATA" => Some("DATA".to_string()),
                    "MAIL FROM" => Some("MAIL FROM:<>".to_string()),
                    other => Some(other.to_string()),
                };
                if util::looks_like_reply(reply) {
                    found.push((i, cmd, reply.to_string()));
                }
            }
        }
        // Exim: `SMTP error from remote mail server after RCPT TO:<b>:`.
        if let Some((_, after)) = exim.split(t) {
            let mut cmd = after
                .trim_end()
                .strip_suffix(':')
                .unwrap_or(after)
                .trim()
                .to_string();
            if cmd == "end of data" {
                cmd = "DATA".to_string();
            }
            let next = (i + 1..lines.len().min(i + 4))
                .find(|&j| lines.get(j).is_some_and(|c| !util::is_blank(c.text)));
            if let Some(j) = next {
                let whole = folded(lines, j);
                let reply = match whole.split_once("]: ") {
                    Some((h, r)) if h.starts_with("host ") => r.to_string(),
                    _ => whole,
                };
                if util::looks_like_reply(&reply) {
                    found.push((i, Some(cmd), reply));
                }
            }
        }
        // Gmail: the reply below `The response from the remote server was:`.
        if gmail.is_in(t) {
            let next = (i + 1..lines.len().min(i + 4))
                .find(|&j| lines.get(j).is_some_and(|c| !util::is_blank(c.text)));
            if let Some(j) = next {
                let mut reply = lines
                    .get(j)
                    .map_or(String::new(), |c| c.text.trim().to_string());
                let mut k = j + 1;
                while let Some(c) = lines.get(k).filter(|c| !util::is_blank(c.text)) {
                    reply.push(' ');
                    reply.push_str(c.text.trim());
                    k += 1;
                }
                if util::looks_like_reply(&reply) {
                    let cmd = recipient_before(lines, i)
                        .or_else(|| last_addr.clone())
                        .map(|r| format!("RCPT TO:<{r}>"));
                    // The frames stand on the reply's own line.
                    found.push((j, cmd, reply));
                }
            }
        }
        // Microsoft 365: `Remote server returned '550 5.1.10 …'`.
        // Exchange on premises: `#550 5.1.1 RESOLVER.ADR.RecipNotFound; not
        // found ##`; Microsoft 365's newer form: `Reported error: 550 …`.
        let exchange = t
            .trim()
            .strip_prefix('#')
            .map(|r| r.trim_end().trim_end_matches('#').trim_end())
            .or_else(|| {
                t.trim_start()
                    .strip_prefix("Reported error:")
                    .map(str::trim)
            });
        if let Some(reply) = exchange.filter(|r| util::looks_like_reply(r)) {
            let cmd = recipient_before(lines, i)
                .or_else(|| last_addr.clone())
                .map(|r| format!("RCPT TO:<{r}>"));
            found.push((i, cmd, reply.to_string()));
        }
        if let Some((_, r)) = m365.split(t).or_else(|| m365_capital.split(t)) {
            let reply = r.get(..r.rfind('\'').unwrap_or(r.len())).unwrap_or(r);
            if util::looks_like_reply(reply) {
                let cmd = recipient_before(lines, i)
                    .or_else(|| last_addr.clone())
                    .map(|r| format!("RCPT TO:<{r}>"));
                found.push((i, cmd, reply.to_string()));
            }
        }
    }
    found
}

/// The nearest address on the few lines before `i` (the prose names the
/// recipient just above the reply).
fn recipient_before(lines: &[Line<'_>], i: usize) -> Option<String> {
    (i.saturating_sub(8)..=i)
        .rev()
        .filter_map(|j| lines.get(j))
        .filter(|l| {
            !l.text.contains("From:")
                && !l.text.contains("Return-Path")
                && !l.text.contains("MAILER-DAEMON")
        })
        .find_map(|l| address(l.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_of_a_bounce() {
        let sender = |text: &str| find_sender(&crate::input::split_lines(text)).map(|(s, _)| s);
        let rows: &[(&str, &str, Option<&str>)] = &[
            (
                "Postfix's field first, wherever it stands",
                "Return-Path: <>\nTo: Alice <alice@example.test>\n\nX-Postfix-Sender: rfc822; bounces+1@lists.example.test\n",
                Some("bounces+1@lists.example.test"),
            ),
            (
                "the bounce's To:, name and brackets dropped",
                "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nto: Alice <alice@example.org>\nSubject: x\n\nbody\n",
                Some("alice@example.org"),
            ),
            (
                "a To: below the header is not the bounce's",
                "Subject: x\n\nTo: bob@example.org\n",
                None,
            ),
            (
                "no header: the paste starts with prose",
                "Your message to bob@example.org couldn't be delivered.\nTo: bob@example.org\n",
                None,
            ),
            (
                "the null sender names no one",
                "X-Postfix-Sender: rfc822; <>\n",
                None,
            ),
        ];
        for (name, text, want) in rows {
            assert_eq!(sender(text).as_deref(), *want, "{name}");
        }
    }

    /// A failure at MAIL FROM names the sender in that command (it was
    /// `MAIL FROM:<>` before the sender was read); a failure after it has
    /// MAIL FROM accepted first; no sender, no MAIL FROM.
    #[test]
    fn a_bounce_gives_its_transaction_a_sender() {
        let bounce = |at: &str, headers: &str| {
            format!("{headers}\n<bob@example.net>: host mx.example.net[192.0.2.7] said: 550 5.7.1\n    Policy rejection (in reply to {at} command)\n\nX-Postfix-Queue-ID: DF455B405E\n")
        };
        let first = |text: &str| {
            let t = crate::parse(text, &crate::Options::default());
            assert_eq!(t.format, "dsn", "{text}");
            let s = t.sessions.first().cloned().unwrap_or_default();
            let tx = s.transactions.first().cloned().unwrap_or_default();
            let verbs: Vec<String> = s
                .events
                .iter()
                .filter_map(|e| match &e.detail {
                    crate::EventDetail::Command { verb, args, .. } => {
                        Some(format!("{verb} {args}"))
                    }
                    crate::EventDetail::Reply { code, .. } => Some(code.to_string()),
                    _ => None,
                })
                .collect();
            (verbs, tx.sender, tx.status)
        };
        let inferred_lines = |text: &str| -> Vec<u32> {
            let t = crate::parse(text, &crate::Options::default());
            t.sessions
                .iter()
                .flat_map(|s| &s.events)
                .filter(|e| e.inferred)
                .map(|e| e.line)
                .collect()
        };
        let header = "Return-Path: <>\nFrom: MAILER-DAEMON@example.test\nTo: alice@example.test\nSubject: Undelivered Mail Returned to Sender\n";
        // The MAIL FROM stands on the To: line, the failure on its own.
        assert_eq!(inferred_lines(&bounce("RCPT TO", header)), [3, 3, 6, 6]);
        // Without the header, both stand on the failure's line.
        let bare = bounce("RCPT TO", "").replace(
            "\nX-Postfix-Queue-ID",
            "\nX-Postfix-Sender: rfc822; alice@example.test\nX-Postfix-Queue-ID",
        );
        assert_eq!(inferred_lines(&bare), [2, 2, 2, 2]);
        let (verbs, sender, status) = first(&bounce("RCPT TO", header));
        assert_eq!(
            verbs,
            [
                "MAIL FROM:<alice@example.test>",
                "250",
                "RCPT TO:<bob@example.net>",
                "550"
            ]
        );
        assert_eq!(sender.as_deref(), Some("alice@example.test"));
        assert_eq!(status, crate::OutcomeStatus::Rejected);
        let (verbs, sender, _) = first(&bounce("MAIL FROM", header));
        assert_eq!(verbs, ["MAIL FROM:<alice@example.test>", "550"]);
        assert_eq!(sender.as_deref(), Some("alice@example.test"));
        let (verbs, _, _) = first(&bounce(
            "RCPT TO",
            "Subject: Undelivered Mail Returned to Sender\n",
        ));
        assert_eq!(verbs, ["RCPT TO:<bob@example.net>", "550"]);
    }

    /// `markers_in` relies on these: a bit per marker, ASCII markers.
    #[test]
    fn markers_fit_the_one_pass_scan() {
        assert!(MARKERS.len() < 32);
        for m in MARKERS {
            assert!(!m.is_empty() && m.is_ascii(), "{m}");
        }
    }

    /// One row per shape of line; the expected set is computed the slow,
    /// obvious way (lower both, search each marker).
    #[test]
    fn markers_in_agrees_with_lowercase_contains() {
        let every = MARKERS.join(" ");
        let shouting = every.to_ascii_uppercase();
        let rows: &[(&str, &str)] = &[
            ("empty", ""),
            (
                "plain log line",
                "Nov 28 14:06:25 mail postfix/smtpd[1]: connect from x",
            ),
            (
                "field at start",
                "Final-Recipient: rfc822; bob@example.test",
            ),
            ("two markers", "Status: 5.1.1 Action: failed"),
            ("other case", "REMOTE SERVER RETURNED '550 5.1.1 no'"),
            (
                "lower-case marker",
                "Your message couldn't be delivered to bob",
            ),
            (
                "marker inside",
                "  content-type: multipart/report; report-type=delivery-status",
            ),
            ("prefix only", "Reporting-MTA"),
            ("repeated first letter", "RRemote-MTA: dns; mx"),
            ("cut at the end", "Address not foun"),
            ("non-ASCII around", "é Undeliverable: ü"),
            ("every marker", &every),
            ("every marker, upper case", &shouting),
        ];
        for (name, text) in rows {
            let lower = text.to_ascii_lowercase();
            let expected = MARKERS
                .iter()
                .enumerate()
                .filter(|(_, m)| lower.contains(&m.to_ascii_lowercase()))
                .fold(0u32, |acc, (i, _)| acc | 1 << i);
            assert_eq!(markers_in(text, 0), expected, "{name}");
        }
        assert_eq!(markers_in("status: x", 0), 1 << 4, "Status is marker 4");
        assert_eq!(markers_in("", 1 << 4), 1 << 4, "keeps what was found");
    }
}
