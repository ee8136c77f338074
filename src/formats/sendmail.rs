//! Sendmail mail log (syslog lines of `sendmail` / `sm-mta`).
//!
//! ```text
//! Nov 28 13:00:02 mx sendmail[4242]: 4ASD0123004242: to=<nosuchuser@example.net>, ctladdr=<alice@example.org> (1000/1000), delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120385, relay=mx.example.net. [192.0.2.25], dsn=5.1.1, stat=User unknown
//! ```
//!
//! Keyed by queue id. A summary log: the framer infers (frames `inferred`,
//! on their source line) `MAIL FROM:<a>` and `250` from `from=<a>, size=…`;
//! per recipient `RCPT TO:<b>` and a reply from `dsn=` and `stat=` (the
//! remote reply when `stat=` quotes one, otherwise a code standing for the
//! dsn class — 250, 451, 550 — then the dsn and the status text), and, for
//! the first `stat=Sent`, `DATA` with its `250`; `reject=550 5.7.1 …`
//! lines give the refused command (`ruleset=check_rcpt, arg1=<b>`) and reply.

use super::syslog::Syslog;
use super::{util, Format, Frame, FrameKind, Framer};
use crate::fasthash::FastSet;
use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;

pub struct Sendmail;

fn is_sendmail(prog: &str) -> bool {
    let name = memchr::memrchr(b'/', prog.as_bytes())
        .and_then(|i| prog.get(i + 1..))
        .unwrap_or(prog);
    matches!(name, "sendmail" | "sm-mta" | "sm-msp-queue")
}

fn queue_id(msg: &str) -> Option<(&str, &str)> {
    let (id, rest) = util::split_colon_space(msg)?;
    (id.len() >= 8 && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some((id, rest))
}

/// The value after `name` up to the next `, `.
fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let at = text.find(name)?;
    // Only at a field start.
    if at > 0
        && !text
            .get(..at)
            .is_some_and(|b| b.ends_with(", ") || b.ends_with(' '))
    {
        return None;
    }
    let rest = text.get(at + name.len()..)?;
    rest.get(..rest.find(", ").unwrap_or(rest.len()))
}

impl Format for Sendmail {
    fn name(&self) -> &'static str {
        "sendmail"
    }
    fn description(&self) -> &'static str {
        "Sendmail mail log"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let mut syslog = Syslog::default();
        let (mut total, mut hits) = (0, 0);
        for l in lines.iter().filter(|l| !util::is_blank(l.text)) {
            total += 1;
            if syslog
                .parse(l.text, l.number)
                .is_some_and(|p| is_sendmail(p.prog))
            {
                hits += 1;
            }
        }
        if hits == 0 {
            0
        } else {
            util::ratio(hits, total).saturating_sub(2).max(1)
        }
    }
    fn framer(&self) -> Option<Box<dyn Framer>> {
        Some(Box::new(SendmailFramer::default()))
    }
}

/// The Sendmail maillog framer, reading the log in pieces
/// (`Format::framer`).
#[derive(Default)]
struct SendmailFramer {
    syslog: Syslog,
    /// Queue ids whose MAIL, and whose DATA, were inferred.
    mailed: FastSet<String>,
    data: FastSet<String>,
}

impl Framer for SendmailFramer {
    fn feed<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>) {
        for l in lines {
            let Some(p) = self.syslog.parse_or_frame(l, out) else {
                continue;
            };
            let qid = queue_id(p.msg).filter(|_| is_sendmail(p.prog));
            let level = if p.msg.contains("reject=") || p.msg.contains("lost input channel") {
                NoteLevel::Warning
            } else {
                NoteLevel::Info
            };
            let base = Frame {
                time: p.time.map(Cow::Borrowed),
                time_ms: p.time_ms,
                session: qid.map(|(id, _)| Cow::Borrowed(id)),
                ..Frame::new(l.number, FrameKind::Note(level), p.msg)
            };
            let before = out.len();
            if let Some((id, rest)) = qid {
                let mut push = |kind: FrameKind, text: String| {
                    out.push(Frame {
                        kind,
                        text: Cow::Owned(text),
                        inferred: true,
                        ..base.clone()
                    });
                };
                if let Some(r) = field(rest, "reject=") {
                    let cmd = match field(rest, "ruleset=") {
                        Some("check_rcpt") => {
                            Some(format!("RCPT TO:{}", field(rest, "arg1=").unwrap_or("<>")))
                        }
                        Some("check_mail") => Some(format!(
                            "MAIL FROM:{}",
                            field(rest, "arg1=").unwrap_or("<>")
                        )),
                        _ => None,
                    };
                    if util::looks_like_reply(r) {
                        if let Some(c) = cmd {
                            push(FrameKind::Client, c);
                        }
                        push(FrameKind::Server, r.to_string());
                    }
                } else if let Some(from) = field(rest, "from=") {
                    if rest.contains("size=") && self.mailed.insert(id.to_string()) {
                        let from = from.trim_matches(|c| c == '<' || c == '>');
                        push(FrameKind::Client, format!("MAIL FROM:<{from}>"));
                        push(FrameKind::Server, "250 2.1.0 Sender ok".to_string());
                    }
                } else if let (Some(to), Some(stat)) = (field(rest, "to="), field(rest, "stat=")) {
                    let dsn = field(rest, "dsn=").unwrap_or("");
                    let sent = stat.starts_with("Sent");
                    // `Sent (…)`, `Deferred: 451 …`, `User unknown`.
                    let quoted = stat
                        .split_once('(')
                        .and_then(|(_, r)| r.strip_suffix(')'))
                        .or_else(|| stat.split_once(": ").map(|(_, r)| r))
                        .filter(|r| util::looks_like_reply(r));
                    let reply = match quoted {
                        Some(r) => r.to_string(),
                        None => {
                            let code = match dsn.as_bytes().first() {
                                Some(b'2') => "250",
                                Some(b'4') => "451",
                                Some(b'5') => "550",
                                _ if sent => "250",
                                _ if stat.starts_with("Deferred") => "451",
                                _ => "550",
                            };
                            if dsn.is_empty() {
                                format!("{code} {stat}")
                            } else {
                                format!("{code} {dsn} {stat}")
                            }
                        }
                    };
                    for addr in to.split(',') {
                        let addr = addr.trim().trim_matches(|c| c == '<' || c == '>');
                        push(FrameKind::Client, format!("RCPT TO:<{addr}>"));
                        push(FrameKind::Server, reply.clone());
                    }
                    if sent && self.data.insert(id.to_string()) {
                        push(FrameKind::Client, "DATA".to_string());
                        push(FrameKind::Server, reply.clone());
                    }
                }
            }
            if out.len() == before {
                out.push(base);
            }
        }
    }

    fn finish(&mut self, diags: &mut Vec<Diagnostic>) {
        self.syslog.finish(diags);
    }
}
