//! Postfix mail log with the SMTP dialogue (`debug_peer_list`).
//!
//! ```text
//! Nov 28 14:06:46 mail postfix/smtpd[16141]: < localhost[127.0.0.1]: EHLO vm
//! Nov 28 14:06:46 mail postfix/smtpd[16141]: > localhost[127.0.0.1]: 250-mail.example.test
//! Nov 28 14:06:52 mail postfix/smtpv/smtp[16774]: > 127.0.0.1[127.0.0.1]:2526: MAIL FROM:<alice@example.test>
//! ```
//!
//! `<` and `>` are what Postfix received and sent: in smtpd's lines `<` is
//! the client's command and `>` Postfix's reply; in the SMTP client's
//! (`smtp`, `lmtp`) lines it is the other way round. Everything else Postfix
//! logs at that level (`smtp_get: EOF`, `watchdog_pat`, `match_hostname`, …)
//! becomes a note of the session. A connection runs from smtpd's `connect
//! from` (or the SMTP client's `220` greeting) to its last line; sessions
//! are keyed like in the summary log (`smtpd[PID]`), and the summary lines of
//! a session with dialogue are notes — see [`super::postfix`].

use super::postfix::scan;
use super::{util, Format};
use crate::input::Line;

pub struct PostfixVerbose;

impl Format for PostfixVerbose {
    fn name(&self) -> &'static str {
        "postfix-verbose"
    }
    fn description(&self) -> &'static str {
        "Postfix mail log with the SMTP dialogue (debug_peer_list)"
    }
    fn detect(&self, lines: &[Line<'_>]) -> u8 {
        let s = scan(lines);
        if s.dialogue == 0 {
            return 0;
        }
        // Verbose logs are mostly debug chatter: a handful of dialogue lines
        // among Postfix lines is enough.
        util::ratio(s.postfix, s.nonblank)
    }
    fn framer(&self) -> Option<Box<dyn super::Framer>> {
        Some(Box::new(super::postfix::PostfixFramer::default()))
    }
}
