//! The IANA "SMTP Enhanced Status Codes" registry (RFC 3463, RFC 5248 and
//! the RFCs that added codes since: 3886, 4468, 4865, 4954, 6531, 6710,
//! 7293, 7372, 7505, 8617, 8689, and X.7.28), as static data: every class,
//! every subject and every registered detail code, each with its registry
//! title and a one-line description in our words.
//!
//! A code whose detail is not registered is still explained from its class
//! and subject.

use crate::model::EnhancedStatus;

/// A class or subject sub-code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubCode {
    pub value: u16,
    pub title: &'static str,
    pub description: &'static str,
}

/// An enumerated status code `X.subject.detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub subject: u16,
    pub detail: u16,
    pub title: &'static str,
    pub description: &'static str,
    pub rfc: &'static str,
}

pub const CLASSES: &[SubCode] = &[
    SubCode { value: 2, title: "Success", description: "The action succeeded; detail codes may report transformations made for delivery." },
    SubCode { value: 4, title: "Persistent transient failure", description: "The message is valid but a temporary condition stopped delivery; sending later may succeed." },
    SubCode { value: 5, title: "Permanent failure", description: "Resending the message as is will not work; the message or the destination must change." },
];

pub const SUBJECTS: &[SubCode] = &[
    SubCode {
        value: 0,
        title: "Other or undefined status",
        description: "No further subject information is available.",
    },
    SubCode {
        value: 1,
        title: "Addressing status",
        description: "About the sender or recipient address: its syntax or validity.",
    },
    SubCode {
        value: 2,
        title: "Mailbox status",
        description: "About the recipient's mailbox, which is under the recipient's control.",
    },
    SubCode {
        value: 3,
        title: "Mail system status",
        description: "About the receiving mail system as a whole.",
    },
    SubCode {
        value: 4,
        title: "Network and routing status",
        description: "About the network or the routing of the message (DNS, connections).",
    },
    SubCode {
        value: 5,
        title: "Mail delivery protocol status",
        description: "About the SMTP dialogue itself: commands, syntax, limits.",
    },
    SubCode {
        value: 6,
        title: "Message content or media status",
        description: "About the content of the message: media types, conversions, encodings.",
    },
    SubCode {
        value: 7,
        title: "Security or policy status",
        description:
            "About security or policy: authorisation, authentication, encryption, filtering.",
    },
];

const fn d(
    subject: u16,
    detail: u16,
    title: &'static str,
    description: &'static str,
    rfc: &'static str,
) -> Detail {
    Detail {
        subject,
        detail,
        title,
        description,
        rfc,
    }
}

/// Every enumerated code of the registry, in order.
pub const DETAILS: &[Detail] = &[
    d(
        0,
        0,
        "Other undefined status",
        "No more specific code applies.",
        "RFC 3463",
    ),
    d(
        1,
        0,
        "Other address status",
        "Something about the address caused this status.",
        "RFC 3463",
    ),
    d(
        1,
        1,
        "Bad destination mailbox address",
        "The mailbox (the part left of @) does not exist at the destination.",
        "RFC 3463",
    ),
    d(
        1,
        2,
        "Bad destination system address",
        "The destination domain does not exist or cannot accept mail.",
        "RFC 3463",
    ),
    d(
        1,
        3,
        "Bad destination mailbox address syntax",
        "The recipient address is syntactically invalid.",
        "RFC 3463",
    ),
    d(
        1,
        4,
        "Destination mailbox address ambiguous",
        "The address matches more than one mailbox at the destination.",
        "RFC 3463",
    ),
    d(
        1,
        5,
        "Destination address valid",
        "The recipient address is valid.",
        "RFC 3463",
    ),
    d(
        1,
        6,
        "Destination mailbox has moved, no forwarding address",
        "The mailbox once existed but no longer takes mail, and no forwarding address is known.",
        "RFC 3463",
    ),
    d(
        1,
        7,
        "Bad sender's mailbox address syntax",
        "The sender address is syntactically invalid.",
        "RFC 3463",
    ),
    d(
        1,
        8,
        "Bad sender's system address",
        "The sender's domain does not exist or cannot take replies.",
        "RFC 3463",
    ),
    d(
        1,
        9,
        "Message relayed to non-compliant mailer",
        "The address is valid, but the next system cannot report further delivery status.",
        "RFC 3886",
    ),
    d(
        1,
        10,
        "Recipient address has null MX",
        "The recipient domain publishes a null MX: it accepts no mail.",
        "RFC 7505",
    ),
    d(
        2,
        0,
        "Other or undefined mailbox status",
        "The mailbox exists, but something about it caused this status.",
        "RFC 3463",
    ),
    d(
        2,
        1,
        "Mailbox disabled, not accepting messages",
        "The mailbox exists but is not accepting messages.",
        "RFC 3463",
    ),
    d(
        2,
        2,
        "Mailbox full",
        "The mailbox is over its quota or storage limit.",
        "RFC 3463",
    ),
    d(
        2,
        3,
        "Message length exceeds administrative limit",
        "The message is larger than the per-mailbox size limit.",
        "RFC 3463",
    ),
    d(
        2,
        4,
        "Mailing list expansion problem",
        "The address is a mailing list that could not be expanded.",
        "RFC 3463",
    ),
    d(
        3,
        0,
        "Other or undefined mail system status",
        "The destination system normally accepts mail, but something else went wrong.",
        "RFC 3463",
    ),
    d(
        3,
        1,
        "Mail system full",
        "The destination system's storage is exhausted.",
        "RFC 3463",
    ),
    d(
        3,
        2,
        "System not accepting network messages",
        "The host is not accepting messages now (shutdown, maintenance, overload).",
        "RFC 3463",
    ),
    d(
        3,
        3,
        "System not capable of selected features",
        "The destination does not support the features the message needs.",
        "RFC 3463",
    ),
    d(
        3,
        4,
        "Message too big for system",
        "The message is larger than the system-wide size limit.",
        "RFC 3463",
    ),
    d(
        3,
        5,
        "System incorrectly configured",
        "The destination system is misconfigured for this message.",
        "RFC 3463",
    ),
    d(
        3,
        6,
        "Requested priority was changed",
        "The message was accepted with a different priority than requested.",
        "RFC 6710",
    ),
    d(
        4,
        0,
        "Other or undefined network or routing status",
        "A network or routing problem occurred.",
        "RFC 3463",
    ),
    d(
        4,
        1,
        "No answer from host",
        "The outbound connection attempt was not answered.",
        "RFC 3463",
    ),
    d(
        4,
        2,
        "Bad connection",
        "The connection was made but the transaction could not complete.",
        "RFC 3463",
    ),
    d(
        4,
        3,
        "Directory server failure",
        "A directory service such as DNS could not be reached.",
        "RFC 3463",
    ),
    d(
        4,
        4,
        "Unable to route",
        "No route to the destination could be found (e.g. no MX or address records).",
        "RFC 3463",
    ),
    d(
        4,
        5,
        "Mail system congestion",
        "The mail system is congested and deferred delivery.",
        "RFC 3463",
    ),
    d(
        4,
        6,
        "Routing loop detected",
        "The message was forwarded in a loop too many times.",
        "RFC 3463",
    ),
    d(
        4,
        7,
        "Delivery time expired",
        "The message stayed undeliverable for too long and was given up.",
        "RFC 3463",
    ),
    d(
        5,
        0,
        "Other or undefined protocol status",
        "A protocol problem occurred.",
        "RFC 3463",
    ),
    d(
        5,
        1,
        "Invalid command",
        "The command is unknown, unsupported or out of sequence.",
        "RFC 3463",
    ),
    d(
        5,
        2,
        "Syntax error",
        "The command could not be parsed.",
        "RFC 3463",
    ),
    d(
        5,
        3,
        "Too many recipients",
        "More recipients than the server accepts in one transaction.",
        "RFC 3463",
    ),
    d(
        5,
        4,
        "Invalid command arguments",
        "The command's arguments are invalid or out of range.",
        "RFC 3463",
    ),
    d(
        5,
        5,
        "Wrong protocol version",
        "The two systems disagree about the protocol version.",
        "RFC 3463",
    ),
    d(
        5,
        6,
        "Authentication exchange line is too long",
        "An AUTH response was longer than the server accepts.",
        "RFC 4954",
    ),
    d(
        6,
        0,
        "Other or undefined media error",
        "Something about the content prevented delivery.",
        "RFC 3463",
    ),
    d(
        6,
        1,
        "Media not supported",
        "A media type in the message is not supported on the path.",
        "RFC 3463",
    ),
    d(
        6,
        2,
        "Conversion required and prohibited",
        "The content needs converting but conversion is not allowed.",
        "RFC 3463",
    ),
    d(
        6,
        3,
        "Conversion required but not supported",
        "The content needs converting but no conversion is possible.",
        "RFC 3463",
    ),
    d(
        6,
        4,
        "Conversion with loss performed",
        "The content was converted and some of it was lost.",
        "RFC 3463",
    ),
    d(
        6,
        5,
        "Conversion failed",
        "A needed conversion of the content failed.",
        "RFC 3463",
    ),
    d(
        6,
        6,
        "Message content not available",
        "Content to be fetched (BURL) could not be retrieved.",
        "RFC 4468",
    ),
    d(
        6,
        7,
        "Non-ASCII addresses not permitted for that sender/recipient",
        "A non-ASCII address was used where SMTPUTF8 is not available.",
        "RFC 6531",
    ),
    d(
        6,
        8,
        "UTF-8 string reply is required, but not permitted by the SMTP client",
        "The server needs a UTF-8 reply that the client did not allow.",
        "RFC 6531",
    ),
    d(
        6,
        9,
        "UTF-8 header message cannot be transferred to one or more recipients",
        "The message has UTF-8 headers but the next hop lacks SMTPUTF8.",
        "RFC 6531",
    ),
    d(
        6,
        10,
        "UTF-8 string reply is required, but not permitted by the SMTP client",
        "A duplicate of X.6.8, deprecated.",
        "RFC 6531",
    ),
    d(
        7,
        0,
        "Other or undefined security status",
        "A security or policy condition caused this status.",
        "RFC 3463",
    ),
    d(
        7,
        1,
        "Delivery not authorized, message refused",
        "The sender may not send to this destination (per-host or per-recipient filtering).",
        "RFC 3463",
    ),
    d(
        7,
        2,
        "Mailing list expansion prohibited",
        "The sender may not send to this mailing list.",
        "RFC 3463",
    ),
    d(
        7,
        3,
        "Security conversion required but not possible",
        "A secure-message conversion was needed and is not possible.",
        "RFC 3463",
    ),
    d(
        7,
        4,
        "Security features not supported",
        "The message asked for security features the path does not support.",
        "RFC 3463",
    ),
    d(
        7,
        5,
        "Cryptographic failure",
        "Validating or decrypting the message failed (missing or bad key).",
        "RFC 3463",
    ),
    d(
        7,
        6,
        "Cryptographic algorithm not supported",
        "The message uses a cryptographic algorithm that is not supported.",
        "RFC 3463",
    ),
    d(
        7,
        7,
        "Message integrity failure",
        "The message was corrupted or altered and fails validation.",
        "RFC 3463",
    ),
    d(
        7,
        8,
        "Authentication credentials invalid",
        "The AUTH user name or password was wrong.",
        "RFC 4954",
    ),
    d(
        7,
        9,
        "Authentication mechanism is too weak",
        "The chosen AUTH mechanism is weaker than the server's policy allows.",
        "RFC 4954",
    ),
    d(
        7,
        10,
        "Encryption needed",
        "An encrypted connection (TLS) is needed for this.",
        "RFC 5248",
    ),
    d(
        7,
        11,
        "Encryption required for requested authentication mechanism",
        "This AUTH mechanism may only be used over TLS.",
        "RFC 4954",
    ),
    d(
        7,
        12,
        "A password transition is needed",
        "The user must set a password for this mechanism (e.g. log in once another way).",
        "RFC 4954",
    ),
    d(
        7,
        13,
        "User account disabled",
        "The account exists but is disabled.",
        "RFC 5248",
    ),
    d(
        7,
        14,
        "Trust relationship required",
        "The submission server needs a configured trust relationship with a third party.",
        "RFC 5248",
    ),
    d(
        7,
        15,
        "Priority level is too low",
        "The requested message priority is below what the server accepts.",
        "RFC 6710",
    ),
    d(
        7,
        16,
        "Message is too big for the specified priority",
        "The message is too large for the requested priority.",
        "RFC 6710",
    ),
    d(
        7,
        17,
        "Mailbox owner has changed",
        "The mailbox changed owner since the time the sender gave (RRVS).",
        "RFC 7293",
    ),
    d(
        7,
        18,
        "Domain owner has changed",
        "The domain changed owner since the time the sender gave (RRVS).",
        "RFC 7293",
    ),
    d(
        7,
        19,
        "RRVS test cannot be completed",
        "The server could not evaluate the requested RRVS test.",
        "RFC 7293",
    ),
    d(
        7,
        20,
        "No passing DKIM signature found",
        "The message has no valid DKIM signature.",
        "RFC 7372",
    ),
    d(
        7,
        21,
        "No acceptable DKIM signature found",
        "DKIM signatures pass, but none is acceptable to local policy.",
        "RFC 7372",
    ),
    d(
        7,
        22,
        "No valid author-matched DKIM signature found",
        "No valid DKIM signature matches the From address's domain.",
        "RFC 7372",
    ),
    d(
        7,
        23,
        "SPF validation failed",
        "The sending IP is not allowed by the sender domain's SPF record.",
        "RFC 7372",
    ),
    d(
        7,
        24,
        "SPF validation error",
        "Evaluating SPF gave an error (e.g. a broken SPF record).",
        "RFC 7372",
    ),
    d(
        7,
        25,
        "Reverse DNS validation failed",
        "The sending IP has no matching reverse DNS (PTR) name.",
        "RFC 7372",
    ),
    d(
        7,
        26,
        "Multiple authentication checks failed",
        "The message failed more than one authentication check (SPF, DKIM, DMARC…).",
        "RFC 7372",
    ),
    d(
        7,
        27,
        "Sender address has null MX",
        "The sender domain publishes a null MX, so it could never take replies.",
        "RFC 7505",
    ),
    d(
        7,
        28,
        "Mail flood detected",
        "The message looks like part of a flood of similar abusive messages.",
        "IANA (X.7.28)",
    ),
    d(
        7,
        29,
        "ARC validation failure",
        "The message's ARC chain failed validation.",
        "RFC 8617",
    ),
    d(
        7,
        30,
        "REQUIRETLS support required",
        "The message requires TLS on every hop (REQUIRETLS) and the next hop cannot provide it.",
        "RFC 8689",
    ),
];

/// The class sub-code entry.
pub fn class(class: u8) -> Option<&'static SubCode> {
    CLASSES.iter().find(|c| c.value == u16::from(class))
}

/// The subject sub-code entry.
pub fn subject(subject: u16) -> Option<&'static SubCode> {
    SUBJECTS.iter().find(|s| s.value == subject)
}

/// The registered detail entry for a code, if any.
pub fn lookup(e: EnhancedStatus) -> Option<&'static Detail> {
    DETAILS
        .iter()
        .find(|d| d.subject == e.subject && d.detail == e.detail)
}

/// One sentence: what an enhanced status code means. Unregistered details
/// are explained by class and subject.
pub fn describe(e: EnhancedStatus) -> String {
    let class = class(e.class).map_or("Unknown class", |c| c.title);
    match (lookup(e), subject(e.subject)) {
        (Some(d), _) => format!("{e} {} ({class}): {}", d.title, d.description),
        (None, Some(s)) => format!(
            "{e} is not in the IANA registry; {class}, {}: {}",
            s.title.to_ascii_lowercase(),
            s.description
        ),
        (None, None) => format!("{e} is not in the IANA registry; {class}, unknown subject."),
    }
}

/// The short title of a code: the registry title, or class and subject.
pub fn title(e: EnhancedStatus) -> String {
    match lookup(e) {
        Some(d) => d.title.to_string(),
        None => {
            let class = class(e.class).map_or("Unknown class", |c| c.title);
            let subject = subject(e.subject).map_or("unknown subject", |s| s.title);
            format!("{class}, {}", subject.to_ascii_lowercase())
        }
    }
}

/// Read an enhanced status code at the start of reply text
/// (`"5.1.1 <x>: …"`, `"#5.1.1 …"`), when one is there.
pub fn from_text(text: &str) -> Option<EnhancedStatus> {
    let t = text.trim_start();
    let t = t.strip_prefix('#').unwrap_or(t);
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let token = t.get(..end)?.trim_end_matches('.');
    if token.split('.').count() != 3 {
        return None;
    }
    token.parse().ok()
}
