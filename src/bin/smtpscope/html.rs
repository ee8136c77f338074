//! `smtpscope render --html`: the timeline as static HTML, for documentation
//! built ahead of time. The structure and class names are those of
//! `www/render.js`, so `www/timeline.css` styles both; the CSS is inlined,
//! scoped under `.smtpscope-static`, and there is no script. Every text from
//! the input is HTML-escaped (`& < > " '`), in text and in attributes.

use smtpscope::{
    AuthInfo, Capability, Command, Diagnostic, Event, EventDetail, NoteLevel, OutcomeStatus,
    ReplyRef, Session, Transcript,
};
use std::collections::HashSet;

/// The wrapper class every inlined CSS rule is scoped under.
pub const WRAPPER: &str = "smtpscope-static";

const TIMELINE_CSS: &str = include_str!("../../../www/timeline.css");

/// What the page's style.css gives the timeline and timeline.css does not.
const EXTRA_CSS: &str = "
.scope { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; line-height: 1.5; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
";

/// Escape text for HTML text and (double- or single-quoted) attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

// --- a tiny element tree --------------------------------------------------

enum Node {
    El {
        tag: &'static str,
        attrs: Vec<(&'static str, String)>,
        children: Vec<Node>,
    },
    Text(String),
}

fn el(tag: &'static str, attrs: &[(&'static str, &str)], children: Vec<Node>) -> Node {
    Node::El {
        tag,
        attrs: attrs.iter().map(|(k, v)| (*k, (*v).to_string())).collect(),
        children,
    }
}

fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

impl Node {
    fn write(&self, out: &mut String) {
        match self {
            Node::Text(s) => out.push_str(&escape(s)),
            Node::El {
                tag,
                attrs,
                children,
            } => {
                out.push('<');
                out.push_str(tag);
                for (k, v) in attrs {
                    out.push(' ');
                    out.push_str(k);
                    if !v.is_empty() || !matches!(*k, "open" | "hidden") {
                        out.push_str("=\"");
                        out.push_str(&escape(v));
                        out.push('"');
                    }
                }
                out.push('>');
                for c in children {
                    c.write(out);
                }
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        }
    }
}

// --- helpers (as in render.js) --------------------------------------------

/// "1 line", "3 lines" (the CLI's terminal output uses it too).
pub fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn format_bytes(n: u64) -> String {
    if n < 1024 {
        plural(n as usize, "byte")
    } else if n < 1024 * 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", n as f64 / 1024.0 / 1024.0)
    }
}

fn line_link(line: u32, prefix: &str) -> Node {
    el(
        "a",
        &[("class", "line-link"), ("href", &format!("#line-{line}"))],
        vec![text(format!("{prefix}{line}"))],
    )
}

fn lane_of(e: &Event) -> &'static str {
    match e.detail {
        EventDetail::Command { .. } | EventDetail::Data { .. } => "client",
        EventDetail::Reply { .. } => "server",
        _ => "middle",
    }
}

fn code_class(code: u16) -> &'static str {
    match code / 100 {
        2 => "code-2",
        3 => "code-3",
        4 => "code-4",
        5 => "code-5",
        _ => "code-x",
    }
}

fn status_label(s: OutcomeStatus) -> (&'static str, &'static str) {
    match s {
        OutcomeStatus::Delivered => ("Delivered", "✓"),
        OutcomeStatus::Rejected => ("Rejected", "✕"),
        OutcomeStatus::Deferred => ("Deferred", "↻"),
        OutcomeStatus::Incomplete => ("Incomplete", "…"),
    }
}

fn actor_words(actor: &str) -> &str {
    match actor {
        "sender" => "the sender",
        "sender-admin" => "the sender's mail administrator",
        "recipient" => "the recipient",
        "recipient-admin" => "the recipient's mail administrator",
        "nobody" => "nobody",
        other => other,
    }
}

fn badge(label: &str, class: &str, title: Option<&str>) -> Node {
    let class = format!("badge {class}");
    let mut attrs = vec![("class", class.as_str())];
    if let Some(t) = title {
        attrs.push(("title", t));
    }
    el("span", &attrs, vec![text(label)])
}

fn k(label: &str) -> Node {
    el("span", &[("class", "k")], vec![text(label)])
}

fn source_block(e: &Event) -> Node {
    let class = if e.source.len() > 1 {
        "src multi"
    } else {
        "src single"
    };
    let lines = if e.source.is_empty() {
        vec![(e.line, String::new())]
    } else {
        e.source
            .iter()
            .map(|s| (s.line, s.text.to_string()))
            .collect()
    };
    el(
        "div",
        &[
            ("class", class),
            ("role", "group"),
            ("aria-label", "Source lines"),
        ],
        lines
            .into_iter()
            .map(|(line, t)| {
                el(
                    "div",
                    &[("class", "src-line")],
                    vec![
                        el(
                            "span",
                            &[("class", "src-no"), ("aria-hidden", "true")],
                            vec![text(line.to_string())],
                        ),
                        el(
                            "code",
                            &[("class", "src-text")],
                            vec![text(if t.is_empty() { " ".to_string() } else { t })],
                        ),
                    ],
                )
            })
            .collect(),
    )
}

fn step_head(e: &Event, lane: &str, extra: Vec<Node>) -> Node {
    let mut children = vec![el(
        "span",
        &[("class", "step-line")],
        vec![line_link(e.line, "L")],
    )];
    match lane {
        "client" => children.push(el("span", &[("class", "who")], vec![text("Client")])),
        "server" => children.push(el("span", &[("class", "who")], vec![text("Server")])),
        _ => {}
    }
    children.extend(extra);
    if let Some(g) = e.group() {
        children.push(badge(
            &format!("pipelined #{g}"),
            "badge-group",
            Some("Sent together with other commands before any reply"),
        ));
    }
    if e.encrypted {
        children.push(el(
            "span",
            &[("class", "visually-hidden")],
            vec![text("(inside TLS)")],
        ));
    }
    if e.inferred {
        children.push(badge(
            "inferred",
            "badge-inferred",
            Some("Reconstructed from a summary log line, not seen on the wire"),
        ));
    }
    if let Some(t) = e.time() {
        children.push(el("time", &[("class", "step-time")], vec![text(t)]));
    }
    el("div", &[("class", "step-head")], children)
}

fn capability_chips(caps: &[Capability]) -> Node {
    el(
        "ul",
        &[("class", "chips"), ("aria-label", "Capabilities")],
        caps.iter()
            .map(|c| {
                let mut ch = vec![el(
                    "span",
                    &[("class", "chip-key")],
                    vec![text(&*c.keyword)],
                )];
                if c.params().next().is_some() {
                    ch.push(el(
                        "span",
                        &[("class", "chip-params")],
                        vec![text(format!(" {}", c.params_text()))],
                    ));
                }
                el("li", &[("class", "chip")], ch)
            })
            .collect(),
    )
}

struct Knowledge<'a> {
    explanation: Option<&'a str>,
    reason: Option<&'a str>,
    remedy: Option<&'a str>,
    actor: Option<&'a str>,
    links: &'a [String],
}

fn knowledge(f: Knowledge<'_>) -> Vec<Node> {
    let mut rows = Vec::new();
    if let Some(x) = f.explanation.filter(|s| !s.is_empty()) {
        rows.push(el("p", &[("class", "explain")], vec![text(x)]));
    }
    if let Some(r) = f.reason.filter(|s| !s.is_empty()) {
        rows.push(el(
            "p",
            &[("class", "reason")],
            vec![k("Reason: "), text(r)],
        ));
    }
    if let Some(remedy) = f.remedy.filter(|s| !s.is_empty()) {
        let label = match f.actor.filter(|s| !s.is_empty()) {
            Some(a) => format!("What to do ({}): ", actor_words(a)),
            None => "What to do: ".to_string(),
        };
        rows.push(el(
            "p",
            &[("class", "remedy")],
            vec![k(&label), text(remedy)],
        ));
    }
    let safe: Vec<&String> = f
        .links
        .iter()
        .filter(|l| l.starts_with("https://"))
        .collect();
    if !safe.is_empty() {
        let mut ch = vec![k("Read more: ")];
        for (i, l) in safe.iter().enumerate() {
            if i > 0 {
                ch.push(text(", "));
            }
            ch.push(el(
                "a",
                &[("href", l), ("rel", "noopener noreferrer external")],
                vec![text(l.as_str())],
            ));
        }
        rows.push(el("p", &[("class", "links")], ch));
    }
    rows
}

struct Parts {
    extra: Vec<Node>,
    body: Vec<Node>,
    no_source: bool,
}

fn command_step(e: &Event, session: &Session, index: usize) -> Parts {
    let mut parts = Parts {
        extra: Vec::new(),
        body: Vec::new(),
        no_source: false,
    };
    let EventDetail::Command {
        verb,
        parsed,
        reply,
        ..
    } = &e.detail
    else {
        return parts;
    };
    let verb = if verb.is_empty() { "?" } else { &**verb };
    let label = if verb == "AUTH-RESPONSE" {
        "AUTH response"
    } else {
        verb
    };
    parts.extra.push(badge(label, "badge-verb", None));
    match parsed {
        Command::Invalid { error } => {
            parts.extra.push(badge("invalid", "badge-bad", Some(error)));
        }
        Command::Unknown { .. } => parts.extra.push(badge("unknown verb", "badge-warn", None)),
        Command::AuthResponse { cancelled: true } => {
            parts.extra.push(badge("cancelled", "badge-warn", None))
        }
        _ => {}
    }
    if let Some(r) = reply.map(|r| r as usize) {
        if r != index + 1 {
            if let Some(re) = session.events.get(r) {
                let mut ch = vec![text("Answered by "), line_link(re.line, "line ")];
                if let EventDetail::Reply { code, .. } = re.detail {
                    if code != 0 {
                        ch.push(text(format!(" ({code})")));
                    }
                }
                parts.body.push(el("p", &[("class", "answered")], ch));
            }
        }
    }
    if let Command::Invalid { error } = parsed {
        if !error.is_empty() {
            parts
                .body
                .push(el("p", &[("class", "reason")], vec![text(error)]));
        }
    }
    parts
}

fn reply_step(e: &Event, session: &Session, index: usize) -> Parts {
    let mut parts = Parts {
        extra: Vec::new(),
        body: Vec::new(),
        no_source: false,
    };
    let EventDetail::Reply {
        code,
        enhanced,
        in_reply_to,
        extra: reply_extra,
        explanation,
        advice,
        ..
    } = &e.detail
    else {
        return parts;
    };
    let (decoded, capabilities, queue_id) = (
        reply_extra.decoded(),
        reply_extra.capabilities(),
        reply_extra.queue_id(),
    );
    let cc = code_class(*code);
    parts
        .extra
        .push(badge(&code.to_string(), &format!("badge-code {cc}"), None));
    if let Some(enh) = enhanced {
        parts.extra.push(badge(
            &enh.to_string(),
            &format!("badge-enh {cc}"),
            Some("Enhanced status code"),
        ));
    }
    if let Some(q) = queue_id {
        parts
            .extra
            .push(badge(&format!("queued as {q}"), "badge-queue", None));
    }
    if let Some(c) = in_reply_to.map(|c| c as usize) {
        if let Some(ce) = session.events.get(c) {
            if index == 0 || c != index - 1 {
                let verb = match &ce.detail {
                    EventDetail::Command { verb, .. } => &**verb,
                    _ => "command",
                };
                parts.body.push(el(
                    "p",
                    &[("class", "answered")],
                    vec![
                        text("Answers "),
                        text(verb),
                        text(" at "),
                        line_link(ce.line, "line "),
                    ],
                ));
            }
        }
    }
    if let Some(d) = decoded {
        parts.body.push(el(
            "p",
            &[("class", "decoded")],
            vec![k("Decoded: "), el("code", &[], vec![text(d)])],
        ));
    }
    parts.body.extend(knowledge(Knowledge {
        explanation: explanation.as_deref(),
        reason: advice.reason(),
        remedy: advice.remedy(),
        actor: advice.actor(),
        links: advice.links(),
    }));
    if let Some(caps) = capabilities.filter(|c| !c.is_empty()) {
        parts.body.push(capability_chips(caps));
    }
    parts
}

fn data_step(e: &Event) -> Parts {
    let EventDetail::Data {
        size,
        headers,
        terminated,
        eight_bit,
    } = &e.detail
    else {
        return Parts {
            extra: Vec::new(),
            body: Vec::new(),
            no_source: false,
        };
    };
    let mut facts = vec![format_bytes(*size), plural(headers.len(), "header")];
    if *eight_bit {
        facts.push("8-bit".into());
    }
    if !*terminated {
        facts.push("not terminated by “.”".into());
    }
    let mut details = vec![el(
        "summary",
        &[],
        vec![text(format!("Message content — {}", facts.join(", ")))],
    )];
    if !headers.is_empty() {
        details.push(el(
            "table",
            &[("class", "headers")],
            vec![
                el(
                    "caption",
                    &[("class", "visually-hidden")],
                    vec![text("Message header fields")],
                ),
                el(
                    "thead",
                    &[],
                    vec![el(
                        "tr",
                        &[],
                        vec![
                            el("th", &[("scope", "col")], vec![text("Field")]),
                            el("th", &[("scope", "col")], vec![text("Value")]),
                        ],
                    )],
                ),
                el(
                    "tbody",
                    &[],
                    headers
                        .iter()
                        .map(|h| {
                            el(
                                "tr",
                                &[],
                                vec![
                                    el("th", &[("scope", "row")], vec![text(&h.name)]),
                                    el("td", &[], vec![text(&h.value)]),
                                ],
                            )
                        })
                        .collect(),
                ),
            ],
        ));
    }
    details.push(source_block(e));
    Parts {
        extra: vec![badge("DATA content", "badge-verb", None)],
        body: vec![el("details", &[("class", "data")], details)],
        no_source: true,
    }
}

/// A step that went wrong: the same rule as `isError` in www/render.js.
fn is_error(e: &Event, events: &[Event]) -> bool {
    match &e.detail {
        EventDetail::Reply { code, .. } => *code >= 400,
        EventDetail::Unparsed { .. } => true,
        EventDetail::Note { level, .. } => *level == smtpscope::NoteLevel::Error,
        EventDetail::Command { parsed, reply, .. } => {
            matches!(parsed, smtpscope::Command::Invalid { .. })
                || reply.and_then(|r| events.get(r as usize)).is_some_and(
                    |r| matches!(r.detail, EventDetail::Reply { code, .. } if code >= 400),
                )
        }
        _ => false,
    }
}

fn render_step(e: &Event, session: &Session, index: usize, ids: &mut HashSet<u32>) -> Node {
    let lane = lane_of(e);
    let mut parts = match &e.detail {
        EventDetail::Command { .. } => command_step(e, session, index),
        EventDetail::Reply { .. } => reply_step(e, session, index),
        EventDetail::Data { .. } => data_step(e),
        _ => Parts {
            extra: Vec::new(),
            body: Vec::new(),
            no_source: false,
        },
    };
    match &e.detail {
        EventDetail::Unparsed { reason, .. } => {
            parts
                .extra
                .push(badge("not understood", "badge-warn", None));
            if !reason.is_empty() {
                parts
                    .body
                    .push(el("p", &[("class", "reason")], vec![text(reason)]));
            }
        }
        EventDetail::Note { level, .. } if *level != NoteLevel::Info => {
            let (label, class) = match level {
                NoteLevel::Error => ("error", "badge-bad"),
                NoteLevel::Warning => ("warning", "badge-warn"),
                _ => ("blank", "badge-warn"),
            };
            parts.extra.push(badge(label, class, None));
        }
        _ => {}
    }
    // A line can start more than one event (summary logs): keep the first id.
    let id = format!("line-{}", e.line);
    let id_attr = ids.insert(e.line).then_some(id);
    let kind = e.detail.kind();
    let line = e.line.to_string();

    if let EventDetail::Tls { text: t } = &e.detail {
        let mut attrs = vec![("class", "step step-tls")];
        if let Some(id) = &id_attr {
            attrs.push(("id", id));
        }
        attrs.push(("data-line", &line));
        attrs.push(("data-kind", "tls"));
        let shown = if t.is_empty() {
            "The connection is encrypted from here on."
        } else {
            t.as_str()
        };
        return el(
            "li",
            &attrs,
            vec![el(
                "div",
                &[
                    ("class", "tls-band"),
                    ("role", "group"),
                    ("aria-label", "TLS"),
                ],
                vec![
                    el(
                        "p",
                        &[("class", "tls-head")],
                        vec![
                            el(
                                "span",
                                &[("class", "step-line")],
                                vec![line_link(e.line, "L")],
                            ),
                            el("span", &[("class", "tls-label")], vec![text("TLS")]),
                            el("span", &[("class", "tls-text")], vec![text(shown)]),
                        ],
                    ),
                    source_block(e),
                ],
            )],
        );
    }

    let mut classes = vec![
        "step".to_string(),
        format!("step-{kind}"),
        format!("lane-{lane}"),
    ];
    if matches!(e.detail, EventDetail::Note { .. }) && parts.extra.is_empty() {
        classes.push("compact".into());
    }
    if e.encrypted {
        classes.push("encrypted".into());
    }
    if let EventDetail::Reply { code, .. } = e.detail {
        classes.push(code_class(code).into());
    }
    if e.group().is_some() {
        classes.push("grouped".into());
    }
    if is_error(e, &session.events) {
        classes.push("is-error".into());
    }
    let class = classes.join(" ");
    let mut attrs = vec![("class", class.as_str())];
    if let Some(id) = &id_attr {
        attrs.push(("id", id));
    }
    attrs.push(("data-line", &line));
    attrs.push(("data-kind", kind));
    let mut bubble = vec![step_head(e, lane, parts.extra)];
    if !parts.no_source {
        bubble.push(source_block(e));
    }
    bubble.extend(parts.body);
    el(
        "li",
        &attrs,
        vec![el("div", &[("class", "bubble")], bubble)],
    )
}

fn render_events(events: &[Event], session: &Session, ids: &mut HashSet<u32>) -> Vec<Node> {
    events
        .iter()
        .enumerate()
        // Blank lines are kept by the parser (nothing is lost) but drawn as space.
        .filter(|(_, e)| {
            !matches!(
                e.detail,
                EventDetail::Note {
                    level: NoteLevel::Blank,
                    ..
                }
            )
        })
        .map(|(i, e)| render_step(e, session, i, ids))
        .collect()
}

fn reply_text(r: &ReplyRef) -> String {
    let enhanced = match &r.enhanced {
        Some(e) if !r.text.starts_with(&e.to_string()) => format!(" {e}"),
        _ => String::new(),
    };
    let text = if r.text.is_empty() {
        String::new()
    } else {
        format!(" {}", r.text)
    };
    format!("{}{enhanced}{text}", r.code)
}

fn outcome_banner(s: &Session) -> Node {
    let o = &s.outcome;
    let (label, icon) = status_label(o.status);
    let mut headline = o
        .headline
        .clone()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| o.summary.clone());
    let lead = format!("{}:", label.to_lowercase());
    if headline.to_lowercase().starts_with(&lead) {
        headline = headline.get(lead.len()..).unwrap_or("").trim().to_string();
    }
    let mut title = vec![
        el(
            "span",
            &[("class", "outcome-icon"), ("aria-hidden", "true")],
            vec![text(icon)],
        ),
        el("strong", &[("class", "outcome-status")], vec![text(label)]),
    ];
    if !headline.is_empty() {
        title.push(el(
            "span",
            &[("class", "outcome-headline")],
            vec![text(headline)],
        ));
    }
    let mut rows = vec![el("p", &[("class", "outcome-title")], title)];
    if let Some(r) = &o.reply {
        let mut ch = vec![k("Decided by: "), line_link(r.line, "line ")];
        if let Some(stage) = &o.stage {
            ch.push(text(format!(" (reply to {stage})")));
        }
        ch.push(text(" — "));
        ch.push(el("code", &[], vec![text(reply_text(r))]));
        rows.push(el("p", &[("class", "outcome-reply")], ch));
    }
    if let Some(h) = o.headline.as_ref().filter(|h| !h.is_empty()) {
        if !o.summary.is_empty() && &o.summary != h {
            rows.push(el(
                "p",
                &[("class", "outcome-summary")],
                vec![text(&o.summary)],
            ));
        }
    }
    rows.extend(knowledge(Knowledge {
        explanation: None,
        reason: o.reason.as_deref(),
        remedy: o.remedy.as_deref(),
        actor: o.actor.as_deref(),
        links: &[],
    }));
    let class = format!("outcome outcome-{}", o.status.as_str());
    el("div", &[("class", &class), ("role", "status")], rows)
}

fn auth_line(auth: &AuthInfo) -> Node {
    let state = match auth.success {
        Some(true) => "succeeded",
        Some(false) => "failed",
        None => "result unknown",
    };
    let mech = if auth.mechanism.is_empty() {
        "?"
    } else {
        &auth.mechanism
    };
    let mut ch = vec![
        k("AUTH "),
        badge(mech, "badge-verb", None),
        text(" as "),
        el(
            "strong",
            &[("class", "auth-user")],
            vec![text(auth.user.as_deref().unwrap_or("(unknown user)"))],
        ),
        text(format!(" — {state}")),
    ];
    if let Some(secret) = &auth.secret {
        ch.push(text(" · secret: "));
        ch.push(el("code", &[("class", "secret shown")], vec![text(secret)]));
    } else if auth.masked {
        ch.push(text(" · secret: "));
        ch.push(el(
            "code",
            &[
                ("class", "secret"),
                (
                    "title",
                    "Masked: smtpscope never shows AUTH secrets unless asked",
                ),
            ],
            vec![text("••••••••")],
        ));
        ch.push(text(" (masked)"));
    }
    ch.push(text(" "));
    ch.push(line_link(auth.line, "line "));
    el("p", &[("class", "auth")], ch)
}

fn transactions_list(s: &Session) -> Option<Node> {
    let ts = &s.transactions;
    if ts.is_empty() {
        return None;
    }
    let mut attrs = vec![("class", "transactions")];
    if ts.len() <= 3 {
        attrs.push(("open", ""));
    }
    let items = ts
        .iter()
        .map(|t| {
            let status_class = format!("status-text status-{}", t.status.as_str());
            let sender = match t.sender.as_deref() {
                Some("") => "<>",
                Some(s) => s,
                None => "?",
            };
            let mut rcpts: Vec<Node> = t
                .recipients
                .iter()
                .map(|r| {
                    let mut ch = vec![
                        text(if r.accepted { "accepted " } else { "refused " }),
                        el("code", &[], vec![text(&r.address)]),
                    ];
                    if let Some(rr) = &r.reply {
                        let code = match &rr.enhanced {
                            Some(e) => format!("{} {e}", rr.code),
                            None => rr.code.to_string(),
                        };
                        ch.push(text(" — "));
                        ch.push(el("code", &[], vec![text(code)]));
                    }
                    el(
                        "li",
                        &[("class", if r.accepted { "rcpt ok" } else { "rcpt bad" })],
                        ch,
                    )
                })
                .collect();
            if let Some(d) = &t.data {
                let mut ch = vec![text(if d.accepted {
                    "message accepted"
                } else {
                    "message not accepted"
                })];
                if let Some(q) = &d.queue_id {
                    ch.push(text(" as "));
                    ch.push(el("code", &[], vec![text(q)]));
                }
                rcpts.push(el(
                    "li",
                    &[("class", if d.accepted { "rcpt ok" } else { "rcpt bad" })],
                    ch,
                ));
            }
            el(
                "li",
                &[],
                vec![
                    el(
                        "span",
                        &[("class", &status_class)],
                        vec![text(status_label(t.status).0)],
                    ),
                    text(" from "),
                    el("code", &[], vec![text(sender)]),
                    text(" "),
                    line_link(t.line, "line "),
                    el("ul", &[], rcpts),
                ],
            )
        })
        .collect();
    Some(el(
        "details",
        &attrs,
        vec![
            el(
                "summary",
                &[],
                vec![text(plural(ts.len(), "mail transaction"))],
            ),
            el("ol", &[], items),
        ],
    ))
}

fn render_session(s: &Session, index: usize, count: usize, ids: &mut HashSet<u32>) -> Node {
    let title = match &s.id {
        Some(id) => format!("Session {id}"),
        None if count > 1 => format!("Session {}", index + 1),
        None => "Session".to_string(),
    };
    let mut meta: Vec<Node> = Vec::new();
    if let Some(peer) = &s.peer {
        meta.push(el(
            "span",
            &[],
            vec![text("peer "), el("code", &[], vec![text(peer)])],
        ));
    }
    if let Some(start) = &s.start_time {
        let end = match &s.end_time {
            Some(e) if e != start => format!(" – {e}"),
            _ => String::new(),
        };
        meta.push(el("span", &[], vec![text(format!("{start}{end}"))]));
    }
    if s.tls {
        meta.push(badge(
            "TLS",
            "badge-tls",
            Some("A STARTTLS was accepted, or the format shows encryption"),
        ));
    }
    let steps = s
        .events
        .iter()
        .filter(|e| {
            !matches!(
                e.detail,
                EventDetail::Note {
                    level: NoteLevel::Blank,
                    ..
                }
            )
        })
        .count();
    meta.push(el("span", &[], vec![text(plural(steps, "step"))]));
    let mut meta_children = Vec::new();
    for (i, m) in meta.into_iter().enumerate() {
        if i > 0 {
            meta_children.push(text(" · "));
        }
        meta_children.push(m);
    }

    let timeline_label = format!("{title} timeline");
    let list = el(
        "ol",
        &[("class", "timeline"), ("aria-label", &timeline_label)],
        render_events(&s.events, s, ids),
    );
    let mut children = vec![
        el(
            "header",
            &[("class", "session-head")],
            vec![
                el("h2", &[], vec![text(&title)]),
                el("p", &[("class", "session-meta")], meta_children),
            ],
        ),
        outcome_banner(s),
    ];
    if let Some(a) = &s.auth {
        children.push(auth_line(a));
    }
    if let Some(t) = transactions_list(s) {
        children.push(t);
    }
    children.push(el(
        "div",
        &[("class", "lanes"), ("aria-hidden", "true")],
        vec![
            el(
                "span",
                &[("class", "lane-label lane-client")],
                vec![text("Client")],
            ),
            el(
                "span",
                &[("class", "lane-label lane-server")],
                vec![text("Server")],
            ),
        ],
    ));
    children.push(list);
    el(
        "section",
        &[("class", "session"), ("aria-label", &title)],
        children,
    )
}

fn diagnostics_list(diags: &[Diagnostic]) -> Option<Node> {
    if diags.is_empty() {
        return None;
    }
    let items = diags
        .iter()
        .map(|d| {
            let sev = match d.severity {
                smtpscope::Severity::Error => "error",
                smtpscope::Severity::Warning => "warning",
                smtpscope::Severity::Info => "info",
            };
            let mut ch = vec![badge(sev, &format!("badge-sev sev-{sev}"), None), text(" ")];
            if let Some(l) = d.line {
                ch.push(line_link(l, "line "));
                ch.push(text(": "));
            }
            ch.push(el("span", &[("class", "diag-msg")], vec![text(&d.message)]));
            ch.push(text(" "));
            ch.push(el("code", &[("class", "diag-code")], vec![text(&*d.code)]));
            if let Some(rfc) = &d.rfc {
                ch.push(el(
                    "span",
                    &[("class", "diag-rfc")],
                    vec![text(format!(" ({rfc})"))],
                ));
            }
            let class = format!("diag diag-{sev}");
            el("li", &[("class", &class)], ch)
        })
        .collect();
    Some(el(
        "section",
        &[("class", "diagnostics"), ("aria-label", "Diagnostics")],
        vec![
            el(
                "h2",
                &[],
                vec![text(format!("Diagnostics ({})", diags.len()))],
            ),
            el("ul", &[], items),
        ],
    ))
}

/// The `.scope` element of render.js, as HTML.
fn scope(t: &Transcript) -> String {
    let mut ids = HashSet::new();
    let mut children = Vec::new();
    let n = t.sessions.len();
    for (i, s) in t.sessions.iter().enumerate() {
        children.push(render_session(s, i, n, &mut ids));
    }
    if !t.unassigned.is_empty() {
        let holder = Session {
            events: t.unassigned.clone(),
            ..Session::default()
        };
        children.push(el(
            "section",
            &[
                ("class", "session unassigned"),
                ("aria-label", "Lines outside any session"),
            ],
            vec![
                el("h2", &[], vec![text("Outside any session")]),
                el(
                    "ol",
                    &[("class", "timeline")],
                    render_events(&t.unassigned, &holder, &mut ids),
                ),
            ],
        ));
    }
    if let Some(d) = diagnostics_list(&t.diagnostics) {
        children.push(d);
    }
    if t.sessions.is_empty() && t.unassigned.is_empty() {
        children.push(el(
            "p",
            &[("class", "empty")],
            vec![text("No SMTP dialogue found.")],
        ));
    }
    let mut out = String::new();
    el("div", &[("class", "scope")], children).write(&mut out);
    out
}

/// Prefix every selector of `css` with `prefix ` (rules inside `@media`
/// blocks too), so that inlined rules style only the wrapper's content.
pub fn scope_css(css: &str, prefix: &str) -> String {
    // Drop comments first: they may hold braces.
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        plain.push_str(rest.get(..start).unwrap_or(""));
        rest = match rest
            .get(start + 2..)
            .and_then(|r| r.find("*/").map(|e| (r, e)))
        {
            Some((r, end)) => r.get(end + 2..).unwrap_or(""),
            None => "",
        };
    }
    plain.push_str(rest);

    let mut out = String::with_capacity(plain.len() * 2);
    let mut rest = plain.as_str();
    while let Some(at) = rest.find(['{', '}']) {
        let prelude = rest.get(..at).unwrap_or("").trim();
        let after = rest.get(at + 1..).unwrap_or("");
        if rest.get(at..at + 1) == Some("}") {
            out.push_str("}\n");
            rest = after;
            continue;
        }
        if prelude.starts_with('@') {
            out.push_str(prelude);
            out.push_str(" {\n");
            rest = after;
            continue;
        }
        let end = after.find('}').unwrap_or(after.len());
        let body = after.get(..end).unwrap_or("").trim();
        let selectors: Vec<String> = prelude
            .split(',')
            .map(|s| format!("{prefix} {}", s.trim()))
            .collect();
        out.push_str(&selectors.join(", "));
        out.push_str(" { ");
        out.push_str(body);
        out.push_str(" }\n");
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}

/// A self-contained fragment: a wrapper `div` with a scoped `<style>` and
/// the timeline. No script.
pub fn fragment(t: &Transcript) -> String {
    let css = scope_css(
        &format!("{TIMELINE_CSS}\n{EXTRA_CSS}"),
        &format!(".{WRAPPER}"),
    );
    format!(
        "<div class=\"{WRAPPER}\">\n<style>\n{css}</style>\n{}\n</div>\n",
        scope(t)
    )
}

/// A complete HTML page around [`fragment`].
pub fn standalone(t: &Transcript) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>SMTP dialogue — smtpscope</title>\n</head>\n<body>\n{}</body>\n</html>\n",
        fragment(t)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_table() {
        let rows: &[(&str, &str, &str)] = &[
            ("plain", "EHLO vm", "EHLO vm"),
            (
                "all five",
                "<a href=\"x\">'&'</a>",
                "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
            ),
            ("entity stays text", "&lt;", "&amp;lt;"),
        ];
        for (name, input, want) in rows {
            assert_eq!(escape(input), *want, "{name}");
        }
    }

    #[test]
    fn scope_css_table() {
        let rows: &[(&str, &str, &str)] = &[
            ("one rule", ".a { x: 1; }", ".w .a { x: 1; }\n"),
            (
                "selector list",
                ".a, .b > c { x: 1 }",
                ".w .a, .w .b > c { x: 1 }\n",
            ),
            (
                "media block",
                "@media (x) { .a { y: 2 } }",
                "@media (x) {\n.w .a { y: 2 }\n}\n",
            ),
            (
                "comment with brace",
                "/* { */ .a { z: 3 }",
                ".w .a { z: 3 }\n",
            ),
        ];
        for (name, input, want) in rows {
            assert_eq!(scope_css(input, ".w"), *want, "{name}");
        }
    }
}
