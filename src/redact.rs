//! Optional redaction (`Options::redact`): email addresses, host names and
//! IP addresses are replaced, everywhere in a [`Transcript`], with
//! pseudonyms that stay consistent across the whole result, so that a
//! redacted dialogue still reads — the same client is `host1.example` in its
//! EHLO, in the peer name and in the server's greeting back.
//!
//! | found                      | becomes                                     |
//! |----------------------------|---------------------------------------------|
//! | `alice@example.org`        | `user1@example.com`                         |
//! | `mail.example.org`         | `host1.example`                             |
//! | `203.0.113.9`              | `192.0.2.1` (then 198.51.100.x, 203.0.113.x)|
//! | `2001:db8:1::5`            | `2001:db8::1`                               |
//! | AUTH user `alice` (no `@`) | `user1`                                     |
//!
//! The replacements come from the documentation ranges (RFC 2606 names,
//! RFC 5737 and RFC 3849 addresses). Base64 words whose decoded text holds
//! an address (an AUTH LOGIN user name, a 334 challenge) are decoded,
//! redacted and encoded again. Byte spans still point into the original
//! input (the input itself is not part of the result). Knowledge links
//! (provider documentation URLs) are ours, not the user's, and stay.
//!
//! Redaction is best effort on free text: it finds what looks like an
//! address, a dotted host name with an alphabetic top-level label, or an IP
//! address. A bare user name is only recognised when AUTH revealed it.

use crate::fasthash::FastMap;
use crate::grammar::decode_base64;
use crate::model::*;

/// Redact every string of `t` in place.
pub fn redact(t: &mut Transcript) {
    let mut r = Redactor::default();
    // AUTH users first, so that a bare name is recognised in every text.
    for s in &t.sessions {
        if let Some(user) = s.auth.as_ref().and_then(|a| a.user.as_deref()) {
            if !user.contains('@') && user.chars().count() >= 3 {
                r.name(user);
            }
        }
    }
    for s in &mut t.sessions {
        r.session(s);
    }
    for e in &mut t.unassigned {
        r.event(e);
    }
    for d in &mut t.diagnostics {
        r.text(&mut d.message);
    }
}

#[derive(Default)]
struct Redactor {
    emails: FastMap<String, String>,
    hosts: FastMap<String, String>,
    ipv4: FastMap<[u8; 4], String>,
    ipv6: FastMap<[u16; 8], String>,
    names: FastMap<String, String>,
}

/// Last labels that make a dotted word a file name, not a host.
const FILE_EXTENSIONS: &[&str] = &[
    "txt", "eml", "log", "py", "js", "java", "html", "htm", "json", "sh", "rs", "c", "h", "pl",
    "rb", "php", "jar", "msg", "cf", "conf", "pem", "crt", "key", "csv", "xml", "gz", "zip",
];

impl Redactor {
    fn name(&mut self, user: &str) -> String {
        let n = self.names.len() + 1;
        self.names
            .entry(user.to_string())
            .or_insert_with(|| format!("user{n}"))
            .clone()
    }

    fn email(&mut self, addr: &str) -> String {
        let key = addr.to_ascii_lowercase();
        let n = self.emails.len() + 1;
        self.emails
            .entry(key)
            .or_insert_with(|| format!("user{n}@example.com"))
            .clone()
    }

    fn host(&mut self, host: &str) -> String {
        let key = host.to_ascii_lowercase();
        let n = self.hosts.len() + 1;
        self.hosts
            .entry(key)
            .or_insert_with(|| format!("host{n}.example"))
            .clone()
    }

    fn v4(&mut self, ip: [u8; 4]) -> String {
        let n = self.ipv4.len();
        self.ipv4
            .entry(ip)
            .or_insert_with(|| {
                // 254 addresses in each of the three documentation ranges.
                let (net, k) = match n / 254 {
                    0 => ("192.0.2", n % 254),
                    1 => ("198.51.100", n % 254),
                    _ => ("203.0.113", n % 254),
                };
                format!("{net}.{}", k + 1)
            })
            .clone()
    }

    fn v6(&mut self, ip: [u16; 8]) -> String {
        let n = self.ipv6.len() + 1;
        self.ipv6
            .entry(ip)
            .or_insert_with(|| format!("2001:db8::{n:x}"))
            .clone()
    }

    /// Redact free text (a `String` or a [`Text`]) in place, replaced only
    /// when it changes: an unchanged `Text` still shares the input.
    fn text<T: std::ops::Deref<Target = str> + From<String>>(&mut self, s: &mut T) {
        if s.is_empty() {
            return;
        }
        let out = self.redact_str(s);
        if *out != **s {
            *s = out.into();
        }
    }

    fn opt(&mut self, s: &mut Option<String>) {
        if let Some(s) = s {
            self.text(s);
        }
    }

    fn redact_str(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        // Whitespace-separated words: a base64 word is decoded first.
        let mut rest = s;
        while !rest.is_empty() {
            let ws = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            out.push_str(rest.get(..ws).unwrap_or(""));
            rest = rest.get(ws..).unwrap_or("");
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = rest.get(..end).unwrap_or("");
            rest = rest.get(end..).unwrap_or("");
            match self.base64_word(word) {
                Some(w) => out.push_str(&w),
                None => self.runs(word, &mut out),
            }
        }
        out
    }

    /// A base64 word whose decoded text holds something to redact, encoded
    /// again after redaction.
    fn base64_word(&mut self, word: &str) -> Option<String> {
        if word.len() < 8
            || !word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
        {
            return None;
        }
        let bytes = decode_base64(word)?;
        let text = String::from_utf8(bytes).ok()?;
        if text
            .chars()
            .any(|c| c.is_control() && c != '\0' && c != '\u{1}' && c != '\t')
        {
            return None;
        }
        let redacted = self.redact_str(&text);
        (redacted != text).then(|| encode_base64(redacted.as_bytes()))
    }

    /// Split a word into runs of address characters and redact each.
    fn runs(&mut self, word: &str, out: &mut String) {
        let is_run =
            |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '@' | ':' | '%');
        let mut rest = word;
        while !rest.is_empty() {
            let start = rest.find(is_run).unwrap_or(rest.len());
            out.push_str(rest.get(..start).unwrap_or(""));
            rest = rest.get(start..).unwrap_or("");
            let end = rest.find(|c: char| !is_run(c)).unwrap_or(rest.len());
            let run = rest.get(..end).unwrap_or("");
            rest = rest.get(end..).unwrap_or("");
            self.run(run, out);
        }
    }

    fn run(&mut self, run: &str, out: &mut String) {
        // A reply line's `250-` is not part of a host name.
        let b = run.as_bytes();
        let run =
            if b.len() > 4 && b.iter().take(3).all(u8::is_ascii_digit) && b.get(3) == Some(&b'-') {
                out.push_str(run.get(..4).unwrap_or(""));
                run.get(4..).unwrap_or("")
            } else {
                run
            };
        // Keep sentence punctuation after the run.
        let core = run.trim_end_matches(['.', ':', '-', '_']);
        let tail = run.get(core.len()..).unwrap_or("");
        if let Some(r) = self.token(core) {
            out.push_str(&r);
        } else if core.contains(':') {
            // `host:port`, `FROM:alice@x`, `[IPv6:…` — redact the pieces.
            let mut first = true;
            for piece in core.split(':') {
                if !first {
                    out.push(':');
                }
                first = false;
                match self.token(piece) {
                    Some(r) => out.push_str(&r),
                    None => out.push_str(piece),
                }
            }
        } else {
            out.push_str(core);
        }
        out.push_str(tail);
    }

    /// The pseudonym of one token, if it is an address, host or IP.
    fn token(&mut self, t: &str) -> Option<String> {
        if t.is_empty() {
            return None;
        }
        if let Some(p) = self.names.get(t) {
            return Some(p.clone());
        }
        let v6 = t
            .strip_prefix("IPv6:")
            .or_else(|| t.strip_prefix("ipv6:"))
            .unwrap_or(t);
        if v6.contains(':') {
            if let Some(ip) = crate::ipaddr::ipv6(v6) {
                let p = self.v6(ip);
                return Some(if v6.len() == t.len() {
                    p
                } else {
                    format!("IPv6:{p}")
                });
            }
            return None;
        }
        if let Some((local, domain)) = t.rsplit_once('@') {
            if !local.is_empty()
                && !local.contains('@')
                && (domain.is_empty() || is_host(domain) || crate::ipaddr::ipv4(domain).is_some())
            {
                return Some(self.email(t));
            }
            return None;
        }
        if let Some(ip) = crate::ipaddr::ipv4(t) {
            return Some(self.v4(ip));
        }
        if is_host(t) {
            return Some(self.host(t));
        }
        None
    }

    fn session(&mut self, s: &mut Session) {
        self.opt(&mut s.peer);
        for e in &mut s.events {
            self.event(e);
        }
        for t in &mut s.transactions {
            self.opt(&mut t.sender);
            self.reply_ref(&mut t.mail_reply);
            for r in &mut t.recipients {
                self.text(&mut r.address);
                self.reply_ref(&mut r.reply);
            }
            if let Some(d) = &mut t.data {
                self.reply_ref(&mut d.reply);
            }
        }
        s.capabilities = self.capabilities(&s.capabilities);
        if let Some(before) = &mut s.capabilities_before_tls {
            *before = self.capabilities(before);
        }
        if let Some(a) = &mut s.auth {
            if let Some(u) = &mut a.user {
                match self.names.get(u.as_str()) {
                    Some(p) => *u = p.clone(),
                    None => self.text(u),
                }
            }
            self.opt(&mut a.secret);
        }
        let o = &mut s.outcome;
        self.reply_ref(&mut o.reply);
        self.text(&mut o.summary);
        self.opt(&mut o.headline);
        self.opt(&mut o.remedy);
    }

    fn capability(&mut self, c: &mut Capability) {
        c.map_params(|p| {
            let mut p = p.to_string();
            self.text(&mut p);
            p
        });
    }

    /// A list of capabilities (shared, so rewritten as a new list).
    fn capabilities(&mut self, caps: &[Capability]) -> std::sync::Arc<[Capability]> {
        let mut caps = caps.to_vec();
        for c in &mut caps {
            self.capability(c);
        }
        caps.into()
    }

    fn reply_ref(&mut self, r: &mut Option<ReplyRef>) {
        if let Some(r) = r {
            self.text(&mut r.text);
        }
    }

    fn event(&mut self, e: &mut Event) {
        for s in e.source.iter_mut() {
            self.text(&mut s.text);
        }
        match &mut e.detail {
            EventDetail::Command { args, parsed, .. } => {
                self.text(args);
                self.command(parsed);
            }
            EventDetail::Reply {
                lines,
                extra,
                explanation,
                advice,
                ..
            } => {
                for l in lines {
                    self.text(l);
                }
                if let Some(x) = extra.fields_mut() {
                    self.opt(&mut x.decoded);
                    if let Some(caps) = &mut x.capabilities {
                        *caps = self.capabilities(caps);
                    }
                }
                if let Some(x) = explanation {
                    let mut text = x.to_string();
                    self.text(&mut text);
                    *x = text.into();
                }
                if let Some(x) = advice.fields_mut() {
                    self.opt(&mut x.remedy);
                }
            }
            EventDetail::Data { headers, .. } => {
                for h in headers {
                    self.text(&mut h.value);
                }
            }
            EventDetail::Tls { text } | EventDetail::Note { text, .. } => self.text(text),
            EventDetail::Unparsed { text, reason } => {
                self.text(text);
                self.text(reason);
            }
        }
    }

    fn command(&mut self, c: &mut Command) {
        match c {
            Command::Helo { domain } | Command::Ehlo { domain } | Command::Lhlo { domain } => {
                self.text(domain)
            }
            Command::Mail { path, params } | Command::Rcpt { path, params } => {
                self.path(path);
                for p in params {
                    self.param(p);
                }
            }
            Command::Vrfy { arg } | Command::Expn { arg } => self.text(arg),
            Command::Help { topic } => self.opt(topic),
            Command::Noop { arg } => self.opt(arg),
            Command::Auth {
                initial_response, ..
            } => self.opt(initial_response),
            Command::Etrn { node } => self.text(node),
            Command::Atrn { domains } => {
                for d in domains {
                    self.text(d);
                }
            }
            Command::Burl { url, .. } => self.text(url),
            Command::Xclient { attrs } | Command::Xforward { attrs } => {
                for a in attrs {
                    self.text(&mut a.value);
                }
            }
            Command::Invalid { error } => self.text(error),
            Command::Unknown { text } => self.text(text),
            Command::Data
            | Command::Rset
            | Command::Quit
            | Command::Starttls
            | Command::AuthResponse { .. }
            | Command::Bdat { .. } => {}
        }
    }

    fn path(&mut self, p: &mut Path) {
        for h in &mut p.source_route {
            self.text(h);
        }
        let mut raw = p.raw().to_string();
        self.text(&mut raw);
        let mut address = p.address().to_string();
        self.text(&mut address);
        if address != p.address() {
            // Keep the parts consistent with the pseudonym.
            let (local, domain) = address.rsplit_once('@').unwrap_or((&address, ""));
            p.quoted = false;
            p.address_literal = false;
            p.set_texts(&raw, local, domain);
        } else if raw != p.raw() {
            let (local, domain) = (p.local_part().to_string(), p.domain().to_string());
            p.set_texts(&raw, &local, &domain);
        }
    }

    fn param(&mut self, p: &mut Param) {
        match p {
            Param::Envid { raw, decoded }
            | Param::Orcpt { raw, decoded, .. }
            | Param::Auth { raw, decoded } => {
                self.text(raw);
                self.text(decoded);
            }
            Param::Other { value, .. } => self.opt(value),
            Param::Invalid { value, error, .. } => {
                self.opt(value);
                self.text(error);
            }
            _ => {}
        }
    }
}

/// A dotted host name: at least two labels of letters, digits, `-` and `_`
/// (or non-ASCII letters), the last alphabetic, not a file name.
fn is_host(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    let Some(last) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
        && last.chars().count() >= 2
        && last.chars().all(char::is_alphabetic)
        && !FILE_EXTENSIONS.contains(&last.to_ascii_lowercase().as_str())
}

/// Standard base64 with padding (RFC 4648 §4).
fn encode_base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |n: u32| A.get((n & 63) as usize).map_or('=', |&b| b as char);
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        s.push(sym(n >> 18));
        s.push(sym(n >> 12));
        s.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        s.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_rows() {
        let rows: &[(&str, &str, &str)] = &[
            ("plain email", "alice@example.org", "user1@example.com"),
            ("bracketed", "<alice@example.org>", "<user1@example.com>"),
            (
                "host and ip",
                "mail.example.org[203.0.113.9]",
                "host1.example[192.0.2.1]",
            ),
            ("host:port", "127.0.0.1:25", "192.0.2.1:25"),
            ("ipv6 literal", "[IPv6:2001:db8:1::5]", "[IPv6:2001:db8::1]"),
            (
                "sentence dot",
                "Hello mx.example.net.",
                "Hello host1.example.",
            ),
            ("enhanced code stays", "250 2.0.0 Ok", "250 2.0.0 Ok"),
            ("file name stays", "see message.txt", "see message.txt"),
            (
                "reply continuation",
                "250-mx.example.org",
                "250-host1.example",
            ),
            (
                "verb colon",
                "RCPT TO:bob@example.org",
                "RCPT TO:user1@example.com",
            ),
        ];
        for (name, input, want) in rows {
            let mut r = Redactor::default();
            assert_eq!(r.redact_str(input), *want, "{name}");
        }
    }

    #[test]
    fn base64_round_trip() {
        assert_eq!(
            encode_base64(b"alice@example.test"),
            "YWxpY2VAZXhhbXBsZS50ZXN0"
        );
        assert_eq!(encode_base64(b"ab"), "YWI=");
        let mut r = Redactor::default();
        // AUTH LOGIN user name, as a client sends it.
        assert_eq!(
            r.redact_str("YWxpY2VAZXhhbXBsZS50ZXN0"),
            encode_base64(b"user1@example.com")
        );
    }
}
