//! Explain every token of a dialogue, like explainshell for SMTP.
//!
//! Pure static data (`data.rs`: commands, MAIL/RCPT parameters, EHLO
//! keywords, SASL mechanisms, each with a stable id such as `"cmd:MAIL"`,
//! `"param:SIZE"`, `"ext:PIPELINING"`, `"sasl:CRAM-MD5"`) and pure functions:
//!
//! * [`explain_token`] / [`explain_all`]: what a verb, parameter, keyword or
//!   mechanism means, by name or by id.
//! * [`command_parts`]: split one command line as sent
//!   (`MAIL FROM:<a@b> SIZE=48213 BODY=8BITMIME`) into [`Part`]s.
//! * [`ehlo_line_parts`]: the same for one line of an EHLO reply
//!   (`SIZE 10240000`, `AUTH PLAIN LOGIN`).
//! * [`parameter_note`]: what a parameter's value means in this line.
//!
//! Byte offsets in a [`Part`] start at 0 and index the string given to the
//! function; they always fall on char boundaries. Nothing here panics on
//! any input.

mod data;

use data::{Entry, Kind, COMMANDS, EXTENSIONS, MECHANISMS, PARAMETERS};
use serde::{Deserialize, Serialize};

/// What one token means: the answer of [`explain_token`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TokenExplanation {
    /// Stable id: `"cmd:MAIL"`, `"param:SIZE"`, `"ext:PIPELINING"`,
    /// `"sasl:CRAM-MD5"`.
    pub id: String,
    /// `"command"`, `"parameter"`, `"extension"` or `"mechanism"`.
    pub kind: String,
    /// The token as the specification spells it (`"MT-PRIORITY"`).
    pub name: String,
    /// One or two sentences.
    pub summary: String,
    /// Syntax, ABNF-like (`"SIZE=bytes"`).
    pub syntax: Option<String>,
    /// The defining specification and section: `"RFC 1870 §4"`, or a
    /// vendor document (`"Postfix XCLIENT"`, `"MS-OXSMTP"`).
    pub rfc: Option<String>,
    /// Link to it: `https://www.rfc-editor.org/rfc/rfc1870#section-4`.
    pub rfc_url: Option<String>,
    /// More: caveats, common replies.
    pub details: Option<String>,
    /// The EHLO keyword the server must have advertised for this command or
    /// parameter to be allowed.
    pub requires: Option<String>,
    /// Commands: the reply codes it may get. Empty for other kinds.
    pub replies: Vec<u16>,
    /// Parameters: the commands it belongs to (`["MAIL"]`). Empty for other
    /// kinds.
    pub commands: Vec<String>,
    /// Mechanisms: whether no password or reusable token crosses the wire,
    /// so a passive eavesdropper learns no credential without TLS.
    pub safe_without_tls: Option<bool>,
    /// Mechanisms (and obsolete commands and keywords): deprecated,
    /// obsolete or historic.
    pub deprecated: Option<bool>,
}

/// One token of a line, with what it is and what it means there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    /// Byte offset of the first byte, within the string given.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// `"verb"`, `"path"`, `"parameter"`, `"keyword"`, `"value"`,
    /// `"mechanism"`, `"argument"` or `"unknown"`.
    pub kind: String,
    /// The id of its explanation, for [`explain_token`]; `None` when there
    /// is none (always for `"unknown"`).
    pub id: Option<String>,
    /// What the token means in this line
    /// (`"SIZE=48213: the client declares a 47 KB message (48 213 bytes)"`).
    pub note: Option<String>,
}

// ---------------------------------------------------------------------------
// Explanations

fn table(kind: Kind) -> &'static [Entry] {
    match kind {
        Kind::Command => COMMANDS,
        Kind::Parameter => PARAMETERS,
        Kind::Extension => EXTENSIONS,
        Kind::Mechanism => MECHANISMS,
    }
}

/// Lookup order when a bare name is ambiguous: a verb first, then the EHLO
/// keyword, then the parameter, then the mechanism.
const ORDER: [Kind; 4] = [
    Kind::Command,
    Kind::Extension,
    Kind::Parameter,
    Kind::Mechanism,
];

fn kind_from_prefix(prefix: &str) -> Option<Kind> {
    ORDER
        .into_iter()
        .find(|k| k.prefix().eq_ignore_ascii_case(prefix))
}

fn find(kind: Kind, name: &str) -> Option<&'static Entry> {
    table(kind)
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(name))
}

fn id_of(e: &Entry) -> String {
    format!("{}:{}", e.kind.prefix(), e.name)
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn rfc_url(e: &Entry) -> Option<String> {
    let number = e
        .spec
        .strip_prefix("RFC ")
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match number {
        Some(n) => {
            let anchor = if e.section.is_empty() {
                String::new()
            } else if let Some(app) = e.section.strip_prefix("Appendix ") {
                format!("#appendix-{app}")
            } else {
                format!("#section-{}", e.section)
            };
            Some(format!("https://www.rfc-editor.org/rfc/rfc{n}{anchor}"))
        }
        None => opt(e.url),
    }
}

fn build(e: &Entry) -> TokenExplanation {
    let rfc = match (e.spec.is_empty(), e.section.is_empty()) {
        (true, _) => None,
        (false, true) => Some(e.spec.to_string()),
        (false, false) if e.section.starts_with("Appendix") => {
            Some(format!("{} {}", e.spec, e.section))
        }
        (false, false) => Some(format!("{} §{}", e.spec, e.section)),
    };
    TokenExplanation {
        id: id_of(e),
        kind: e.kind.label().to_string(),
        name: e.name.to_string(),
        summary: e.summary.to_string(),
        syntax: opt(e.syntax),
        rfc,
        rfc_url: rfc_url(e),
        details: opt(e.details),
        requires: opt(e.requires),
        replies: e.replies.to_vec(),
        commands: e.commands.iter().map(|c| c.to_string()).collect(),
        safe_without_tls: e.safe_without_tls,
        deprecated: e.deprecated,
    }
}

/// Every explanation matching `query`, case-insensitively: an id
/// (`"param:SIZE"`) gives at most one; a name gives one per kind it exists
/// in, in the order command, extension, parameter, mechanism (`"AUTH"` gives
/// three). `"SIZE=100"`, `"MAIL FROM:"` and `"RCPT TO"` are understood as
/// `SIZE` and the verbs.
pub fn explain_all(query: &str) -> Vec<TokenExplanation> {
    let q = query.trim();
    if let Some((prefix, name)) = q.split_once(':') {
        if let Some(kind) = kind_from_prefix(prefix.trim()) {
            return find(kind, name.trim()).map(build).into_iter().collect();
        }
    }
    let exact = matches(q, &ORDER);
    if !exact.is_empty() {
        return exact;
    }
    // "SIZE=100", "MAIL FROM:<a>", "AUTH PLAIN": the head names the token.
    let head_end = q
        .find(|c: char| c == '=' || c == ':' || c.is_ascii_whitespace())
        .unwrap_or(q.len());
    let head = q.get(..head_end).unwrap_or("");
    if head.is_empty() || head.len() == q.len() {
        return Vec::new();
    }
    if q.get(head_end..).is_some_and(|rest| rest.starts_with('=')) {
        // A KEY=VALUE: the parameter comes first.
        return matches(
            head,
            &[
                Kind::Parameter,
                Kind::Extension,
                Kind::Command,
                Kind::Mechanism,
            ],
        );
    }
    matches(head, &ORDER)
}

fn matches(name: &str, order: &[Kind]) -> Vec<TokenExplanation> {
    order
        .iter()
        .filter_map(|k| find(*k, name))
        .map(build)
        .collect()
}

/// The explanation of a verb, parameter, EHLO keyword, SASL mechanism or id,
/// case-insensitively. When a name is ambiguous the first of
/// [`explain_all`] wins: the command (`AUTH`), else the EHLO keyword
/// (`SIZE`), else the parameter; `SIZE=48213` prefers the parameter. Use an
/// id (`"param:AUTH"`) to choose.
pub fn explain_token(query: &str) -> Option<TokenExplanation> {
    explain_all(query).into_iter().next()
}

// ---------------------------------------------------------------------------
// Splitting lines into parts

/// Whitespace-separated tokens with their byte offsets. SMTP separates with
/// spaces; tabs, CR and LF are also separators so a pasted line ending in
/// CRLF splits cleanly.
fn tokens(s: &str, base: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if let Some(st) = start.take() {
                if let Some(t) = s.get(st..i) {
                    out.push((base + st, t));
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        if let Some(t) = s.get(st..) {
            out.push((base + st, t));
        }
    }
    out
}

fn part(start: usize, text: &str, kind: &str, id: Option<String>, note: Option<String>) -> Part {
    Part {
        start,
        end: start + text.len(),
        kind: kind.to_string(),
        id,
        note,
    }
}

fn unknown(start: usize, text: &str, note: Option<String>) -> Part {
    part(start, text, "unknown", None, note)
}

/// Split one command line as sent (`MAIL FROM:<a@b> SIZE=48213`,
/// `AUTH CRAM-MD5`, `RCPT TO:<c@d> NOTIFY=FAILURE,DELAY`) into parts: the
/// verb, `FROM:`/`TO:` (kind `"verb"`), the path, each parameter (one part
/// per `KEY=VALUE`), mechanisms and arguments. Every token gets a part;
/// those not understood get kind `"unknown"` and no id. Parts are sorted and
/// do not overlap.
pub fn command_parts(line: &str) -> Vec<Part> {
    let toks = tokens(line, 0);
    let mut out = Vec::with_capacity(toks.len());
    let Some((&(vstart, verb), rest)) = toks.split_first() else {
        return out;
    };
    let upper = verb.to_ascii_uppercase();
    let entry = find(Kind::Command, &upper).filter(|e| e.name != "AUTH-RESPONSE");
    let Some(entry) = entry else {
        out.push(unknown(vstart, verb, None));
        out.extend(rest.iter().map(|&(s, t)| unknown(s, t, None)));
        return out;
    };
    let cmd_id = id_of(entry);
    out.push(part(vstart, verb, "verb", Some(cmd_id.clone()), None));
    match entry.name {
        "MAIL" | "SEND" | "SOML" | "SAML" => envelope(&mut out, rest, "FROM:", entry.name, &cmd_id),
        "RCPT" => envelope(&mut out, rest, "TO:", entry.name, &cmd_id),
        "AUTH" | "X-EXPS" => auth_args(&mut out, rest),
        "BDAT" => bdat_args(&mut out, rest),
        "BURL" => {
            for (i, &(s, t)) in rest.iter().enumerate() {
                let p = match i {
                    0 => part(
                        s,
                        t,
                        "argument",
                        None,
                        Some(format!(
                            "{t}: the URL the server fetches the message content from"
                        )),
                    ),
                    1 if t.eq_ignore_ascii_case("LAST") => part(
                        s,
                        t,
                        "argument",
                        None,
                        Some("LAST: this is the final piece of the message".into()),
                    ),
                    _ => unknown(s, t, None),
                };
                out.push(p);
            }
        }
        "EHLO" | "HELO" | "LHLO" => {
            for (i, &(s, t)) in rest.iter().enumerate() {
                out.push(if i == 0 {
                    part(s, t, "argument", None, Some(helo_note(t)))
                } else {
                    unknown(s, t, Some("unexpected extra argument".into()))
                });
            }
        }
        "XCLIENT" | "XFORWARD" => {
            for &(s, t) in rest {
                out.push(attribute_part(s, t, &cmd_id));
            }
        }
        "ETRN" => {
            for (i, &(s, t)) in rest.iter().enumerate() {
                out.push(if i == 0 {
                    part(s, t, "argument", None, Some(etrn_note(t)))
                } else {
                    unknown(s, t, Some("unexpected extra argument".into()))
                });
            }
        }
        "DATA" | "RSET" | "QUIT" | "STARTTLS" | "TURN" | "X-ANONYMOUSTLS" | "ONEX" | "VERB"
        | "XRSETPROXYTO" => {
            out.extend(
                rest.iter().map(|&(s, t)| {
                    unknown(s, t, Some(format!("{} takes no argument", entry.name)))
                }),
            );
        }
        "VRFY" | "EXPN" | "HELP" | "NOOP" | "ATRN" => {
            let note = match entry.name {
                "VRFY" => "the user or mailbox to verify",
                "EXPN" => "the mailing list to expand",
                "HELP" => "the topic or command to get help on",
                "ATRN" => "the domains whose queued mail the client wants",
                _ => "ignored by the server",
            };
            out.extend(
                rest.iter()
                    .map(|&(s, t)| part(s, t, "argument", None, Some(note.to_string()))),
            );
        }
        _ => {
            out.extend(
                rest.iter()
                    .map(|&(s, t)| part(s, t, "argument", None, None)),
            );
        }
    }
    out
}

fn helo_note(t: &str) -> String {
    if t.starts_with('[') {
        format!("{t}: an address literal, the client's IP address instead of a name")
    } else {
        format!("{t}: the name the client gives itself (should be its fully qualified domain name)")
    }
}

fn etrn_note(t: &str) -> String {
    if let Some(d) = t.strip_prefix('@') {
        format!("{t}: start delivery of mail queued for {d} and its subdomains")
    } else if let Some(q) = t.strip_prefix('#') {
        format!("{t}: start the queue named {q}")
    } else {
        format!("{t}: start delivery of mail queued for {t}")
    }
}

/// `FROM:<path> params` / `TO:<path> params`, with the leniencies real
/// clients use: lower case, a space after the colon, a path without angle
/// brackets, spaces inside a quoted local part.
fn envelope(out: &mut Vec<Part>, rest: &[(usize, &str)], keyword: &str, verb: &str, cmd_id: &str) {
    let mut i = 0;
    let mut path = None;
    if let Some(&(s, t)) = rest.first() {
        i = 1;
        match t.get(..keyword.len()) {
            Some(head) if head.eq_ignore_ascii_case(keyword) => {
                out.push(part(s, head, "verb", Some(cmd_id.to_string()), None));
                // The path: inline after the colon, or the next token.
                let tail = t.get(keyword.len()..).unwrap_or("");
                if !tail.is_empty() {
                    path = Some((s + keyword.len(), tail));
                } else if let Some(&next) = rest.get(1) {
                    path = Some(next);
                    i = 2;
                }
            }
            _ => out.push(unknown(s, t, Some(format!("expected {keyword}<address>")))),
        }
    }
    if let Some((ps, pt)) = path {
        let mut end = ps + pt.len();
        // A quoted local part with spaces: join tokens up to the closing '>'.
        if pt.starts_with('<') && !pt.ends_with('>') {
            let mut j = i;
            while let Some(&(s, t)) = rest.get(j) {
                j += 1;
                if t.ends_with('>') {
                    end = s + t.len();
                    i = j;
                    break;
                }
            }
        }
        out.push(Part {
            start: ps,
            end,
            kind: "path".into(),
            id: None,
            note: Some(path_note(pt, end - ps, verb)),
        });
    }
    for &(s, t) in rest.get(i..).unwrap_or(&[]) {
        out.push(parameter_part(s, t, verb));
    }
}

fn path_note(first: &str, len: usize, verb: &str) -> String {
    let bracketed = first.starts_with('<');
    let addr = first
        .strip_prefix('<')
        .map(|a| a.strip_suffix('>').unwrap_or(a))
        .unwrap_or(first);
    let mut note = if verb == "RCPT" {
        if addr.eq_ignore_ascii_case("postmaster") {
            "the recipient <Postmaster>, which every server must accept".to_string()
        } else {
            format!(
                "the recipient {}",
                if len > first.len() {
                    "(a quoted address)"
                } else {
                    addr
                }
            )
        }
    } else if addr.is_empty() {
        "the null reverse-path <>: a bounce or notification, which must never itself be bounced"
            .to_string()
    } else {
        format!(
            "the envelope sender {}: bounces go there",
            if len > first.len() {
                "(a quoted address)"
            } else {
                addr
            }
        )
    };
    if !bracketed {
        note.push_str("; without the angle brackets RFC 5321 requires, which many servers refuse");
    }
    note
}

fn parameter_part(s: usize, t: &str, verb: &str) -> Part {
    let (key, value) = match t.split_once('=') {
        Some((k, v)) => (k, Some(v)),
        None => (t, None),
    };
    let Some(entry) = find(Kind::Parameter, key) else {
        return unknown(s, t, None);
    };
    let mut note = parameter_note(key, value, None);
    if !entry.commands.is_empty() && !entry.commands.contains(&verb) {
        let wrong = format!(
            "{} belongs to {}, not {verb}",
            entry.name,
            entry.commands.join("/")
        );
        note = Some(match note {
            Some(n) => format!("{n}; but {wrong}"),
            None => wrong,
        });
    }
    part(s, t, "parameter", Some(id_of(entry)), note)
}

fn auth_args(out: &mut Vec<Part>, rest: &[(usize, &str)]) {
    for (i, &(s, t)) in rest.iter().enumerate() {
        let p = match i {
            0 => mechanism_part(s, t),
            1 if t == "=" => part(
                s,
                t,
                "argument",
                None,
                Some("=: an empty initial response".into()),
            ),
            1 => part(
                s,
                t,
                "argument",
                None,
                Some(
                    "the initial response, base64: with PLAIN it holds the user name and password"
                        .into(),
                ),
            ),
            _ => unknown(s, t, Some("unexpected extra argument".into())),
        };
        out.push(p);
    }
}

fn mechanism_part(s: usize, t: &str) -> Part {
    match find(Kind::Mechanism, t) {
        Some(e) => part(s, t, "mechanism", Some(id_of(e)), None),
        None => unknown(s, t, None),
    }
}

fn bdat_args(out: &mut Vec<Part>, rest: &[(usize, &str)]) {
    for (i, &(s, t)) in rest.iter().enumerate() {
        let p = match (i, t.parse::<u64>()) {
            (0, Ok(n)) => part(
                s,
                t,
                "value",
                None,
                Some(format!("{t}: a chunk of {} follows", size_words(n))),
            ),
            (0, Err(_)) => unknown(s, t, Some("not a chunk size in bytes".into())),
            (1, _) if t.eq_ignore_ascii_case("LAST") => part(
                s,
                t,
                "argument",
                None,
                Some("LAST: the final chunk; the reply covers the whole message".into()),
            ),
            _ => unknown(s, t, None),
        };
        out.push(p);
    }
}

/// XCLIENT/XFORWARD `NAME=value` attributes.
fn attribute_part(s: usize, t: &str, cmd_id: &str) -> Part {
    let (key, value) = t.split_once('=').unwrap_or((t, ""));
    let Some(meaning) = attribute_meaning(key) else {
        return unknown(s, t, None);
    };
    let value_note = match value {
        "[UNAVAILABLE]" => " (unavailable)".to_string(),
        "[TEMPUNAVAIL]" => " (temporarily unavailable)".to_string(),
        "" => String::new(),
        v => format!(" is {v}"),
    };
    part(
        s,
        t,
        "parameter",
        Some(cmd_id.to_string()),
        Some(format!("{key}: {meaning}{value_note}")),
    )
}

fn attribute_meaning(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_uppercase().as_str() {
        "NAME" => "the client's host name",
        "REVERSE_NAME" => "the client's reverse-DNS name, before forward confirmation",
        "ADDR" => "the client's IP address",
        "PORT" => "the client's TCP port",
        "PROTO" => "the protocol the client used (SMTP or ESMTP)",
        "HELO" => "the name the client sent in HELO/EHLO",
        "LOGIN" => "the SASL login name the client authenticated as",
        "DESTADDR" => "the server IP address the client connected to",
        "DESTPORT" => "the server port the client connected to",
        "IDENT" => "the queue id the message had on the previous server",
        "SOURCE" => "whether the message came from a LOCAL or REMOTE source",
        _ => return None,
    })
}

/// Split one line of an EHLO reply into parts. `text` is the line's text
/// (`"SIZE 10240000"`, `"AUTH PLAIN LOGIN"`); a leading reply code
/// (`"250-"`) is accepted and becomes a `"value"` part. The first token is
/// the keyword (`"keyword"` with id `ext:…`, or `"unknown"`), the rest its
/// parameters: `"mechanism"` parts after AUTH, `"value"` parts with a note
/// elsewhere. The old `AUTH=LOGIN PLAIN` form gives keyword `AUTH`
/// (id `ext:AUTH=LOGIN`) and mechanism parts. A first line (the server's
/// name and greeting, recognised by a dot or `[` in its first token) gives
/// `"argument"` parts.
pub fn ehlo_line_parts(text: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut base = 0;
    let b = text.as_bytes();
    if b.len() >= 3
        && b.iter().take(3).all(u8::is_ascii_digit)
        && matches!(b.get(3), None | Some(b'-') | Some(b' '))
    {
        let end = if b.len() > 3 { 4 } else { 3 };
        let code = text.get(..3).unwrap_or("");
        let more = b.get(3) == Some(&b'-');
        out.push(Part {
            start: 0,
            end,
            kind: "value".into(),
            id: None,
            note: Some(if more {
                format!("reply code {code}; the dash means more lines follow")
            } else {
                format!("reply code {code}; the space marks the last line of the reply")
            }),
        });
        base = end;
    }
    let toks = tokens(text.get(base..).unwrap_or(""), base);
    let Some((&(ks, kt), rest)) = toks.split_first() else {
        return out;
    };
    if !is_keyword(kt.split('=').next().unwrap_or("")) {
        out.push(part(
            ks,
            kt,
            "argument",
            None,
            Some(format!(
                "{kt}: the server's name for itself (first line of the EHLO reply)"
            )),
        ));
        out.extend(
            rest.iter()
                .map(|&(s, t)| part(s, t, "argument", None, None)),
        );
        return out;
    }
    // AUTH=LOGIN PLAIN: keyword, then the mechanism glued after '='.
    let (key, glued) = match kt.split_once('=') {
        Some((k, v)) => (k, Some((ks + k.len() + 1, v))),
        None => (kt, None),
    };
    let upper = key.to_ascii_uppercase();
    let entry = match (upper.as_str(), glued.is_some()) {
        ("AUTH", true) => find(Kind::Extension, "AUTH=LOGIN"),
        ("X-EXPS", true) => find(Kind::Extension, "X-EXPS=LOGIN"),
        _ => find(Kind::Extension, key),
    };
    match entry {
        Some(e) => out.push(part(ks, key, "keyword", Some(id_of(e)), None)),
        None => out.push(unknown(ks, key, None)),
    }
    let mut values: Vec<(usize, &str)> = Vec::with_capacity(rest.len() + 1);
    if let Some((gs, gt)) = glued {
        if !gt.is_empty() {
            values.push((gs, gt));
        }
    }
    values.extend_from_slice(rest);
    let known = entry.is_some();
    for (i, &(s, t)) in values.iter().enumerate() {
        out.push(ehlo_value_part(&upper, known, i, s, t));
    }
    out
}

/// An esmtp-keyword: `(ALPHA / DIGIT) *(ALPHA / DIGIT / "-")` (RFC 5321
/// §4.1.1.1), which host names with dots and greetings are not.
fn is_keyword(t: &str) -> bool {
    let mut bytes = t.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn ehlo_value_part(keyword: &str, known: bool, index: usize, s: usize, t: &str) -> Part {
    if !known {
        return unknown(s, t, None);
    }
    let value = |note: Option<String>| part(s, t, "value", None, note);
    match keyword {
        "AUTH" | "X-EXPS" => mechanism_part(s, t),
        "SIZE" if index == 0 => value(Some(match t.parse::<u64>() {
            Ok(0) => "SIZE 0: the server announces no fixed size limit".to_string(),
            Ok(n) => format!(
                "SIZE {t}: the server accepts messages up to {}",
                size_words(n)
            ),
            Err(_) => format!("SIZE {t}: not a number of bytes"),
        })),
        "LIMITS" => value(limit_note(t)),
        "DELIVERBY" if index == 0 => value(Some(format!(
            "DELIVERBY {t}: the shortest BY= time the server accepts, in seconds{}",
            t.parse::<u64>().map(duration_words).unwrap_or_default()
        ))),
        "FUTURERELEASE" if index == 0 => value(Some(format!(
            "{t}: the longest hold the server allows, in seconds{}",
            t.parse::<u64>().map(duration_words).unwrap_or_default()
        ))),
        "FUTURERELEASE" if index == 1 => value(Some(format!(
            "{t}: the latest date-time a message can be held until"
        ))),
        "MT-PRIORITY" => value(Some(format!(
            "{t}: the server's priority assignment policy (RFC 6710)"
        ))),
        "XCLIENT" | "XFORWARD" => match attribute_meaning(t) {
            Some(m) => value(Some(format!("{t}: a trusted client may override {m}"))),
            None => unknown(s, t, None),
        },
        "BURL" => value(Some(format!(
            "{t}: the server can fetch content from {t} URLs"
        ))),
        "NO-SOLICITING" => value(Some(format!(
            "{t}: solicitation classes the server refuses"
        ))),
        _ => value(None),
    }
}

fn limit_note(t: &str) -> Option<String> {
    let (name, v) = t.split_once('=')?;
    let n = v.parse::<u64>().ok();
    let words = match (name.to_ascii_uppercase().as_str(), n) {
        ("RCPTMAX", Some(n)) => format!("at most {} recipients per transaction", group(n)),
        ("MAILMAX", Some(n)) => format!(
            "at most {} transactions (MAIL commands) per session",
            group(n)
        ),
        ("RCPTDOMAINMAX", Some(n)) => {
            format!(
                "at most {} different recipient domains per transaction",
                group(n)
            )
        }
        _ => return None,
    };
    Some(format!("{t}: {words}"))
}

// ---------------------------------------------------------------------------
// Notes on values

/// What a MAIL/RCPT parameter's value means in this line, starting with the
/// parameter as written: `parameter_note("SIZE", Some("48213"), None)` is
/// `"SIZE=48213: the client declares a 47 KB message (48 213 bytes)"`. With
/// `server_size_limit` (from the EHLO SIZE keyword) the SIZE note adds the
/// limit, and says when the message is over it. `None` for parameters
/// without a specific note.
pub fn parameter_note(
    keyword: &str,
    value: Option<&str>,
    server_size_limit: Option<u64>,
) -> Option<String> {
    let upper = keyword.to_ascii_uppercase();
    let written = match value {
        Some(v) => format!("{keyword}={v}"),
        None => keyword.to_string(),
    };
    let v = value.unwrap_or("");
    let words: String = match upper.as_str() {
        "SIZE" => match v.parse::<u64>() {
            Ok(n) => {
                let mut w = if n < 1024 {
                    format!("the client declares a message of {n} bytes")
                } else {
                    format!(
                        "the client declares a {} message ({} bytes)",
                        short_size(n),
                        group(n)
                    )
                };
                match server_size_limit {
                    Some(limit) if limit > 0 && n > limit => w.push_str(&format!(
                        "; over the server's limit of {} bytes, so expect 552",
                        group(limit)
                    )),
                    Some(limit) if limit > 0 => {
                        w.push_str(&format!("; the server's limit is {} bytes", group(limit)))
                    }
                    _ => {}
                }
                w
            }
            Err(_) => "not a number of bytes".into(),
        },
        "BODY" => match v.to_ascii_uppercase().as_str() {
            "7BIT" => "the body is plain 7-bit ASCII".into(),
            "8BITMIME" => "the body contains 8-bit MIME text".into(),
            "BINARYMIME" => "the body is raw binary MIME and must be sent with BDAT".into(),
            _ => "an unknown body type (7BIT, 8BITMIME or BINARYMIME expected)".into(),
        },
        "SMTPUTF8" => {
            "the message has UTF-8 addresses or headers; every hop must support SMTPUTF8".into()
        }
        "REQUIRETLS" => "every hop must use verified TLS, or the message bounces".into(),
        "RET" => match v.to_ascii_uppercase().as_str() {
            "FULL" => "a failure DSN should return the whole message".into(),
            "HDRS" => "a failure DSN should return only the message's headers".into(),
            _ => "an unknown RET value (FULL or HDRS expected)".into(),
        },
        "ENVID" => format!("the sender's envelope id {}, echoed in every DSN", xtext(v)),
        "NOTIFY" => notify_words(v),
        "ORCPT" => match v.split_once(';') {
            Some((ty, addr)) => format!("the original recipient was {} (type {ty})", xtext(addr)),
            None => "malformed (addr-type;address expected)".into(),
        },
        "AUTH" => {
            if v == "<>" {
                "the submitter's identity is unknown or not trusted".into()
            } else {
                format!("submitted by the authenticated identity {}", xtext(v))
            }
        }
        // Read as the i64 below rather than an i8: one less copy of core's
        // digit loop in the wasm module (see `crate::parse_uint`).
        "MT-PRIORITY" => match v.parse::<i64>().ok().and_then(|n| i8::try_from(n).ok()) {
            Some(0) => "normal priority (0, on a scale from -9 to 9)".into(),
            Some(n) if (-9..=9).contains(&n) => {
                let rel = if n > 0 { "higher" } else { "lower" };
                format!("priority {n}, {rel} than normal (scale -9 to 9)")
            }
            _ => "not a priority (an integer from -9 to 9 expected)".into(),
        },
        "HOLDFOR" => match v.parse::<u64>() {
            Ok(n) => format!(
                "hold the message for {} seconds{} before delivery",
                group(n),
                duration_words(n)
            ),
            Err(_) => "not a number of seconds".into(),
        },
        "HOLDUNTIL" => format!("hold the message until {v} before delivery"),
        "BY" => by_words(v),
        "RRVS" => {
            let (time, action) = v.split_once(';').unwrap_or((v, "R"));
            let then = if action.eq_ignore_ascii_case("C") {
                "if the next hop cannot check, deliver anyway"
            } else {
                "otherwise reject"
            };
            format!("deliver only if the mailbox has had the same owner since {time}; {then}")
        }
        "MTRK" => "a message-tracking certifier the sender can later query with".into(),
        "SOLICIT" => format!("the message is a solicitation of class {v}"),
        "CONPERM" => "whether content conversion is permitted".into(),
        "CONNEG" => "content conversion is to be negotiated for this recipient".into(),
        "TRANSID" => format!("transaction id {v}, to resume an interrupted transfer"),
        "SUBMITTER" => format!("the responsible submitter is {}", xtext(v)),
        "XOORG" => format!("the originating organization is {v}"),
        _ => return None,
    };
    Some(format!("{written}: {words}"))
}

fn notify_words(v: &str) -> String {
    let mut when = Vec::new();
    for w in v.split(',') {
        match w.to_ascii_uppercase().as_str() {
            "NEVER" => return "never send a DSN for this recipient".into(),
            "SUCCESS" => when.push("succeeds"),
            "FAILURE" => when.push("fails"),
            "DELAY" => when.push("is delayed"),
            _ => return format!("unknown NOTIFY value {w}"),
        }
    }
    match when.split_last() {
        None => "no condition given".into(),
        Some((last, [])) => format!("send a DSN if delivery {last}"),
        Some((last, init)) => format!("send a DSN if delivery {} or {last}", init.join(", ")),
    }
}

fn by_words(v: &str) -> String {
    let (time, mode) = v.split_once(';').unwrap_or((v, ""));
    let Ok(secs) = time.parse::<i64>() else {
        return "not a time in seconds".into();
    };
    let mode_up = mode.to_ascii_uppercase();
    let or_else = if mode_up.starts_with('R') {
        "or return it as undeliverable"
    } else if mode_up.starts_with('N') {
        "or send a delayed DSN"
    } else {
        "(mode R or N missing)"
    };
    let trace = if mode_up.ends_with('T') {
        "; report each hop in trace DSNs"
    } else {
        ""
    };
    format!("deliver within {secs} seconds {or_else}{trace}")
}

/// Decode RFC 3461 xtext (`+2B` is `+`); malformed escapes stay as written.
fn xtext(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(pos) = rest.find('+') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let hex = rest.get(pos + 1..pos + 3);
        match hex.and_then(crate::parse_hex::<u8>) {
            Some(b) if b.is_ascii() => {
                out.push(char::from(b));
                rest = rest.get(pos + 3..).unwrap_or("");
            }
            _ => {
                out.push('+');
                rest = rest.get(pos + 1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// `10240000` → `"10 240 000"`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// `48213` → `"47 KB"`, `10240000` → `"10 MB"` (binary units, rounded).
fn short_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    for (unit, name) in UNITS {
        if n >= unit {
            return format!("{} {name}", (n + unit / 2) / unit);
        }
    }
    format!("{n} bytes")
}

/// `10240000` → `"10 MB (10 240 000 bytes)"`.
fn size_words(n: u64) -> String {
    if n < 1024 {
        format!("{n} bytes")
    } else {
        format!("{} ({} bytes)", short_size(n), group(n))
    }
}

/// `" (about 2 days)"` for durations of an hour or more, else empty.
fn duration_words(secs: u64) -> String {
    match secs {
        s if s >= 2 * 86_400 => format!(" (about {} days)", (s + 43_200) / 86_400),
        s if s >= 2 * 3_600 => format!(" (about {} hours)", (s + 1_800) / 3_600),
        s if s >= 3_600 => " (about an hour)".into(),
        _ => String::new(),
    }
}
