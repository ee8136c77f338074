//! Token explanations (knowledge::tokens): every registered name is
//! explained, real command lines and EHLO reply lines split into the right
//! parts, and no input makes the splitters panic or break their spans.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use smtpscope::knowledge::tokens::{
    command_parts, ehlo_line_parts, explain_all, explain_token, parameter_note, Part,
    TokenExplanation,
};

/// EHLO keywords of the IANA "SMTP Service Extensions" registry
/// (https://www.iana.org/assignments/smtp, 2025 edition).
const IANA_EHLO_KEYWORDS: &[&str] = &[
    "SEND",
    "SOML",
    "SAML",
    "VRFY",
    "EXPN",
    "HELP",
    "TURN",
    "8BITMIME",
    "SIZE",
    "VERB",
    "ONEX",
    "CHUNKING",
    "BINARYMIME",
    "CHECKPOINT",
    "DELIVERBY",
    "PIPELINING",
    "DSN",
    "ETRN",
    "ENHANCEDSTATUSCODES",
    "STARTTLS",
    "NO-SOLICITING",
    "MTRK",
    "ATRN",
    "AUTH",
    "BURL",
    "FUTURERELEASE",
    "UTF8SMTP",
    "MT-PRIORITY",
    "CONPERM",
    "CONNEG",
    "RRVS",
    "SMTPUTF8",
    "REQUIRETLS",
    "LIMITS",
    "SUBMITTER",
];

/// MAIL/RCPT parameters named in the registry's "MAIL/RCPT Parameter
/// Values" column (the parameters the registered extensions define), with
/// the command each belongs to.
const IANA_MAIL_RCPT_PARAMETERS: &[(&str, &str)] = &[
    ("SIZE", "MAIL"),
    ("BODY", "MAIL"),
    ("TRANSID", "MAIL"),
    ("BY", "MAIL"),
    ("RET", "MAIL"),
    ("ENVID", "MAIL"),
    ("NOTIFY", "RCPT"),
    ("ORCPT", "RCPT"),
    ("SOLICIT", "MAIL"),
    ("MTRK", "MAIL"),
    ("SUBMITTER", "MAIL"),
    ("AUTH", "MAIL"),
    ("HOLDFOR", "MAIL"),
    ("HOLDUNTIL", "MAIL"),
    ("ALT-ADDRESS", "RCPT"),
    ("MT-PRIORITY", "MAIL"),
    ("CONPERM", "MAIL"),
    ("CONNEG", "RCPT"),
    ("RRVS", "RCPT"),
    ("SMTPUTF8", "MAIL"),
    ("REQUIRETLS", "MAIL"),
];

const SASL_MECHANISMS: &[&str] = &[
    "PLAIN",
    "LOGIN",
    "CRAM-MD5",
    "DIGEST-MD5",
    "SCRAM-SHA-1",
    "SCRAM-SHA-1-PLUS",
    "SCRAM-SHA-256",
    "SCRAM-SHA-256-PLUS",
    "XOAUTH2",
    "OAUTHBEARER",
    "NTLM",
    "GSSAPI",
    "EXTERNAL",
    "ANONYMOUS",
    "GS2-KRB5",
    "OTP",
];

const VERBS: &[&str] = &[
    "HELO",
    "EHLO",
    "LHLO",
    "MAIL",
    "RCPT",
    "DATA",
    "BDAT",
    "BURL",
    "RSET",
    "VRFY",
    "EXPN",
    "HELP",
    "NOOP",
    "QUIT",
    "STARTTLS",
    "AUTH",
    "ETRN",
    "ATRN",
    "TURN",
    "XCLIENT",
    "XFORWARD",
    "X-EXPS",
    "X-LINK2STATE",
    "XEXCH50",
    "X-ANONYMOUSTLS",
    "XSHADOW",
    "XSHADOWREQUEST",
    "XPROXY",
    "XPROXYFROM",
    "XPROXYTO",
    "XRSETPROXYTO",
    "XSESSIONPARAMS",
    "AUTH-RESPONSE",
];

/// The explanation of `id`, after the checks every explanation must pass.
fn check_common(id: &str, kind: &str) -> Option<TokenExplanation> {
    let e = explain_token(id);
    assert!(e.is_some(), "no explanation for {id}");
    let e = e?;
    assert_eq!(e.id.to_ascii_uppercase(), id.to_ascii_uppercase(), "{id}");
    assert_eq!(e.kind, kind, "{id}");
    assert!(!e.summary.is_empty(), "{id}: empty summary");
    assert!(e.summary.len() < 240, "{id}: summary too long");
    if let Some(url) = &e.rfc_url {
        assert!(url.starts_with("https://"), "{id}: {url}");
    }
    Some(e)
}

#[test]
fn every_iana_ehlo_keyword_is_explained() {
    for k in IANA_EHLO_KEYWORDS {
        let id = format!("ext:{k}");
        let e = check_common(&id, "extension").unwrap();
        assert!(
            e.rfc
                .as_deref()
                .is_some_and(|r| r.starts_with("RFC ") || r == "Sendmail"),
            "{k}: registered keywords cite their RFC, got {:?}",
            e.rfc
        );
    }
}

#[test]
fn every_iana_mail_rcpt_parameter_is_explained_with_its_command_and_keyword() {
    for (p, cmd) in IANA_MAIL_RCPT_PARAMETERS {
        let id = format!("param:{p}");
        let e = check_common(&id, "parameter").unwrap();
        assert_eq!(e.commands, vec![cmd.to_string()], "{p}");
        let req = e
            .requires
            .clone()
            .unwrap_or_else(|| panic!("{p}: no keyword"));
        assert!(
            explain_token(&format!("ext:{req}")).is_some(),
            "{p} requires {req}, which is not explained"
        );
        assert!(e.syntax.is_some(), "{p}: no syntax");
    }
}

#[test]
fn every_sasl_mechanism_is_explained_with_safety_and_status() {
    for m in SASL_MECHANISMS {
        let id = format!("sasl:{m}");
        let e = check_common(&id, "mechanism").unwrap();
        assert!(e.safe_without_tls.is_some(), "{m}");
        assert!(e.deprecated.is_some(), "{m}");
    }
}

#[test]
fn every_verb_is_explained_with_its_replies() {
    for v in VERBS {
        let id = format!("cmd:{v}");
        let e = check_common(&id, "command").unwrap();
        assert!(!e.replies.is_empty(), "{v}: no reply codes");
        assert!(e.syntax.is_some(), "{v}: no syntax");
    }
}

#[test]
fn sasl_safety_rows() {
    // (mechanism, safe without TLS, deprecated)
    let rows = [
        ("PLAIN", false, false),
        ("LOGIN", false, true),
        ("CRAM-MD5", false, true),
        ("DIGEST-MD5", true, true),
        ("SCRAM-SHA-256", true, false),
        ("XOAUTH2", false, false),
        ("OAUTHBEARER", false, false),
        ("NTLM", false, true),
        ("GSSAPI", true, false),
        ("EXTERNAL", true, false),
    ];
    for (m, safe, old) in rows {
        let e = explain_token(m).unwrap();
        assert_eq!(e.safe_without_tls, Some(safe), "{m} safe");
        assert_eq!(e.deprecated, Some(old), "{m} deprecated");
    }
}

#[test]
fn lookup_rows() {
    // (query, id of explain_token)
    let rows: &[(&str, Option<&str>)] = &[
        ("MAIL", Some("cmd:MAIL")),
        ("mail", Some("cmd:MAIL")),
        ("  rcpt ", Some("cmd:RCPT")),
        ("MAIL FROM:", Some("cmd:MAIL")),
        ("RCPT TO", Some("cmd:RCPT")),
        ("AUTH", Some("cmd:AUTH")),
        ("param:auth", Some("param:AUTH")),
        ("ext:auth", Some("ext:AUTH")),
        ("SIZE", Some("ext:SIZE")),
        ("SIZE=48213", Some("param:SIZE")),
        ("param:SIZE", Some("param:SIZE")),
        ("NOTIFY", Some("param:NOTIFY")),
        ("cram-md5", Some("sasl:CRAM-MD5")),
        ("sasl:scram-sha-256-plus", Some("sasl:SCRAM-SHA-256-PLUS")),
        ("AUTH=LOGIN", Some("ext:AUTH=LOGIN")),
        ("PIPELINING", Some("ext:PIPELINING")),
        ("XCLIENT", Some("cmd:XCLIENT")),
        ("ext:XCLIENT", Some("ext:XCLIENT")),
        ("cmd:NOSUCH", None),
        ("nosuch:MAIL", None),
        ("WIBBLE", None),
        ("", None),
        (":", None),
        ("=", None),
    ];
    for (q, want) in rows {
        assert_eq!(
            explain_token(q).map(|e| e.id).as_deref(),
            *want,
            "query {q:?}"
        );
    }
}

#[test]
fn explain_all_lists_every_kind() {
    let ids = |q: &str| explain_all(q).into_iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(ids("AUTH"), ["cmd:AUTH", "ext:AUTH", "param:AUTH"]);
    assert_eq!(ids("size"), ["ext:SIZE", "param:SIZE"]);
    assert_eq!(ids("SMTPUTF8"), ["ext:SMTPUTF8", "param:SMTPUTF8"]);
    assert_eq!(ids("ETRN"), ["cmd:ETRN", "ext:ETRN"]);
    assert_eq!(ids("param:size"), ["param:SIZE"]);
    assert!(ids("WIBBLE").is_empty());
}

#[test]
fn explanation_fields_and_json_shape() {
    let e = explain_token("param:SIZE").unwrap();
    assert_eq!(e.name, "SIZE");
    assert_eq!(e.rfc.as_deref(), Some("RFC 1870 §6"));
    assert_eq!(
        e.rfc_url.as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc1870#section-6")
    );
    assert_eq!(e.requires.as_deref(), Some("SIZE"));
    let j = serde_json::to_value(explain_token("sasl:PLAIN").unwrap()).unwrap();
    assert_eq!(j["kind"], "mechanism");
    assert_eq!(j["safeWithoutTls"], false);
    assert_eq!(
        j["rfcUrl"],
        "https://www.rfc-editor.org/rfc/rfc4616#section-2"
    );
    assert_eq!(j["requires"], serde_json::Value::Null);
    let x = explain_token("cmd:XCLIENT").unwrap();
    assert_eq!(
        x.rfc_url.as_deref(),
        Some("https://www.postfix.org/XCLIENT_README.html")
    );
    let ext = explain_token("sasl:EXTERNAL").unwrap();
    assert_eq!(
        ext.rfc_url.as_deref(),
        Some("https://www.rfc-editor.org/rfc/rfc4422#appendix-A")
    );
}

/// (text, kind, id) of a part.
type Row = (String, String, Option<String>);

/// (text, kind, id) of each part, the text taken from the byte range.
fn view<'a>(line: &'a str, parts: &[Part]) -> Vec<(&'a str, String, Option<String>)> {
    parts
        .iter()
        .map(|p| (&line[p.start..p.end], p.kind.clone(), p.id.clone()))
        .collect()
}

fn row(text: &str, kind: &str, id: Option<&str>) -> Row {
    (text.to_string(), kind.to_string(), id.map(String::from))
}

fn owned(v: Vec<(&str, String, Option<String>)>) -> Vec<Row> {
    v.into_iter()
        .map(|(t, k, i)| (t.to_string(), k, i))
        .collect()
}

#[test]
fn command_line_rows() {
    // Real lines: Python smtplib (debuglevel 1) and swaks against the
    // loopback Postfix, and RFC 3461's example.
    let rows: &[(&str, &str, Vec<Row>)] = &[
        (
            "smtplib MAIL with DSN and SMTPUTF8",
            "mail FROM:<bob@example.test> size=21 BODY=8BITMIME RET=HDRS ENVID=QQ314159 SMTPUTF8",
            vec![
                row("mail", "verb", Some("cmd:MAIL")),
                row("FROM:", "verb", Some("cmd:MAIL")),
                row("<bob@example.test>", "path", None),
                row("size=21", "parameter", Some("param:SIZE")),
                row("BODY=8BITMIME", "parameter", Some("param:BODY")),
                row("RET=HDRS", "parameter", Some("param:RET")),
                row("ENVID=QQ314159", "parameter", Some("param:ENVID")),
                row("SMTPUTF8", "parameter", Some("param:SMTPUTF8")),
            ],
        ),
        (
            "smtplib RCPT with NOTIFY and ORCPT",
            "rcpt TO:<alice@example.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;alice@example.test",
            vec![
                row("rcpt", "verb", Some("cmd:RCPT")),
                row("TO:", "verb", Some("cmd:RCPT")),
                row("<alice@example.test>", "path", None),
                row("NOTIFY=FAILURE,DELAY", "parameter", Some("param:NOTIFY")),
                row(
                    "ORCPT=rfc822;alice@example.test",
                    "parameter",
                    Some("param:ORCPT"),
                ),
            ],
        ),
        (
            "swaks AUTH CRAM-MD5",
            "AUTH CRAM-MD5",
            vec![
                row("AUTH", "verb", Some("cmd:AUTH")),
                row("CRAM-MD5", "mechanism", Some("sasl:CRAM-MD5")),
            ],
        ),
        (
            "AUTH PLAIN with initial response",
            "AUTH PLAIN AGFsaWNlAHNlY3JldDEyMw==",
            vec![
                row("AUTH", "verb", Some("cmd:AUTH")),
                row("PLAIN", "mechanism", Some("sasl:PLAIN")),
                row("AGFsaWNlAHNlY3JldDEyMw==", "argument", None),
            ],
        ),
        (
            "swaks XCLIENT",
            "XCLIENT ADDR=192.0.2.7 NAME=client.example.org",
            vec![
                row("XCLIENT", "verb", Some("cmd:XCLIENT")),
                row("ADDR=192.0.2.7", "parameter", Some("cmd:XCLIENT")),
                row("NAME=client.example.org", "parameter", Some("cmd:XCLIENT")),
            ],
        ),
        (
            "swaks EHLO with CRLF",
            "EHLO vm\r\n",
            vec![
                row("EHLO", "verb", Some("cmd:EHLO")),
                row("vm", "argument", None),
            ],
        ),
        (
            "null sender, space after colon, unknown parameter",
            "MAIL FROM: <> XFOO=1",
            vec![
                row("MAIL", "verb", Some("cmd:MAIL")),
                row("FROM:", "verb", Some("cmd:MAIL")),
                row("<>", "path", None),
                row("XFOO=1", "unknown", None),
            ],
        ),
        (
            "quoted local part with a space",
            "RCPT TO:<\"a b\"@example.test> NOTIFY=NEVER",
            vec![
                row("RCPT", "verb", Some("cmd:RCPT")),
                row("TO:", "verb", Some("cmd:RCPT")),
                row("<\"a b\"@example.test>", "path", None),
                row("NOTIFY=NEVER", "parameter", Some("param:NOTIFY")),
            ],
        ),
        (
            "BDAT",
            "BDAT 1000 LAST",
            vec![
                row("BDAT", "verb", Some("cmd:BDAT")),
                row("1000", "value", None),
                row("LAST", "argument", None),
            ],
        ),
        (
            "MAIL without FROM:",
            "MAIL <a@b> SIZE=1",
            vec![
                row("MAIL", "verb", Some("cmd:MAIL")),
                row("<a@b>", "unknown", None),
                row("SIZE=1", "parameter", Some("param:SIZE")),
            ],
        ),
        (
            "unknown verb",
            "FOO bar",
            vec![row("FOO", "unknown", None), row("bar", "unknown", None)],
        ),
        (
            "argument to QUIT",
            "QUIT now",
            vec![
                row("QUIT", "verb", Some("cmd:QUIT")),
                row("now", "unknown", None),
            ],
        ),
        ("blank", "  \r\n", vec![]),
    ];
    for (name, line, want) in rows {
        let got = owned(view(line, &command_parts(line)));
        assert_eq!(&got, want, "{name}");
    }
}

#[test]
fn command_notes() {
    let note = |line: &str, token: &str| {
        command_parts(line)
            .into_iter()
            .find(|p| &line[p.start..p.end] == token)
            .and_then(|p| p.note)
    };
    let l = "MAIL FROM:<a@b> SIZE=48213 BODY=8BITMIME RET=HDRS ENVID=QQ314159";
    assert_eq!(
        note(l, "SIZE=48213").as_deref(),
        Some("SIZE=48213: the client declares a 47 KB message (48 213 bytes)")
    );
    assert_eq!(
        note(l, "<a@b>").as_deref(),
        Some("the envelope sender a@b: bounces go there")
    );
    let r = "RCPT TO:<c@d> NOTIFY=FAILURE,DELAY ORCPT=rfc822;c@d";
    assert_eq!(
        note(r, "NOTIFY=FAILURE,DELAY").as_deref(),
        Some("NOTIFY=FAILURE,DELAY: send a DSN if delivery fails or is delayed")
    );
    assert_eq!(
        note(r, "ORCPT=rfc822;c@d").as_deref(),
        Some("ORCPT=rfc822;c@d: the original recipient was c@d (type rfc822)")
    );
    assert_eq!(
        note("MAIL FROM:<> NOTIFY=NEVER", "NOTIFY=NEVER").as_deref(),
        Some("NOTIFY=NEVER: never send a DSN for this recipient; but NOTIFY belongs to RCPT, not MAIL")
    );
    assert_eq!(
        note("MAIL FROM:<>", "<>").as_deref(),
        Some("the null reverse-path <>: a bounce or notification, which must never itself be bounced")
    );
    assert_eq!(
        note("BDAT 1000 LAST", "1000").as_deref(),
        Some("1000: a chunk of 1000 bytes follows")
    );
    assert_eq!(
        note("XCLIENT ADDR=192.0.2.7", "ADDR=192.0.2.7").as_deref(),
        Some("ADDR: the client's IP address is 192.0.2.7")
    );
}

#[test]
fn parameter_note_rows() {
    type NoteRow<'a> = (&'a str, Option<&'a str>, Option<u64>, Option<&'a str>);
    let rows: &[NoteRow] = &[
        ("SIZE", Some("48213"), None, Some("SIZE=48213: the client declares a 47 KB message (48 213 bytes)")),
        ("SIZE", Some("48213"), Some(10_240_000), Some("SIZE=48213: the client declares a 47 KB message (48 213 bytes); the server's limit is 10 240 000 bytes")),
        ("SIZE", Some("48213"), Some(20_000), Some("SIZE=48213: the client declares a 47 KB message (48 213 bytes); over the server's limit of 20 000 bytes, so expect 552")),
        ("size", Some("21"), None, Some("size=21: the client declares a message of 21 bytes")),
        ("SIZE", Some("big"), None, Some("SIZE=big: not a number of bytes")),
        ("BODY", Some("8bitmime"), None, Some("BODY=8bitmime: the body contains 8-bit MIME text")),
        ("RET", Some("FULL"), None, Some("RET=FULL: a failure DSN should return the whole message")),
        ("ENVID", Some("QQ+2B314159"), None, Some("ENVID=QQ+2B314159: the sender's envelope id QQ+314159, echoed in every DSN")),
        ("NOTIFY", Some("SUCCESS,FAILURE,DELAY"), None, Some("NOTIFY=SUCCESS,FAILURE,DELAY: send a DSN if delivery succeeds, fails or is delayed")),
        ("AUTH", Some("<>"), None, Some("AUTH=<>: the submitter's identity is unknown or not trusted")),
        ("MT-PRIORITY", Some("3"), None, Some("MT-PRIORITY=3: priority 3, higher than normal (scale -9 to 9)")),
        ("HOLDFOR", Some("86400"), None, Some("HOLDFOR=86400: hold the message for 86 400 seconds (about 24 hours) before delivery")),
        ("BY", Some("600;R"), None, Some("BY=600;R: deliver within 600 seconds or return it as undeliverable")),
        ("BY", Some("120;NT"), None, Some("BY=120;NT: deliver within 120 seconds or send a delayed DSN; report each hop in trace DSNs")),
        ("RRVS", Some("2014-04-03T23:01:00Z"), None, Some("RRVS=2014-04-03T23:01:00Z: deliver only if the mailbox has had the same owner since 2014-04-03T23:01:00Z; otherwise reject")),
        ("REQUIRETLS", None, None, Some("REQUIRETLS: every hop must use verified TLS, or the message bounces")),
        ("XFOO", Some("1"), None, None),
    ];
    for (k, v, limit, want) in rows {
        assert_eq!(parameter_note(k, *v, *limit).as_deref(), *want, "{k} {v:?}");
    }
}

/// Postfix 3.x on 127.0.0.1:25, from
/// `swaks --server 127.0.0.1 --to alice@example.test --quit-after EHLO`.
const POSTFIX_EHLO: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 20000",
    "250-VRFY",
    "250-ETRN",
    "250-STARTTLS",
    "250-AUTH PLAIN LOGIN CRAM-MD5",
    "250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];

#[test]
fn postfix_ehlo_reply_every_line() {
    let want: &[Vec<Row>] = &[
        vec![
            row("250-", "value", None),
            row("mail.example.test", "argument", None),
        ],
        vec![
            row("250-", "value", None),
            row("PIPELINING", "keyword", Some("ext:PIPELINING")),
        ],
        vec![
            row("250-", "value", None),
            row("SIZE", "keyword", Some("ext:SIZE")),
            row("20000", "value", None),
        ],
        vec![
            row("250-", "value", None),
            row("VRFY", "keyword", Some("ext:VRFY")),
        ],
        vec![
            row("250-", "value", None),
            row("ETRN", "keyword", Some("ext:ETRN")),
        ],
        vec![
            row("250-", "value", None),
            row("STARTTLS", "keyword", Some("ext:STARTTLS")),
        ],
        vec![
            row("250-", "value", None),
            row("AUTH", "keyword", Some("ext:AUTH")),
            row("PLAIN", "mechanism", Some("sasl:PLAIN")),
            row("LOGIN", "mechanism", Some("sasl:LOGIN")),
            row("CRAM-MD5", "mechanism", Some("sasl:CRAM-MD5")),
        ],
        {
            let mut v = vec![
                row("250-", "value", None),
                row("XCLIENT", "keyword", Some("ext:XCLIENT")),
            ];
            for a in [
                "NAME",
                "ADDR",
                "PROTO",
                "HELO",
                "REVERSE_NAME",
                "PORT",
                "LOGIN",
                "DESTADDR",
                "DESTPORT",
            ] {
                v.push(row(a, "value", None));
            }
            v
        },
        vec![
            row("250-", "value", None),
            row(
                "ENHANCEDSTATUSCODES",
                "keyword",
                Some("ext:ENHANCEDSTATUSCODES"),
            ),
        ],
        vec![
            row("250-", "value", None),
            row("8BITMIME", "keyword", Some("ext:8BITMIME")),
        ],
        vec![
            row("250-", "value", None),
            row("DSN", "keyword", Some("ext:DSN")),
        ],
        vec![
            row("250-", "value", None),
            row("SMTPUTF8", "keyword", Some("ext:SMTPUTF8")),
        ],
        vec![
            row("250 ", "value", None),
            row("CHUNKING", "keyword", Some("ext:CHUNKING")),
        ],
    ];
    assert_eq!(POSTFIX_EHLO.len(), want.len());
    for (line, want) in POSTFIX_EHLO.iter().zip(want) {
        let got = owned(view(line, &ehlo_line_parts(line)));
        assert_eq!(&got, want, "{line}");
    }
    // The same lines without the reply code, as a parser hands them over.
    for line in POSTFIX_EHLO {
        let text = &line[4..];
        let parts = ehlo_line_parts(text);
        let with_code = ehlo_line_parts(line);
        assert_eq!(parts.len() + 1, with_code.len(), "{text}");
        for (a, b) in parts.iter().zip(with_code.iter().skip(1)) {
            assert_eq!((a.start + 4, a.end + 4), (b.start, b.end), "{text}");
            assert_eq!(
                (&a.kind, &a.id, &a.note),
                (&b.kind, &b.id, &b.note),
                "{text}"
            );
        }
    }
}

#[test]
fn ehlo_line_rows() {
    let rows: &[(&str, Vec<Row>)] = &[
        (
            "AUTH=LOGIN PLAIN",
            vec![
                row("AUTH", "keyword", Some("ext:AUTH=LOGIN")),
                row("LOGIN", "mechanism", Some("sasl:LOGIN")),
                row("PLAIN", "mechanism", Some("sasl:PLAIN")),
            ],
        ),
        (
            "AUTH GSSAPI NTLM XOAUTH2 WIBBLE",
            vec![
                row("AUTH", "keyword", Some("ext:AUTH")),
                row("GSSAPI", "mechanism", Some("sasl:GSSAPI")),
                row("NTLM", "mechanism", Some("sasl:NTLM")),
                row("XOAUTH2", "mechanism", Some("sasl:XOAUTH2")),
                row("WIBBLE", "unknown", None),
            ],
        ),
        (
            "X-EXPS GSSAPI NTLM",
            vec![
                row("X-EXPS", "keyword", Some("ext:X-EXPS")),
                row("GSSAPI", "mechanism", Some("sasl:GSSAPI")),
                row("NTLM", "mechanism", Some("sasl:NTLM")),
            ],
        ),
        (
            "LIMITS RCPTMAX=100 MAILMAX=1000",
            vec![
                row("LIMITS", "keyword", Some("ext:LIMITS")),
                row("RCPTMAX=100", "value", None),
                row("MAILMAX=1000", "value", None),
            ],
        ),
        (
            "X-UNHEARD-OF 1 2",
            vec![
                row("X-UNHEARD-OF", "unknown", None),
                row("1", "unknown", None),
                row("2", "unknown", None),
            ],
        ),
        ("", vec![]),
    ];
    for (line, want) in rows {
        let got = owned(view(line, &ehlo_line_parts(line)));
        assert_eq!(&got, want, "{line}");
    }
}

#[test]
fn ehlo_notes() {
    let note = |line: &str, token: &str| {
        ehlo_line_parts(line)
            .into_iter()
            .find(|p| &line[p.start..p.end] == token)
            .and_then(|p| p.note)
    };
    assert_eq!(
        note("SIZE 10240000", "10240000").as_deref(),
        Some("SIZE 10240000: the server accepts messages up to 10 MB (10 240 000 bytes)")
    );
    assert_eq!(
        note("250-SIZE 20000", "20000").as_deref(),
        Some("SIZE 20000: the server accepts messages up to 20 KB (20 000 bytes)")
    );
    assert_eq!(
        note("SIZE 0", "0").as_deref(),
        Some("SIZE 0: the server announces no fixed size limit")
    );
    assert_eq!(
        note("LIMITS RCPTMAX=100 MAILMAX=1000", "MAILMAX=1000").as_deref(),
        Some("MAILMAX=1000: at most 1 000 transactions (MAIL commands) per session")
    );
    assert_eq!(
        note("XCLIENT NAME ADDR", "ADDR").as_deref(),
        Some("ADDR: a trusted client may override the client's IP address")
    );
    assert_eq!(
        note("250-PIPELINING", "250-").as_deref(),
        Some("reply code 250; the dash means more lines follow")
    );
}

fn check_parts(s: &str, parts: &[Part]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for p in parts {
        prop_assert!(p.start < p.end, "empty part {:?}", p);
        prop_assert!(p.end <= s.len(), "out of bounds {:?}", p);
        prop_assert!(p.start >= last_end, "overlap or unsorted {:?}", p);
        prop_assert!(s.is_char_boundary(p.start) && s.is_char_boundary(p.end));
        if p.kind == "unknown" {
            prop_assert!(p.id.is_none());
        }
        last_end = p.end;
    }
    // Every byte but separators (and the '=' of `AUTH=LOGIN`) is in a part.
    for (i, b) in s.bytes().enumerate() {
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'=') {
            continue;
        }
        prop_assert!(
            parts.iter().any(|p| p.start <= i && i < p.end),
            "byte {} of {:?} in no part",
            i,
            s
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn splitters_never_panic_and_stay_in_bounds(s in any::<String>()) {
        check_parts(&s, &command_parts(&s))?;
        check_parts(&s, &ehlo_line_parts(&s))?;
        let _ = explain_all(&s);
        let _ = parameter_note(&s, Some(&s), Some(1));
    }

    #[test]
    fn smtp_shaped_lines_never_panic(
        verb in prop::sample::select(vec!["MAIL", "RCPT", "AUTH", "BDAT", "XCLIENT", "EHLO", "ETRN", "250-AUTH", "250 SIZE", "LIMITS", "AUTH="]),
        rest in "[ -~é€\t]{0,60}",
    ) {
        let line = format!("{verb} {rest}");
        check_parts(&line, &command_parts(&line))?;
        check_parts(&line, &ehlo_line_parts(&line))?;
        let glued = format!("{verb}{rest}");
        check_parts(&glued, &command_parts(&glued))?;
        check_parts(&glued, &ehlo_line_parts(&glued))?;
    }
}
