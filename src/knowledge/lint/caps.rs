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

/// The SIZE limit announced in `caps`: `None` when there is none or it is
/// 0 (no limit, RFC 1870 §3).
pub(crate) fn size_limit(caps: &[Capability]) -> Option<u64> {
    find(caps, "SIZE")
        .and_then(|c| c.params().next())
        .and_then(|p| p.parse::<u64>().ok())
        .filter(|&l| l > 0)
}

/// The capability `keyword`, also in the old `AUTH=LOGIN` spelling.
pub fn find<'c>(caps: &'c [Capability], keyword: &str) -> Option<&'c Capability> {
    let want = keyword.as_bytes();
    // The lengths decide first (most keywords differ in length), then the
    // bytes: the lint asks about every capability of both EHLO replies
    // of a session that used STARTTLS (20-odd calls over ten capabilities).
    caps.iter().find(|c| {
        let k = c.keyword.as_bytes();
        match k.len().cmp(&want.len()) {
            std::cmp::Ordering::Equal => k.eq_ignore_ascii_case(want),
            std::cmp::Ordering::Greater => {
                k.get(want.len()) == Some(&b'=')
                    && k.get(..want.len())
                        .is_some_and(|h| h.eq_ignore_ascii_case(want))
            }
            std::cmp::Ordering::Less => false,
        }
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
        out.extend(c.params().map(str::to_ascii_uppercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_table() {
        let caps: Vec<Capability> = ["SIZE", "auth=LOGIN", "8BITMIME", "X-EXPS"]
            .iter()
            .map(|k| Capability::new(k.to_string().into(), crate::model::Text::default(), 0))
            .collect();
        let rows = [
            ("same case", "SIZE", Some("SIZE")),
            ("other case", "size", Some("SIZE")),
            ("old AUTH= spelling", "AUTH", Some("auth=LOGIN")),
            ("a prefix without =", "8BIT", None),
            ("longer than every keyword", "ENHANCEDSTATUSCODES", None),
            ("shorter", "X", None),
            ("hyphenated", "x-exps", Some("X-EXPS")),
            ("empty", "", None),
        ];
        for (name, keyword, want) in rows {
            assert_eq!(find(&caps, keyword).map(|c| &*c.keyword), want, "{name}");
        }
    }
}
