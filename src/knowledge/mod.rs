//! What replies mean and what went wrong: pure data and pure functions.
//!
//! * [`codes`]: the basic reply codes (RFC 5321 §4.2 and extensions).
//! * [`enhanced`]: the whole IANA enhanced status code registry.
//! * [`reasons`]: why a reply failed, who must act and what to do.
//! * [`providers`]: providers and blocklists recognised from the wording.
//!
//! `explain` turns a reply code, enhanced status code and text into an
//! [`Explanation`]; `annotate` attaches explanations to every reply of a
//! transcript, a headline to every session, and runs the lint.

pub mod codes;
pub mod enhanced;
pub mod lint;
pub mod parts;
pub mod providers;
pub mod reasons;
pub mod tokens;

use crate::input::Line;
use crate::model::{
    Advice, AdviceFields, Command, EnhancedStatus, Event, EventDetail, Explanation, Outcome,
    OutcomeStatus, Session, Text, Transcript,
};

pub use reasons::{classify, Reason};

/// Why a reply failed and where to read more: the part of an
/// [`Explanation`] that annotating a reply needs, without the sentences
/// (formatting those for every negative reply of a log, only to drop them,
/// was a third of the cost of explaining it).
struct Diagnosis {
    /// The enhanced code given, or the one at the start of the text.
    enhanced: Option<EnhancedStatus>,
    reason: Option<&'static Reason>,
    provider: Option<&'static providers::Provider>,
    links: Vec<String>,
}

fn diagnose(code: Option<u16>, enhanced: Option<EnhancedStatus>, text: &str) -> Diagnosis {
    let enhanced = enhanced.or_else(|| enhanced::from_text(text));
    let lower_text = text.to_ascii_lowercase();
    let lower = reasons::Lowered::new(&lower_text);
    let reason = reasons::classify_lowered(code, enhanced, &lower);
    let provider = providers::detect(enhanced, &lower);

    let mut links = providers::urls_in(text);
    let mut add = |l: &str| {
        if !links.iter().any(|x| x == l) {
            links.push(l.to_string());
        }
    };
    if let Some(p) = provider {
        if let Some(r) = reason {
            for (id, l) in p.reason_links {
                if *id == r.id {
                    add(l);
                }
            }
        }
        if let Some(l) = p.link {
            add(l);
        }
    }
    if reason.is_some() {
        for b in providers::blocklists(&lower) {
            if let Some(l) = b.link {
                add(l);
            }
        }
    }
    Diagnosis {
        enhanced,
        reason,
        provider,
        links,
    }
}

/// Explain a reply: its code, its enhanced status code and its text. When
/// `enhanced` is `None`, an enhanced code at the start of `text` is used.
pub fn explain(code: Option<u16>, enhanced: Option<EnhancedStatus>, text: &str) -> Explanation {
    let Diagnosis {
        enhanced,
        reason,
        provider,
        links,
    } = diagnose(code, enhanced, text);
    let class = code
        .map(|c| c / 100)
        .or(enhanced.map(|e| u16::from(e.class)));

    let summary = summary(code, enhanced, class, reason, provider.map(|p| p.name));
    Explanation {
        code,
        enhanced,
        code_meaning: code.and_then(codes::meaning),
        class_meaning: code
            .and_then(|c| {
                let class = codes::class_meaning(c)?;
                Some(match codes::category_meaning(c) {
                    Some(cat) => format!("{class} Second digit {}: {cat}.", (c / 10) % 10),
                    None => class.to_string(),
                })
            })
            .or_else(|| {
                enhanced
                    .and_then(|e| enhanced::class(e.class))
                    .map(|c| format!("{}.", c.title))
            }),
        enhanced_meaning: provider_meaning(enhanced, text)
            .map(str::to_string)
            .or_else(|| enhanced.map(enhanced::describe)),
        summary,
        action: code
            .and_then(codes::action)
            .or_else(|| enhanced.and_then(|e| codes::action(u16::from(e.class) * 100)))
            .map(str::to_string),
        reason: reason.map(|r| r.id.to_string()),
        reason_meaning: reason.map(|r| r.meaning.to_string()),
        actor: reason.map(|r| r.actor.to_string()),
        remedy: reason.map(|r| r.remedy.to_string()),
        provider: provider.map(|p| p.name.to_string()),
        links,
    }
}

/// "550 5.1.1" / "250" / "5.1.1".
fn code_label(code: Option<u16>, enhanced: Option<EnhancedStatus>) -> String {
    // Pushed, not `format!`ted: made for every session's headline.
    let mut label = String::with_capacity(12);
    match (code, enhanced) {
        (Some(c), e) => {
            label.push_str(&c.to_string());
            if let Some(e) = e {
                label.push(' ');
                e.push_to(&mut label);
            }
        }
        (None, Some(e)) => e.push_to(&mut label),
        (None, None) => label.push_str("reply"),
    }
    label
}

fn summary(
    code: Option<u16>,
    enhanced: Option<EnhancedStatus>,
    class: Option<u16>,
    reason: Option<&Reason>,
    provider: Option<&str>,
) -> String {
    let word = codes::class_word(class.unwrap_or(0));
    let from = provider.map(|p| format!(" from {p}")).unwrap_or_default();
    let label = code_label(code, enhanced);
    let what = match reason {
        Some(r) if r.id != "undefined" => format!("{}; {} must act: {}", r.phrase, r.actor, r.hint),
        _ => match (
            enhanced.and_then(enhanced::lookup),
            code.and_then(codes::lookup),
        ) {
            (Some(d), _) => d.title.to_ascii_lowercase(),
            (None, Some(c)) => c.meaning.trim_end_matches('.').to_ascii_lowercase(),
            (None, None) => "no registered meaning".to_string(),
        },
    };
    format!("{word}{from} ({label}): {what}.")
}

/// One sentence: what a reply's code and enhanced code mean.
/// Where a provider gives an enhanced code its own meaning, different from
/// the IANA registry's, say the provider's: Microsoft answers an unknown
/// recipient with 5.1.10, which the registry defines as "null MX".
fn provider_meaning(enhanced: Option<EnhancedStatus>, text: &str) -> Option<&'static str> {
    let e = enhanced?;
    let microsoft_not_found = (e.subject, e.detail) == (1, 10)
        && (text.contains("RecipientNotFound") || text.contains("RecipNotFound"));
    microsoft_not_found.then_some(
        "Microsoft's code for a recipient that does not exist in the recipient organisation's directory (the IANA registry's meaning of X.1.10, \"null MX\", does not apply here).",
    )
}

fn reply_sentence(code: u16, enhanced: Option<EnhancedStatus>) -> String {
    let meaning = codes::meaning(code).unwrap_or_else(|| "Unknown reply code.".to_string());
    let meaning = meaning.trim_end_matches('.');
    match enhanced {
        Some(e) => format!("{code} {e}: {meaning}; {}.", enhanced::title(e)),
        None => format!("{code}: {meaning}."),
    }
}

/// Attach explanations, reasons and remedies to every reply event, fill each
/// session's outcome reason and headline, and append lint diagnostics.
/// With `parts`, also the token parts of every command and reply.
pub fn annotate(transcript: &mut Transcript, lines: &[Line<'_>], parts: bool) {
    let mut a = Annotator::new(parts);
    for session in &mut transcript.sessions {
        a.explain_session(session);
    }
    a.explain_events(&mut transcript.unassigned);
    let found = lint::lint(transcript, lines);
    transcript.diagnostics.extend(found);
}

/// What [`annotate`] does, one session at a time (for a stream of
/// sessions); it remembers the explanation sentences it has built.
pub struct Annotator {
    sentences: Sentences,
    parts: bool,
}

impl Annotator {
    pub fn new(parts: bool) -> Self {
        Annotator {
            sentences: Sentences::default(),
            parts,
        }
    }

    /// Explain one session's replies, outcome (and parts).
    pub fn explain_session(&mut self, session: &mut Session) {
        annotate_events(&mut session.events, &mut self.sentences);
        annotate_outcome(session);
        if self.parts {
            parts::attach(session);
        }
    }

    /// Explain the replies among events of no session.
    pub fn explain_events(&mut self, events: &mut [Event]) {
        annotate_events(events, &mut self.sentences);
    }

    /// Explain session number `index` and lint it: its lint diagnostics,
    /// ordered by line. `ending` gives a source line's ending by number.
    pub fn session(
        &mut self,
        session: &mut Session,
        index: u32,
        ending: &dyn Fn(u32) -> Option<crate::input::Ending>,
    ) -> Vec<crate::model::Diagnostic> {
        self.explain_session(session);
        let mut found = lint::lint_session(session, index, ending);
        crate::sort::stable_by_key(&mut found, |d| u64::from(d.line.unwrap_or(0)));
        found
    }
}

/// Explanation sentences already built, by code and enhanced code: a log
/// repeats the same few replies (`250 2.1.5 Ok`) thousands of times, and
/// cloning a sentence is cheaper than formatting it again (profiled: the
/// formatting was a tenth of `annotate` on a 2 MB transcript).
type Sentences = crate::fasthash::FastMap<(u16, Option<EnhancedStatus>), std::sync::Arc<str>>;

fn annotate_events(events: &mut [Event], sentences: &mut Sentences) {
    for e in events {
        if let EventDetail::Reply {
            code,
            enhanced,
            lines,
            explanation,
            advice,
            ..
        } = &mut e.detail
        {
            // The enhanced code can only stand at the start of the text, so
            // the first line gives the same answer as the joined lines unless
            // it is blank; joining every multi-line reply (each EHLO reply)
            // was the largest allocation in `annotate`.
            let first = lines.first().map_or("", Text::as_str);
            let enh = enhanced.or_else(|| {
                if first.trim().is_empty() && lines.len() > 1 {
                    enhanced::from_text(&lines.join(" "))
                } else {
                    enhanced::from_text(first)
                }
            });
            let sentence = sentences
                .entry((*code, enh))
                .or_insert_with(|| reply_sentence(*code, enh).into());
            *explanation = Some(match provider_meaning(enh, first) {
                Some(own) => format!(
                    "{code} {}: {own}",
                    enh.map(|e| e.to_string()).unwrap_or_default()
                )
                .into(),
                None => sentence.clone(),
            });
            if *code >= 400 {
                let x = diagnose(Some(*code), enh, &lines.join(" "));
                let [reason, actor, remedy] = reason_texts(x.reason);
                *advice = Advice::from(AdviceFields {
                    reason,
                    actor,
                    remedy,
                    links: x.links,
                });
            }
        }
    }
}

/// The command a reply answered, as a label ("RCPT TO", "end of data"),
/// and the recipient domain when it answered a RCPT.
fn answered(session: &Session, event: Option<u32>) -> (String, Option<String>) {
    let events = &session.events;
    let reply = event.and_then(|i| events.get(i as usize));
    let target = match reply.map(|e| &e.detail) {
        Some(EventDetail::Reply { in_reply_to, .. }) => {
            in_reply_to.and_then(|i| events.get(i as usize))
        }
        _ => None,
    };
    let greeting = || {
        let at = event.unwrap_or(0) as usize;
        !events
            .iter()
            .take(at)
            .any(|e| matches!(e.detail, EventDetail::Command { .. }))
    };
    match target.map(|e| &e.detail) {
        None if greeting() => ("the greeting".to_string(), None),
        None => ("a reply to no command in the paste".to_string(), None),
        Some(EventDetail::Data { .. }) => ("end of data".to_string(), None),
        Some(EventDetail::Command { parsed, verb, .. }) => match parsed {
            Command::Rcpt { path, .. } => {
                let d = (!path.domain().is_empty()).then(|| path.domain().to_string());
                ("RCPT TO".to_string(), d)
            }
            Command::Mail { .. } => ("MAIL FROM".to_string(), None),
            // DATA itself is answered by 354 (or refused): a positive
            // completion answers the end of the data, as when a summary
            // log's `status=sent (250 … queued as …)` infers the DATA.
            Command::Data if reply_after_content(events, target) || positive(reply) => {
                ("end of data".to_string(), None)
            }
            _ => (verb.to_string(), None),
        },
        Some(_) => ("this step".to_string(), None),
    }
}

/// A reason's id, who must act and what to do, as the model holds them.
fn reason_texts(reason: Option<&Reason>) -> [Option<String>; 3] {
    match reason {
        Some(r) => [r.id, r.actor, r.remedy].map(|t| Some(t.to_string())),
        None => [None, None, None],
    }
}

/// A 2xx reply.
fn positive(reply: Option<&Event>) -> bool {
    matches!(reply.map(|e| &e.detail), Some(EventDetail::Reply { code, .. }) if (200..300).contains(code))
}

/// A reply to DATA that comes after the content answers the end of data.
fn reply_after_content(events: &[Event], data_cmd: Option<&Event>) -> bool {
    let Some(cmd) = data_cmd else { return false };
    events
        .iter()
        .any(|e| matches!(e.detail, EventDetail::Data { .. }) && e.line > cmd.line)
}

fn annotate_outcome(session: &mut Session) {
    let outcome: &Outcome = &session.outcome;
    let Some(reply) = outcome.reply.clone() else {
        let headline = outcome.summary.clone();
        session.outcome.headline = (!headline.is_empty()).then_some(headline);
        return;
    };
    // A positive reply has no reason: only its enhanced code is wanted.
    let x = if reply.code >= 400 {
        diagnose(Some(reply.code), reply.enhanced, &reply.text)
    } else {
        Diagnosis {
            enhanced: reply.enhanced.or_else(|| enhanced::from_text(&reply.text)),
            reason: None,
            provider: None,
            links: Vec::new(),
        }
    };
    let (stage, domain) = answered(session, reply.event);
    // Pushed, not `format!`ted: a headline is made for every session.
    let said = [
        "the server said ",
        &code_label(Some(reply.code), x.enhanced),
        " at ",
        &stage,
    ]
    .concat();
    let headline = match session.outcome.status {
        OutcomeStatus::Delivered => {
            let accepted: usize = session
                .transactions
                .iter()
                .filter(|t| t.status == OutcomeStatus::Delivered)
                .map(|t| t.recipients.iter().filter(|r| r.accepted).count())
                .sum();
            let queued = session
                .transactions
                .iter()
                .rev()
                .find_map(|t| t.data.as_ref().and_then(|d| d.queue_id.clone()))
                .map(|q| [", queued as ", &q].concat())
                .unwrap_or_default();
            [
                "Delivered: the server accepted the message for ",
                &crate::plural(accepted as u64, "recipient"),
                &queued,
                "; ",
                &said,
                ".",
            ]
            .concat()
        }
        status => {
            let word = if status == OutcomeStatus::Deferred {
                "Deferred"
            } else {
                "Rejected"
            };
            let what = match x.reason {
                Some(r) => {
                    let phrase = match (&domain, r.id) {
                        (Some(d), "host-unknown") => {
                            format!("the recipient domain {d} has no working mail server")
                        }
                        (Some(d), "user-unknown" | "mailbox-full" | "mailbox-disabled") => {
                            format!("{} at {d}", r.phrase)
                        }
                        _ => r.phrase.to_string(),
                    };
                    format!("{phrase} — {}; {said}", r.hint)
                }
                None => said,
            };
            let retry = if status == OutcomeStatus::Deferred {
                ", and the sending server will retry"
            } else {
                ""
            };
            format!("{word}: {what}{retry}.")
        }
    };
    let o = &mut session.outcome;
    if reply.code >= 400 {
        [o.reason, o.actor, o.remedy] = reason_texts(x.reason);
    }
    o.headline = Some(headline);
}

/// Explain any token id or name: what [`tokens::explain_token`] knows
/// (verbs, parameters, EHLO keywords, SASL mechanisms), plus reply codes
/// (`"550"`, `"code:550"`) and enhanced status codes (`"5.1.1"`,
/// `"enhanced:5.1.1"`).
pub fn explain_any(query: &str) -> Option<tokens::TokenExplanation> {
    let q = query.trim();
    let code = q.strip_prefix("code:").unwrap_or(q);
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
        let n: u16 = crate::parse_uint(code)?;
        let x = explain(Some(n), None, "");
        let meaning = x.code_meaning.clone()?;
        return Some(tokens::TokenExplanation {
            id: format!("code:{n}"),
            kind: "code".into(),
            name: n.to_string(),
            summary: meaning,
            details: x.class_meaning.clone(),
            rfc: Some("RFC 5321 §4.2".into()),
            rfc_url: Some("https://www.rfc-editor.org/rfc/rfc5321#section-4.2".into()),
            ..tokens::TokenExplanation::default()
        });
    }
    let enh = q.strip_prefix("enhanced:").unwrap_or(q);
    if let Ok(e) = enh.parse::<EnhancedStatus>() {
        return Some(tokens::TokenExplanation {
            id: format!("enhanced:{e}"),
            kind: "enhanced".into(),
            name: e.to_string(),
            summary: enhanced::describe(e),
            rfc: Some("RFC 3463".into()),
            rfc_url: Some(
                "https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml"
                    .into(),
            ),
            ..tokens::TokenExplanation::default()
        });
    }
    tokens::explain_token(q)
}
