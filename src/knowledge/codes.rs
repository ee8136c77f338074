//! Basic reply codes: RFC 5321 §4.2 (what each digit means, §4.2.1), the
//! codes of §4.2.2–4.2.3, and the codes that extensions added (AUTH,
//! RFC 4954; RFC 7504's 521/556; ETRN, RFC 1985) plus a few non-standard
//! ones that real servers send.

/// One reply code and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyCode {
    pub code: u16,
    pub meaning: &'static str,
    /// Where it is defined (`"RFC 5321"`, `"RFC 4954"`, `"non-standard"`).
    pub source: &'static str,
}

const fn rc(code: u16, meaning: &'static str, source: &'static str) -> ReplyCode {
    ReplyCode {
        code,
        meaning,
        source,
    }
}

/// Every reply code we know, in numeric order.
pub const REPLY_CODES: &[ReplyCode] = &[
    rc(
        200,
        "Success (non-standard; some servers use it for a plain OK).",
        "RFC 876",
    ),
    rc(211, "System status, or system help reply.", "RFC 5321"),
    rc(214, "Help message for a human reader.", "RFC 5321"),
    rc(
        220,
        "Service ready (or, after STARTTLS, ready to start TLS).",
        "RFC 5321",
    ),
    rc(221, "Service closing the transmission channel.", "RFC 5321"),
    rc(235, "Authentication succeeded.", "RFC 4954"),
    rc(250, "Requested mail action okay, completed.", "RFC 5321"),
    rc(
        251,
        "User not local; the server will forward the message.",
        "RFC 5321",
    ),
    rc(
        252,
        "Cannot verify the user, but the server will accept the message and attempt delivery.",
        "RFC 5321",
    ),
    rc(
        253,
        "OK, pending messages for the node are being sent (ATRN).",
        "RFC 2645",
    ),
    rc(
        334,
        "Authentication challenge: the server waits for the client's next AUTH response.",
        "RFC 4954",
    ),
    rc(
        354,
        "Start mail input; end the content with a line holding a single dot.",
        "RFC 5321",
    ),
    rc(
        421,
        "Service not available, closing the transmission channel.",
        "RFC 5321",
    ),
    rc(
        432,
        "A password transition is needed before this mechanism can be used.",
        "RFC 4954",
    ),
    rc(
        450,
        "Requested mail action not taken: mailbox unavailable (for now).",
        "RFC 5321",
    ),
    rc(
        451,
        "Requested action aborted: local error in processing.",
        "RFC 5321",
    ),
    rc(
        452,
        "Requested action not taken: insufficient system storage (or too many recipients).",
        "RFC 5321",
    ),
    rc(453, "No mail is waiting for the node (ATRN).", "RFC 2645"),
    rc(
        454,
        "Temporary failure: TLS not available now, or temporary authentication failure.",
        "RFC 3207, RFC 4954",
    ),
    rc(
        455,
        "Server unable to accommodate the parameters.",
        "RFC 5321",
    ),
    rc(
        458,
        "Unable to queue messages for the node (ETRN).",
        "RFC 1985",
    ),
    rc(459, "Node not allowed (ETRN).", "RFC 1985"),
    rc(
        471,
        "Temporary local policy failure (non-standard).",
        "non-standard",
    ),
    rc(
        500,
        "Syntax error, command unrecognised (or command line too long).",
        "RFC 5321",
    ),
    rc(501, "Syntax error in parameters or arguments.", "RFC 5321"),
    rc(502, "Command not implemented.", "RFC 5321"),
    rc(503, "Bad sequence of commands.", "RFC 5321"),
    rc(504, "Command parameter not implemented.", "RFC 5321"),
    rc(521, "This host does not accept mail.", "RFC 7504"),
    rc(
        523,
        "The message is larger than the server accepts (non-standard).",
        "non-standard",
    ),
    rc(
        530,
        "Authentication required (or, with 5.7.0, STARTTLS required first).",
        "RFC 4954",
    ),
    rc(534, "The authentication mechanism is too weak.", "RFC 4954"),
    rc(535, "Authentication credentials invalid.", "RFC 4954"),
    rc(
        538,
        "Encryption required for the requested authentication mechanism.",
        "RFC 4954",
    ),
    rc(
        550,
        "Requested action not taken: mailbox unavailable, or refused by policy.",
        "RFC 5321",
    ),
    rc(
        551,
        "User not local; please try the forward-path the server names.",
        "RFC 5321",
    ),
    rc(
        552,
        "Requested mail action aborted: exceeded storage allocation.",
        "RFC 5321",
    ),
    rc(
        553,
        "Requested action not taken: mailbox name not allowed.",
        "RFC 5321",
    ),
    rc(
        554,
        "Transaction failed (or, as a greeting, no SMTP service here).",
        "RFC 5321",
    ),
    rc(
        555,
        "MAIL FROM/RCPT TO parameters not recognised or not implemented.",
        "RFC 5321",
    ),
    rc(556, "The domain does not accept mail.", "RFC 7504"),
    rc(
        571,
        "Delivery not authorised, message refused (non-standard, Exchange).",
        "non-standard",
    ),
];

/// The entry for `code`, if it is a known code.
pub fn lookup(code: u16) -> Option<&'static ReplyCode> {
    REPLY_CODES.iter().find(|r| r.code == code)
}

/// What the first digit says (RFC 5321 §4.2.1).
pub fn class_meaning(code: u16) -> Option<&'static str> {
    Some(match code / 100 {
        2 => "Positive completion: the action succeeded.",
        3 => "Positive intermediate: the server waits for more from the client.",
        4 => "Transient negative completion: a temporary failure; the same command may succeed later.",
        5 => "Permanent negative completion: the command failed and should not be repeated as is.",
        _ => return None,
    })
}

/// What the second digit says (RFC 5321 §4.2.1).
pub fn category_meaning(code: u16) -> Option<&'static str> {
    if !(200..600).contains(&code) {
        return None;
    }
    Some(match (code / 10) % 10 {
        0 => "syntax",
        1 => "information",
        2 => "connection",
        3 | 4 => "unspecified",
        5 => "mail system",
        _ => return None,
    })
}

/// What the client should do: `proceed` (2xx), `continue` (3xx), `retry`
/// (4xx), `give-up` (5xx), or `fix-command` when the reply says the command
/// itself was wrong (500–504, 555).
pub fn action(code: u16) -> Option<&'static str> {
    Some(match code {
        500..=504 | 555 => "fix-command",
        200..=299 => "proceed",
        300..=399 => "continue",
        400..=499 => "retry",
        500..=599 => "give-up",
        _ => return None,
    })
}

/// A short word for the class: "Success", "Temporary failure", …
pub fn class_word(class: u16) -> &'static str {
    match class {
        2 => "Success",
        3 => "Waiting for more",
        4 => "Temporary failure",
        5 => "Permanent failure",
        _ => "Unknown reply",
    }
}

/// The meaning of any code: the registered meaning, or what its digits say.
pub fn meaning(code: u16) -> Option<String> {
    if let Some(r) = lookup(code) {
        return Some(r.meaning.to_string());
    }
    let class = class_meaning(code)?;
    let cat = category_meaning(code).unwrap_or("unspecified");
    Some(format!(
        "Unregistered code; {} ({cat} category).",
        class.trim_end_matches('.')
    ))
}
