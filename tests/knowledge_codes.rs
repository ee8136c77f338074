//! The reply-code and enhanced-status tables: every entry explains.

#![allow(clippy::unwrap_used, clippy::panic)]

use smtpscope::knowledge::{codes, enhanced};
use smtpscope::{explain, EnhancedStatus};

fn es(s: &str) -> EnhancedStatus {
    s.parse().unwrap()
}

#[test]
fn every_registry_entry_explains_in_every_class() {
    assert_eq!(enhanced::DETAILS.len(), 81, "registry size");
    for d in enhanced::DETAILS {
        for class in [2u8, 4, 5] {
            let e = EnhancedStatus {
                class,
                subject: d.subject,
                detail: d.detail,
            };
            let text = enhanced::describe(e);
            assert!(text.contains(d.title), "{e}: {text}");
            let x = explain(None, Some(e), "");
            assert_eq!(x.enhanced_meaning.as_deref(), Some(text.as_str()));
            assert!(!x.summary.is_empty(), "{e}");
        }
    }
}

#[test]
fn registry_has_the_newest_codes() {
    let rows = [
        ("5.1.10", "Recipient address has null MX"),
        (
            "5.6.10",
            "UTF-8 string reply is required, but not permitted by the SMTP client",
        ),
        ("5.7.25", "Reverse DNS validation failed"),
        ("5.7.26", "Multiple authentication checks failed"),
        ("5.7.27", "Sender address has null MX"),
        ("4.7.28", "Mail flood detected"),
        ("5.7.29", "ARC validation failure"),
        ("5.7.30", "REQUIRETLS support required"),
        ("5.5.6", "Authentication exchange line is too long"),
        ("2.3.6", "Requested priority was changed"),
    ];
    for (code, title) in rows {
        assert_eq!(
            enhanced::lookup(es(code)).map(|d| d.title),
            Some(title),
            "{code}"
        );
    }
    assert!(enhanced::lookup(es("5.7.31")).is_none());
}

#[test]
fn unknown_details_are_explained_by_class_and_subject() {
    let rows = [
        ("5.1.99", "Permanent failure, addressing status"),
        (
            "4.7.650",
            "Persistent transient failure, security or policy status",
        ),
        ("5.7.708", "Permanent failure, security or policy status"),
        ("2.0.99", "Success, other or undefined status"),
    ];
    for (code, want) in rows {
        let text = enhanced::describe(es(code));
        assert!(text.contains("not in the IANA registry"), "{code}: {text}");
        assert!(
            text.contains(&want.to_lowercase()[want.find(',').unwrap() + 2..]),
            "{code}: {text}"
        );
        assert_eq!(enhanced::title(es(code)), want);
    }
}

#[test]
fn every_reply_code_has_meaning_and_action() {
    for r in codes::REPLY_CODES {
        assert!(codes::meaning(r.code).is_some(), "{}", r.code);
        assert!(codes::action(r.code).is_some(), "{}", r.code);
        assert!(codes::class_meaning(r.code).is_some(), "{}", r.code);
    }
}

#[test]
fn actions_by_code() {
    let rows = [
        (220, "proceed"),
        (250, "proceed"),
        (252, "proceed"),
        (334, "continue"),
        (354, "continue"),
        (421, "retry"),
        (450, "retry"),
        (454, "retry"),
        (500, "fix-command"),
        (501, "fix-command"),
        (502, "fix-command"),
        (503, "fix-command"),
        (504, "fix-command"),
        (555, "fix-command"),
        (521, "give-up"),
        (535, "give-up"),
        (550, "give-up"),
        (556, "give-up"),
    ];
    for (code, want) in rows {
        assert_eq!(codes::action(code), Some(want), "{code}");
    }
}

#[test]
fn digits() {
    assert_eq!(codes::category_meaning(421), Some("connection"));
    assert_eq!(codes::category_meaning(501), Some("syntax"));
    assert_eq!(codes::category_meaning(214), Some("information"));
    assert_eq!(codes::category_meaning(550), Some("mail system"));
    assert!(codes::meaning(599)
        .unwrap()
        .starts_with("Unregistered code"));
    assert!(codes::meaning(99).is_none());
}

#[test]
fn enhanced_code_is_read_from_text() {
    let rows = [
        ("5.1.1 <x@example.com>: User unknown", Some("5.1.1")),
        ("#5.1.0 Address rejected.", Some("5.1.0")),
        ("  4.7.28 [1.2.3.4] Our system", Some("4.7.28")),
        ("2.0.0 Ok: queued as 4QxyZ", Some("2.0.0")),
        ("mx.example.com ESMTP", None),
        ("1.2.3.4 blacklisted", None),
        ("5.1 nope", None),
    ];
    for (text, want) in rows {
        assert_eq!(
            enhanced::from_text(text).map(|e| e.to_string()).as_deref(),
            want,
            "{text}"
        );
    }
    let x = explain(Some(550), None, "5.1.1 <x@example.com>: User unknown");
    assert_eq!(x.enhanced, Some(es("5.1.1")));
}

#[test]
fn positive_replies_have_no_reason() {
    for (code, text) in [
        (250, "2.1.5 Ok"),
        (220, "mx ESMTP"),
        (354, "End data with <CR><LF>.<CR><LF>"),
        (235, "2.7.0 Authentication successful"),
    ] {
        let x = explain(Some(code), None, text);
        assert_eq!(x.reason, None, "{code}");
        assert_eq!(x.actor, None, "{code}");
        assert!(!x.summary.is_empty());
    }
}

#[test]
fn explanation_fields_for_a_gmail_rejection() {
    let x = explain(
        Some(550),
        Some(es("5.7.26")),
        "This mail has been blocked because the sender is unauthenticated",
    );
    assert_eq!(x.reason.as_deref(), Some("auth-failure"));
    assert_eq!(x.actor.as_deref(), Some("sender-admin"));
    assert_eq!(x.action.as_deref(), Some("give-up"));
    assert_eq!(x.provider.as_deref(), Some("Gmail / Google Workspace"));
    assert!(x
        .links
        .iter()
        .any(|l| l == "https://support.google.com/mail/answer/81126"));
    assert!(x.remedy.unwrap().contains("SPF"));
    assert!(
        x.summary.starts_with("Permanent failure from Gmail"),
        "{}",
        x.summary
    );
}

#[test]
fn links_come_from_the_text_and_the_provider() {
    let x = explain(Some(550), None, "5.7.606 Access denied, banned sending IP [1.2.3.4]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 (AS16012609)");
    assert_eq!(x.provider.as_deref(), Some("Microsoft 365 / Outlook.com"));
    assert_eq!(
        x.links.first().map(String::as_str),
        Some("https://sender.office.com/")
    );
    assert!(x
        .links
        .iter()
        .any(|l| l == "http://go.microsoft.com/fwlink/?LinkID=526655"));
    assert!(x
        .links
        .iter()
        .any(|l| l.starts_with("https://learn.microsoft.com/")));
    let y = explain(
        Some(554),
        None,
        "5.7.1 Service unavailable; Client host [1.2.3.4] blocked using zen.spamhaus.org",
    );
    assert!(
        y.links.iter().any(|l| l == "https://check.spamhaus.org/"),
        "{:?}",
        y.links
    );
}

#[test]
fn microsoft_5_1_10_is_an_unknown_recipient_not_null_mx() {
    let x = smtpscope::explain(
        Some(550),
        None,
        "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    );
    let meaning = x.enhanced_meaning.unwrap();
    assert!(meaning.contains("does not exist"), "{meaning}");
    assert_eq!(x.reason.as_deref(), Some("user-unknown"));
    // Without Microsoft's wording, the registry's meaning stands.
    let plain = smtpscope::explain(Some(556), None, "5.1.10 Recipient address has null MX");
    assert!(plain
        .enhanced_meaning
        .unwrap()
        .to_lowercase()
        .contains("null mx"));
}
