//! `smtpscope explain` names the reason, who acts, the remedy and the link.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::process::Command;

fn run(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_smtpscope"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn explains_a_gmail_authentication_rejection() {
    let (ok, out) = run(&[
        "explain",
        "550",
        "5.7.26",
        "This mail has been blocked because the sender is unauthenticated",
    ]);
    assert!(ok);
    assert!(out.contains("reason:    auth-failure"), "{out}");
    assert!(out.contains("who acts:  sender-admin"), "{out}");
    assert!(out.contains("remedy:    Publish an SPF record"), "{out}");
    assert!(
        out.contains("https://support.google.com/mail/answer/81126"),
        "{out}"
    );
    assert!(out.contains("provider:  Gmail / Google Workspace"), "{out}");
}

#[test]
fn explains_as_json() {
    let (ok, out) = run(&["explain", "550", "5.1.1", "User unknown", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reason"], "user-unknown");
    assert_eq!(v["actor"], "sender");
    assert_eq!(v["action"], "give-up");
    assert_eq!(v["enhanced"], "5.1.1");
}

#[test]
fn explains_a_positive_code_without_reason() {
    let (ok, out) = run(&["explain", "250"]);
    assert!(ok);
    assert!(out.starts_with("Success (250)"), "{out}");
    assert!(!out.contains("reason:"), "{out}");
}
