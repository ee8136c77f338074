//! Credentials and TLS: AUTH in clear text, plain-text mechanisms offered
//! without TLS, and secrets in the paste itself.

use super::caps::{auth_mechanisms, find, Tracker};
use super::{command, Sink};
use crate::grammar::strip_prefix_no_case;
use crate::model::{Command, EventDetail, Session, Severity};

/// Shown in place of a secret by the session engine.
const MASK: &str = "********";

pub(super) fn check(session: &Session, sink: &mut Sink) {
    let mut tracker = Tracker::default();
    let mut offered_reported = false;
    let mut auth_reported = false;
    for (i, e) in session.events.iter().enumerate() {
        if let Some(cmd) = command(session, e) {
            if let Command::Auth {
                mechanism,
                initial_response,
            } = cmd.parsed
            {
                let starttls_offered = tracker
                    .current
                    .is_some_and(|c| find(c, "STARTTLS").is_some());
                let starttls_later = session.events.iter().skip(i + 1).any(|l| {
                    command(session, l).is_some_and(|c| matches!(c.parsed, Command::Starttls))
                });
                if !e.encrypted && !auth_reported && (starttls_offered || starttls_later) {
                    auth_reported = true;
                    let sent = initial_response.as_deref().is_some_and(|r| r != "=")
                        || responses_follow(session, i);
                    let tail = if sent {
                        "; the credentials crossed the network in clear text"
                    } else {
                        ""
                    };
                    sink.emit(
                        Severity::Warning,
                        e.line,
                        "auth-before-starttls",
                        format!(
                            "AUTH {} was sent without TLS although the server offers STARTTLS{tail}.",
                            mechanism.to_ascii_uppercase()
                        ),
                        "RFC 4954 §4",
                    );
                }
            }
        } else if let Some(caps) = e.detail.capabilities().filter(|_| !e.encrypted) {
            // Only a reply before TLS is read: the mechanisms of the one
            // after STARTTLS (most sessions') were upper-cased for nothing.
            let plain: Vec<String> = auth_mechanisms(caps)
                .into_iter()
                .filter(|m| m == "PLAIN" || m == "LOGIN")
                .collect();
            if !offered_reported && !plain.is_empty() {
                offered_reported = true;
                let line = caps
                    .iter()
                    .find(|c| strip_prefix_no_case(&c.keyword, "AUTH").is_some())
                    .map_or(e.line, |c| c.line);
                sink.emit(
                    Severity::Warning,
                    line,
                    "auth-plain-without-tls",
                    format!(
                        "The server offers AUTH {} before TLS, so a client may send a password in clear text.",
                        plain.join(" ")
                    ),
                    "RFC 4954 §4",
                );
            }
        }
        tracker.update(session, e);
    }
    credentials(session, sink);
}

/// True when client response lines follow the AUTH command at `i` (before
/// the next command).
fn responses_follow(session: &Session, i: usize) -> bool {
    session
        .events
        .iter()
        .skip(i + 1)
        .filter(|e| matches!(e.detail, EventDetail::Command { .. }))
        .take_while(|e| {
            matches!(
                e.detail,
                EventDetail::Command {
                    parsed: Command::AuthResponse { .. },
                    ..
                }
            )
        })
        .any(|e| {
            matches!(
                e.detail,
                EventDetail::Command {
                    parsed: Command::AuthResponse { cancelled: false },
                    ..
                }
            )
        })
}

/// `credentials-in-paste`: the input holds AUTH secrets.
fn credentials(session: &Session, sink: &mut Sink) {
    let Some(auth) = &session.auth else {
        return;
    };
    let masked = auth.masked
        || session.events.iter().any(|e| match &e.detail {
            EventDetail::Command { verb, args, .. } => {
                (verb == "AUTH" || verb == "AUTH-RESPONSE") && args.contains(MASK)
            }
            _ => false,
        });
    let user = auth
        .user
        .as_deref()
        .map(|u| format!(" for {u}"))
        .unwrap_or_default();
    let msg = if masked {
        format!("The pasted text contains AUTH credentials{user}: they are masked here, but base64 is not encryption, so do not share the original and change the password if it was posted.")
    } else if auth.secret.is_some() {
        format!("The pasted text contains AUTH credentials{user}, shown here because secrets are shown; base64 is not encryption, so change the password if it was posted.")
    } else {
        return;
    };
    sink.emit(
        Severity::Warning,
        auth.line,
        "credentials-in-paste",
        msg,
        "",
    );
}
