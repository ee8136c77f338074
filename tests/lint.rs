//! The lint, rule by rule: for each rule a transcript that must trigger it
//! and one that must not. Transcripts are RFC 5321 Appendix D examples,
//! real swaks runs against the loopback Postfix (tests/fixtures), and
//! RFC-style dialogues built on the real Postfix EHLO reply with the
//! replies Postfix gives (`503 5.5.1 Error: nested MAIL command`, …).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use smtpscope::{parse, Diagnostic, Options, Severity, Transcript};

/// The real greeting and EHLO reply of the loopback Postfix (port 25), in
/// RFC style.
const POSTFIX: &str = "\
S: 220 mail.example.test ESMTP Postfix (Debian/GNU)
C: EHLO client.example.test
S: 250-mail.example.test
S: 250-PIPELINING
S: 250-SIZE 20000
S: 250-VRFY
S: 250-ETRN
S: 250-STARTTLS
S: 250-AUTH PLAIN LOGIN CRAM-MD5
S: 250-ENHANCEDSTATUSCODES
S: 250-8BITMIME
S: 250-DSN
S: 250-SMTPUTF8
S: 250 CHUNKING
";

/// The greeting and EHLO reply of RFC 5321 Appendix D.1: 8BITMIME, SIZE
/// (no limit), DSN, HELP — no PIPELINING, CHUNKING or SMTPUTF8.
const D1: &str = "\
S: 220 foo.com Simple Mail Transfer Service Ready
C: EHLO bar.com
S: 250-foo.com greets bar.com
S: 250-8BITMIME
S: 250-SIZE
S: 250-DSN
S: 250 HELP
";

/// A server that offers only SIZE (no 8BITMIME, DSN, SMTPUTF8).
const BARE: &str = "\
S: 220 mx.example.com ESMTP
C: EHLO client.example.test
S: 250-mx.example.com
S: 250 SIZE 10240000
";

/// swaks 20201014.0 against the loopback Postfix:
/// `swaks --server 127.0.0.1 --from 'jösé@example.test' --to alice@example.test --quit-after RCPT`.
const SWAKS_UTF8: &str = "\
=== Trying 127.0.0.1:25...
=== Connected to 127.0.0.1.
<-  220 mail.example.test ESMTP Postfix (Debian/GNU)
 -> EHLO vm
<-  250-mail.example.test
<-  250-PIPELINING
<-  250-SIZE 20000
<-  250-VRFY
<-  250-ETRN
<-  250-STARTTLS
<-  250-AUTH PLAIN LOGIN CRAM-MD5
<-  250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT
<-  250-ENHANCEDSTATUSCODES
<-  250-8BITMIME
<-  250-DSN
<-  250-SMTPUTF8
<-  250 CHUNKING
 -> MAIL FROM:<jösé@example.test>
<-  250 2.1.0 Ok
 -> RCPT TO:<alice@example.test>
<-  250 2.1.5 Ok
 -> QUIT
<-  221 2.0.0 Bye
=== Connection closed with remote host.
";

fn fixture(path: &str) -> String {
    let p = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn run(format: &str, text: &str) -> Transcript {
    parse(
        text,
        &Options {
            format: Some(format.to_string()),
            show_secrets: false,
            ..Options::default()
        },
    )
}

fn codes(t: &Transcript) -> Vec<&str> {
    t.diagnostics.iter().map(|d| &*d.code).collect()
}

fn find<'a>(t: &'a Transcript, code: &str) -> &'a Diagnostic {
    t.diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", t.diagnostics))
}

struct Row {
    name: &'static str,
    format: &'static str,
    text: String,
    present: &'static [&'static str],
    absent: &'static [&'static str],
}

fn row(
    name: &'static str,
    text: impl Into<String>,
    present: &'static [&'static str],
    absent: &'static [&'static str],
) -> Row {
    Row {
        name,
        format: "rfc",
        text: text.into(),
        present,
        absent,
    }
}

fn swaks(
    name: &'static str,
    file: &str,
    present: &'static [&'static str],
    absent: &'static [&'static str],
) -> Row {
    Row {
        name,
        format: "swaks",
        text: fixture(file),
        present,
        absent,
    }
}

/// Every id of the sequence and extension rules: a clean dialogue has none.
const ORDER: &[&str] = &[
    "command-before-greeting",
    "mail-before-helo",
    "rcpt-without-mail",
    "data-without-rcpt",
    "command-after-quit",
    "nested-mail",
];
const EXTENSIONS: &[&str] = &[
    "pipelining-unadvertised",
    "bdat-unadvertised",
    "8bit-unadvertised",
    "smtputf8-unadvertised",
    "size-exceeds-limit",
    "dsn-unadvertised",
    "extension-lost-after-tls",
    "param-unadvertised",
    "command-unadvertised",
];
const WIRE: &[&str] = &["line-too-long", "bare-lf", "bare-cr", "smtp-smuggling"];

fn rows() -> Vec<Row> {
    let long_addr = format!("{}@example.test", "a".repeat(600));
    let long_content = "x".repeat(1200);
    vec![
        // --- clean dialogues: nothing to report
        row("appendix D.1", fixture("rfc/appendix-d1.txt"), &[], ORDER),
        row("appendix D.1 extensions", fixture("rfc/appendix-d1.txt"), &[], EXTENSIONS),
        row("appendix D.1 wire", fixture("rfc/appendix-d1.txt"), &[], WIRE),
        row("appendix D.3 (two sessions)", fixture("rfc/appendix-d3.txt"), &[], ORDER),
        swaks("swaks delivery", "swaks/delivery.txt", &[], ORDER),
        swaks("swaks delivery wire (content CRLF, dialogue LF)", "swaks/delivery.txt", &[], WIRE),
        // --- command-before-greeting
        row(
            "EHLO before the 220",
            "C: EHLO bar.com\nS: 220 foo.com Simple Mail Transfer Service Ready\nS: 250 foo.com\nC: QUIT\nS: 221 foo.com closing\n",
            &["command-before-greeting"],
            &[],
        ),
        row(
            "paste starting at EHLO (greeting not pasted)",
            "C: EHLO bar.com\nS: 250 foo.com greets bar.com\nC: MAIL FROM:<Smith@bar.com>\nS: 250 OK\n",
            &[],
            &["command-before-greeting", "mail-before-helo"],
        ),
        // --- mail-before-helo
        row(
            "MAIL right after the greeting",
            "S: 220 mail.example.test ESMTP Postfix (Debian/GNU)\nC: MAIL FROM:<bob@example.test>\nS: 503 5.5.1 Error: send HELO/EHLO first\n",
            &["mail-before-helo"],
            &[],
        ),
        row(
            "MAIL after STARTTLS without a new EHLO",
            format!("{POSTFIX}C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\nC: MAIL FROM:<bob@example.test>\nS: 503 5.5.1 Error: send HELO/EHLO first\n"),
            &["mail-before-helo"],
            &[],
        ),
        row(
            "MAIL after HELO",
            "S: 220 foo.com ready\nC: HELO bar.com\nS: 250 foo.com\nC: MAIL FROM:<Smith@bar.com>\nS: 250 OK\n",
            &[],
            &["mail-before-helo"],
        ),
        // --- rcpt-without-mail
        row(
            "RCPT without MAIL",
            format!("{POSTFIX}C: RCPT TO:<alice@example.test>\nS: 503 5.5.1 Error: need MAIL command\n"),
            &["rcpt-without-mail"],
            &[],
        ),
        row(
            "RCPT after MAIL",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Ok\n"),
            &[],
            &["rcpt-without-mail"],
        ),
        // --- data-without-rcpt
        row(
            "DATA without RCPT",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: DATA\nS: 503 5.5.1 Error: need RCPT command\n"),
            &["data-without-rcpt"],
            &[],
        ),
        row(
            "DATA after every RCPT was refused",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: RCPT TO:<nosuchuser@example.test>\nS: 550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table\nC: DATA\nS: 554 5.5.1 Error: no valid recipients\n"),
            &["data-without-rcpt"],
            &[],
        ),
        row(
            "pipelined DATA after a refused RCPT (client could not know)",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nC: RCPT TO:<nosuchuser@example.test>\nC: DATA\nS: 250 2.1.0 Ok\nS: 550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table\nS: 554 5.5.1 Error: no valid recipients\n"),
            &[],
            &["data-without-rcpt", "pipelining-unadvertised"],
        ),
        swaks("swaks pipelining, one RCPT refused", "swaks/pipelining.txt", &[], ORDER),
        // --- command-after-quit
        row(
            "NOOP after QUIT",
            format!("{D1}C: QUIT\nS: 221 foo.com Service closing transmission channel\nC: NOOP\n"),
            &["command-after-quit"],
            &[],
        ),
        // --- nested-mail
        row(
            "second MAIL without RSET",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: MAIL FROM:<carol@example.test>\nS: 503 5.5.1 Error: nested MAIL command\n"),
            &["nested-mail"],
            &[],
        ),
        row(
            "second MAIL after RSET",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: RSET\nS: 250 2.0.0 Ok\nC: MAIL FROM:<carol@example.test>\nS: 250 2.1.0 Ok\n"),
            &[],
            &["nested-mail"],
        ),
        row(
            "second MAIL after a rejected MAIL",
            format!("{POSTFIX}C: MAIL FROM:<spammer@bad.test>\nS: 550 5.7.1 <spammer@bad.test>: Sender address rejected: Sender blocked by local policy\nC: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\n"),
            &[],
            &["nested-mail"],
        ),
        // --- pipelining-unadvertised
        row(
            "pipelined to a server without PIPELINING",
            format!("{D1}C: MAIL FROM:<Smith@bar.com>\nC: RCPT TO:<Jones@foo.com>\nC: DATA\nS: 250 OK\nS: 250 OK\nS: 354 Start mail input; end with <CRLF>.<CRLF>\n"),
            &["pipelining-unadvertised"],
            &[],
        ),
        swaks("swaks --pipeline to Postfix", "swaks/pipelining.txt", &[], &["pipelining-unadvertised"]),
        // --- bdat-unadvertised
        row(
            "BDAT without CHUNKING",
            format!("{D1}C: MAIL FROM:<Smith@bar.com>\nS: 250 OK\nC: RCPT TO:<Jones@foo.com>\nS: 250 OK\nC: BDAT 20 LAST\nC: Subject: BDAT test\nS: 250 OK\n"),
            &["bdat-unadvertised"],
            &[],
        ),
        row(
            "BDAT with CHUNKING",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Ok\nC: BDAT 20 LAST\nC: Subject: BDAT test\nS: 250 2.0.0 Ok: 20 bytes queued as 4C3A2B4054\n"),
            &[],
            &["bdat-unadvertised", "data-without-rcpt"],
        ),
        // --- 8bit-unadvertised
        row(
            "BODY=8BITMIME without 8BITMIME",
            format!("{BARE}C: MAIL FROM:<bob@example.test> BODY=8BITMIME\nS: 250 OK\n"),
            &["8bit-unadvertised"],
            &[],
        ),
        row(
            "8-bit content without 8BITMIME",
            format!("{BARE}C: MAIL FROM:<bob@example.test>\nS: 250 OK\nC: RCPT TO:<alice@example.com>\nS: 250 OK\nC: DATA\nS: 354 go ahead\nC: Subject: café\nC:\nC: Grüße\nC: .\nS: 250 OK queued\n"),
            &["8bit-unadvertised"],
            &[],
        ),
        row(
            "8-bit content declared to an 8BITMIME server",
            format!("{D1}C: MAIL FROM:<Smith@bar.com> BODY=8BITMIME\nS: 250 OK\nC: RCPT TO:<Jones@foo.com>\nS: 250 OK\nC: DATA\nS: 354 Start mail input; end with <CRLF>.<CRLF>\nC: Subject: café\nC: .\nS: 250 OK\n"),
            &[],
            &["8bit-unadvertised", "8bit-undeclared"],
        ),
        // --- smtputf8-unadvertised
        row(
            "UTF-8 address without SMTPUTF8",
            format!("{D1}C: MAIL FROM:<jösé@bar.com>\nS: 553 5.6.7 address not ASCII\n"),
            &["smtputf8-unadvertised"],
            &[],
        ),
        row(
            "UTF-8 address with SMTPUTF8",
            format!("{POSTFIX}C: MAIL FROM:<jösé@example.test> SMTPUTF8\nS: 250 2.1.0 Ok\n"),
            &[],
            &["smtputf8-unadvertised", "smtputf8-undeclared"],
        ),
        // --- size-exceeds-limit
        row(
            "SIZE= over the advertised limit",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test> SIZE=25000\nS: 552 5.3.4 Message size exceeds fixed limit\n"),
            &["size-exceeds-limit"],
            &[],
        ),
        row(
            "SIZE= under the limit",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test> SIZE=1200\nS: 250 2.1.0 Ok\n"),
            &[],
            &["size-exceeds-limit", "param-unadvertised"],
        ),
        row(
            "SIZE without a limit",
            format!("{D1}C: MAIL FROM:<Smith@bar.com> SIZE=99999999\nS: 250 OK\n"),
            &[],
            &["size-exceeds-limit"],
        ),
        // --- dsn-unadvertised
        row(
            "NOTIFY= without DSN",
            format!("{BARE}C: MAIL FROM:<bob@example.test> RET=HDRS\nS: 250 OK\nC: RCPT TO:<alice@example.com> NOTIFY=SUCCESS,FAILURE\nS: 250 OK\n"),
            &["dsn-unadvertised"],
            &[],
        ),
        row(
            "NOTIFY= with DSN",
            format!("{D1}C: MAIL FROM:<Smith@bar.com> RET=HDRS\nS: 250 OK\nC: RCPT TO:<Jones@foo.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Jones@foo.com\nS: 250 OK\n"),
            &[],
            &["dsn-unadvertised"],
        ),
        // --- extension-lost-after-tls, capabilities-changed-tls
        row(
            "8BITMIME gone after STARTTLS",
            "S: 220 mx.example.com ESMTP\nC: EHLO client.example.test\nS: 250-mx.example.com\nS: 250-8BITMIME\nS: 250 STARTTLS\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\nC: EHLO client.example.test\nS: 250-mx.example.com\nS: 250 AUTH PLAIN\nC: MAIL FROM:<bob@example.test> BODY=8BITMIME\nS: 250 OK\n",
            &["extension-lost-after-tls", "capabilities-changed-tls"],
            &["8bit-unadvertised"],
        ),
        swaks(
            "swaks STARTTLS to Postfix (same list after TLS)",
            "swaks/starttls-auth.txt",
            &[],
            &["extension-lost-after-tls", "capabilities-changed-tls"],
        ),
        // --- smtputf8-undeclared (Postfix accepts it; the client still broke RFC 6531)
        Row {
            name: "swaks: UTF-8 sender without the SMTPUTF8 parameter",
            format: "swaks",
            text: SWAKS_UTF8.to_string(),
            present: &["smtputf8-undeclared"],
            absent: &["smtputf8-unadvertised"],
        },
        // --- 8bit-undeclared
        row(
            "8-bit content to an 8BITMIME server without BODY=8BITMIME",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: café\nC: .\nS: 250 2.0.0 Ok: queued as 1A2B3C4D5E\n"),
            &["8bit-undeclared"],
            &["8bit-unadvertised"],
        ),
        // --- command-unadvertised, param-unadvertised
        row(
            "STARTTLS to a server that does not offer it",
            format!("{D1}C: STARTTLS\nS: 454 4.7.0 TLS not available due to local problem\n"),
            &["command-unadvertised"],
            &[],
        ),
        row(
            "STARTTLS offered",
            format!("{POSTFIX}C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n"),
            &[],
            &["command-unadvertised"],
        ),
        row(
            "SIZE= after HELO (no extensions)",
            "S: 220 foo.com ready\nC: HELO bar.com\nS: 250 foo.com\nC: MAIL FROM:<Smith@bar.com> SIZE=1200\nS: 555 5.5.4 Unsupported option: SIZE=1200\n",
            &["param-unadvertised"],
            &[],
        ),
        // --- line-too-long
        row(
            "600-octet address",
            format!("{POSTFIX}C: MAIL FROM:<{long_addr}>\nS: 501 5.1.7 Bad sender address syntax\n"),
            &["line-too-long"],
            &[],
        ),
        row(
            "1200-octet content line",
            format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: RCPT TO:<alice@example.test>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: long\nC:\nC: {long_content}\nC: .\nS: 250 2.0.0 Ok: queued as 1A2B3C4D5E\n"),
            &["line-too-long"],
            &[],
        ),
        // --- bare-lf, bare-cr, smtp-smuggling (CRLF-preserving input)
        row(
            "one LF line in a CRLF dialogue",
            "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: NOOP\nS: 250 OK\r\nC: QUIT\r\nS: 221 bye\r\n",
            &["bare-lf"],
            &["bare-cr"],
        ),
        row(
            "one CR line in a CRLF dialogue",
            "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: NOOP\rS: 250 OK\r\nC: QUIT\r\nS: 221 bye\r\n",
            &["bare-cr"],
            &["bare-lf"],
        ),
        row(
            "LF paste (endings not the dialogue's)",
            "S: 220 foo.com ready\nC: EHLO bar.com\nS: 250 foo.com\nC: NOOP\nS: 250 OK\n",
            &[],
            &["bare-lf", "bare-cr"],
        ),
        row(
            "<LF>.<LF> end of data",
            "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: MAIL FROM:<a@bar.com>\r\nS: 250 OK\r\nC: RCPT TO:<b@foo.com>\r\nS: 250 OK\r\nC: DATA\r\nS: 354 go\r\nC: Subject: hi\r\nC: hello\nC: .\nC: MAIL FROM:<admin@foo.com>\r\n",
            &["smtp-smuggling"],
            &[],
        ),
        row(
            "<CR><LF>.<LF> end of data",
            "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: MAIL FROM:<a@bar.com>\r\nS: 250 OK\r\nC: RCPT TO:<b@foo.com>\r\nS: 250 OK\r\nC: DATA\r\nS: 354 go\r\nC: hello\r\nC: .\nS: 250 OK\r\n",
            &["smtp-smuggling"],
            &[],
        ),
        row(
            "<CR>.<CR> end of data",
            "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: MAIL FROM:<a@bar.com>\r\nS: 250 OK\r\nC: RCPT TO:<b@foo.com>\r\nS: 250 OK\r\nC: DATA\r\nS: 354 go\r\nC: hello\rC: .\rS: 250 OK\r\n",
            &["smtp-smuggling", "bare-cr"],
            &["bare-lf"],
        ),
        row(
            "<CR><LF>.<CR><LF> end of data",
            "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: MAIL FROM:<a@bar.com>\r\nS: 250 OK\r\nC: RCPT TO:<b@foo.com>\r\nS: 250 OK\r\nC: DATA\r\nS: 354 go\r\nC: hello\r\nC: .\r\nS: 250 OK\r\n",
            &[],
            &["smtp-smuggling", "bare-lf", "bare-cr"],
        ),
        // --- auth-before-starttls, auth-plain-without-tls, credentials-in-paste
        row(
            "AUTH PLAIN in clear to Postfix offering STARTTLS",
            format!("{POSTFIX}C: AUTH PLAIN AGFsaWNlAHNlY3JldDEyMw==\nS: 235 2.7.0 Authentication successful\n"),
            &["auth-before-starttls", "auth-plain-without-tls", "credentials-in-paste"],
            &[],
        ),
        row(
            "AUTH refused until STARTTLS, no credentials sent",
            "S: 220 mx.example.com ESMTP\nC: EHLO client.example.test\nS: 250-mx.example.com\nS: 250 STARTTLS\nC: AUTH LOGIN\nS: 530 5.7.0 Must issue a STARTTLS command first\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n",
            &["auth-before-starttls"],
            &["credentials-in-paste"],
        ),
        swaks(
            "swaks AUTH LOGIN after STARTTLS",
            "swaks/starttls-auth.txt",
            &["auth-plain-without-tls", "credentials-in-paste"],
            &["auth-before-starttls"],
        ),
        swaks(
            "swaks to port 2525 (no AUTH before TLS)",
            "swaks/tls-port-2525.txt",
            &[],
            &["auth-plain-without-tls", "credentials-in-paste", "auth-before-starttls"],
        ),
        row(
            "no AUTH in the paste",
            fixture("rfc/appendix-d1.txt"),
            &[],
            &["credentials-in-paste", "auth-before-starttls", "auth-plain-without-tls"],
        ),
    ]
}

#[test]
fn rules_table() {
    let mut failures = Vec::new();
    for r in rows() {
        let t = run(r.format, &r.text);
        let got = codes(&t);
        for id in r.present {
            if !got.contains(id) {
                failures.push(format!("{}: expected {id}, got {got:?}", r.name));
            }
        }
        for id in r.absent {
            if got.contains(id) {
                let d = find(&t, id);
                failures.push(format!(
                    "{}: unexpected {id} at line {:?}: {}",
                    r.name, d.line, d.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Line, severity, RFC and session of single diagnostics, checked by hand
/// against the transcript.
#[test]
fn diagnostic_fields() {
    // Line 17 is the second MAIL (POSTFIX has 14 lines).
    let text = format!("{POSTFIX}C: MAIL FROM:<bob@example.test>\nS: 250 2.1.0 Ok\nC: MAIL FROM:<carol@example.test>\nS: 503 5.5.1 Error: nested MAIL command\n");
    let t = run("rfc", &text);
    let d = find(&t, "nested-mail");
    assert_eq!(d.line, Some(17));
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.rfc.as_deref(), Some("RFC 5321 §4.1.4"));
    assert_eq!(d.session, Some(0));

    // The smuggled dot is line 12; the SMTP smuggling rule is an error.
    let t = run(
        "rfc",
        "S: 220 foo.com ready\r\nC: EHLO bar.com\r\nS: 250 foo.com\r\nC: MAIL FROM:<a@bar.com>\r\nS: 250 OK\r\nC: RCPT TO:<b@foo.com>\r\nS: 250 OK\r\nC: DATA\r\nS: 354 go\r\nC: Subject: hi\r\nC: hello\nC: .\nC: MAIL FROM:<admin@foo.com>\r\n",
    );
    let d = find(&t, "smtp-smuggling");
    assert_eq!((d.line, d.severity), (Some(12), Severity::Error));
    assert!(d.message.contains("<LF>.<LF>"), "{}", d.message);

    // Postfix's pre-TLS EHLO reply: AUTH is its line 9.
    let t = run("rfc", POSTFIX);
    let d = find(&t, "auth-plain-without-tls");
    assert_eq!(d.line, Some(9));
    assert!(d.message.contains("PLAIN LOGIN"), "{}", d.message);

    // Appendix D.3 has two sessions; a NOOP after QUIT in the second one
    // is reported for session 1.
    let mut d3 = fixture("rfc/appendix-d3.txt");
    d3.push_str("           C: NOOP\n");
    let t = run("rfc", &d3);
    assert_eq!(t.sessions.len(), 2);
    assert_eq!(find(&t, "command-after-quit").session, Some(1));
}

#[test]
fn capability_difference_is_listed() {
    let t = run(
        "rfc",
        "S: 220 mx.example.com ESMTP\nC: EHLO c.example\nS: 250-mx.example.com\nS: 250-PIPELINING\nS: 250 STARTTLS\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\nC: EHLO c.example\nS: 250-mx.example.com\nS: 250 AUTH PLAIN LOGIN\n",
    );
    let d = find(&t, "capabilities-changed-tls");
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(
        d.message,
        "After STARTTLS the server's EHLO reply added AUTH PLAIN LOGIN; removed PIPELINING."
    );
    // AUTH PLAIN offered only inside TLS is fine.
    assert!(!codes(&t).contains(&"auth-plain-without-tls"));

    // Added and changed, each in the order of the reply after STARTTLS;
    // a capability that only moved is not listed.
    let t = run(
        "rfc",
        "S: 220 mx.example.com ESMTP\nC: EHLO c.example\nS: 250-mx.example.com\nS: 250-PIPELINING\nS: 250-SIZE 1000\nS: 250-STARTTLS\nS: 250 DSN\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\nC: EHLO c.example\nS: 250-mx.example.com\nS: 250-SIZE 2000\nS: 250-AUTH PLAIN\nS: 250-DSN\nS: 250-8BITMIME\nS: 250 PIPELINING\n",
    );
    assert_eq!(
        find(&t, "capabilities-changed-tls").message,
        "After STARTTLS the server's EHLO reply added AUTH PLAIN, 8BITMIME; changed SIZE 1000 → SIZE 2000."
    );
}

#[test]
fn credentials_message_says_masked_or_shown() {
    let text = format!(
        "{POSTFIX}C: AUTH PLAIN AGFsaWNlAHNlY3JldDEyMw==\nS: 235 2.7.0 Authentication successful\n"
    );
    let masked = run("rfc", &text);
    let d = find(&masked, "credentials-in-paste");
    assert!(d.message.contains("masked"), "{}", d.message);
    assert_eq!(d.line, Some(15));
    let d = find(&masked, "auth-before-starttls");
    assert!(d.message.ends_with("in clear text."), "{}", d.message);
    // Refused before any credentials were sent: no "clear text" claim.
    let t = run("rfc", "S: 220 mx.example.com ESMTP\nC: EHLO client.example.test\nS: 250-mx.example.com\nS: 250 STARTTLS\nC: AUTH LOGIN\nS: 530 5.7.0 Must issue a STARTTLS command first\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n");
    assert_eq!(
        find(&t, "auth-before-starttls").message,
        "AUTH LOGIN was sent without TLS although the server offers STARTTLS."
    );
    let shown = parse(
        &text,
        &Options {
            format: Some("rfc".to_string()),
            show_secrets: true,
            ..Options::default()
        },
    );
    let d = find(&shown, "credentials-in-paste");
    assert!(d.message.contains("shown"), "{}", d.message);
}
