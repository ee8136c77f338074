//! Why a reply failed: a fixed set of reasons, and a classifier that reads
//! the reply text first (providers' and MTAs' wording), then the enhanced
//! status code, then the basic code.
//!
//! Matching is case-insensitive on plain substrings: each rule lists words
//! that must all appear. Rules are ordered from most to least specific, so a
//! specific text wins over a generic code (a `5.1.1` that says "rate
//! limited" is `rate-limited`).

use crate::model::EnhancedStatus;
use std::sync::OnceLock;

/// A reason a reply failed, and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// Stable id, e.g. `"user-unknown"`.
    pub id: &'static str,
    /// A phrase for headlines: "the recipient address does not exist".
    pub phrase: &'static str,
    /// What it means, one or two sentences.
    pub meaning: &'static str,
    /// Who must act: `sender`, `sender-admin`, `recipient`,
    /// `recipient-admin`, or `nobody` (just retry).
    pub actor: &'static str,
    /// What to do, concretely.
    pub remedy: &'static str,
    /// The remedy in a few words, for headlines.
    pub hint: &'static str,
}

const fn r(
    id: &'static str,
    phrase: &'static str,
    meaning: &'static str,
    actor: &'static str,
    remedy: &'static str,
    hint: &'static str,
) -> Reason {
    Reason {
        id,
        phrase,
        meaning,
        actor,
        remedy,
        hint,
    }
}

/// Every reason.
pub const REASONS: &[Reason] = &[
    r("user-unknown", "the recipient address does not exist",
      "The receiving server has no mailbox by that name.",
      "sender", "Check the address for typos and ask the recipient for a current address; remove it from your lists if it keeps failing.",
      "check the spelling"),
    r("mailbox-full", "the recipient's mailbox is full",
      "The recipient's mailbox is over its storage quota.",
      "recipient", "The recipient must delete mail or raise the quota; tell them another way, then resend later.",
      "the recipient must make room"),
    r("mailbox-disabled", "the recipient's mailbox is disabled",
      "The mailbox exists but is disabled, suspended or inactive and takes no mail.",
      "recipient", "Contact the recipient another way for a working address; stop sending to this one.",
      "use another address"),
    r("host-unknown", "the recipient's domain has no working mail server",
      "The recipient domain does not exist, or has no usable MX/A records, so mail cannot be routed to it.",
      "sender", "Check the domain part of the address for typos; if it is right, the recipient's admin must fix the domain's DNS (MX records).",
      "check the domain"),
    r("no-relaying", "the server refused to relay the message",
      "The server only accepts mail for its own domains, or from authenticated users, and this was neither.",
      "sender-admin", "Send through your own provider's submission server with authentication (port 587), or deliver to the recipient domain's MX host.",
      "authenticate or use the right server"),
    r("message-too-big", "the message is too large",
      "The message exceeds the size limit of the receiving server or mailbox.",
      "sender", "Make the message smaller (compress or remove attachments, share large files by link) and resend.",
      "send a smaller message"),
    r("spam-detected", "the message was classified as spam",
      "The receiving server's filter judged the message to be spam or unsolicited bulk mail.",
      "sender-admin", "Check content, links and authentication (SPF, DKIM, DMARC), send only to people who asked for it, and follow the provider's bulk-sender guidelines.",
      "review content and sending practices"),
    r("virus-detected", "the message carried a virus or dangerous content",
      "A virus scanner or attachment filter found malware or a blocked attachment type.",
      "sender", "Scan the sending computer, remove the attachment (or send it another way) and resend.",
      "remove the attachment"),
    r("content-rejected", "the message content was refused",
      "The receiving server refused the message because of its content, format or headers.",
      "sender", "Check the message for malformed headers, forbidden attachment types or content the recipient's policy blocks; fix and resend.",
      "fix the content"),
    r("blocklisted", "the sending server is on a blocklist",
      "The sending IP address or domain is listed on a DNS blocklist (e.g. Spamhaus) that the receiver uses.",
      "sender-admin", "Look the IP up at the blocklist named in the reply, fix the cause (compromised account, open relay, missing PTR) and request delisting; meanwhile send through another server.",
      "get delisted"),
    r("bad-reputation", "the sending server has a poor reputation",
      "The receiving provider distrusts the sending IP or domain because of complaints, volume or past spam.",
      "sender-admin", "Reduce volume and complaints, authenticate with SPF/DKIM/DMARC, remove stale addresses, and use the provider's sender support or delisting form.",
      "improve sending reputation"),
    r("rate-limited", "the sender is sending too fast",
      "The receiver limits how much mail it takes from this sender, IP or account in a period.",
      "sender-admin", "Slow down: send fewer messages and recipients per connection and per hour; queued mail is retried automatically, and 5xx mail must be resent later.",
      "slow down"),
    r("too-many-connections", "the sender opened too many connections",
      "The receiver limits simultaneous connections from one IP address.",
      "sender-admin", "Lower the number of parallel connections to this destination; the queue will retry.",
      "use fewer connections"),
    r("greylisted", "the receiver greylisted the message",
      "Greylisting: the receiver temporarily refuses mail from unknown senders and accepts it when retried.",
      "nobody", "Nothing: a normal mail server retries after a few minutes and the message goes through.",
      "it will pass on retry"),
    r("auth-failure", "the message failed sender authentication (SPF/DKIM/DMARC)",
      "The message did not pass SPF, DKIM or DMARC checks for the sender's domain, so the receiver does not trust it.",
      "sender-admin", "Publish an SPF record that includes the sending server, sign with DKIM for the From domain and align DMARC; check the results in the reply.",
      "fix SPF/DKIM/DMARC"),
    r("require-ptr", "the sending host has no valid reverse DNS or HELO name",
      "The receiver requires the sending IP to have a PTR record that resolves back to it, and a proper HELO/EHLO host name.",
      "sender-admin", "Set a PTR (reverse DNS) record for the sending IP matching a forward A/AAAA record, and make EHLO use that fully-qualified name.",
      "fix reverse DNS and HELO"),
    r("policy", "the receiver's policy refused the message",
      "A local policy of the receiving server refused the sender, recipient or message.",
      "recipient-admin", "Read the reply text for the rule; if the mail is legitimate, ask the recipient to have their admin allow it.",
      "ask the recipient's admin"),
    r("sender-rejected", "the sender address was refused",
      "The receiver refused the envelope sender address: its domain does not resolve, it failed verification, or it is blocked.",
      "sender", "Use a real sender address whose domain exists and accepts replies; if a user blocked you, contact them another way.",
      "use a valid sender address"),
    r("syntax-error", "the client sent a malformed or unexpected command",
      "The server did not understand a command or its arguments, or got it out of sequence.",
      "sender-admin", "Fix the sending software or its settings (address syntax, command order, extensions used); resending as is will fail again.",
      "fix the client"),
    r("tls-required", "the server requires an encrypted connection",
      "The server accepts this only over TLS (STARTTLS), or the message requires TLS that the path lacks.",
      "sender-admin", "Enable STARTTLS (or implicit TLS on port 465) in the sending software and retry.",
      "enable TLS"),
    r("auth-required", "the server requires the client to log in",
      "The server accepts mail from this client only after SMTP authentication.",
      "sender", "Turn on SMTP authentication in the mail client with your account's user name and password.",
      "log in first"),
    r("auth-credentials", "the login was refused",
      "SMTP authentication failed: wrong user name or password, a disabled account, or a mechanism the server refuses.",
      "sender", "Check the user name and password (or app password / OAuth token) and that SMTP AUTH is enabled for the account.",
      "check the credentials"),
    r("network-error", "the connection failed",
      "The connection could not be made or broke off.",
      "nobody", "Usually transient: the queue retries. If it persists, check firewalls, DNS and that the destination listens on port 25.",
      "wait for the retry"),
    r("timeout", "the delivery timed out",
      "The server did not answer in time, or the message stayed undeliverable until it expired.",
      "nobody", "Retry later; if it keeps timing out, check connectivity to the destination.",
      "wait for the retry"),
    r("system-error", "the receiving system had an internal error",
      "The receiving server failed internally (storage, configuration, a lookup it depends on).",
      "recipient-admin", "Nothing to fix on the sending side: retry later, and tell the recipient's postmaster if it persists.",
      "retry later"),
    r("not-accepting-mail", "the receiving host is not accepting mail",
      "The host or domain does not accept mail (RFC 7504, null MX) or refuses service right now.",
      "recipient-admin", "If temporary, the queue retries; if permanent (521/556, null MX), the domain takes no mail, so reach the recipient another way.",
      "reach the recipient another way"),
    r("undefined", "the server refused without a clear reason",
      "The reply does not say why it failed.",
      "sender-admin", "Read the full reply text and the server's documentation; contact the recipient's postmaster with the exact reply.",
      "read the full reply"),
];

/// The reason with this id.
pub fn by_id(id: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.id == id)
}

/// A text rule: all words must appear (lower case), optionally only with a
/// given enhanced subject.detail.
struct Rule {
    all: &'static [&'static str],
    enhanced: Option<(u16, u16)>,
    reason: &'static str,
}

const fn t(all: &'static [&'static str], reason: &'static str) -> Rule {
    Rule {
        all,
        enhanced: None,
        reason,
    }
}

const fn te(all: &'static [&'static str], subject: u16, detail: u16, reason: &'static str) -> Rule {
    Rule {
        all,
        enhanced: Some((subject, detail)),
        reason,
    }
}

/// The byte pairs of each rule's words (see [`Lowered`]), in the rules'
/// order, worked out on first use: a rule whose pairs the text lacks is
/// skipped with one test. (Not a `const` column of the tables: 300
/// incompressible `u128`s were 3 KB of the gzipped wasm module.)
fn pairs_of(rules: &'static [Rule], once: &'static OnceLock<Vec<u128>>) -> &'static [u128] {
    once.get_or_init(|| {
        rules
            .iter()
            .map(|r| {
                let mut set = 0u128;
                for w in r.all {
                    for p in w.as_bytes().windows(2) {
                        set |= 1 << (pair_hash(p) % 128);
                    }
                }
                set
            })
            .collect()
    })
}

static STRONG_PAIRS: OnceLock<Vec<u128>> = OnceLock::new();
static WEAK_PAIRS: OnceLock<Vec<u128>> = OnceLock::new();

/// The first rule of `rules` that the text matches.
fn first_match(
    rules: &'static [Rule],
    pairs: &'static OnceLock<Vec<u128>>,
    text: &Lowered<'_>,
    enhanced: Option<EnhancedStatus>,
) -> Option<&'static str> {
    rules
        .iter()
        .zip(pairs_of(rules, pairs))
        .find(|(r, p)| *p & !text.coarse == 0 && matches(r, text, enhanced))
        .map(|(r, _)| r.reason)
}

/// Specific wording, checked before any code.
const STRONG: &[Rule] = &[
    // The receiver's own DNSBL lookups fail: its problem, not the sender's.
    t(&["open resolver"], "system-error"),
    t(&["query refused"], "system-error"),
    t(&["local error in processing"], "system-error"),
    t(&["temporary local problem"], "system-error"),
    // Microsoft: "Recipient address rejected: Access denied. AS(201806281)"
    // is directory-based edge blocking: the address does not exist.
    t(&["access denied. as("], "user-unknown"),
    te(
        &["recipient address rejected: access denied"],
        4,
        1,
        "user-unknown",
    ),
    t(&["recipientnotfound"], "user-unknown"),
    t(&["reciplimit"], "rate-limited"),
    // Login problems, before the generic "disabled"/"authentication" words.
    t(&["smtpclientauthentication"], "auth-credentials"),
    t(&["smtp auth", "disabled"], "auth-credentials"),
    t(&["application-specific password"], "auth-credentials"),
    t(&["username and password not accepted"], "auth-credentials"),
    t(&["incorrect authentication data"], "auth-credentials"),
    t(&["authentication failed"], "auth-credentials"),
    t(&["authentication unsuccessful"], "auth-credentials"),
    t(&["authentication credentials invalid"], "auth-credentials"),
    t(&["invalid credentials"], "auth-credentials"),
    t(&["badcredentials"], "auth-credentials"),
    t(&["invalid login"], "auth-credentials"),
    t(&["mechanism is too weak"], "auth-credentials"),
    // TLS.
    t(&["must issue a starttls"], "tls-required"),
    t(&["starttls required"], "tls-required"),
    t(&["starttls is required"], "tls-required"),
    t(&["tls required"], "tls-required"),
    t(&["tls is required"], "tls-required"),
    t(&["requiretls"], "tls-required"),
    t(&["encryption required"], "tls-required"),
    t(&["encryption needed"], "tls-required"),
    // Rate and volume.
    t(&["unusual rate"], "rate-limited"),
    t(&["rate limit"], "rate-limited"),
    t(&["ratelimit"], "rate-limited"),
    t(&["rate-limit"], "rate-limited"),
    t(&["receiving mail at a rate"], "rate-limited"),
    t(&["receiving mail too quickly"], "rate-limited"),
    t(&["too fast"], "rate-limited"),
    t(&["too quickly"], "rate-limited"),
    t(&["sending quota"], "rate-limited"),
    t(&["sending limit"], "rate-limited"),
    t(&["unexpected volume"], "rate-limited"),
    t(&["exceeded permitted limits"], "rate-limited"),
    t(&["exceeded threshold"], "rate-limited"),
    t(&["has exceeded the"], "rate-limited"),
    t(&["mail flood"], "rate-limited"),
    t(&["unusual traffic"], "rate-limited"),
    t(&["intrusion prevention"], "rate-limited"),
    t(&["too many messages from"], "rate-limited"),
    t(&["too many recipients"], "rate-limited"),
    t(&["rl0000"], "rate-limited"),
    t(&["server busy. please try again later"], "rate-limited"),
    t(&["too many connections"], "too-many-connections"),
    t(&["too many concurrent"], "too-many-connections"),
    t(&["too many sessions"], "too-many-connections"),
    t(&["too many smtp sessions"], "too-many-connections"),
    t(&["connection limit"], "too-many-connections"),
    t(&["greylist"], "greylisted"),
    t(&["graylist"], "greylisted"),
    t(&["grey-list"], "greylisted"),
    t(&["gray-list"], "greylisted"),
    t(&["grey list"], "greylisted"),
    t(&["gray list"], "greylisted"),
    // Malware.
    t(&["virus"], "virus-detected"),
    t(&["malware"], "virus-detected"),
    t(&["infected"], "virus-detected"),
    t(&["potential security issue"], "virus-detected"),
    t(&["blocked attachment"], "virus-detected"),
    // Envelope blocks by a user or an admin list (Mimecast).
    t(&["envelope blocked"], "sender-rejected"),
    t(&["anti-spoofing"], "auth-failure"),
    // Blocklists.
    t(&["spamhaus"], "blocklisted"),
    t(&["spamcop"], "blocklisted"),
    t(&["uceprotect"], "blocklisted"),
    t(&["barracuda reputation"], "blocklisted"),
    t(&["barracudacentral"], "blocklisted"),
    t(&["brbl"], "blocklisted"),
    t(&["sorbs"], "blocklisted"),
    t(&["dnsbl"], "blocklisted"),
    t(&["blocked using"], "blocklisted"),
    t(&["blacklist"], "blocklisted"),
    t(&["black list"], "blocklisted"),
    t(&["black listed"], "blocklisted"),
    t(&["blocklist"], "blocklisted"),
    t(&["block list"], "blocklisted"),
    t(&["realtime block"], "blocklisted"),
    t(&["banned sending ip"], "blocklisted"),
    t(&["banned sender"], "blocklisted"),
    t(&["ipcheck.proofpoint"], "blocklisted"),
    t(&["dnsbl-lookup"], "blocklisted"),
    t(&[" rbl"], "blocklisted"),
    t(&["listed at"], "blocklisted"),
    t(&["listed on"], "blocklisted"),
    t(&["listed in"], "blocklisted"),
    // Reputation.
    t(&["reputation"], "bad-reputation"),
    t(&["user complaints"], "bad-reputation"),
    t(&["permanently deferred"], "bad-reputation"),
    t(&["traffic not accepted from this ip"], "bad-reputation"),
    t(&["not accepted from this ip"], "bad-reputation"),
    t(&["ip not in whitelist"], "policy"),
    // Reverse DNS and HELO identity.
    t(&["helo command rejected"], "require-ptr"),
    t(&["ehlo command rejected"], "require-ptr"),
    t(&["cannot find your hostname"], "require-ptr"),
    t(&["cannot find your reverse hostname"], "require-ptr"),
    t(&["reverse dns"], "require-ptr"),
    t(&["reverse hostname"], "require-ptr"),
    t(&["rdns"], "require-ptr"),
    t(&["ptr record"], "require-ptr"),
    t(&["ptr resource record"], "require-ptr"),
    t(&["dns ptr"], "require-ptr"),
    t(&["no ptr"], "require-ptr"),
    t(&["bad helo"], "require-ptr"),
    t(&["invalid helo"], "require-ptr"),
    // Sender authentication (SPF, DKIM, DMARC).
    t(&["sender is unauthenticated"], "auth-failure"),
    t(&["mail is unauthenticated"], "auth-failure"),
    t(&["requires all senders to authenticate"], "auth-failure"),
    t(&["dmarc"], "auth-failure"),
    t(&["dkim"], "auth-failure"),
    t(&["spf"], "auth-failure"),
    t(&["sender policy framework"], "auth-failure"),
    t(&["authentication level"], "auth-failure"),
    t(&["spoof"], "auth-failure"),
    // Submission needs a login.
    t(&["client was not authenticated"], "auth-required"),
    t(&["client not authenticated"], "auth-required"),
    t(&["unauthenticated senders"], "auth-required"),
    t(&["unauthenticated mail"], "auth-required"),
    t(&["authentication required"], "auth-required"),
    t(&["authentication is required"], "auth-required"),
    t(&["must authenticate"], "auth-required"),
    t(&["please authenticate"], "auth-required"),
    t(&["not authenticated"], "auth-required"),
    // Relaying.
    t(&["relay access denied"], "no-relaying"),
    t(&["relaying denied"], "no-relaying"),
    t(&["relay not permitted"], "no-relaying"),
    t(&["relaying not permitted"], "no-relaying"),
    t(&["unable to relay"], "no-relaying"),
    t(&["relay denied"], "no-relaying"),
    t(&["not permitted to relay"], "no-relaying"),
    t(&["not allowed to relay"], "no-relaying"),
    t(&["relaying not allowed"], "no-relaying"),
    t(&["relaying is not allowed"], "no-relaying"),
    t(&["we do not relay"], "no-relaying"),
    t(&["rcpthosts"], "no-relaying"),
    t(&["relay", "prohibited"], "no-relaying"),
    t(&["non-accepted domain"], "no-relaying"),
    // Spam.
    t(&["spam"], "spam-detected"),
    t(&["unsolicited"], "spam-detected"),
    t(&["junk"], "spam-detected"),
    t(&["phishing"], "spam-detected"),
    t(&["bulk mail"], "spam-detected"),
    // Size.
    t(&["message size exceeds"], "message-too-big"),
    t(&["size exceeds"], "message-too-big"),
    t(&["exceeds size limit"], "message-too-big"),
    t(&["size limit"], "message-too-big"),
    t(&["too big"], "message-too-big"),
    t(&["too large"], "message-too-big"),
    t(&["message length exceeds"], "message-too-big"),
    t(&["maximum message size"], "message-too-big"),
    t(&["message is larger than"], "message-too-big"),
    // Sender address.
    t(&["sender address rejected"], "sender-rejected"),
    t(&["sender verify failed"], "sender-rejected"),
    t(&["sender verification failed"], "sender-rejected"),
    t(&["sender verify"], "sender-rejected"),
    t(&["sender rejected"], "sender-rejected"),
    t(&["sender denied"], "sender-rejected"),
    t(&["sender blocked"], "sender-rejected"),
    t(&["sender domain"], "sender-rejected"),
    t(&["domain of sender address"], "sender-rejected"),
    t(&["invalid sender"], "sender-rejected"),
    t(&["null sender"], "sender-rejected"),
    // Mailbox state.
    t(&["mailbox full"], "mailbox-full"),
    t(&["mailbox is full"], "mailbox-full"),
    t(&["inbox is full"], "mailbox-full"),
    t(&["mailfolder is full"], "mailbox-full"),
    t(&["over quota"], "mailbox-full"),
    t(&["overquota"], "mailbox-full"),
    t(&["quota exceeded"], "mailbox-full"),
    t(&["exceeded quota"], "mailbox-full"),
    t(&["exceeds quota"], "mailbox-full"),
    t(&["quota"], "mailbox-full"),
    t(&["storage limit"], "mailbox-full"),
    t(&["exceeded storage allocation"], "mailbox-full"),
    t(&["out of storage"], "mailbox-full"),
    t(&["too many messages"], "mailbox-full"),
    t(&["disabled"], "mailbox-disabled"),
    t(&["inactive"], "mailbox-disabled"),
    t(&["suspended"], "mailbox-disabled"),
    t(&["deactivated"], "mailbox-disabled"),
    t(&["expired account"], "mailbox-disabled"),
    t(&["account has expired"], "mailbox-disabled"),
    t(&["not accepting messages"], "mailbox-disabled"),
    // Unknown recipients.
    t(&["user unknown"], "user-unknown"),
    t(&["unknown user"], "user-unknown"),
    t(&["no such user"], "user-unknown"),
    t(&["no such recipient"], "user-unknown"),
    t(&["no such mailbox"], "user-unknown"),
    t(&["no mailbox"], "user-unknown"),
    t(&["mailbox not found"], "user-unknown"),
    t(&["user not found"], "user-unknown"),
    t(&["recipient not found"], "user-unknown"),
    t(&["unknown recipient"], "user-unknown"),
    t(&["recipient unknown"], "user-unknown"),
    t(&["invalid recipient"], "user-unknown"),
    t(&["addressee unknown"], "user-unknown"),
    t(&["unknown address"], "user-unknown"),
    t(&["address unknown"], "user-unknown"),
    t(&["unrouteable address"], "user-unknown"),
    t(&["does not exist"], "user-unknown"),
    t(&["doesn't exist"], "user-unknown"),
    t(&["doesn't have a", "account"], "user-unknown"),
    t(&["no longer"], "user-unknown"),
    t(&["invalid mailbox"], "user-unknown"),
    t(&["not our customer"], "user-unknown"),
    // Unknown domains.
    t(&["host unknown"], "host-unknown"),
    t(&["host not found"], "host-unknown"),
    t(&["domain not found"], "host-unknown"),
    t(&["unknown domain"], "host-unknown"),
    t(&["no such domain"], "host-unknown"),
    t(&["invalid domain"], "host-unknown"),
    t(&["null mx"], "not-accepting-mail"),
    t(&["no mx"], "host-unknown"),
    t(&["could not find a mail server"], "host-unknown"),
    t(&["unknown mail server"], "host-unknown"),
    t(&["name or service not known"], "host-unknown"),
    t(&["nxdomain"], "host-unknown"),
    // Hosts that take no mail.
    t(&["does not accept mail"], "not-accepting-mail"),
    t(&["not accepting mail"], "not-accepting-mail"),
    t(&["no smtp service"], "not-accepting-mail"),
    t(&["accepts no mail"], "not-accepting-mail"),
    // Protocol.
    t(&["fully-qualified"], "syntax-error"),
    t(&["syntax"], "syntax-error"),
    t(&["unrecognized command"], "syntax-error"),
    t(&["command unrecognized"], "syntax-error"),
    t(&["command not recognized"], "syntax-error"),
    t(&["unrecognised command"], "syntax-error"),
    t(&["bad sequence"], "syntax-error"),
    t(&["invalid command"], "syntax-error"),
    t(&["command not implemented"], "syntax-error"),
    t(&["line too long"], "syntax-error"),
    t(&["bare <lf>"], "syntax-error"),
    t(&["synchronization error"], "syntax-error"),
    // Content.
    t(&["content rejected"], "content-rejected"),
    t(&["message content"], "content-rejected"),
    t(&["content filter"], "content-rejected"),
    t(&["rfc 5322"], "content-rejected"),
    t(&["rfc5322"], "content-rejected"),
    t(&["header value not allowed"], "content-rejected"),
    t(&["[cs01]"], "content-rejected"),
    // Network and time.
    t(&["timed out"], "timeout"),
    t(&["timeout"], "timeout"),
    t(&["message expired"], "timeout"),
    t(&["connection refused"], "network-error"),
    t(&["connection reset"], "network-error"),
    t(&["network is unreachable"], "network-error"),
    t(&["no route to host"], "network-error"),
    t(&["lost connection"], "network-error"),
    t(&["establish an smtp connection"], "network-error"),
    t(&["connection dropped"], "network-error"),
    t(&["tls handshake"], "network-error"),
    // Receiver trouble.
    t(&["loop"], "system-error"),
    t(&["too many hops"], "system-error"),
    t(&["internal error"], "system-error"),
    t(&["system error"], "system-error"),
    t(&["server configuration"], "system-error"),
    t(&["insufficient system storage"], "system-error"),
    t(&["try again later"], "system-error"),
];

/// Generic wording, checked after the enhanced code.
const WEAK: &[Rule] = &[
    t(&["mailbox unavailable"], "user-unknown"),
    t(&["invalid address"], "user-unknown"),
    t(&["access denied"], "policy"),
    t(&["not authorized"], "policy"),
    t(&["not authorised"], "policy"),
    t(&["not allowed"], "policy"),
    t(&["prohibited"], "policy"),
    t(&["policy"], "policy"),
    t(&["blocked"], "policy"),
    t(&["refused"], "policy"),
    t(&["denied"], "policy"),
    t(&["prohibition"], "policy"),
    t(&["service unavailable"], "policy"),
    t(&["rejected"], "policy"),
];

/// The reason an enhanced status code implies, when it is specific.
fn by_enhanced(e: EnhancedStatus) -> Option<&'static str> {
    Some(match (e.subject, e.detail) {
        (1, 0) | (1, 1) | (1, 4) | (1, 6) => "user-unknown",
        (1, 2) => "host-unknown",
        (1, 3) => "syntax-error",
        (1, 7) | (1, 8) => "sender-rejected",
        (1, 10) => "not-accepting-mail",
        (2, 1) => "mailbox-disabled",
        (2, 2) => "mailbox-full",
        (2, 3) | (3, 4) => "message-too-big",
        (2, 4) | (3, 0) | (3, 1) | (3, 5) | (4, 5) | (4, 6) => "system-error",
        (3, 2) => "not-accepting-mail",
        (3, 3) => "content-rejected",
        (4, 0) | (4, 1) | (4, 2) | (4, 3) => "network-error",
        (4, 4) => "host-unknown",
        (4, 7) => "timeout",
        (5, 1) | (5, 2) | (5, 4) | (5, 5) | (5, 6) => "syntax-error",
        (5, 3) => "rate-limited",
        (6, _) => "content-rejected",
        (7, 4) | (7, 10) | (7, 11) | (7, 30) => "tls-required",
        (7, 8) | (7, 9) | (7, 12) | (7, 13) => "auth-credentials",
        (7, 14) => "auth-required",
        (7, 17) | (7, 18) => "user-unknown",
        (7, 20..=24) | (7, 26) | (7, 29) => "auth-failure",
        (7, 25) => "require-ptr",
        (7, 27) => "sender-rejected",
        (7, 28) => "rate-limited",
        // Microsoft 365's extended codes.
        (7, 54) | (7, 64) => "no-relaying",
        (7, 57) | (7, 133..=136) => "auth-required",
        (7, 139) => "auth-credentials",
        (7, 501) => "spam-detected",
        (7, 506) => "require-ptr",
        (7, 508) => "rate-limited",
        (7, 509) | (7, 515) => "auth-failure",
        (7, 511) | (7, 513) | (7, 606..=649) => "blocklisted",
        (7, 512) => "content-rejected",
        (7, 708) | (7, 705) => "bad-reputation",
        (7, 700..=749) => "rate-limited",
        (7, 500..=699) if e.class == 4 => "rate-limited",
        _ => return None,
    })
}

/// The reason a basic code implies, when nothing more specific is known.
fn by_code(code: u16) -> &'static str {
    match code {
        421 | 521 | 556 => "not-accepting-mail",
        451 | 452 | 454 | 455 | 458 => "system-error",
        432 | 534 | 535 => "auth-credentials",
        530 => "auth-required",
        538 => "tls-required",
        500..=504 | 555 => "syntax-error",
        551 => "user-unknown",
        552 => "mailbox-full",
        571 | 471 => "policy",
        _ => "undefined",
    }
}

fn matches(rule: &Rule, text: &Lowered<'_>, enhanced: Option<EnhancedStatus>) -> bool {
    if let Some((s, d)) = rule.enhanced {
        if !enhanced.is_some_and(|e| e.subject == s && e.detail == d) {
            return false;
        }
    }
    rule.all.iter().all(|w| text.contains(w))
}

/// A lower-cased reply text with the set of its byte pairs (hashed into
/// 1024 bits), so that looking for a phrase it cannot hold costs a few bit
/// tests instead of a substring search. Classifying a reply tries some 300
/// phrases; the searches were a quarter of parsing a log of rejections.
/// The same pairs hashed into 128 bits (`coarse`) are tested against each
/// rule's pairs (worked out once) before any phrase is looked
/// at: hashing every phrase's pairs on every reply had become most of the
/// cost (17 000 instructions to classify "550 No such user here").
pub struct Lowered<'a> {
    pub text: &'a str,
    pairs: [u64; 16],
    coarse: u128,
}

impl<'a> Lowered<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut pairs = [0u64; 16];
        let mut coarse = 0u128;
        for w in text.as_bytes().windows(2) {
            let h = pair_hash(w);
            if let Some(word) = pairs.get_mut(h / 64) {
                *word |= 1 << (h % 64);
            }
            coarse |= 1 << (h % 128);
        }
        Lowered {
            text,
            pairs,
            coarse,
        }
    }

    /// True when `phrase` is in the text (the pair test only skips the
    /// search when a pair of the phrase is missing, so it never errs).
    pub fn contains(&self, phrase: &str) -> bool {
        let possible = phrase.as_bytes().windows(2).all(|w| {
            let h = pair_hash(w);
            self.pairs
                .get(h / 64)
                .is_some_and(|word| word & (1 << (h % 64)) != 0)
        });
        possible && self.text.contains(phrase)
    }
}

/// The bit of a byte pair (a window of two) in a 1024-bit set; `% 128` of
/// it in the coarse set.
fn pair_hash(w: &[u8]) -> usize {
    let (a, b) = (
        w.first().copied().unwrap_or(0),
        w.get(1).copied().unwrap_or(0),
    );
    ((usize::from(a) * 31) ^ (usize::from(b) * 131)) % 1024
}

/// Classify a negative reply. Returns `None` for a positive reply (2xx, 3xx)
/// or when there is neither a negative code nor a negative enhanced code.
pub fn classify(
    code: Option<u16>,
    enhanced: Option<EnhancedStatus>,
    text: &str,
) -> Option<&'static Reason> {
    if !negative(code, enhanced, text) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    classify_lowered(code, enhanced, &Lowered::new(&lower))
}

fn negative(code: Option<u16>, enhanced: Option<EnhancedStatus>, text: &str) -> bool {
    match (code, enhanced) {
        (Some(c), _) => c >= 400,
        (None, Some(e)) => e.class >= 4,
        (None, None) => !text.trim().is_empty(),
    }
}

/// [`classify`] with the text already lower-cased.
pub fn classify_lowered(
    code: Option<u16>,
    enhanced: Option<EnhancedStatus>,
    lower: &Lowered<'_>,
) -> Option<&'static Reason> {
    if !negative(code, enhanced, lower.text) {
        return None;
    }
    let id = first_match(STRONG, &STRONG_PAIRS, lower, enhanced)
        .or_else(|| enhanced.and_then(by_enhanced))
        .or_else(|| first_match(WEAK, &WEAK_PAIRS, lower, enhanced))
        .or_else(|| code.map(by_code))
        .unwrap_or("undefined");
    by_id(id)
}
