//! Every leniency the grammar accepts, with its stable id.
//!
//! Each constant names the RFC text it relaxes; the id is the diagnostic
//! code the session engine records.

pub use super::Quirk;

/// RFC 5321 §4.1.2: `"MAIL FROM:" Reverse-path` has no space after the
/// colon. Many clients send one; Postfix accepts it unless
/// `strict_rfc821_envelopes` is set.
pub const MAIL_FROM_SPACE: Quirk = Quirk {
    id: "mail-from-space",
    message:
        "A space after MAIL FROM: is not allowed by RFC 5321 (§4.1.2); strict servers reject it.",
};

/// RFC 5321 §4.1.1.3: `"RCPT TO:" Forward-path`, no space after the colon.
pub const RCPT_TO_SPACE: Quirk = Quirk {
    id: "rcpt-to-space",
    message:
        "A space after RCPT TO: is not allowed by RFC 5321 (§4.1.2); strict servers reject it.",
};

/// RFC 5321 §4.1.2: `Path = "<" [ A-d-l ":" ] Mailbox ">"`.
pub const PATH_BARE: Quirk = Quirk {
    id: "path-bare",
    message: "The address is not enclosed in <> as RFC 5321 (§4.1.2) requires.",
};

/// RFC 5321 §4.1.2: `Mailbox = Local-part "@" ( Domain / address-literal )`;
/// only `<Postmaster>` may go without a domain (§4.1.1.3).
pub const PATH_NO_DOMAIN: Quirk = Quirk {
    id: "path-no-domain",
    message:
        "The address has no @domain; only RCPT TO:<Postmaster> may omit it (RFC 5321 §4.1.1.3).",
};

/// RFC 5321 §4.1.2: Local-part, Domain and address-literal syntax.
pub const PATH_SYNTAX: Quirk = Quirk {
    id: "path-syntax",
    message: "The address does not follow the RFC 5321 syntax (§4.1.2); it is shown as written.",
};

/// RFC 5321 §4.1.2 and Appendix C: source routes are obsolete; servers
/// should ignore them.
pub const SOURCE_ROUTE: Quirk = Quirk {
    id: "source-route",
    message: "The path has an obsolete source route (@host,@host:); RFC 5321 Appendix C says to ignore it.",
};

/// RFC 5321 §4.1.1: commands end with CRLF right after the last argument.
pub const TRAILING_SPACE: Quirk = Quirk {
    id: "trailing-space",
    message: "The command has trailing whitespace, which RFC 5321 (§4.1.1) does not allow.",
};

/// RFC 5321 §4.1.1: verb and arguments, and parameters, are separated by
/// a single SP.
pub const EXTRA_SPACE: Quirk = Quirk {
    id: "extra-space",
    message: "Several spaces where RFC 5321 (§4.1.1) allows exactly one.",
};

/// RFC 5321 §4.1.1.1: `helo = "HELO" SP Domain`, `ehlo = "EHLO" SP (
/// Domain / address-literal )`.
pub const HELO_DOMAIN_SYNTAX: Quirk = Quirk {
    id: "helo-domain-syntax",
    message: "The HELO/EHLO argument is not a domain name or address literal (RFC 5321 §4.1.1.1).",
};

/// RFC 5321 §4.2: `Reply-code [ SP textstring ]`.
pub const REPLY_NO_SEPARATOR: Quirk = Quirk {
    id: "reply-no-separator",
    message:
        "The reply code is followed directly by text, without a space or hyphen (RFC 5321 §4.2).",
};

/// RFC 5321 §4.2: the separator is SP or `-`, not a tab.
pub const REPLY_TAB_SEPARATOR: Quirk = Quirk {
    id: "reply-tab-separator",
    message: "The reply code is followed by a tab instead of a space (RFC 5321 §4.2).",
};

/// RFC 5321 §4.2: `Reply-code [ SP textstring ]`, and `textstring` has at
/// least one character.
pub const REPLY_TRAILING_SPACE: Quirk = Quirk {
    id: "reply-trailing-space",
    message: "The reply code is followed by a space but no text (RFC 5321 §4.2).",
};
