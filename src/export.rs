//! Exports of a parsed [`Transcript`] to other notations, all from the one
//! model: an RFC-style `C:`/`S:` text, a Mermaid `sequenceDiagram`, and a
//! `swaks` command line that replays the session's envelope.
//!
//! ```
//! use smtpscope::export::{export, ExportKind};
//! let t = smtpscope::parse("S: 220 mx.example.com ESMTP\nC: QUIT\nS: 221 Bye\n",
//!                          &smtpscope::Options::default());
//! assert_eq!(export(&t, ExportKind::Cs), "S: 220 mx.example.com ESMTP\nC: QUIT\nS: 221 Bye\n");
//! ```
//!
//! JSON is not an export here: it is the model itself (`serde_json` in the
//! CLI, `JSON.stringify` of `parse` in JavaScript).

use crate::model::{Command, Event, EventDetail, Session, Text, Transcript};
use crate::plural;
use std::fmt::Write as _;

/// What to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Normalised RFC 5321 Appendix D style: `C: EHLO x` / `S: 250 ok`.
    Cs,
    /// A Mermaid `sequenceDiagram`.
    Mermaid,
    /// A `swaks` command line reproducing the envelope.
    Swaks,
}

impl ExportKind {
    /// `"cs"`, `"mermaid"` or `"swaks"` (case-insensitive; `"rfc"` is `cs`).
    pub fn from_name(name: &str) -> Option<ExportKind> {
        match name.to_ascii_lowercase().as_str() {
            "cs" | "rfc" => Some(ExportKind::Cs),
            "mermaid" => Some(ExportKind::Mermaid),
            "swaks" => Some(ExportKind::Swaks),
            _ => None,
        }
    }
}

/// Export every session of `t` (use [`only_session`] first to pick one).
pub fn export(t: &Transcript, kind: ExportKind) -> String {
    match kind {
        ExportKind::Cs => cs(t),
        ExportKind::Mermaid => mermaid(t),
        ExportKind::Swaks => swaks(t),
    }
}

/// A copy of `t` that holds only session `index` (0-based), or `None` when
/// there is no such session.
pub fn only_session(t: &Transcript, index: usize) -> Option<Transcript> {
    let session = t.sessions.get(index)?.clone();
    Some(Transcript {
        sessions: vec![session],
        unassigned: Vec::new(),
        diagnostics: t
            .diagnostics
            .iter()
            .filter(|d| d.session.map_or(true, |s| s as usize == index))
            .cloned()
            .collect(),
        ..t.clone()
    })
}

fn session_title(s: &Session, index: usize) -> String {
    match (&s.id, &s.peer) {
        (Some(id), Some(peer)) => format!("Session {id} ({peer})"),
        (Some(id), None) => format!("Session {id}"),
        (None, Some(peer)) => format!("Session {} ({peer})", index + 1),
        (None, None) => format!("Session {}", index + 1),
    }
}

/// The lines of a reply as sent: `250-first`, …, `250 last`.
fn reply_wire_lines(code: u16, lines: &[Text]) -> Vec<String> {
    if lines.is_empty() {
        return vec![code.to_string()];
    }
    let last = lines.len() - 1;
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let sep = if i == last { ' ' } else { '-' };
            if l.is_empty() && i == last {
                code.to_string()
            } else {
                format!("{code}{sep}{l}")
            }
        })
        .collect()
}

/// The command line as sent: `VERB args`, or just the args for a line of
/// an AUTH exchange.
fn command_line(verb: &str, args: &str) -> String {
    if verb == "AUTH-RESPONSE" {
        args.to_string()
    } else if args.is_empty() {
        verb.to_string()
    } else {
        format!("{verb} {args}")
    }
}

/// How many content lines a data event had (its source lines, without the
/// terminating `.`).
fn data_lines(e: &Event, terminated: bool) -> usize {
    let n = e.source.len();
    if terminated {
        n.saturating_sub(1)
    } else {
        n
    }
}

// --- C:/S: ---------------------------------------------------------------

fn cs(t: &Transcript) -> String {
    let mut out = String::new();
    let many = t.sessions.len() > 1;
    for (i, s) in t.sessions.iter().enumerate() {
        if many {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "# {}", one_line(&session_title(s, i)));
        }
        let mut after_bdat = false;
        for e in &s.events {
            if let EventDetail::Command { verb, .. } = &e.detail {
                after_bdat = verb == "BDAT";
            }
            cs_event(&mut out, e, after_bdat);
        }
    }
    out
}

fn cs_event(out: &mut String, e: &Event, after_bdat: bool) {
    match &e.detail {
        // A BDAT chunk is read by its byte count (RFC 3030): a summary in
        // its place would be read as the chunk. Say what it held, as
        // comments.
        EventDetail::Data { size, headers, .. } if after_bdat => {
            let _ = writeln!(
                out,
                "# [BDAT chunk: {}, not reproduced]",
                plural(*size, "byte")
            );
            for h in headers {
                let _ = writeln!(out, "#   {}: {}", one_line(&h.name), one_line(&h.value));
            }
        }
        EventDetail::Command { verb, args, .. } => {
            let _ = writeln!(out, "C: {}", command_line(verb, args));
        }
        EventDetail::Reply { code, lines, .. } => {
            for l in reply_wire_lines(*code, lines) {
                let _ = writeln!(out, "S: {l}");
            }
        }
        EventDetail::Data {
            size,
            headers,
            terminated,
            ..
        } => {
            // The model keeps the header fields, not the body: the headers
            // are written out, the body is summarised. Headers come first so
            // that the text parses back to the same header fields.
            for h in headers {
                let line = format!("{}: {}", h.name, h.value);
                // Dot-stuffing (RFC 5321 §4.5.2).
                let stuffed = if line.starts_with('.') { "." } else { "" };
                let _ = writeln!(out, "C: {stuffed}{line}");
            }
            if !headers.is_empty() {
                out.push_str("C:\n");
            }
            let _ = writeln!(
                out,
                "C: [message content: {}, {}]",
                plural(*size, "byte"),
                plural(data_lines(e, *terminated) as u64, "line")
            );
            if *terminated {
                out.push_str("C: .\n");
            }
        }
        EventDetail::Tls { text } => {
            let _ = writeln!(out, "# TLS: {}", one_line(text));
        }
        EventDetail::Unparsed { text, .. } => {
            let _ = writeln!(out, "# not understood: {}", one_line(text));
        }
        EventDetail::Note { .. } => {}
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

// --- Mermaid -------------------------------------------------------------

/// Longest message text in the diagram, in characters.
const MERMAID_MAX: usize = 72;

/// Escape text for a Mermaid message or note: the characters that end a
/// message (`;`, `#`, a line break) or would be read as HTML by the renderer
/// become Mermaid entity codes (`#59;`), which Mermaid decodes for display.
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '"' => out.push_str("#34;"),
            '\'' => out.push_str("#39;"),
            '&' => out.push_str("#38;"),
            '%' => out.push_str("#37;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '\\' => out.push_str("#92;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Shorten to `MERMAID_MAX` characters with an ellipsis, then escape.
fn mermaid_text(s: &str) -> String {
    let s = s.trim();
    let short: String = if s.chars().count() > MERMAID_MAX {
        let mut t: String = s.chars().take(MERMAID_MAX - 1).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    };
    let escaped = mermaid_escape(&short);
    if escaped.is_empty() {
        "(empty)".to_string()
    } else {
        escaped
    }
}

fn mermaid(t: &Transcript) -> String {
    let mut out =
        String::from("sequenceDiagram\n    participant C as Client\n    participant S as Server\n");
    let many = t.sessions.len() > 1;
    for (i, s) in t.sessions.iter().enumerate() {
        if many {
            let _ = writeln!(
                out,
                "    Note over C,S: {}",
                mermaid_text(&session_title(s, i))
            );
        }
        let mut open_group: Option<u32> = None;
        for e in &s.events {
            // A pipelined group: the commands sent together, in a box.
            let group = match e.detail {
                EventDetail::Command { .. } | EventDetail::Data { .. } => e.group(),
                _ => None,
            };
            if open_group.is_some() && open_group != group {
                out.push_str("    end\n");
                open_group = None;
            }
            if let (None, Some(g)) = (open_group, group) {
                let _ = writeln!(out, "    rect rgba(120, 140, 200, 0.15)");
                let _ = writeln!(out, "    Note right of C: pipelined group {g}");
                open_group = Some(g);
            }
            mermaid_event(&mut out, e);
        }
        if open_group.is_some() {
            out.push_str("    end\n");
        }
    }
    out
}

fn mermaid_event(out: &mut String, e: &Event) {
    match &e.detail {
        EventDetail::Command { verb, args, .. } => {
            let _ = writeln!(
                out,
                "    C->>S: {}",
                mermaid_text(&command_line(verb, args))
            );
        }
        EventDetail::Reply { code, lines, .. } => {
            let first = lines.first().map(Text::as_str).unwrap_or("");
            let mut text = if first.is_empty() {
                code.to_string()
            } else {
                format!("{code} {first}")
            };
            let shown = mermaid_text(&text);
            if lines.len() > 1 {
                text = format!("{shown} (+{} lines)", lines.len() - 1);
            } else {
                text = shown;
            }
            let _ = writeln!(out, "    S-->>C: {text}");
        }
        EventDetail::Data { size, headers, .. } => {
            let subject = headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("subject"))
                .map(|h| format!(", Subject: {}", h.value))
                .unwrap_or_default();
            let text = format!(
                "message content: {}, {}{subject}",
                plural(*size, "byte"),
                plural(headers.len() as u64, "header")
            );
            let _ = writeln!(out, "    C->>S: {}", mermaid_text(&text));
        }
        EventDetail::Tls { text } => {
            let _ = writeln!(
                out,
                "    Note over C,S: {}",
                mermaid_text(&if text.starts_with("TLS") {
                    text.to_string()
                } else {
                    format!("TLS: {text}")
                })
            );
        }
        EventDetail::Unparsed { text, .. } => {
            let _ = writeln!(
                out,
                "    Note over C,S: {}",
                mermaid_text(&format!("not understood: {text}"))
            );
        }
        EventDetail::Note { .. } => {}
    }
}

// --- swaks ---------------------------------------------------------------

/// Quote a word for a POSIX shell: as is when it only has safe characters,
/// else in single quotes, with each embedded `'` written as `'\''`.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '@' | '.' | '_' | '-' | '+' | ':' | ',' | '/' | '=')
        });
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The placeholder server when the transcript does not name one.
pub const PLACEHOLDER_SERVER: &str = "mx.example.com";

/// Host and port from a log's peer: `mail.example.com[192.0.2.1]:587`,
/// `[192.0.2.1]`, `mail.example.com`.
fn peer_host_port(peer: &str) -> (Option<String>, Option<u16>) {
    let peer = peer.trim();
    let (name, rest) = match peer.split_once('[') {
        Some((name, rest)) => (name, Some(rest)),
        None => (peer, None),
    };
    let (addr, port) = match rest.and_then(|r| r.split_once(']')) {
        Some((addr, after)) => (
            Some(addr),
            after.strip_prefix(':').and_then(crate::parse_uint::<u16>),
        ),
        None => (None, None),
    };
    let name = name.trim();
    let host = if !name.is_empty() && !name.eq_ignore_ascii_case("unknown") {
        Some(name.to_string())
    } else {
        addr.filter(|a| !a.is_empty()).map(str::to_string)
    };
    (host, port)
}

fn swaks(t: &Transcript) -> String {
    let mut out = String::new();
    for (i, s) in t.sessions.iter().enumerate() {
        if !s
            .events
            .iter()
            .any(|e| matches!(e.detail, EventDetail::Command { .. }))
        {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        if t.sessions.len() > 1 {
            let _ = writeln!(out, "# {}", one_line(&session_title(s, i)));
        }
        swaks_session(&mut out, s);
    }
    out
}

fn swaks_session(out: &mut String, s: &Session) {
    let (host, port) = s
        .peer
        .as_deref()
        .map(peer_host_port)
        .unwrap_or((None, None));
    let mut args: Vec<String> = vec!["swaks".into()];
    let mut comments: Vec<String> = Vec::new();
    match host {
        Some(h) => args.extend(["--server".into(), shell_quote(&h)]),
        None => {
            comments.push(format!(
                "The transcript does not name the server: replace {PLACEHOLDER_SERVER}."
            ));
            args.extend(["--server".into(), PLACEHOLDER_SERVER.into()]);
        }
    }
    args.extend(["--port".into(), port.unwrap_or(25).to_string()]);

    let mut ehlo: Option<String> = None;
    let mut lhlo = false;
    let mut starttls = false;
    let mut pipelined = false;
    for e in &s.events {
        if let EventDetail::Command { parsed, .. } = &e.detail {
            if e.group().is_some() {
                pipelined = true;
            }
            match parsed {
                Command::Ehlo { domain } | Command::Helo { domain } if ehlo.is_none() => {
                    ehlo = Some(domain.clone());
                }
                Command::Lhlo { domain } if ehlo.is_none() => {
                    ehlo = Some(domain.clone());
                    lhlo = true;
                }
                Command::Starttls => starttls = true,
                _ => {}
            }
        }
    }
    if lhlo {
        args.extend(["--protocol".into(), "LMTP".into()]);
    }
    if let Some(name) = ehlo.filter(|n| !n.is_empty()) {
        args.extend(["--ehlo".into(), shell_quote(&name)]);
    }
    if starttls {
        args.push("--tls".into());
    }
    if let Some(auth) = &s.auth {
        if !auth.mechanism.is_empty() {
            args.extend(["--auth".into(), shell_quote(&auth.mechanism)]);
        }
        match &auth.user {
            Some(user) => args.extend(["--auth-user".into(), shell_quote(user)]),
            None => {
                comments.push("The AUTH user is not in the transcript: swaks asks for it.".into())
            }
        }
        comments.push("No --auth-password: swaks asks for the password.".into());
    }
    if let Some(tx) = s.transactions.first() {
        if let Some(sender) = &tx.sender {
            let from = if sender.is_empty() { "<>" } else { sender };
            args.extend(["--from".into(), shell_quote(from)]);
        }
        let rcpts: Vec<&str> = tx.recipients.iter().map(|r| r.address.as_str()).collect();
        if !rcpts.is_empty() {
            args.extend(["--to".into(), shell_quote(&rcpts.join(","))]);
        }
        if s.transactions.len() > 1 {
            comments.push(format!(
                "swaks sends one message: this replays the first of {} transactions.",
                s.transactions.len()
            ));
        }
    }
    if pipelined {
        args.push("--pipeline".into());
    }
    for c in comments {
        let _ = writeln!(out, "# {c}");
    }
    out.push_str(&args.join(" "));
    out.push('\n');
}
