//! The annotated timeline for a terminal.

use crate::html::plural;
use smtpscope::{
    Command, Event, EventDetail, Explanation, OutcomeStatus, Session, Severity, Transcript,
};
use std::fmt::Write;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    fn cyan(&self, s: &str) -> String {
        self.paint("36", s)
    }
}

/// Remove terminal control characters from untrusted text, so a pasted
/// escape sequence cannot drive the terminal, and bidirectional overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069), so pasted text cannot
/// reorder what the terminal shows ("Trojan Source", CVE-2021-42574).
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (c.is_control() && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn status_word(st: &Style, status: OutcomeStatus) -> String {
    match status {
        OutcomeStatus::Delivered => st.green("DELIVERED"),
        OutcomeStatus::Rejected => st.red("REJECTED"),
        OutcomeStatus::Deferred => st.yellow("DEFERRED"),
        OutcomeStatus::Incomplete => st.dim("INCOMPLETE"),
    }
}

/// The first line: the format, how sure the detection is, and the counts.
/// (`t`'s own sessions are not looked at: a stream gives its count.)
pub fn header(t: &Transcript, sessions: usize, colour: bool) -> String {
    let st = Style { on: colour };
    let mut out = String::new();
    let _ = write!(
        out,
        "{} {} ({}% confident",
        st.bold("format:"),
        t.format,
        t.detection.confidence
    );
    if t.detection.forced {
        out.push_str(", forced");
    }
    if let Some(r) = &t.detection.runner_up {
        let _ = write!(out, "; runner-up {} {}%", r.format, r.confidence);
    }
    let _ = writeln!(
        out,
        "), {}, {}",
        plural(t.line_count as usize, "line"),
        plural(sessions, "session")
    );
    out
}

/// Session number `i` (0-based): its outcome, then its events.
pub fn session(out: &mut String, i: usize, s: &Session, colour: bool, explain: bool) {
    let st = Style { on: colour };
    out.push('\n');
    let mut title = format!("Session {}", i + 1);
    if let Some(id) = &s.id {
        let _ = write!(title, " [{}]", safe(id));
    }
    if let Some(p) = &s.peer {
        let _ = write!(title, " {}", safe(p));
    }
    let _ = writeln!(
        out,
        "{} {}",
        st.bold(&title),
        status_word(&st, s.outcome.status)
    );
    let _ = writeln!(
        out,
        "  {}",
        safe(s.outcome.headline.as_deref().unwrap_or(&s.outcome.summary))
    );
    if let Some(r) = &s.outcome.reply {
        // The decisive reply in full, and where to find it: in a long
        // bounce or log it is far below.
        let _ = writeln!(
            out,
            "  {} {} {}",
            st.bold(&format!("line {}:", r.line)),
            r.code,
            safe(&r.text)
        );
    }
    if let Some(remedy) = &s.outcome.remedy {
        let _ = writeln!(out, "  {} {}", st.bold("what to do:"), safe(remedy));
    }
    // Steps rebuilt from other lines (a log's summary lines, most often)
    // are marked `~`, as the page marks them: said once, under the outcome.
    if s.events.iter().any(marked) {
        let _ = writeln!(
            out,
            "  {}",
            st.dim("~ reconstructed from other lines, not seen on the wire")
        );
    }
    out.push('\n');
    for e in &s.events {
        render_event(out, &st, e);
        if explain {
            render_parts(out, &st, e);
        }
    }
}

/// What follows the sessions: the lines of no session, and the warnings
/// and errors.
pub fn rest(out: &mut String, t: &Transcript, colour: bool) {
    let st = Style { on: colour };
    if !t.unassigned.is_empty() {
        let _ = writeln!(out, "\n{}", st.bold("Outside any session"));
        for e in &t.unassigned {
            render_event(out, &st, e);
        }
    }
    let shown: Vec<_> = t
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "\n{}", st.bold("Diagnostics"));
        for d in shown {
            let sev = match d.severity {
                Severity::Error => st.red("error"),
                Severity::Warning => st.yellow("warning"),
                Severity::Info => st.dim("info"),
            };
            let line = d.line.map_or(String::new(), |l| format!("line {l}: "));
            let _ = writeln!(out, "  {sev} {line}{} [{}]", safe(&d.message), d.code);
        }
    }
}

/// An inferred step, marked `~` (the TLS handshake after a 220 to
/// STARTTLS says so in its own words).
fn marked(e: &Event) -> bool {
    e.inferred && !matches!(e.detail, EventDetail::Tls { .. })
}

fn render_event(out: &mut String, st: &Style, e: &Event) {
    let lock = if e.encrypted { "🔒" } else { " " };
    // The column after the line number: `~` for an inferred step.
    let mark = if marked(e) {
        st.dim("~")
    } else {
        " ".to_string()
    };
    let num = format!("{}{mark}", st.dim(&format!("{:>5}", e.line)));
    match &e.detail {
        EventDetail::Command {
            verb, args, parsed, ..
        } => {
            let text = if let Command::Unknown { text } = parsed {
                text.clone()
            } else if args.is_empty() {
                verb.to_string()
            } else if verb == "AUTH-RESPONSE" {
                args.to_string()
            } else {
                format!("{verb} {args}")
            };
            let _ = writeln!(out, "{num}{lock} {} {}", st.cyan("C:"), safe(&text));
            if let Command::Invalid { error } = parsed {
                let _ = writeln!(
                    out,
                    "          {}",
                    st.yellow(&format!("⚠ {}", safe(error)))
                );
            }
        }
        EventDetail::Reply {
            code,
            lines,
            explanation,
            advice,
            extra,
            ..
        } => {
            for (i, l) in lines.iter().enumerate() {
                let sep = if i + 1 == lines.len() { ' ' } else { '-' };
                let text = format!("{code}{sep}{}", safe(l));
                let painted = match code / 100 {
                    4 => st.yellow(&text),
                    5 => st.red(&text),
                    _ => text,
                };
                let n = if i == 0 {
                    num.clone()
                } else {
                    st.dim("      ")
                };
                let _ = writeln!(out, "{n}{lock} S: {painted}");
            }
            if let Some(d) = extra.decoded() {
                let _ = writeln!(
                    out,
                    "          {}",
                    st.dim(&format!("(decoded: {})", safe(d)))
                );
            }
            if *code >= 400 {
                if let Some(x) = explanation {
                    let _ = writeln!(out, "          {}", st.dim(&format!("↳ {}", safe(x))));
                }
                if let Some(r) = advice.reason() {
                    let _ = writeln!(out, "          {}", st.dim(&format!("  reason: {r}")));
                }
                if let Some(r) = advice.remedy() {
                    let _ = writeln!(
                        out,
                        "          {}",
                        st.dim(&format!("  what to do: {}", safe(r)))
                    );
                }
            }
        }
        EventDetail::Data {
            size,
            headers,
            terminated,
            ..
        } => {
            let subject = headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("subject"))
                .map(|h| format!(", Subject: {}", safe(&h.value)))
                .unwrap_or_default();
            let end = if *terminated { "" } else { ", not terminated" };
            let _ = writeln!(
                out,
                "{num}{lock} {} {}",
                st.cyan("C:"),
                st.dim(&format!(
                    "[message content: {}, {size} bytes{subject}{end}]",
                    plural(e.source.len(), "line")
                ))
            );
        }
        EventDetail::Tls { text } => {
            let _ = writeln!(out, "{num}  {}", st.green(&format!("── {} ──", safe(text))));
        }
        EventDetail::Note { text, level } => {
            if matches!(level, smtpscope::NoteLevel::Blank) {
                return;
            }
            // A note of several lines (a run of prose) keeps its lines and
            // their numbers.
            let numbers = e.source.iter().map(|s| s.line);
            for (i, (l, n)) in text
                .split('\n')
                .zip(numbers.chain(std::iter::repeat(0)))
                .enumerate()
            {
                let n = if i == 0 {
                    num.clone()
                } else {
                    st.dim(&format!("{n:>5} "))
                };
                let _ = writeln!(out, "{n}   {}", st.dim(&safe(l)));
            }
        }
        EventDetail::Unparsed { text, reason } => {
            let _ = writeln!(
                out,
                "{num}   {} {}",
                safe(text),
                st.yellow(&format!("(not understood: {})", safe(reason)))
            );
        }
    }
}

pub fn render_explanation(x: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", x.summary);
    let mut field = |name: &str, v: &Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(out, "{name:<10} {v}");
        }
    };
    field("code:", &x.code_meaning);
    field("class:", &x.class_meaning);
    field("enhanced:", &x.enhanced_meaning);
    field("reason:", &x.reason);
    field("meaning:", &x.reason_meaning);
    let actor = x.actor.as_deref().map(|a| {
        let who = match a {
            "sender" => "the person sending the mail",
            "sender-admin" => "whoever runs the sending mail server or domain",
            "recipient" => "the recipient",
            "recipient-admin" => "whoever runs the receiving mail server",
            "nobody" => "nobody: the sending server retries by itself",
            _ => "",
        };
        if who.is_empty() {
            a.to_string()
        } else {
            format!("{a} ({who})")
        }
    });
    field("who acts:", &actor);
    field("action:", &x.action);
    field("remedy:", &x.remedy);
    field("provider:", &x.provider);
    for l in &x.links {
        let _ = writeln!(out, "{:<10} {l}", "see:");
    }
    out
}

/// The explanation of each token of an event, under its line
/// (`smtpscope parse --explain`).
fn render_parts(out: &mut String, st: &Style, e: &Event) {
    let mut seen: Vec<&str> = Vec::new();
    for p in e.parts() {
        // One line per distinct token: a multi-line reply repeats its code.
        if seen.contains(&p.text.as_str()) {
            continue;
        }
        seen.push(p.text.as_str());
        let text = match (&p.note, p.id.as_deref()) {
            (Some(note), _) => note.clone(),
            (None, Some(id)) => match smtpscope::knowledge::explain_any(id) {
                Some(x) => x.summary,
                None => continue,
            },
            (None, None) => format!("{}: not a token smtpscope knows", p.text),
        };
        let _ = writeln!(
            out,
            "          {} {}",
            st.cyan(&format!("{:<14}", safe(&p.text))),
            st.dim(&safe(&text))
        );
    }
}

/// Token explanations (`smtpscope explain SIZE`).
pub fn render_tokens(found: &[smtpscope::knowledge::tokens::TokenExplanation]) -> String {
    let mut out = String::new();
    for (i, x) in found.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{} ({}, {})", x.name, x.kind, x.id);
        let _ = writeln!(out, "  {}", x.summary);
        let mut field = |name: &str, v: &Option<String>| {
            if let Some(v) = v {
                let _ = writeln!(out, "  {name:<10} {v}");
            }
        };
        field("syntax:", &x.syntax);
        field("details:", &x.details);
        field(
            "requires:",
            &x.requires
                .as_ref()
                .map(|r| format!("the server must advertise {r} in its EHLO reply")),
        );
        field("rfc:", &x.rfc);
        field("see:", &x.rfc_url);
        if let Some(safe) = x.safe_without_tls {
            let _ = writeln!(
                out,
                "  {:<10} {}",
                "tls:",
                if safe {
                    "safe without TLS"
                } else {
                    "sends a reusable secret: use only under TLS"
                }
            );
        }
        if x.deprecated == Some(true) {
            let _ = writeln!(out, "  {:<10} deprecated", "status:");
        }
        if !x.replies.is_empty() {
            let codes: Vec<String> = x.replies.iter().map(u16::to_string).collect();
            let _ = writeln!(out, "  {:<10} {}", "replies:", codes.join(" "));
        }
    }
    out
}
