//! What the server has advertised at each point of a dialogue.
//!
//! Capabilities come from the reply to EHLO/LHLO; a reply to HELO means no
//! extensions. After an accepted STARTTLS the client must forget them until
//! the next EHLO (RFC 3207 §4.2), so they become unknown again.

use crate::grammar::strip_prefix_no_case;
use crate::model::{Capability, Command, Event, EventDetail, Session};

/// Where a needed extension stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Not advertised in the capabilities in force.
    Unadvertised,
    /// Advertised before STARTTLS, but not in the EHLO reply after it.
    LostAfterTls,
}

#[derive(Debug, Default)]
pub struct Tracker<'a> {
    /// The capabilities in force; `None` when the input does not show them.
    pub current: Option<&'a [Capability]>,
    /// The capabilities in force when STARTTLS was accepted.
    pub before_tls: Option<&'a [Capability]>,
    /// An accepted STARTTLS was seen.
    pub after_starttls: bool,
}

impl<'a> Tracker<'a> {
    /// Apply the effect of event `e` (call after checking it).
    pub fn update(&mut self, session: &'a Session, e: &'a Event) {
        let EventDetail::Reply {
            code,
            in_reply_to: Some(to),
            extra,
            ..
        } = &e.detail
        else {
            return;
        };
        let Some(cmd) = session
            .events
            .get(*to as usize)
            .and_then(|c| super::command(session, c))
        else {
            return;
        };
        match (cmd.parsed, *code) {
            (Command::Ehlo { .. } | Command::Lhlo { .. }, 250) => {
                self.current = Some(extra.capabilities().unwrap_or(&[]));
            }
            (Command::Helo { .. }, 250) => self.current = Some(&[]),
            (Command::Starttls, 220) => {
                if self.current.is_some() {
                    self.before_tls = self.current;
                }
                self.current = None;
                self.after_starttls = true;
            }
            _ => {}
        }
    }

    /// Is `keyword` missing from what is in force? `None` when it is
    /// advertised or when the capabilities are not known.
    pub fn missing(&self, keyword: &str) -> Option<Missing> {
        let current = self.current?;
        if find(current, keyword).is_some() {
            return None;
        }
        if self.before_tls.is_some_and(|b| find(b, keyword).is_some()) {
            Some(Missing::LostAfterTls)
        } else {
            Some(Missing::Unadvertised)
        }
    }
}

/// The capability `keyword`, also in the old `AUTH=LOGIN` spelling.
pub fn find<'c>(caps: &'c [Capability], keyword: &str) -> Option<&'c Capability> {
    caps.iter().find(|c| {
        c.keyword.eq_ignore_ascii_case(keyword)
            || c.keyword
                .get(..keyword.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(keyword))
                && c.keyword.as_bytes().get(keyword.len()) == Some(&b'=')
    })
}

/// The mechanisms of every AUTH line (`AUTH PLAIN LOGIN`, `AUTH=LOGIN`).
pub fn auth_mechanisms(caps: &[Capability]) -> Vec<String> {
    let mut out = Vec::new();
    for c in caps {
        // `AUTH PLAIN LOGIN`, or the old `AUTH=PLAIN LOGIN` when a
        // capability was built with the `=` in its keyword.
        if !c.keyword.eq_ignore_ascii_case("AUTH") {
            let Some(first) = strip_prefix_no_case(&c.keyword, "AUTH=") else {
                continue;
            };
            out.push(first.to_ascii_uppercase());
        }
        out.extend(c.params.iter().map(|p| p.to_ascii_uppercase()));
    }
    out
}
