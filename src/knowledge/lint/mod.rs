//! The lint: protocol and security problems in a dialogue, each a
//! diagnostic with a stable id, the line, one sentence and the RFC section.
//!
//! The lint only reads the model (and the input lines, for line endings). It
//! runs after the session engine, which already reports what it sees while
//! pairing (`reply-code-mismatch`, `reply-unexpected`, `no-reply`,
//! `reply-unterminated`, `data-unterminated`); those are not repeated here.
//!
//! Rules by family, one module each, with their ids:
//! * `sequence` — the order of commands (RFC 5321 §4.1.4):
//!   `command-before-greeting`, `mail-before-helo`, `rcpt-without-mail`,
//!   `data-without-rcpt`, `command-after-quit`, `nested-mail`;
//! * `extensions` — using what the server did not advertise, and what
//!   STARTTLS changed: `pipelining-unadvertised`, `bdat-unadvertised`,
//!   `8bit-unadvertised`, `8bit-undeclared`, `smtputf8-unadvertised`,
//!   `smtputf8-undeclared`, `size-exceeds-limit`, `dsn-unadvertised`,
//!   `param-unadvertised`, `command-unadvertised`,
//!   `extension-lost-after-tls`, `capabilities-changed-tls`;
//! * `wire` — `line-too-long`, `bare-lf`, `bare-cr`, `smtp-smuggling`;
//! * `auth` — `auth-before-starttls`, `auth-plain-without-tls`,
//!   `credentials-in-paste`.
//!
//! A rule that needs to know what the server advertised only fires when the
//! input shows it (an EHLO reply): a paste that starts mid-session tells us
//! nothing about capabilities, and silence beats a false alarm.

mod auth;
mod caps;
pub(crate) use caps::size_limit;
mod extensions;
mod sequence;
mod wire;

use crate::input::{Ending, Line};
use crate::model::{Command, Diagnostic, Event, EventDetail, Session, Severity, Transcript};

/// Lint every session of a parsed transcript. `lines` are the input lines
/// (for line endings and lengths).
pub fn lint(transcript: &Transcript, lines: &[Line<'_>]) -> Vec<Diagnostic> {
    let ending = |n: u32| crate::input::numbered(lines, n).map(|l| l.ending);
    let mut out = Vec::new();
    for (i, session) in transcript.sessions.iter().enumerate() {
        out.append(&mut lint_session(session, i as u32, &ending));
    }
    crate::sort::stable_by_key(&mut out, |d| u64::from(d.line.unwrap_or(0)));
    out
}

/// Lint one session, numbered `index`; `ending` gives the line ending of a
/// source line by its number. In the order the rules ran.
pub fn lint_session(
    session: &Session,
    index: u32,
    ending: &dyn Fn(u32) -> Option<Ending>,
) -> Vec<Diagnostic> {
    let mut sink = Sink {
        session: index,
        out: Vec::new(),
    };
    sequence::check(session, &mut sink);
    extensions::check(session, &mut sink);
    wire::check(session, ending, &mut sink);
    auth::check(session, &mut sink);
    sink.out
}

/// Collects one session's diagnostics.
struct Sink {
    session: u32,
    out: Vec<Diagnostic>,
}

impl Sink {
    fn emit(
        &mut self,
        severity: Severity,
        line: u32,
        code: &'static str,
        message: String,
        rfc: &'static str,
    ) {
        let mut d = Diagnostic::new(severity, Some(line), code, message);
        if !rfc.is_empty() {
            d = d.with_rfc(rfc);
        }
        d.session = Some(self.session);
        self.out.push(d);
    }
}

/// A client command event (not an AUTH response line, not inferred from a
/// summary log).
struct Cmd<'a> {
    verb: &'a str,
    args: &'a str,
    parsed: &'a Command,
    /// The code of the reply that answered it, when the input has it.
    reply: Option<u16>,
}

fn command<'a>(session: &'a Session, e: &'a Event) -> Option<Cmd<'a>> {
    if e.inferred {
        return None;
    }
    match &e.detail {
        EventDetail::Command {
            verb,
            args,
            parsed,
            reply,
        } if !matches!(parsed, Command::AuthResponse { .. }) => Some(Cmd {
            verb,
            args,
            parsed,
            reply: reply.and_then(|r| reply_code(session, r)),
        }),
        _ => None,
    }
}

fn reply_code(session: &Session, idx: u32) -> Option<u16> {
    match session.events.get(idx as usize).map(|e| &e.detail) {
        Some(EventDetail::Reply { code, .. }) => Some(*code),
        _ => None,
    }
}

/// True for a 2xx or 3xx reply, or no reply in the input: the command was
/// (as far as we can tell) accepted.
fn accepted(code: Option<u16>) -> bool {
    !matches!(code, Some(c) if c >= 400)
}

/// True for events that are part of the dialogue (not notes, blanks,
/// unparsed lines or TLS markers).
fn is_dialogue(e: &Event) -> bool {
    matches!(
        e.detail,
        EventDetail::Command { .. } | EventDetail::Reply { .. } | EventDetail::Data { .. }
    )
}
