//! Deterministic generators of realistic inputs for the benchmarks.
//!
//! Each generator takes a seed and a target size and returns a text of at
//! least that many bytes, always the same for the same seed and size (a
//! SplitMix64 sequence; no dependency, no clock, no OS randomness). The
//! shapes follow the fixtures in `tests/fixtures/` (real swaks runs and a
//! real Postfix log): what varies is the mix of outcomes, the number of
//! recipients, message sizes and, for the log, how sessions interleave.
//!
//! Shared by `benches/` and `examples/gen.rs` (which writes the inputs to
//! files for the CLI, pflogsumm and memory measurements).

#![allow(dead_code)]

use std::fmt::Write;

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough to
/// pick between shapes of a transcript.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform-ish in `lo..=hi` (modulo bias is irrelevant here).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

const USERS: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "mail.example.test",
    "corp.example.com",
];
const WORDS: &[&str] = &[
    "the",
    "meeting",
    "is",
    "moved",
    "to",
    "Thursday",
    "please",
    "bring",
    "the",
    "quarterly",
    "report",
    "and",
    "your",
    "laptop",
    "we",
    "will",
    "discuss",
    "budget",
    "for",
    "next",
    "year",
    "thanks",
    "regards",
    "invoice",
    "attached",
    "shipping",
    "confirmation",
    "order",
];

fn address(rng: &mut Rng) -> String {
    format!(
        "{}{}@{}",
        rng.pick(USERS),
        rng.range(1, 999),
        rng.pick(DOMAINS)
    )
}

fn queue_id(rng: &mut Rng) -> String {
    format!("{:010X}", rng.next_u64() & 0xFF_FFFF_FFFF)
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = rng.range(6, 14);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    out.push('.');
}

/// What happens to one recipient at RCPT time.
enum Rcpt {
    Ok,
    Unknown,
    Greylisted,
}

fn rcpt_fate(rng: &mut Rng) -> Rcpt {
    match rng.range(0, 9) {
        0 => Rcpt::Unknown,
        1 => Rcpt::Greylisted,
        _ => Rcpt::Ok,
    }
}

/// The dialogue of one session as (is_client, text) lines, and whether the
/// session was TLS from the given index on. Shared by the RFC-style and
/// swaks generators, which only differ in how they mark lines.
struct Dialogue {
    lines: Vec<(bool, String)>,
    /// Index of the first line sent inside TLS.
    tls_from: usize,
}

fn ehlo_reply(host: &str, client: &str, tls: bool, lines: &mut Vec<(bool, String)>) {
    lines.push((false, format!("250-{host} Hello {client} [192.0.2.17]")));
    for cap in [
        "PIPELINING",
        "SIZE 52428800",
        "ETRN",
        if tls { "AUTH PLAIN LOGIN" } else { "STARTTLS" },
        "ENHANCEDSTATUSCODES",
        "8BITMIME",
        "DSN",
        "SMTPUTF8",
    ] {
        lines.push((false, format!("250-{cap}")));
    }
    lines.push((false, "250 CHUNKING".to_string()));
}

fn dialogue(rng: &mut Rng, n: u64) -> Dialogue {
    let host = format!("mx{}.{}", n % 7, rng.pick(DOMAINS));
    let client = format!("client{}.example.org", n % 101);
    let mut l: Vec<(bool, String)> = Vec::with_capacity(64);
    l.push((false, format!("220 {host} ESMTP Postfix")));
    l.push((true, format!("EHLO {client}")));
    ehlo_reply(&host, &client, false, &mut l);
    l.push((true, "STARTTLS".to_string()));
    l.push((false, "220 2.0.0 Ready to start TLS".to_string()));
    let tls_from = l.len();
    l.push((true, format!("EHLO {client}")));
    ehlo_reply(&host, &client, true, &mut l);
    let user = address(rng);
    l.push((
        true,
        "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQxMjM=".to_string(),
    ));
    l.push((false, "235 2.7.0 Authentication successful".to_string()));
    let body_lines = rng.range(3, 30);
    let size = 400 + body_lines * 60;
    l.push((true, format!("MAIL FROM:<{user}> SIZE={size}")));
    l.push((false, "250 2.1.0 Ok".to_string()));
    let mut accepted = Vec::new();
    for _ in 0..rng.range(1, 5) {
        let to = address(rng);
        l.push((true, format!("RCPT TO:<{to}>")));
        match rcpt_fate(rng) {
            Rcpt::Ok => {
                l.push((false, "250 2.1.5 Ok".to_string()));
                accepted.push(to);
            }
            Rcpt::Unknown => l.push((
                false,
                format!("550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table"),
            )),
            Rcpt::Greylisted => l.push((
                false,
                format!("450 4.2.0 <{to}>: Recipient address rejected: Greylisted, try again later"),
            )),
        }
    }
    if accepted.is_empty() {
        l.push((true, "RSET".to_string()));
        l.push((false, "250 2.0.0 Ok".to_string()));
    } else {
        l.push((true, "DATA".to_string()));
        l.push((false, "354 End data with <CR><LF>.<CR><LF>".to_string()));
        let day = rng.range(1, 28);
        let sec = rng.range(0, 59);
        l.push((
            true,
            format!("Date: Thu, {day} Nov 2026 14:05:{sec:02} +0000"),
        ));
        l.push((true, format!("From: {user}")));
        l.push((true, format!("To: {}", accepted.join(", "))));
        let mut subject = String::from("Subject: ");
        sentence(rng, &mut subject);
        l.push((true, subject));
        l.push((
            true,
            format!("Message-ID: <{}.{n}@{client}>", queue_id(rng)),
        ));
        l.push((true, "MIME-Version: 1.0".to_string()));
        l.push((true, "Content-Type: text/plain; charset=utf-8".to_string()));
        l.push((true, String::new()));
        for _ in 0..body_lines {
            let mut s = String::new();
            sentence(rng, &mut s);
            l.push((true, s));
        }
        l.push((true, ".".to_string()));
        l.push((false, format!("250 2.0.0 Ok: queued as {}", queue_id(rng))));
    }
    l.push((true, "QUIT".to_string()));
    l.push((false, "221 2.0.0 Bye".to_string()));
    Dialogue { lines: l, tls_from }
}

/// RFC 5321-style `C:`/`S:` transcripts, one session after another,
/// separated by a blank line, until `min_bytes` is reached.
pub fn rfc(seed: u64, min_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(min_bytes + 4096);
    let mut n = 0;
    while out.len() < min_bytes {
        let d = dialogue(&mut rng, n);
        for (client, text) in &d.lines {
            out.push_str(if *client { "C: " } else { "S: " });
            out.push_str(text);
            out.push('\n');
        }
        out.push('\n');
        n += 1;
    }
    out
}

/// swaks runs (`=== Trying`, ` -> `, `<-  `, `<** ` for errors, `~>`/`<~`
/// inside TLS), one after another, until `min_bytes` is reached.
pub fn swaks(seed: u64, min_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(min_bytes + 4096);
    let mut n = 0;
    while out.len() < min_bytes {
        let d = dialogue(&mut rng, n);
        out.push_str("=== Trying 192.0.2.25:25...\n=== Connected to 192.0.2.25.\n");
        for (i, (client, text)) in d.lines.iter().enumerate() {
            if i == d.tls_from {
                out.push_str(
                    "=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256\n\
                     === TLS no local certificate set\n\
                     === TLS peer DN=\"/CN=mx.example.com\"\n",
                );
            }
            let tls = i >= d.tls_from;
            let error = !client && (text.starts_with('4') || text.starts_with('5'));
            out.push_str(match (client, tls, error) {
                (true, false, _) => " -> ",
                (true, true, _) => " ~> ",
                (false, false, false) => "<-  ",
                (false, true, false) => "<~  ",
                (false, false, true) => "<** ",
                (false, true, true) => "<~* ",
            });
            out.push_str(text);
            out.push('\n');
        }
        out.push_str("=== Connection closed with remote host.\n");
        n += 1;
    }
    out
}

/// An interleaved Postfix log: many smtpd processes at once, each with
/// verbose dialogue lines (`< host: EHLO`, `> host: 250-...`, as with
/// `smtpd -v`) and the summary lines (connect, client=, cleanup, qmgr,
/// NOQUEUE reject, delivery status, removed, disconnect).
pub fn postfix(seed: u64, min_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(min_bytes + 4096);
    // Lines of the sessions in flight; the log takes the next line of a
    // random one, so sessions interleave as on a busy server.
    let mut open: Vec<std::collections::VecDeque<String>> = Vec::new();
    let mut n: u64 = 0;
    let mut clock: u64 = 14 * 3600;
    while out.len() < min_bytes || !open.is_empty() {
        while out.len() < min_bytes && open.len() < 12 {
            open.push(postfix_session(&mut rng, n));
            n += 1;
        }
        if open.is_empty() {
            break;
        }
        let i = (rng.next_u64() % open.len() as u64) as usize;
        if let Some(line) = open[i].pop_front() {
            if rng.chance(10) {
                clock += 1;
            }
            let _ = writeln!(
                out,
                "Nov 28 {:02}:{:02}:{:02} mail {}",
                (clock / 3600) % 24,
                (clock / 60) % 60,
                clock % 60,
                line
            );
        }
        if open[i].is_empty() {
            open.swap_remove(i);
        }
    }
    out
}

fn postfix_session(rng: &mut Rng, n: u64) -> std::collections::VecDeque<String> {
    let pid = 10_000 + n * 7 % 50_000;
    let smtpd = format!("postfix/smtpd[{pid}]:");
    let peer = format!("client{}.example.org[192.0.2.{}]", n % 101, n % 250 + 1);
    let verbose = rng.chance(60);
    let mut l = std::collections::VecDeque::new();
    let say = |l: &mut std::collections::VecDeque<String>, s: String| l.push_back(s);
    say(&mut l, format!("{smtpd} connect from {peer}"));
    let sv = |text: &str| format!("{smtpd} > {peer}: {text}");
    let cl = |text: &str| format!("{smtpd} < {peer}: {text}");
    let helo = format!("client{}.example.org", n % 101);
    if verbose {
        say(
            &mut l,
            sv("220 mail.example.test ESMTP Postfix (Debian/GNU)"),
        );
        say(&mut l, cl(&format!("EHLO {helo}")));
        say(&mut l, sv("250-mail.example.test"));
        for cap in [
            "PIPELINING",
            "SIZE 20000000",
            "VRFY",
            "ETRN",
            "STARTTLS",
            "ENHANCEDSTATUSCODES",
            "8BITMIME",
            "DSN",
        ] {
            say(&mut l, sv(&format!("250-{cap}")));
        }
        say(&mut l, sv("250 CHUNKING"));
    }
    let from = address(rng);
    let qid = queue_id(rng);
    if verbose {
        say(
            &mut l,
            cl(&format!(
                "MAIL FROM:<{from}> SIZE={}",
                rng.range(500, 90_000)
            )),
        );
        say(&mut l, sv("250 2.1.0 Ok"));
    }
    let mut accepted = Vec::new();
    let nrcpt = rng.range(1, 5);
    for _ in 0..nrcpt {
        let to = address(rng);
        if verbose {
            say(&mut l, cl(&format!("RCPT TO:<{to}>")));
        }
        match rcpt_fate(rng) {
            Rcpt::Ok => {
                if verbose {
                    say(&mut l, sv("250 2.1.5 Ok"));
                }
                if accepted.is_empty() {
                    say(&mut l, format!("{smtpd} {qid}: client={peer}"));
                }
                accepted.push(to);
            }
            Rcpt::Unknown => {
                let reply = format!("550 5.1.1 <{to}>: Recipient address rejected: User unknown in local recipient table");
                if verbose {
                    say(&mut l, sv(&reply));
                }
                let q = if accepted.is_empty() { "NOQUEUE" } else { &qid };
                say(&mut l, format!("{smtpd} {q}: reject: RCPT from {peer}: {reply}; from=<{from}> to=<{to}> proto=ESMTP helo=<{helo}>"));
            }
            Rcpt::Greylisted => {
                let reply = format!(
                    "450 4.2.0 <{to}>: Recipient address rejected: Greylisted, try again later"
                );
                if verbose {
                    say(&mut l, sv(&reply));
                }
                let q = if accepted.is_empty() { "NOQUEUE" } else { &qid };
                say(&mut l, format!("{smtpd} {q}: reject: RCPT from {peer}: {reply}; from=<{from}> to=<{to}> proto=ESMTP helo=<{helo}>"));
            }
        }
    }
    if !accepted.is_empty() {
        if verbose {
            say(&mut l, cl("DATA"));
            say(&mut l, sv("354 End data with <CR><LF>.<CR><LF>"));
            say(&mut l, sv(&format!("250 2.0.0 Ok: queued as {qid}")));
        }
        let cleanup = 20_000 + n % 13;
        say(
            &mut l,
            format!("postfix/cleanup[{cleanup}]: {qid}: message-id=<{qid}.{n}@{helo}>"),
        );
        let size = rng.range(500, 90_000);
        say(
            &mut l,
            format!(
                "postfix/qmgr[9117]: {qid}: from=<{from}>, size={size}, nrcpt={} (queue active)",
                accepted.len()
            ),
        );
    }
    if verbose {
        say(&mut l, cl("QUIT"));
        say(&mut l, sv("221 2.0.0 Bye"));
    }
    let rejected = nrcpt - accepted.len() as u64;
    let rcpt = if rejected == 0 {
        format!("rcpt={nrcpt}")
    } else {
        format!("rcpt={}/{nrcpt}", accepted.len())
    };
    let data = if accepted.is_empty() { "" } else { " data=1" };
    say(
        &mut l,
        format!("{smtpd} disconnect from {peer} ehlo=1 mail=1 {rcpt}{data} quit=1"),
    );
    for to in &accepted {
        let delivery = 30_000 + n % 17;
        let line = match rng.range(0, 9) {
            0 => format!("postfix/smtp[{delivery}]: {qid}: to=<{to}>, relay=mx.example.net[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.net[198.51.100.7] said: 550 5.1.1 <{to}>: Recipient address rejected: User unknown (in reply to RCPT TO command))"),
            1 => format!("postfix/smtp[{delivery}]: {qid}: to=<{to}>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)"),
            2..=5 => format!("postfix/local[{delivery}]: {qid}: to=<{to}>, relay=local, delay=0.05, delays=0.03/0/0/0.02, dsn=2.0.0, status=sent (delivered to mailbox)"),
            _ => format!("postfix/smtp[{delivery}]: {qid}: to=<{to}>, relay=mx.example.net[198.51.100.7]:25, delay=0.8, delays=0.1/0/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {})", queue_id(rng)),
        };
        say(&mut l, line);
    }
    if !accepted.is_empty() {
        say(&mut l, format!("postfix/qmgr[9117]: {qid}: removed"));
    }
    l
}

/// The pathological shapes of the hardening issue, by name: what each is,
/// and what the parser must not become quadratic on. Each is built at a
/// count `n` of repetitions ([`shape`]); the counts are those of
/// `tests/hardening.rs` (its small size) and `scripts/bench-linear.sh`.
pub const SHAPES: &[(&str, &str)] = &[
    ("long-line", "one long line"),
    ("short-lines", "one-character lines"),
    ("huge-reply", "huge multi-line reply"),
    ("pipelined", "pipelined commands, no replies"),
    ("nested", "nested quotes and brackets"),
    ("endless-data", "data never ends"),
    ("long-log-line", "long log line"),
];

/// The shape `name` (a name of [`SHAPES`]) built at size `n`; `None` for
/// an unknown name.
pub fn shape(name: &str, n: usize) -> Option<String> {
    Some(match name {
        "long-line" => "x".repeat(n),
        "short-lines" => "a\n".repeat(n),
        "huge-reply" => {
            let mut s = String::from("220 mx ESMTP\nEHLO a\n");
            s.push_str(&"250-KEYWORD value\n".repeat(n));
            s.push_str("250 HELP\n");
            s
        }
        "pipelined" => {
            let mut s = String::from("220 mx ESMTP\nEHLO a\n250 PIPELINING\n");
            s.push_str(&"RCPT TO:<someone@example.org>\n".repeat(n));
            s
        }
        "nested" => format!(
            "220 mx\nMAIL FROM:{}\"{}\"@{}x{}\n250 ok\nRCPT TO:{}\n",
            "<".repeat(n),
            "\\\"(".repeat(n),
            "[".repeat(n),
            ">".repeat(n),
            "<@a,".repeat(n)
        ),
        "endless-data" => {
            let mut s = String::from(
                "220 mx\nEHLO a\n250 ok\nMAIL FROM:<a@b.org>\n250 ok\nRCPT TO:<c@d.org>\n250 ok\nDATA\n354 go\n",
            );
            s.push_str(&"Content line with some words\n".repeat(n));
            s
        }
        "long-log-line" => format!(
            "Nov 28 14:06:46 mail postfix/smtpd[1]: > localhost[127.0.0.1]: 250 {}\n",
            "y".repeat(n)
        ),
        _ => return None,
    })
}
