//! Helpers shared by the fuzz targets: the invariant check (the very file
//! tests/invariants.rs-style tests use) and the mapping of raw bytes onto an
//! SMTP-ish alphabet, so that half of the inputs look like dialogues.

#![allow(clippy::panic)]

#[path = "../../tests/hostile/check.rs"]
pub mod check;

/// Map each byte onto pieces of SMTP dialogues: verbs, codes, markers, log
/// prefixes, separators. The first byte chooses raw (even) or mapped (odd).
pub fn text_of(data: &[u8]) -> String {
    const PIECES: &[&str] = &[
        "\n",
        "\r\n",
        "\r",
        " ",
        "-",
        ":",
        "<",
        ">",
        "@",
        ".",
        "=",
        "[",
        "]",
        "\"",
        "\\",
        "(",
        ")",
        ",",
        ";",
        "+",
        "S: ",
        "C: ",
        "<-  ",
        " -> ",
        "<~ ",
        " ~> ",
        "*** ",
        "=== ",
        "send: ",
        "reply: ",
        "> ",
        "< ",
        "* ",
        "<< ",
        ">> ",
        "SMTP<< ",
        "SMTP>> ",
        "220 ",
        "250-",
        "250 ",
        "354 ",
        "221 ",
        "334 ",
        "235 ",
        "421 ",
        "450 ",
        "451 ",
        "550 ",
        "552 ",
        "553 ",
        "554 ",
        "5.1.1 ",
        "2.0.0 ",
        "4.7.0 ",
        "EHLO ",
        "HELO ",
        "LHLO ",
        "MAIL FROM:",
        "RCPT TO:",
        "DATA",
        "BDAT ",
        " LAST",
        "RSET",
        "QUIT",
        "NOOP",
        "VRFY ",
        "STARTTLS",
        "AUTH ",
        "PLAIN ",
        "LOGIN",
        "XOAUTH2 ",
        "CRAM-MD5",
        "AHVzZXIAcGFzcw==",
        "dXNlcg==",
        "SIZE=",
        "BODY=8BITMIME",
        "SMTPUTF8",
        "NOTIFY=",
        "ORCPT=rfc822;",
        "AUTH=",
        "ENVID=",
        "RET=HDRS",
        "XCLIENT ",
        "PIPELINING",
        "CHUNKING",
        "x@example.com",
        "mx.example.com",
        "[192.0.2.1]",
        "[IPv6:::1]",
        "Nov 28 14:00:00 mx postfix/smtpd[123]: ",
        "postfix/smtp[9]: ",
        "connect from a[192.0.2.1]",
        "disconnect from a[192.0.2.1]",
        "ABC123: to=<x@example.com>, status=bounced (host said: ",
        "(in reply to RCPT TO command))",
        "2026-11-28 14:00:00 ",
        "1abc-000001-AB ",
        "<= ",
        "=> ",
        "** ",
        "sm-mta[42]: ",
        "2026-11-28T14:00:00.000Z,SMTP,",
        "Final-Recipient: rfc822;",
        "Diagnostic-Code: smtp; ",
        "Status: 5.1.1",
        "Remote-MTA: dns;",
        "DEBUG SMTP: ",
        "[connection] ",
        "SMTP (",
        "\u{e9}",
        "\u{202e}",
        "\u{0}",
        "\t",
        "0",
        "1",
        "9",
        "a",
        "Z",
        "%",
        "\u{feff}",
    ];
    match data.split_first() {
        Some((first, rest)) if first % 2 == 1 => {
            let mut s = String::with_capacity(rest.len() * 4);
            for b in rest {
                s.push_str(
                    PIECES
                        .get(*b as usize % PIECES.len())
                        .copied()
                        .unwrap_or(""),
                );
            }
            s
        }
        Some((_, rest)) => String::from_utf8_lossy(rest).into_owned(),
        None => String::new(),
    }
}

/// Parse and assert the invariants; a broken invariant is a crash.
pub fn parse_and_check(text: &str, options: &smtpscope::Options) {
    let t = smtpscope::parse(text, options);
    if let Err(e) = check::check(text, &t) {
        panic!("invariant broken: {e}");
    }
}
