//! Using what the server did not advertise: pipelining, BDAT, 8-bit
//! content, UTF-8 addresses, SIZE, DSN and the other MAIL/RCPT parameters;
//! what STARTTLS changed in the EHLO reply.

use super::caps::{find, size_limit, Missing, Tracker};
use super::{command, is_dialogue, Sink};
use crate::fasthash::FastSet;
use crate::model::{Capability, Command, Event, EventDetail, Param, Path, Session, Severity};

/// What a use of an extension is called in the output.
struct Rule {
    keyword: &'static str,
    code: &'static str,
    severity: Severity,
    rfc: &'static str,
}

const PIPELINING: Rule = Rule {
    keyword: "PIPELINING",
    code: "pipelining-unadvertised",
    severity: Severity::Warning,
    rfc: "RFC 2920 §3.1",
};
const CHUNKING: Rule = Rule {
    keyword: "CHUNKING",
    code: "bdat-unadvertised",
    severity: Severity::Error,
    rfc: "RFC 3030 §2",
};
const EIGHTBIT: Rule = Rule {
    keyword: "8BITMIME",
    code: "8bit-unadvertised",
    severity: Severity::Warning,
    rfc: "RFC 6152 §3",
};
const SMTPUTF8: Rule = Rule {
    keyword: "SMTPUTF8",
    code: "smtputf8-unadvertised",
    severity: Severity::Error,
    rfc: "RFC 6531 §3.4",
};
const DSN: Rule = Rule {
    keyword: "DSN",
    code: "dsn-unadvertised",
    severity: Severity::Warning,
    rfc: "RFC 3461 §4",
};

const fn param(keyword: &'static str, rfc: &'static str) -> Rule {
    Rule {
        keyword,
        code: "param-unadvertised",
        severity: Severity::Warning,
        rfc,
    }
}

const fn verb(keyword: &'static str, rfc: &'static str) -> Rule {
    Rule {
        keyword,
        code: "command-unadvertised",
        severity: Severity::Warning,
        rfc,
    }
}

struct Checker<'a> {
    tracker: Tracker<'a>,
    /// (code, keyword) already reported: one diagnostic per session each.
    seen: FastSet<(&'static str, &'static str)>,
    /// The open transaction declared SMTPUTF8 / BODY=8BITMIME|BINARYMIME.
    mail_utf8: bool,
    mail_8bit: bool,
    pipelined_groups: u32,
    first_pipelined: Option<u32>,
}

pub(super) fn check(session: &Session, sink: &mut Sink) {
    let mut c = Checker {
        tracker: Tracker::default(),
        seen: FastSet::default(),
        mail_utf8: false,
        mail_8bit: false,
        pipelined_groups: 0,
        first_pipelined: None,
    };
    let mut last_group: Option<u32> = None;
    let mut prev_dialogue: Option<&Event> = None;
    for e in &session.events {
        if let Some(cmd) = command(session, e) {
            // A command sent right after another command or content, in a
            // pipelined group: sent before the previous reply.
            let after_client = prev_dialogue.is_some_and(|p| {
                matches!(
                    p.detail,
                    EventDetail::Command { .. } | EventDetail::Data { .. }
                )
            });
            if e.group().is_some() && after_client && e.group() != last_group {
                last_group = e.group();
                match c.tracker.missing(PIPELINING.keyword) {
                    Some(Missing::Unadvertised) => {
                        c.pipelined_groups += 1;
                        if c.first_pipelined.is_none() {
                            c.first_pipelined = Some(e.line);
                        }
                    }
                    Some(Missing::LostAfterTls) => {
                        c.need(
                            &PIPELINING,
                            "Sending a command before the previous reply",
                            e.line,
                            sink,
                        );
                    }
                    None => {}
                }
            }
            c.command(cmd.parsed, e.line, sink);
        } else if let EventDetail::Data {
            size, eight_bit, ..
        } = &e.detail
        {
            c.data(*size, *eight_bit, e.line, sink);
        } else if let Some(caps) = e.detail.capabilities() {
            if c.tracker.after_starttls && c.tracker.current.is_none() {
                if let Some(before) = c.tracker.before_tls {
                    tls_difference(before, caps, e.line, sink);
                }
            }
        }
        c.tracker.update(session, e);
        if is_dialogue(e) {
            prev_dialogue = Some(e);
        }
    }
    if let Some(line) = c.first_pipelined {
        let n = c.pipelined_groups;
        let more = if n > 1 {
            format!(" ({n} pipelined groups in this session)")
        } else {
            String::new()
        };
        sink.emit(
            PIPELINING.severity,
            line,
            PIPELINING.code,
            format!("This command was sent before the reply to the previous one, but the server did not advertise PIPELINING{more}."),
            PIPELINING.rfc,
        );
    }
}

impl Checker<'_> {
    /// Report `what` if the extension of `rule` is not in force.
    fn need(&mut self, rule: &Rule, what: &str, line: u32, sink: &mut Sink) {
        let Some(missing) = self.tracker.missing(rule.keyword) else {
            return;
        };
        let (code, severity, rfc) = match missing {
            Missing::Unadvertised => (rule.code, rule.severity, rule.rfc),
            Missing::LostAfterTls => (
                "extension-lost-after-tls",
                Severity::Warning,
                "RFC 3207 §4.2",
            ),
        };
        if !self.seen.insert((code, rule.keyword)) {
            return;
        }
        let kw = rule.keyword;
        let msg = match missing {
            Missing::Unadvertised => {
                format!("{what} needs the {kw} extension, which the server did not advertise.")
            }
            Missing::LostAfterTls if kw == "STARTTLS" => {
                "STARTTLS was sent again inside TLS; the server no longer offers it.".to_string()
            }
            Missing::LostAfterTls => format!(
                "{what} needs {kw}, which the server advertised before STARTTLS but not after it; capabilities from before TLS no longer count."
            ),
        };
        sink.emit(severity, line, code, msg, rfc);
    }

    fn command(&mut self, parsed: &Command, line: u32, sink: &mut Sink) {
        match parsed {
            Command::Bdat { .. } => self.need(&CHUNKING, "BDAT", line, sink),
            Command::Mail { path, params } => {
                self.mail_utf8 = params.iter().any(|p| matches!(p, Param::Smtputf8));
                self.mail_8bit = params.iter().any(
                    |p| matches!(p, Param::Body { value } if !value.eq_ignore_ascii_case("7BIT")),
                );
                self.address(path, "MAIL", line, sink);
                for p in params {
                    self.param(p, line, sink);
                }
            }
            Command::Rcpt { path, params } => {
                self.address(path, "RCPT", line, sink);
                for p in params {
                    self.param(p, line, sink);
                }
            }
            Command::Starttls => {
                self.need(&verb("STARTTLS", "RFC 3207 §4"), "STARTTLS", line, sink)
            }
            Command::Auth { .. } => self.need(&verb("AUTH", "RFC 4954 §4"), "AUTH", line, sink),
            Command::Etrn { .. } => self.need(&verb("ETRN", "RFC 1985"), "ETRN", line, sink),
            Command::Atrn { .. } => self.need(&verb("ATRN", "RFC 2645"), "ATRN", line, sink),
            Command::Burl { .. } => self.need(&verb("BURL", "RFC 4468"), "BURL", line, sink),
            Command::Xclient { .. } => self.need(&verb("XCLIENT", ""), "XCLIENT", line, sink),
            Command::Xforward { .. } => self.need(&verb("XFORWARD", ""), "XFORWARD", line, sink),
            _ => {}
        }
    }

    /// A non-ASCII address needs SMTPUTF8 advertised and declared.
    fn address(&mut self, path: &Path, verb: &str, line: u32, sink: &mut Sink) {
        if !path.utf8 {
            return;
        }
        let what = format!("The non-ASCII address <{}> in {verb}", path.address());
        if self.tracker.missing(SMTPUTF8.keyword).is_some() {
            self.need(&SMTPUTF8, &what, line, sink);
        } else if self.tracker.current.is_some()
            && !self.mail_utf8
            && self.seen.insert(("smtputf8-undeclared", "SMTPUTF8"))
        {
            sink.emit(
                Severity::Warning,
                line,
                "smtputf8-undeclared",
                format!(
                    "{what} needs the SMTPUTF8 parameter on MAIL, which the client did not send."
                ),
                SMTPUTF8.rfc,
            );
        }
    }

    fn param(&mut self, p: &Param, line: u32, sink: &mut Sink) {
        match p {
            Param::Body { value } if value.eq_ignore_ascii_case("8BITMIME") => {
                self.need(&EIGHTBIT, "BODY=8BITMIME", line, sink);
            }
            Param::Body { value } if value.eq_ignore_ascii_case("BINARYMIME") => {
                self.need(
                    &param("BINARYMIME", "RFC 3030 §3"),
                    "BODY=BINARYMIME",
                    line,
                    sink,
                );
            }
            Param::Smtputf8 => self.need(&SMTPUTF8, "The SMTPUTF8 parameter", line, sink),
            Param::Size { value } => {
                self.need(&param("SIZE", "RFC 1870"), "SIZE=", line, sink);
                self.size(*value, true, line, sink);
            }
            Param::Ret { .. } => self.need(&DSN, "RET=", line, sink),
            Param::Envid { .. } => self.need(&DSN, "ENVID=", line, sink),
            Param::Notify { .. } => self.need(&DSN, "NOTIFY=", line, sink),
            Param::Orcpt { .. } => self.need(&DSN, "ORCPT=", line, sink),
            Param::Auth { .. } => self.need(&param("AUTH", "RFC 4954 §5"), "AUTH=", line, sink),
            Param::Requiretls => {
                self.need(&param("REQUIRETLS", "RFC 8689"), "REQUIRETLS", line, sink)
            }
            Param::MtPriority { .. } => {
                self.need(
                    &param("MT-PRIORITY", "RFC 6710"),
                    "MT-PRIORITY=",
                    line,
                    sink,
                );
            }
            Param::Holdfor { .. } => {
                self.need(&param("FUTURERELEASE", "RFC 4865"), "HOLDFOR=", line, sink)
            }
            Param::Holduntil { .. } => {
                self.need(
                    &param("FUTURERELEASE", "RFC 4865"),
                    "HOLDUNTIL=",
                    line,
                    sink,
                );
            }
            Param::By { .. } => self.need(&param("DELIVERBY", "RFC 2852"), "BY=", line, sink),
            Param::Rrvs { .. } => self.need(&param("RRVS", "RFC 7293"), "RRVS=", line, sink),
            _ => {}
        }
    }

    /// `size-exceeds-limit`: a declared (`SIZE=`) or sent message larger
    /// than the SIZE limit in force (0 means no limit, RFC 1870 §3).
    fn size(&mut self, size: u64, declared: bool, line: u32, sink: &mut Sink) {
        let Some(limit) = self.tracker.current.and_then(size_limit) else {
            return;
        };
        if size <= limit {
            return;
        }
        let what = if declared {
            format!("The declared message size SIZE={size}")
        } else {
            format!("The message content ({size} bytes)")
        };
        sink.emit(
            Severity::Warning,
            line,
            "size-exceeds-limit",
            format!("{what} exceeds the server's advertised limit SIZE {limit}, so the server will refuse it."),
            "RFC 1870 §4",
        );
    }

    fn data(&mut self, size: u64, eight_bit: bool, line: u32, sink: &mut Sink) {
        if eight_bit {
            if self.tracker.missing(EIGHTBIT.keyword).is_some() {
                self.need(
                    &EIGHTBIT,
                    "The message content has 8-bit bytes and",
                    line,
                    sink,
                );
            } else if self.tracker.current.is_some()
                && !self.mail_8bit
                && !self.mail_utf8
                && self.seen.insert(("8bit-undeclared", "8BITMIME"))
            {
                sink.emit(
                    Severity::Info,
                    line,
                    "8bit-undeclared",
                    "The message content has 8-bit bytes but MAIL did not declare BODY=8BITMIME."
                        .to_string(),
                    EIGHTBIT.rfc,
                );
            }
        }
        if size > 0 {
            self.size(size, false, line, sink);
        }
    }
}

/// `capabilities-changed-tls`: what the EHLO reply after STARTTLS added,
/// removed or changed (STARTTLS itself disappearing is expected).
fn tls_difference(before: &[Capability], after: &[Capability], line: u32, sink: &mut Sink) {
    let show = |c: &Capability| {
        if c.params().next().is_none() {
            c.keyword.to_string()
        } else {
            format!("{} {}", c.keyword, c.params_text())
        }
    };
    let mut parts = Vec::new();
    // One lookup in `before` for each capability after: it was added, or
    // it is there and its parameters may have changed. (Every session that
    // used STARTTLS comes here, with ten-odd capabilities on each side.)
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for a in after {
        match find(before, &a.keyword) {
            None => added.push(show(a)),
            Some(b) => {
                let same = b.same_params(a);
                if !same {
                    changed.push(format!("{} → {}", show(b), show(a)));
                }
            }
        }
    }
    let removed: Vec<String> = before
        .iter()
        .filter(|c| {
            !c.keyword.eq_ignore_ascii_case("STARTTLS") && find(after, &c.keyword).is_none()
        })
        .map(show)
        .collect();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    if !changed.is_empty() {
        parts.push(format!("changed {}", changed.join(", ")));
    }
    if parts.is_empty() {
        return;
    }
    sink.emit(
        Severity::Info,
        line,
        "capabilities-changed-tls",
        format!(
            "After STARTTLS the server's EHLO reply {}.",
            parts.join("; ")
        ),
        "RFC 3207 §4.2",
    );
}
