//! Well-known mailbox providers, mail gateways and blocklists, recognised
//! from their reply wording, with their documentation links.

use crate::knowledge::reasons::Lowered;
use crate::model::EnhancedStatus;

/// A provider, how to recognise it, and where it documents its replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    pub name: &'static str,
    /// Any of these (lower case) in the reply text names the provider.
    pub keys: &'static [&'static str],
    /// The provider's general page about its SMTP replies, if any.
    pub link: Option<&'static str>,
    /// Pages for particular reasons (reason id, link).
    pub reason_links: &'static [(&'static str, &'static str)],
}

const GOOGLE_REF: &str = "https://support.google.com/a/answer/3726730";
const GOOGLE_SENDERS: &str = "https://support.google.com/mail/answer/81126";
const MS_NDR: &str = "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online";

/// Mailbox providers and gateways first, blocklists last: the first match
/// names the provider.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "Gmail / Google Workspace",
        keys: &[
            "gsmtp",
            "gmail",
            "google.com",
            "googlemail",
            "the email account that you tried to reach",
            "receiving mail at a rate",
        ],
        link: Some(GOOGLE_REF),
        reason_links: &[
            ("auth-failure", GOOGLE_SENDERS),
            ("require-ptr", GOOGLE_SENDERS),
            (
                "rate-limited",
                "https://support.google.com/mail/?p=UnsolicitedRateLimitError",
            ),
            (
                "spam-detected",
                "https://support.google.com/mail/?p=UnsolicitedMessageError",
            ),
            ("bad-reputation", GOOGLE_SENDERS),
            (
                "user-unknown",
                "https://support.google.com/mail/?p=NoSuchUser",
            ),
            (
                "mailbox-disabled",
                "https://support.google.com/mail/?p=DisabledUser",
            ),
        ],
    },
    Provider {
        name: "Microsoft 365 / Outlook.com",
        keys: &[
            "outlook.com",
            "hotmail",
            "live.com",
            "protection.outlook",
            "exchangelabs",
            "resolver.adr",
            "resolver.rst",
            " as(",
            "(as1",
            "s3150",
            "s3140",
            "sender.office.com",
            "go.microsoft.com",
            "messaging.microsoft.com",
        ],
        link: Some(MS_NDR),
        reason_links: &[
            ("blocklisted", "https://sender.office.com/"),
            ("bad-reputation", "https://sender.office.com/"),
        ],
    },
    Provider {
        name: "Microsoft Exchange",
        keys: &[
            "client was not authenticated",
            "unable to relay recipient in non-accepted domain",
            "smtp; unable to relay",
        ],
        link: Some(MS_NDR),
        reason_links: &[],
    },
    Provider {
        name: "Yahoo / AOL",
        keys: &[
            "yahoo", "aol.com", "[ts0", "[tss0", "[bl2", "(rtr:", "(rly:", "(con:", "(dyn:",
            "(hvu:", "(mff:",
        ],
        link: Some("https://senders.yahooinc.com/smtp-error-codes"),
        reason_links: &[],
    },
    Provider {
        name: "Apple iCloud Mail",
        keys: &["icloud", "[cs0", "support.apple.com", "@me.com", "@mac.com"],
        link: Some("https://support.apple.com/en-us/HT204137"),
        reason_links: &[],
    },
    Provider {
        name: "Comcast",
        keys: &["comcast", "rl0000", "bl0000"],
        link: Some("https://postmaster.comcast.net/smtp-error-codes.php"),
        reason_links: &[],
    },
    Provider {
        name: "GMX / Web.de",
        keys: &["gmx", "web.de"],
        link: None,
        reason_links: &[],
    },
    Provider {
        name: "Mimecast",
        keys: &[
            "mimecast",
            "envelope blocked - user entry",
            "header based anti-spoofing",
        ],
        link: Some("https://community.mimecast.com/docs/DOC-1369"),
        reason_links: &[],
    },
    Provider {
        name: "Proofpoint",
        keys: &["proofpoint", "pphosted"],
        link: Some("https://ipcheck.proofpoint.com/"),
        reason_links: &[],
    },
    Provider {
        name: "Barracuda",
        keys: &["barracuda", "brbl", "cuda_nsu"],
        link: Some("https://www.barracudacentral.org/lookups"),
        reason_links: &[],
    },
    Provider {
        name: "Cisco Secure Email (IronPort)",
        keys: &["ironport", "unknown address error"],
        link: None,
        reason_links: &[],
    },
    Provider {
        name: "Spamhaus",
        keys: &["spamhaus"],
        link: Some("https://check.spamhaus.org/"),
        reason_links: &[],
    },
    Provider {
        name: "SpamCop",
        keys: &["spamcop"],
        link: Some("https://www.spamcop.net/bl.shtml"),
        reason_links: &[],
    },
    Provider {
        name: "UCEPROTECT",
        keys: &["uceprotect"],
        link: Some("https://www.uceprotect.net/en/rblcheck.php"),
        reason_links: &[],
    },
];

fn named(p: &Provider, lower: &Lowered<'_>) -> bool {
    p.keys.iter().any(|k| lower.contains(k))
}

/// The provider named by the reply, if any. Besides names in the text,
/// Gmail's wording of 5.7.26 and Microsoft's 5.7.5xx–7xx codes identify
/// them.
pub fn detect(enhanced: Option<EnhancedStatus>, lower: &Lowered<'_>) -> Option<&'static Provider> {
    if let Some(p) = PROVIDERS.iter().find(|p| named(p, lower)) {
        return Some(p);
    }
    let e = enhanced?;
    let index = match (e.subject, e.detail) {
        (7, 26)
            if lower.contains("sender is unauthenticated")
                || lower.contains("mail is unauthenticated") =>
        {
            0
        }
        (7, 500..=799) | (7, 57) | (7, 54) => 1,
        _ => return None,
    };
    PROVIDERS.get(index)
}

/// Blocklists named in the text other than the provider itself.
pub fn blocklists<'a>(lower: &'a Lowered<'a>) -> impl Iterator<Item = &'static Provider> + 'a {
    PROVIDERS
        .iter()
        .filter(|p| matches!(p.name, "Spamhaus" | "SpamCop" | "UCEPROTECT" | "Barracuda"))
        .filter(move |p| named(p, lower))
}

/// http(s) URLs written in the reply text, in order.
pub fn urls_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..).and_then(|rest| {
        let a = rest.find("http://");
        let b = rest.find("https://");
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }) {
        let start = from + pos;
        let tail = text.get(start..).unwrap_or("");
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']' | '}')
            })
            .unwrap_or(tail.len());
        let url = tail
            .get(..end)
            .unwrap_or("")
            .trim_end_matches(['.', ',', ';', ':']);
        if url.len() > "https://".len() && !out.iter().any(|u: &String| u == url) {
            out.push(url.to_string());
        }
        from = start + end.max(1);
    }
    out
}
