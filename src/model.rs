//! The output contract: what `parse` returns, serialised by serde.
//!
//! The model imports nothing else of the crate. JSON field names are
//! camelCase; enums are tagged with `kind` and only ever have struct or unit
//! variants (serde's internally tagged enums cannot carry a bare string).
//! Byte offsets start at 0 and are UTF-8 byte offsets into the input text;
//! line numbers start at 1.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The whole result of parsing one pasted text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Transcript {
    /// The format that framed the input (e.g. `"swaks"`).
    pub format: String,
    /// How the format was chosen, and how sure we are.
    pub detection: Detection,
    /// One entry per SMTP session found, in order of first appearance.
    pub sessions: Vec<Session>,
    /// Events that belong to no session: notes and unparsed lines of a log
    /// that are not part of any dialogue.
    pub unassigned: Vec<Event>,
    /// Problems found, ordered by line.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of lines in the input (a final line without a newline counts).
    pub line_count: u32,
    /// Number of bytes in the input.
    pub byte_count: u64,
}

/// How the input format was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Detection {
    pub format: String,
    /// 0 to 100.
    pub confidence: u8,
    /// True when the user named the format instead of auto-detection.
    pub forced: bool,
    /// The next best format, when there was one.
    pub runner_up: Option<FormatScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct FormatScore {
    pub format: String,
    /// 0 to 100.
    pub confidence: u8,
}

/// One SMTP session: a connection, from greeting to close.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The session key from the log (process id, session id, …); `None` for
    /// a single pasted transcript.
    pub id: Option<String>,
    /// The remote peer as the log names it (`mail.example.com[192.0.2.1]`).
    pub peer: Option<String>,
    /// Time of the first and last event, as written in the input.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub events: Vec<Event>,
    pub transactions: Vec<Transaction>,
    /// Capabilities from the last EHLO/LHLO reply (after STARTTLS when there
    /// was one). Shared with that reply's event (an `Arc`): two copies of
    /// every EHLO reply's list were 0.4 times the size of an RFC-style
    /// input.
    pub capabilities: Arc<[Capability]>,
    /// Capabilities advertised before STARTTLS, when they differ from after.
    pub capabilities_before_tls: Option<Arc<[Capability]>>,
    /// True once a STARTTLS was accepted (or the format shows encryption).
    pub tls: bool,
    /// Who logged in, when AUTH was used.
    pub auth: Option<AuthInfo>,
    pub outcome: Outcome,
}

impl Session {
    /// True once the session has a command or a reply (not only notes).
    pub fn has_dialogue(&self) -> bool {
        self.events.iter().any(|e| {
            matches!(
                e.detail,
                EventDetail::Command { .. } | EventDetail::Reply { .. }
            )
        })
    }
}

/// The result of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub status: OutcomeStatus,
    /// The reply that decided the outcome.
    pub reply: Option<ReplyRef>,
    /// One sentence: "Rejected at RCPT TO <x@example.com>: 550 5.1.1 …".
    pub summary: String,
    /// The command the decisive reply answered (`"RCPT"`), if known.
    pub stage: Option<String>,
    /// The reason id of the decisive reply (knowledge), if classified.
    pub reason: Option<String>,
    /// Who must act, and what to do (knowledge).
    pub actor: Option<String>,
    pub remedy: Option<String>,
    /// A headline for a human ("Rejected: the recipient address does not
    /// exist …").
    pub headline: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum OutcomeStatus {
    Delivered,
    Rejected,
    Deferred,
    #[default]
    Incomplete,
}

impl OutcomeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeStatus::Delivered => "delivered",
            OutcomeStatus::Rejected => "rejected",
            OutcomeStatus::Deferred => "deferred",
            OutcomeStatus::Incomplete => "incomplete",
        }
    }
}

/// A reply, as referenced from an outcome or a transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ReplyRef {
    /// Index of the reply event in its session's `events`.
    pub event: Option<u32>,
    /// First source line of the reply.
    pub line: u32,
    pub code: u16,
    pub enhanced: Option<EnhancedStatus>,
    /// The reply text, lines joined with a space (a one-line reply's text
    /// shared, not copied).
    pub text: Text,
}

/// One source line of an event. In the JSON: `line`, `span` and `text`.
///
/// 32 bytes: its span is kept as its start and length (a line of 4 GiB
/// and more has its length cut to `u32::MAX`), not as two `u64`s, which
/// made it 40. Every line of the input has one, and an event one inline.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(from = "SourceLineFields<Text>")]
pub struct SourceLine {
    /// 1-based line number.
    pub line: u32,
    /// The length of the line in the input, in bytes.
    len: u32,
    /// Byte offset of the line in the input.
    start: u64,
    /// The original line (secrets masked unless asked otherwise).
    pub text: Text,
}

impl SourceLine {
    /// Line `line`, at byte offsets `span` (`[start, end)`) of the input.
    pub fn new(line: u32, span: [u64; 2], text: Text) -> SourceLine {
        let len = span[1].saturating_sub(span[0]);
        SourceLine {
            line,
            len: u32::try_from(len).unwrap_or(u32::MAX),
            start: span[0],
            text,
        }
    }

    /// Byte offsets `[start, end)` of the line in the input, without its
    /// line ending.
    pub fn span(&self) -> [u64; 2] {
        [self.start, self.start + u64::from(self.len)]
    }
}

/// A [`SourceLine`] as the JSON has it.
#[derive(Serialize, Deserialize)]
struct SourceLineFields<T> {
    line: u32,
    span: [u64; 2],
    text: T,
}

impl Serialize for SourceLine {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SourceLineFields {
            line: self.line,
            span: self.span(),
            text: &self.text,
        }
        .serialize(s)
    }
}

impl From<SourceLineFields<Text>> for SourceLine {
    fn from(f: SourceLineFields<Text>) -> SourceLine {
        SourceLine::new(f.line, f.span, f.text)
    }
}

/// A text that never changes once made: a part of the parse's one shared
/// copy of the input (a source line as it was read), or a text of its own
/// (a line with a secret masked, a reconstructed reply, a redacted line,
/// one read from JSON). Reads as a `str` (through `Deref`); serialised as a
/// string.
///
/// Every source line has one: sharing the input instead of copying each
/// line saves an allocation and a copy per line, and the copies' room (the
/// input's size again, and more in allocation overhead). A part keeps the
/// input alive while it lives, as a reference count, not a copy.
///
/// 16 bytes, as a `Box<str>` (`an_event_stays_small` checks it): a text of
/// its own is behind one pointer, which the compiler places beside a
/// part's pointer (never null) and tells the two kinds apart by, with no
/// tag of its own. At 24 bytes (its own text a `Box<str>`), a parse took
/// 5 % longer.
#[derive(Clone)]
pub struct Text(Kept);

#[derive(Clone)]
enum Kept {
    /// `input[from..to]`.
    Part {
        input: Arc<Input>,
        from: u32,
        to: u32,
    },
    Own(Arc<String>),
}

impl Text {
    /// `part`, shared with `input` when it is a part of `input` (the same
    /// bytes, not an equal text) or empty, and copied otherwise.
    pub fn within(input: &Arc<Input>, part: &str) -> Text {
        // Where `part` lies in memory against `input`'s bytes: plain address
        // arithmetic, no pointer is made from it. Any empty text is the
        // input's empty start, rather than an allocation of its own.
        let at = if part.is_empty() {
            0
        } else {
            (part.as_ptr() as usize).wrapping_sub(input.0.as_ptr() as usize)
        };
        let end = at.wrapping_add(part.len());
        match (u32::try_from(at), u32::try_from(end)) {
            (Ok(from), Ok(to)) if at <= end && end <= input.0.len() => Text(Kept::Part {
                input: Arc::clone(input),
                from,
                to,
            }),
            _ => Text::from(part),
        }
    }

    /// Append `more`. A part of the input becomes a text of its own (copied
    /// once), which then grows in place: appending line after line (a
    /// folded header, a note of many lines) stays linear.
    pub fn push_str(&mut self, more: &str) {
        if let Kept::Own(own) = &mut self.0 {
            if let Some(own) = Arc::get_mut(own) {
                own.push_str(more);
                return;
            }
        }
        let mut own = String::with_capacity(self.len() + more.len());
        own.push_str(self.as_str());
        own.push_str(more);
        *self = Text::from(own);
    }

    /// `part`, which lies in this text: shared with this text's input when
    /// this text is a part of one, and copied otherwise.
    pub fn sub(&self, part: &str) -> Text {
        match &self.0 {
            Kept::Part { input, .. } => Text::within(input, part),
            Kept::Own(_) => Text::from(part),
        }
    }

    /// True when the text is a part of a shared input, not a copy.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Kept::Part { .. })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Kept::Part { input, from, to } => input
                .0
                .get(*from as usize..*to as usize)
                // Always `Some`: the bounds were checked in `within`.
                .unwrap_or_default(),
            Kept::Own(text) => text,
        }
    }
}

/// The parse's copy of the input, which [`Text`]s share: a handle on it.
///
/// Every session's texts share the input through a handle of its own
/// ([`Input::handle`]), so that the count of references that each text
/// made or dropped writes is the session's. With one count for the whole
/// input, the two threads of a parse (and the CLI's JSON writer, which
/// drops the sessions it wrote while the parse makes the next ones) wrote
/// the same count at once: each write waited for the other core's, and
/// `Text::within` was 15 % of a two-thread parse's time (perf, 4 MB
/// RFC-style paste) against 3 % of its instructions.
pub struct Input(Arc<String>);

impl Input {
    pub fn new(text: String) -> Input {
        Input(Arc::new(text))
    }

    /// A new handle on the same input (see [`Input`]).
    pub fn handle(&self) -> Arc<Input> {
        Arc::new(Input(Arc::clone(&self.0)))
    }
}

/// Its size, not the whole input.
impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Input({} bytes)", self.0.len())
    }
}

impl std::ops::Deref for Input {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// An empty text is the one shared empty text, not an allocation.
impl From<String> for Text {
    fn from(text: String) -> Text {
        if text.is_empty() {
            return Text::default();
        }
        Text(Kept::Own(Arc::new(text)))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

impl From<&Text> for String {
    fn from(text: &Text) -> String {
        text.as_str().to_string()
    }
}

/// The empty text: one, shared, rather than an allocation each.
impl Default for Text {
    fn default() -> Text {
        static EMPTY: std::sync::LazyLock<Arc<String>> =
            std::sync::LazyLock::new(|| Arc::new(String::new()));
        Text(Kept::Own(Arc::clone(&EMPTY)))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// A list that holds its first item inline: most events have one source
/// line, and most replies one line, and a `Vec` cost an allocation for it
/// (single-line replies were a seventh of a parse's allocations). Reads as
/// a slice (through `Deref`); serialised as a sequence.
#[derive(Clone)]
pub struct Several<T>(Held<T>);

/// The source lines of an event, in order.
pub type SourceLines = Several<SourceLine>;

/// The text of each line of a reply, after the code and separator.
pub type ReplyLines = Several<Text>;

#[derive(Clone)]
enum Held<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> Default for Several<T> {
    fn default() -> Several<T> {
        Several(Held::Many(Vec::new()))
    }
}

impl<T> Several<T> {
    pub fn one(item: T) -> Several<T> {
        Several(Held::One(item))
    }

    pub fn push(&mut self, item: T) {
        match &mut self.0 {
            Held::Many(items) => items.push(item),
            Held::One(_) => {
                if let Held::One(first) = std::mem::take(self).0 {
                    // A list of two or more is most often a multi-line
                    // reply or message content, of many lines: room for
                    // four spares it the growth from two.
                    let mut items = Vec::with_capacity(4);
                    items.push(first);
                    items.push(item);
                    self.0 = Held::Many(items);
                }
            }
        }
    }

    pub fn clear(&mut self) {
        *self = Several::default();
    }

    /// Give back the room the list has left to grow (once the event has
    /// all its lines).
    pub fn shrink_to_fit(&mut self) {
        if let Held::Many(items) = &mut self.0 {
            items.shrink_to_fit();
        }
    }
}

impl<T> std::ops::Deref for Several<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            Held::One(item) => std::slice::from_ref(item),
            Held::Many(items) => items,
        }
    }
}

impl<T> std::ops::DerefMut for Several<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Held::One(item) => std::slice::from_mut(item),
            Held::Many(items) => items,
        }
    }
}

impl<'a, T> IntoIterator for &'a Several<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Several<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T> Extend<T> for Several<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

impl<T> FromIterator<T> for Several<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Several<T> {
        let mut out = Several::default();
        out.extend(items);
        out
    }
}

impl<T> From<Vec<T>> for Several<T> {
    fn from(mut items: Vec<T>) -> Several<T> {
        match items.pop() {
            Some(only) if items.is_empty() => Several::one(only),
            Some(last) => {
                items.push(last);
                Several(Held::Many(items))
            }
            None => Several::default(),
        }
    }
}

impl<T: PartialEq> PartialEq for Several<T> {
    fn eq(&self, other: &Several<T>) -> bool {
        **self == **other
    }
}

impl<T: fmt::Debug> fmt::Debug for Several<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for Several<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Several<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(Several::from)
    }
}

/// One step of a dialogue.
///
/// Its time, pipelined group, delay and token parts are set for few events
/// (a pasted dialogue has no times; parts only when asked for), so they are
/// kept out of line, in one box made when the first of them is set, and
/// read and set through methods: a dialogue's events are most of a parse's
/// memory, and an `Event` with them inline was 400 bytes. The JSON has them
/// as fields, in the order of the contract.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "EventFields")]
pub struct Event {
    /// 1-based first source line.
    pub line: u32,
    /// Every source line of the event, in order (one for most events; its
    /// first gives the event's `span`).
    pub source: SourceLines,
    /// Sent after a successful STARTTLS (or marked encrypted by the format).
    pub encrypted: bool,
    /// Reconstructed from a summary log line rather than seen on the wire.
    pub inferred: bool,
    /// The fields few events have; `None` when none of them is set.
    extra: Option<Box<EventExtra>>,
    pub detail: EventDetail,
}

/// The fields of an [`Event`] that few events have. A log's events all
/// have their times, so those are here, and the rarer fields one box
/// further: 64 bytes a timed event, not 88 (which took a 96-byte block).
#[derive(Debug, Clone, PartialEq, Default)]
struct EventExtra {
    time: Option<Text>,
    time_ms: Option<f64>,
    delay_ms: Option<f64>,
    rarer: Option<Box<RarerExtra>>,
}

/// A pipelined command's group, the token parts (asked for), and the span
/// of an event with no source line of its own (read only then: an event
/// with source lines has its first line's).
#[derive(Debug, Clone, PartialEq, Default)]
struct RarerExtra {
    group: Option<u32>,
    parts: Vec<TokenPart>,
    span: [u64; 2],
}

impl Event {
    /// An event of one source line, with no time, group, delay or parts.
    pub fn new(line: SourceLine, encrypted: bool, inferred: bool, detail: EventDetail) -> Event {
        Event {
            line: line.line,
            source: SourceLines::one(line),
            encrypted,
            inferred,
            extra: None,
            detail,
        }
    }

    /// Byte span of the first source line (of the line it was inferred
    /// on, for an event with none).
    pub fn span(&self) -> [u64; 2] {
        match self.source.first() {
            Some(first) => first.span(),
            None => self.rarer().map_or([0, 0], |x| x.span),
        }
    }

    /// Take the event's source lines away, keeping its line and span: an
    /// event inferred on a line that belongs to the next event.
    pub fn clear_source(&mut self) {
        let span = self.span();
        self.source.clear();
        self.keep_span(span);
    }

    /// Keep `span` as the span of this event, which has no source line.
    fn keep_span(&mut self, span: [u64; 2]) {
        if let Some(x) = self.rarer_mut(true) {
            x.span = span;
        }
    }

    /// Timestamp as written in the input.
    pub fn time(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.time.as_deref())
    }

    /// Milliseconds since the Unix epoch, when the timestamp could be read.
    pub fn time_ms(&self) -> Option<f64> {
        self.extra.as_ref().and_then(|x| x.time_ms)
    }

    /// Pipelined group number: commands sent together before any reply.
    pub fn group(&self) -> Option<u32> {
        self.rarer().and_then(|x| x.group)
    }

    /// Milliseconds since the previous timed event of the same session.
    pub fn delay_ms(&self) -> Option<f64> {
        self.extra.as_ref().and_then(|x| x.delay_ms)
    }

    /// The tokens of the line(s), each with what explains it (commands and
    /// replies, when token parts are asked for).
    pub fn parts(&self) -> &[TokenPart] {
        self.rarer().map_or(&[], |x| &x.parts)
    }

    fn rarer(&self) -> Option<&RarerExtra> {
        self.extra.as_ref().and_then(|x| x.rarer.as_deref())
    }

    /// The box of the rarer fields, made when `set` is true.
    fn rarer_mut(&mut self, set: bool) -> Option<&mut RarerExtra> {
        let x = self.extra_mut(set)?;
        if set && x.rarer.is_none() {
            x.rarer = Some(Box::default());
        }
        x.rarer.as_deref_mut()
    }

    /// The box of rare fields, made when `set` is true (a field is being
    /// given a value); `None` when it is absent and need not be made.
    fn extra_mut(&mut self, set: bool) -> Option<&mut EventExtra> {
        if set && self.extra.is_none() {
            self.extra = Some(Box::default());
        }
        self.extra.as_deref_mut()
    }

    pub fn set_time(&mut self, time: Option<Text>, time_ms: Option<f64>) {
        if let Some(x) = self.extra_mut(time.is_some() || time_ms.is_some()) {
            x.time = time;
            x.time_ms = time_ms;
        }
    }

    pub fn set_group(&mut self, group: Option<u32>) {
        if let Some(x) = self.rarer_mut(group.is_some()) {
            x.group = group;
        }
    }

    pub fn set_delay_ms(&mut self, delay_ms: Option<f64>) {
        if let Some(x) = self.extra_mut(delay_ms.is_some()) {
            x.delay_ms = delay_ms;
        }
    }

    pub fn set_parts(&mut self, parts: Vec<TokenPart>) {
        if let Some(x) = self.rarer_mut(!parts.is_empty()) {
            x.parts = parts;
        }
    }
}

/// An [`Event`] as the JSON has it: every field, in the contract's order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventView<'a> {
    line: u32,
    span: [u64; 2],
    source: &'a SourceLines,
    time: Option<&'a str>,
    time_ms: Option<f64>,
    encrypted: bool,
    inferred: bool,
    group: Option<u32>,
    delay_ms: Option<f64>,
    parts: &'a [TokenPart],
    #[serde(flatten)]
    detail: &'a EventDetail,
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        EventView {
            line: self.line,
            span: self.span(),
            source: &self.source,
            time: self.time(),
            time_ms: self.time_ms(),
            encrypted: self.encrypted,
            inferred: self.inferred,
            group: self.group(),
            delay_ms: self.delay_ms(),
            parts: self.parts(),
            detail: &self.detail,
        }
        .serialize(s)
    }
}

/// An [`Event`] as read from JSON.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventFields {
    line: u32,
    span: [u64; 2],
    source: SourceLines,
    time: Option<String>,
    time_ms: Option<f64>,
    encrypted: bool,
    inferred: bool,
    group: Option<u32>,
    delay_ms: Option<f64>,
    parts: Vec<TokenPart>,
    #[serde(flatten)]
    detail: EventDetail,
}

impl From<EventFields> for Event {
    fn from(f: EventFields) -> Event {
        let mut e = Event {
            line: f.line,
            source: f.source,
            encrypted: f.encrypted,
            inferred: f.inferred,
            extra: None,
            detail: f.detail,
        };
        if e.source.is_empty() {
            e.keep_span(f.span);
        }
        e.set_time(f.time.map(Text::from), f.time_ms);
        e.set_group(f.group);
        e.set_delay_ms(f.delay_ms);
        e.set_parts(f.parts);
        e
    }
}

/// One token of a source line: a verb, a path, a parameter, an EHLO
/// keyword, a reply code…, with the id of its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TokenPart {
    /// The source line the token is on.
    pub line: u32,
    /// Offsets `[from, to)` of the token in that source line's `text`, in
    /// UTF-16 code units (the units JavaScript strings are indexed by).
    pub from: u32,
    pub to: u32,
    /// The token as written.
    pub text: String,
    /// `"verb"`, `"path"`, `"parameter"`, `"keyword"`, `"value"`,
    /// `"mechanism"`, `"argument"`, `"code"`, `"enhanced"` or `"unknown"`.
    pub kind: String,
    /// Explanation id for `explain_token` (`"param:SIZE"`, `"code:550"`),
    /// `None` for a token we do not know.
    pub id: Option<String>,
    /// What the token means in this line ("SIZE=48213: the client declares
    /// a 47 KB message").
    pub note: Option<String>,
}

/// What an event is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum EventDetail {
    /// A client command.
    Command {
        /// Upper-case verb (`"MAIL"`), or `"AUTH-RESPONSE"` for a client line
        /// inside an AUTH exchange.
        verb: Cow<'static, str>,
        /// Everything after the verb, as sent (secrets masked).
        args: Text,
        /// The parsed command.
        parsed: Command,
        /// Index of the reply event that answered it.
        reply: Option<u32>,
    },
    /// A server reply (all lines of a multi-line reply).
    Reply {
        code: u16,
        enhanced: Option<EnhancedStatus>,
        /// The text of each line, after the code and separator.
        lines: ReplyLines,
        /// Index of the command event this reply answers (`None` for the
        /// greeting or a reply that answers nothing).
        in_reply_to: Option<u32>,
        /// The decoded 334 challenge, the capabilities of an EHLO reply
        /// and the queue id of a reply to end of data, which few replies
        /// have (in the JSON: `decoded`, `capabilities`, `queueId`).
        #[serde(flatten)]
        extra: ReplyExtra,
        /// What the reply means (knowledge). Shared: every reply with the
        /// same code and enhanced code has the same sentence, and a copy
        /// each was the largest of the texts knowledge adds.
        explanation: Option<Arc<str>>,
        /// Why a negative reply came, who must act and what to do, and
        /// provider links (knowledge; in the JSON: `reason`, `actor`,
        /// `remedy`, `links`). Boxed: only replies of 400 and more have
        /// them.
        #[serde(flatten)]
        advice: Advice,
    },
    /// Message content after DATA or a BDAT chunk.
    Data {
        /// Bytes of content after dot-unstuffing, counting CRLF line ends.
        size: u64,
        /// Header fields, unfolded.
        headers: Vec<Header>,
        /// True when the content was ended by a lone `.`.
        terminated: bool,
        /// True when the content has bytes above 127.
        eight_bit: bool,
    },
    /// A TLS boundary or TLS information.
    Tls { text: Text },
    /// Information that is not part of the dialogue (tool chatter, log lines).
    Note { text: Text, level: NoteLevel },
    /// A line we could not read.
    Unparsed { text: Text, reason: String },
}

impl EventDetail {
    /// The capabilities of an EHLO/LHLO reply; `None` for anything else.
    pub fn capabilities(&self) -> Option<&[Capability]> {
        match self {
            EventDetail::Reply { extra, .. } => extra.capabilities(),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            EventDetail::Command { .. } => "command",
            EventDetail::Reply { .. } => "reply",
            EventDetail::Data { .. } => "data",
            EventDetail::Tls { .. } => "tls",
            EventDetail::Note { .. } => "note",
            EventDetail::Unparsed { .. } => "unparsed",
        }
    }
}

/// Fields that few values have, kept in one box made when one of them is
/// set: inline, they would make every event that much bigger (events are
/// most of a parse's memory). Serialised as the fields themselves, with
/// their defaults (`null`, `[]`) when there is no box; read back, fields
/// all at their defaults make no box.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rare<T>(Option<Box<T>>);

impl<T: Default> Rare<T> {
    /// The fields to change in place; `None` when none is set.
    pub fn fields_mut(&mut self) -> Option<&mut T> {
        self.0.as_deref_mut()
    }

    /// The fields to set, the box made if there was none.
    pub fn make_fields(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T: Default + PartialEq> From<T> for Rare<T> {
    fn from(fields: T) -> Rare<T> {
        Rare((fields != T::default()).then(|| Box::new(fields)))
    }
}

impl<T: Default + Serialize> Serialize for Rare<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(fields) => fields.serialize(s),
            None => T::default().serialize(s),
        }
    }
}

impl<'de, T: Default + PartialEq + Deserialize<'de>> Deserialize<'de> for Rare<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Rare::from)
    }
}

/// The fields of a reply that few replies have (inline, they made every
/// event 72 bytes bigger).
pub type ReplyExtra = Rare<ReplyExtraFields>;

/// What [`ReplyExtra`] holds, and its JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyExtraFields {
    /// Decoded 334 challenge text (AUTH), when it was base64.
    pub decoded: Option<String>,
    /// Capabilities, when this is the reply to EHLO/LHLO (shared with the
    /// session's).
    pub capabilities: Option<Arc<[Capability]>>,
    /// Queue id named by a 250 reply to end of data.
    pub queue_id: Option<String>,
}

impl ReplyExtra {
    pub fn decoded(&self) -> Option<&str> {
        self.0.as_ref().and_then(|x| x.decoded.as_deref())
    }

    pub fn capabilities(&self) -> Option<&[Capability]> {
        self.0.as_ref().and_then(|x| x.capabilities.as_deref())
    }

    pub fn queue_id(&self) -> Option<&str> {
        self.0.as_ref().and_then(|x| x.queue_id.as_deref())
    }
}

/// The knowledge's advice on a negative reply (inline, its four fields
/// made every event 88 bytes bigger).
pub type Advice = Rare<AdviceFields>;

/// What [`Advice`] holds, and its JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdviceFields {
    /// Reason id (`mailbox-unknown`, `greylisted`, …).
    pub reason: Option<String>,
    /// Who must act (`sender`, `recipient`, …), and what to do.
    pub actor: Option<String>,
    pub remedy: Option<String>,
    /// Provider documentation links.
    pub links: Vec<String>,
}

impl Advice {
    pub fn reason(&self) -> Option<&str> {
        self.0.as_ref().and_then(|x| x.reason.as_deref())
    }

    pub fn actor(&self) -> Option<&str> {
        self.0.as_ref().and_then(|x| x.actor.as_deref())
    }

    pub fn remedy(&self) -> Option<&str> {
        self.0.as_ref().and_then(|x| x.remedy.as_deref())
    }

    pub fn links(&self) -> &[String] {
        self.0.as_ref().map_or(&[], |x| &x.links)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum NoteLevel {
    #[default]
    Info,
    Warning,
    Error,
    /// A blank line between steps.
    Blank,
}

/// A message header field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub name: Text,
    pub value: Text,
}

/// A parsed client command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Command {
    Helo {
        domain: String,
    },
    Ehlo {
        domain: String,
    },
    /// LMTP's greeting (RFC 2033).
    Lhlo {
        domain: String,
    },
    /// The path is boxed: a `Path` is 72 bytes, and inline it made every
    /// command, and so every event, that much bigger.
    Mail {
        path: Box<Path>,
        params: Vec<Param>,
    },
    Rcpt {
        path: Box<Path>,
        params: Vec<Param>,
    },
    Data,
    Rset,
    Quit,
    Starttls,
    Vrfy {
        arg: String,
    },
    Expn {
        arg: String,
    },
    Help {
        topic: Option<String>,
    },
    Noop {
        arg: Option<String>,
    },
    /// `AUTH mechanism [initial-response]` (RFC 4954).
    Auth {
        mechanism: String,
        /// The initial response as sent, masked unless secrets are shown;
        /// `"="` means an empty response.
        initial_response: Option<String>,
    },
    /// A client line inside an AUTH exchange (a base64 response or `*`).
    AuthResponse {
        /// True for `*`: the client cancelled the exchange.
        cancelled: bool,
    },
    /// `BDAT size [LAST]` (RFC 3030).
    Bdat {
        size: u64,
        last: bool,
    },
    /// `ETRN node` (RFC 1985).
    Etrn {
        node: String,
    },
    /// `ATRN [domain,…]` (RFC 2645).
    Atrn {
        domains: Vec<String>,
    },
    /// `BURL url [LAST]` (RFC 4468).
    Burl {
        url: String,
        last: bool,
    },
    /// Postfix XCLIENT / XFORWARD attributes (`NAME=value`).
    Xclient {
        attrs: Vec<Attr>,
    },
    Xforward {
        attrs: Vec<Attr>,
    },
    /// A known verb whose arguments do not parse.
    Invalid {
        error: String,
    },
    /// A verb we do not know, kept as text.
    Unknown {
        text: String,
    },
}

/// `NAME=value` of XCLIENT/XFORWARD (xtext-decoded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Attr {
    pub name: String,
    pub value: String,
}

/// A reverse-path or forward-path (RFC 5321 §4.1.2).
///
/// Its texts (the path as written, the address, its local part and its
/// domain) are kept in one string, so that a path costs one allocation: the
/// address is a run of the path as written (`<@a:user@example.com>` holds
/// `user@example.com`), and only when it is not (a path built by hand) is
/// it stored after it. The JSON has the four texts as fields.
#[derive(Clone, Default, Deserialize)]
#[serde(from = "PathFields")]
pub struct Path {
    /// The path as written, then the address when it is not in it.
    text: String,
    /// Where the path as written ends in `text`.
    raw_end: u32,
    /// Where the address starts in `text`.
    address_start: u32,
    /// The address's length: `local_len`, then `@` and the domain if any.
    address_len: u32,
    local_len: u32,
    /// `<>`: the null reverse-path (bounces).
    pub null: bool,
    /// The local part is a quoted string.
    pub quoted: bool,
    /// The domain is an address literal (`[…]`).
    pub address_literal: bool,
    /// The address has non-ASCII characters (needs SMTPUTF8).
    pub utf8: bool,
    /// Obsolete source route (`@a,@b:`), hosts without `@`.
    pub source_route: Vec<String>,
    /// Written without angle brackets (a common leniency).
    pub bare: bool,
}

impl Path {
    /// The path written as `raw` for the address `local@domain` (`local`
    /// alone when `domain` is empty); the flags false and no source route.
    pub fn new(raw: &str, local: &str, domain: &str) -> Path {
        let mut p = Path::default();
        p.set_texts(raw, local, domain);
        p
    }

    /// Replace the path as written and the address (`local@domain`, or
    /// `local` alone when `domain` is empty); the flags stay.
    pub fn set_texts(&mut self, raw: &str, local: &str, domain: &str) {
        let address_len = if domain.is_empty() {
            local.len()
        } else {
            local.len() + 1 + domain.len()
        };
        let in_raw = position(raw, local).filter(|&at| {
            let after = raw.get(at + local.len()..).unwrap_or("");
            domain.is_empty()
                || after
                    .strip_prefix('@')
                    .is_some_and(|d| d.starts_with(domain))
        });
        let mut text = String::with_capacity(raw.len() + in_raw.map_or(address_len, |_| 0));
        text.push_str(raw);
        let address_start = match in_raw {
            Some(at) => at,
            None => {
                text.push_str(local);
                if !domain.is_empty() {
                    text.push('@');
                    text.push_str(domain);
                }
                raw.len()
            }
        };
        // Input is at most u32::MAX bytes (line spans are u32).
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        self.text = text;
        self.raw_end = n(raw.len());
        self.address_start = n(address_start);
        self.address_len = n(address_len);
        self.local_len = n(local.len());
    }

    fn part(&self, from: u32, len: u32) -> &str {
        let from = from as usize;
        let to = from.saturating_add(len as usize);
        self.text.get(from..to).unwrap_or("")
    }

    /// The path as written, with its angle brackets if any.
    pub fn raw(&self) -> &str {
        self.part(0, self.raw_end)
    }

    /// `local@domain` without brackets and source route; empty for `<>`.
    pub fn address(&self) -> &str {
        self.part(self.address_start, self.address_len)
    }

    /// The local part as written (quotes included).
    pub fn local_part(&self) -> &str {
        self.part(self.address_start, self.local_len)
    }

    /// The domain or address literal (`[192.0.2.1]`); empty if none.
    pub fn domain(&self) -> &str {
        let skip = self.local_len.saturating_add(1).min(self.address_len);
        self.part(
            self.address_start.saturating_add(skip),
            self.address_len - skip,
        )
    }
}

/// Where `part` starts in `whole`: where it lies when it is a slice of
/// `whole` (the parser's parts are: this finds the same run that was
/// parsed, which a search might not), else where it first occurs. A
/// `part` whose bytes lie inside `whole` is that run of `whole` (two
/// strings cannot share memory otherwise), so its text needs no compare.
fn position(whole: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    let end = at.checked_add(part.len())?;
    match whole.get(at..end) {
        Some(_) => Some(at),
        None => whole.find(part),
    }
}

impl PartialEq for Path {
    fn eq(&self, other: &Path) -> bool {
        self.raw() == other.raw()
            && self.address() == other.address()
            && self.local_part() == other.local_part()
            && self.null == other.null
            && self.quoted == other.quoted
            && self.address_literal == other.address_literal
            && self.utf8 == other.utf8
            && self.source_route == other.source_route
            && self.bare == other.bare
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Path")
            .field("raw", &self.raw())
            .field("address", &self.address())
            .field("local_part", &self.local_part())
            .field("domain", &self.domain())
            .field("null", &self.null)
            .field("quoted", &self.quoted)
            .field("address_literal", &self.address_literal)
            .field("utf8", &self.utf8)
            .field("source_route", &self.source_route)
            .field("bare", &self.bare)
            .finish()
    }
}

impl Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Path", 10)?;
        st.serialize_field("raw", self.raw())?;
        st.serialize_field("address", self.address())?;
        st.serialize_field("localPart", self.local_part())?;
        st.serialize_field("domain", self.domain())?;
        st.serialize_field("null", &self.null)?;
        st.serialize_field("quoted", &self.quoted)?;
        st.serialize_field("addressLiteral", &self.address_literal)?;
        st.serialize_field("utf8", &self.utf8)?;
        st.serialize_field("sourceRoute", &self.source_route)?;
        st.serialize_field("bare", &self.bare)?;
        st.end()
    }
}

/// [`Path`] as its JSON has it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PathFields {
    raw: String,
    address: String,
    local_part: String,
    domain: String,
    null: bool,
    quoted: bool,
    address_literal: bool,
    utf8: bool,
    source_route: Vec<String>,
    bare: bool,
}

impl From<PathFields> for Path {
    /// An address that is not `localPart@domain` is kept whole, as the
    /// local part.
    fn from(f: PathFields) -> Path {
        let parts_match = f
            .address
            .strip_prefix(f.local_part.as_str())
            .is_some_and(|rest| {
                rest.is_empty() && f.domain.is_empty()
                    || rest.strip_prefix('@') == Some(f.domain.as_str())
            });
        let mut p = if parts_match {
            Path::new(&f.raw, &f.local_part, &f.domain)
        } else {
            Path::new(&f.raw, &f.address, "")
        };
        p.null = f.null;
        p.quoted = f.quoted;
        p.address_literal = f.address_literal;
        p.utf8 = f.utf8;
        p.source_route = f.source_route;
        p.bare = f.bare;
        p
    }
}

/// A MAIL or RCPT parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Param {
    /// SIZE=n (RFC 1870).
    Size { value: u64 },
    /// BODY=7BIT|8BITMIME|BINARYMIME (RFC 6152, RFC 3030).
    Body { value: String },
    /// SMTPUTF8 (RFC 6531).
    Smtputf8,
    /// RET=FULL|HDRS (RFC 3461).
    Ret { value: String },
    /// ENVID=xtext (RFC 3461).
    Envid { raw: String, decoded: String },
    /// NOTIFY=NEVER | SUCCESS,FAILURE,DELAY (RFC 3461).
    Notify { values: Vec<String> },
    /// ORCPT=addr-type;xtext (RFC 3461).
    Orcpt {
        addr_type: String,
        raw: String,
        decoded: String,
    },
    /// AUTH=mailbox|<> (RFC 4954).
    Auth { raw: String, decoded: String },
    /// REQUIRETLS (RFC 8689).
    Requiretls,
    /// MT-PRIORITY=n (RFC 6710).
    MtPriority { value: i32 },
    /// HOLDFOR=seconds (RFC 4865).
    Holdfor { seconds: u64 },
    /// HOLDUNTIL=date-time (RFC 4865).
    Holduntil { value: String },
    /// BY=time;mode[T] (RFC 2852).
    By {
        time: i64,
        mode: String,
        trace: bool,
    },
    /// RRVS=date-time[;C|R] (RFC 7293).
    Rrvs {
        time: String,
        action: Option<String>,
    },
    /// Any other parameter, kept as written.
    Other {
        keyword: String,
        value: Option<String>,
    },
    /// A registered keyword whose value does not parse.
    Invalid {
        keyword: String,
        value: Option<String>,
        error: String,
    },
}

/// An EHLO keyword and its parameters. In the JSON: `keyword`, `params`
/// (a list of words) and `line`.
///
/// Its parameters are a part of the reply line (and so of the input, with
/// no copy), as written, read word by word: 48 bytes and no allocation,
/// where a list of its own made it 56 bytes and an allocation for each
/// word (a twentieth of a parse's allocations on an RFC-style transcript).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "CapabilityFields<Cow<'static, str>, Vec<String>>")]
pub struct Capability {
    /// Upper-case keyword (`"SIZE"`, `"AUTH"`): borrowed from a static
    /// table for the keywords servers announce most, so that the common
    /// capability (and each copy of it) allocates nothing for it. (As a
    /// part of the input, it took the lint twice as long to look
    /// capabilities up.)
    pub keyword: Cow<'static, str>,
    /// The parameters as written (`"PLAIN LOGIN"`): see [`Capability::params`].
    params: Text,
    /// The 1-based source line of the reply line that advertised it.
    pub line: u32,
}

impl Capability {
    /// `keyword` (upper case) with the parameters `params`, words
    /// separated by whitespace.
    pub fn new(keyword: Cow<'static, str>, params: Text, line: u32) -> Capability {
        Capability {
            keyword,
            params,
            line,
        }
    }

    /// The parameters (`["PLAIN", "LOGIN"]`).
    pub fn params(&self) -> Words<'_> {
        Words {
            rest: &self.params,
            ascii: self.params.is_ascii(),
        }
    }

    /// The same parameters as `other`'s, in any case.
    pub fn same_params(&self, other: &Capability) -> bool {
        if self.params.eq_ignore_ascii_case(&other.params) {
            return true;
        }
        let (mut a, mut b) = (self.params(), other.params());
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
                _ => return false,
            }
        }
    }

    /// The parameters, separated by one space (`"PLAIN LOGIN"`).
    pub fn params_text(&self) -> String {
        self.params().collect::<Vec<_>>().join(" ")
    }

    /// Rewrite each parameter with `f`.
    pub fn map_params(&mut self, f: impl FnMut(&str) -> String) {
        self.params = self.params().map(f).collect::<Vec<_>>().join(" ").into();
    }
}

/// The words of a text, as `str::split_whitespace` gives them: read byte
/// by byte when the text is ASCII (as EHLO parameters are), which took the
/// lint's look at a `SIZE` limit a third of the time.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    rest: &'a str,
    ascii: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        // The ASCII characters that are `White_Space`: TAB, LF, VT, FF, CR
        // and SP.
        let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
        let start = if self.ascii {
            self.rest.bytes().position(|b| !space(b))
        } else {
            self.rest.find(|c: char| !c.is_whitespace())
        };
        let rest = start.and_then(|at| self.rest.get(at..)).unwrap_or("");
        if rest.is_empty() {
            self.rest = rest;
            return None;
        }
        let end = if self.ascii {
            rest.bytes().position(space)
        } else {
            rest.find(char::is_whitespace)
        };
        let (word, tail) = rest
            .split_at_checked(end.unwrap_or(rest.len()))
            .unwrap_or((rest, ""));
        self.rest = tail;
        Some(word)
    }
}

/// Equal keywords, lines and parameters, however the parameters were
/// spaced.
impl PartialEq for Capability {
    fn eq(&self, other: &Capability) -> bool {
        self.keyword == other.keyword && self.line == other.line && self.params().eq(other.params())
    }
}

/// A [`Capability`] as the JSON has it.
#[derive(Serialize, Deserialize)]
struct CapabilityFields<K, P> {
    keyword: K,
    params: P,
    line: u32,
}

/// The words of a capability's parameters, serialised as a list.
struct ParamList<'a>(&'a Capability);

impl Serialize for ParamList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.params())
    }
}

impl Serialize for Capability {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CapabilityFields {
            keyword: &self.keyword,
            params: ParamList(self),
            line: self.line,
        }
        .serialize(s)
    }
}

impl From<CapabilityFields<Cow<'static, str>, Vec<String>>> for Capability {
    fn from(f: CapabilityFields<Cow<'static, str>, Vec<String>>) -> Capability {
        Capability::new(f.keyword, f.params.join(" ").into(), f.line)
    }
}

/// Enhanced mail system status code `class.subject.detail` (RFC 3463),
/// serialised as `"5.1.1"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnhancedStatus {
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
}

impl EnhancedStatus {
    /// Append `class.subject.detail`, as `Display` writes it: without the
    /// formatting machinery, for the sentences made for every session.
    pub fn push_to(&self, out: &mut String) {
        out.push_str(&self.class.to_string());
        out.push('.');
        out.push_str(&self.subject.to_string());
        out.push('.');
        out.push_str(&self.detail.to_string());
    }
}

impl fmt::Display for EnhancedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl std::str::FromStr for EnhancedStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut it = s.split('.');
        let bad = || format!("not an enhanced status code: {}", crate::quoted(s));
        let class = it
            .next()
            .and_then(crate::parse_uint::<u8>)
            .ok_or_else(bad)?;
        let subject = it
            .next()
            .and_then(crate::parse_uint::<u16>)
            .ok_or_else(bad)?;
        let detail = it
            .next()
            .and_then(crate::parse_uint::<u16>)
            .ok_or_else(bad)?;
        if it.next().is_some() || !matches!(class, 2 | 4 | 5) || subject > 999 || detail > 999 {
            return Err(bad());
        }
        Ok(EnhancedStatus {
            class,
            subject,
            detail,
        })
    }
}

impl Serialize for EnhancedStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EnhancedStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Who authenticated, never the secret (unless asked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AuthInfo {
    pub mechanism: String,
    /// The user name, when the mechanism reveals it.
    pub user: Option<String>,
    /// True when the server answered 235.
    pub success: Option<bool>,
    /// True when secrets were seen in the input and masked in the output.
    pub masked: bool,
    /// The secret, only when the caller asked to show secrets.
    pub secret: Option<String>,
    /// Line of the AUTH command.
    pub line: u32,
}

/// One mail transaction: MAIL, its RCPTs and the message data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// The reverse-path address (empty for `<>`).
    pub sender: Option<String>,
    /// Line of the MAIL command.
    pub line: u32,
    pub mail_reply: Option<ReplyRef>,
    pub recipients: Vec<Recipient>,
    pub data: Option<DataResult>,
    pub status: OutcomeStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub address: String,
    pub line: u32,
    /// True when the RCPT got a 2xx reply.
    pub accepted: bool,
    pub reply: Option<ReplyRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DataResult {
    /// Line of the DATA/BDAT command.
    pub line: u32,
    /// Content size in bytes, when the content was in the input.
    pub size: Option<u64>,
    /// The reply to the end of data (the final reply for BDAT).
    pub reply: Option<ReplyRef>,
    pub accepted: bool,
    pub queue_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A problem found in the input or the dialogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line, or `None` for the input as a whole.
    pub line: Option<u32>,
    /// Stable id, e.g. `"pipelining-unadvertised"` (the ids are static).
    pub code: Cow<'static, str>,
    pub message: String,
    /// The session it concerns (index into `sessions`).
    pub session: Option<u32>,
    /// The RFC section that says why, e.g. `"RFC 5321 §4.1.4"`.
    pub rfc: Option<Cow<'static, str>>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        line: Option<u32>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            line,
            code: Cow::Borrowed(code),
            message: message.into(),
            session: None,
            rfc: None,
        }
    }

    pub fn with_rfc(mut self, rfc: &'static str) -> Self {
        self.rfc = Some(Cow::Borrowed(rfc));
        self
    }

    /// Put diagnostics in the order of the output: by line (those of the
    /// whole input first), errors before warnings before infos on a line;
    /// stable otherwise.
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        let rank = |s: Severity| Severity::Error as u64 - s as u64;
        crate::sort::stable_by_key(diagnostics, |d| {
            u64::from(d.line.unwrap_or(0)) << 2 | rank(d.severity)
        });
    }
}

/// What `explain` returns for a reply code, enhanced code and text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub code: Option<u16>,
    pub enhanced: Option<EnhancedStatus>,
    /// What the reply code means (RFC 5321 §4.2).
    pub code_meaning: Option<String>,
    /// What the first digit says: success, transient or permanent failure.
    pub class_meaning: Option<String>,
    /// What the enhanced status code means (IANA registry).
    pub enhanced_meaning: Option<String>,
    /// One sentence combining the above.
    pub summary: String,
    /// What the client should do: `"proceed"`, `"continue"`, `"retry"`,
    /// `"give-up"`, `"fix-command"`.
    pub action: Option<String>,
    /// Reason id for a negative reply.
    pub reason: Option<String>,
    /// What the reason means.
    pub reason_meaning: Option<String>,
    /// Who must act: `"sender"`, `"sender-admin"`, `"recipient"`,
    /// `"recipient-admin"`, `"nobody"`.
    pub actor: Option<String>,
    pub remedy: Option<String>,
    /// The provider recognised from the text, if any.
    pub provider: Option<String>,
    pub links: Vec<String>,
}

/// Options of `parse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// Force a format by name instead of detecting it.
    pub format: Option<String>,
    /// Show AUTH secrets instead of masking them.
    pub show_secrets: bool,
    /// Replace email addresses, host names and IP addresses everywhere in
    /// the result with consistent pseudonyms (`user1@example.com`,
    /// `host1.example`, `192.0.2.1`), so a dialogue can be shared.
    pub redact: bool,
    /// Fill each command and reply event's `parts` (its tokens, with UTF-16
    /// offsets and what each means) for a view that explains every token.
    /// Off by default: the parts are about a third of the JSON and a fifth
    /// of the parse time, and a log pipeline has no use for them; `parts`
    /// is then an empty array.
    pub parts: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Path) -> [&str; 4] {
        [p.raw(), p.address(), p.local_part(), p.domain()]
    }

    #[test]
    fn a_path_keeps_its_address_inside_what_was_written() {
        let raw = "<@relay.example:user@example.com>";
        // The parser's parts are slices of the line.
        let p = Path::new(raw, &raw[16..20], &raw[21..32]);
        assert_eq!(texts(&p), [raw, "user@example.com", "user", "example.com"]);
        assert_eq!(p.text, raw, "one copy of the text");
        // Parts that are not slices of it are found in it.
        let p = Path::new("<a@b>", "a", "b");
        assert_eq!(p.text, "<a@b>");
        assert_eq!(texts(&p), ["<a@b>", "a@b", "a", "b"]);
    }

    #[test]
    fn a_path_stores_an_address_that_is_not_in_what_was_written() {
        let p = Path::new("", "a", "b");
        assert_eq!(texts(&p), ["", "a@b", "a", "b"]);
        let p = Path::new("<x@y>", "postmaster", "");
        assert_eq!(texts(&p), ["<x@y>", "postmaster", "postmaster", ""]);
        // `a` is in the raw text but not followed by `@b`.
        let p = Path::new("<a@c>", "a", "b");
        assert_eq!(texts(&p), ["<a@c>", "a@b", "a", "b"]);
        let p = Path::new("<>", "", "");
        assert_eq!(texts(&p), ["<>", "", "", ""]);
    }

    #[test]
    fn a_path_has_its_four_texts_in_its_json_and_reads_them_back() {
        let mut p = Path::new("<\"a b\"@[192.0.2.1]>", "\"a b\"", "[192.0.2.1]");
        p.quoted = true;
        p.address_literal = true;
        let json = serde_json::to_string(&p).expect("serialises");
        assert_eq!(
            json,
            r#"{"raw":"<\"a b\"@[192.0.2.1]>","address":"\"a b\"@[192.0.2.1]","localPart":"\"a b\"","domain":"[192.0.2.1]","null":false,"quoted":true,"addressLiteral":true,"utf8":false,"sourceRoute":[],"bare":false}"#
        );
        let back: Path = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, p);
        assert_eq!(texts(&back), texts(&p));
        // Parts that do not make up the address: the address is kept.
        let odd = json.replace(r#""localPart":"\"a b\"""#, r#""localPart":"z""#);
        let back: Path = serde_json::from_str(&odd).expect("reads back");
        assert_eq!(back.address(), "\"a b\"@[192.0.2.1]");
        assert_eq!(back.local_part(), back.address());
        assert_eq!(back.domain(), "");
    }

    #[test]
    fn source_lines_hold_one_inline_then_grow_and_serialise_as_a_list() {
        let line = |n: u32| SourceLine::new(n, [0, 1], format!("line {n}").into());
        let mut lines = SourceLines::one(line(1));
        assert!(matches!(lines.0, Held::One(_)));
        assert_eq!(lines.len(), 1);
        lines.push(line(2));
        lines.extend([line(3)]);
        let numbers: Vec<u32> = lines.iter().map(|l| l.line).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(lines.last().map(|l| l.line), Some(3));
        let json = serde_json::to_string(&lines).expect("serialises");
        assert_eq!(
            json,
            r#"[{"line":1,"span":[0,1],"text":"line 1"},{"line":2,"span":[0,1],"text":"line 2"},{"line":3,"span":[0,1],"text":"line 3"}]"#
        );
        let back: SourceLines = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, lines);
        // One line, however it was made, is the same list.
        assert_eq!(SourceLines::from(vec![line(1)]), SourceLines::one(line(1)));
        let mut many = SourceLines::from(vec![line(1), line(2)]);
        many.clear();
        assert!(many.is_empty());
        assert_eq!(serde_json::to_string(&many).expect("serialises"), "[]");
    }

    fn reply(extra: ReplyExtra) -> EventDetail {
        EventDetail::Reply {
            code: 250,
            enhanced: None,
            lines: vec!["Ok".into()].into(),
            in_reply_to: None,
            extra,
            explanation: None,
            advice: Advice::default(),
        }
    }

    #[test]
    fn an_events_rare_fields_are_boxed_only_once_set() {
        let line = SourceLine::new(3, [10, 16], "S: 250 Ok".into());
        let mut e = Event::new(line, false, false, reply(ReplyExtra::default()));
        // Setting nothing makes no box.
        e.set_group(None);
        e.set_parts(Vec::new());
        e.set_time(None, None);
        assert!(e.extra.is_none());
        let plain = serde_json::to_string(&e).expect("serialises");
        assert_eq!(
            plain,
            r#"{"line":3,"span":[10,16],"source":[{"line":3,"span":[10,16],"text":"S: 250 Ok"}],"time":null,"timeMs":null,"encrypted":false,"inferred":false,"group":null,"delayMs":null,"parts":[],"kind":"reply","code":250,"enhanced":null,"lines":["Ok"],"inReplyTo":null,"decoded":null,"capabilities":null,"queueId":null,"explanation":null,"reason":null,"actor":null,"remedy":null,"links":[]}"#
        );
        let back: Event = serde_json::from_str(&plain).expect("reads back");
        assert_eq!(back, e);
        assert!(back.extra.is_none());

        e.set_time(Some("Nov 28 14:06:25".into()), Some(1.5));
        e.set_group(Some(2));
        e.set_delay_ms(Some(0.25));
        assert_eq!(
            (e.time(), e.time_ms(), e.group(), e.delay_ms()),
            (Some("Nov 28 14:06:25"), Some(1.5), Some(2), Some(0.25))
        );
        let timed = serde_json::to_string(&e).expect("serialises");
        assert!(timed.contains(
            r#""time":"Nov 28 14:06:25","timeMs":1.5,"encrypted":false,"inferred":false,"group":2,"delayMs":0.25,"parts":[]"#
        ));
        let back: Event = serde_json::from_str(&timed).expect("reads back");
        assert_eq!(back, e);
    }

    #[test]
    fn a_capabilitys_params_are_its_words_as_split_whitespace_gives_them() {
        for params in [
            "",
            " ",
            "PLAIN LOGIN",
            "  PLAIN\tLOGIN \x0b CRAM-MD5\x0c\r\n",
            "a\u{a0}b c\u{3000} d",
            "\u{2003}é x",
            "=",
        ] {
            let c = Capability::new("AUTH".into(), params.into(), 1);
            let want: Vec<&str> = params.split_whitespace().collect();
            assert_eq!(c.params().collect::<Vec<_>>(), want, "{params:?}");
            assert_eq!(c.params_text(), want.join(" "), "{params:?}");
        }
        let a = Capability::new("AUTH".into(), "plain  LOGIN".into(), 1);
        let b = Capability::new("AUTH".into(), "PLAIN LOGIN".into(), 1);
        let c = Capability::new("AUTH".into(), "PLAIN".into(), 1);
        assert!(a.same_params(&b) && b.same_params(&a));
        assert!(!a.same_params(&c) && !c.same_params(&a));
        assert_eq!(
            serde_json::to_string(&a).expect("serialises"),
            r#"{"keyword":"AUTH","params":["plain","LOGIN"],"line":1}"#
        );
    }

    #[test]
    fn an_event_has_its_first_lines_span_and_keeps_it_without_lines() {
        let mut e = Event::new(
            SourceLine::new(7, [120, 131], "S: 220 Ready".into()),
            false,
            false,
            EventDetail::Tls {
                text: "TLS handshake".into(),
            },
        );
        e.source.push(SourceLine::new(8, [132, 140], "more".into()));
        assert_eq!(e.span(), [120, 131]);
        assert_eq!(e.source[1].span(), [132, 140]);
        e.clear_source();
        assert!(e.source.is_empty());
        assert_eq!((e.line, e.span()), (7, [120, 131]));
        let json = serde_json::to_string(&e).expect("serialises");
        assert!(
            json.starts_with(r#"{"line":7,"span":[120,131],"source":[],"#),
            "{json}"
        );
        let back: Event = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.span(), [120, 131]);
        assert_eq!(serde_json::to_string(&back).expect("serialises"), json);
        // A line's span read back beyond what its length holds is cut, not
        // wrapped.
        let long: SourceLine =
            serde_json::from_str(r#"{"line":1,"span":[5,99999999999],"text":""}"#).expect("reads");
        assert_eq!(long.span(), [5, 5 + u64::from(u32::MAX)]);
    }

    #[test]
    fn a_replys_rare_fields_are_null_until_set_and_boxed_once() {
        let none = ReplyExtra::from(ReplyExtraFields::default());
        assert!(none.0.is_none());
        let queued = ReplyExtra::from(ReplyExtraFields {
            queue_id: Some("4Q2Xy1".into()),
            ..Default::default()
        });
        assert_eq!(queued.queue_id(), Some("4Q2Xy1"));
        assert_eq!((queued.decoded(), queued.capabilities()), (None, None));
        let json = serde_json::to_string(&reply(queued.clone())).expect("serialises");
        assert!(json.contains(r#""inReplyTo":null,"decoded":null,"capabilities":null,"queueId":"4Q2Xy1","explanation":null"#), "{json}");
        let back: EventDetail = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, reply(queued));
    }

    #[test]
    fn a_text_shares_only_what_lies_in_the_input() {
        let input = Arc::new(Input::new("S: 250 ok\nC: QUIT".to_string()));
        let whole: &str = &input;
        let (first, rest) = whole.split_at(9);
        let part = Text::within(&input, first);
        assert!(part.is_shared());
        assert_eq!(part, "S: 250 ok");
        // Every part, empty ones at either end included.
        for (from, to) in [(0, 0), (3, 6), (0, whole.len()), (whole.len(), whole.len())] {
            let t = Text::within(&input, &whole[from..to]);
            assert!(t.is_shared(), "{from}..{to}");
            assert_eq!(t.as_str(), &whole[from..to]);
        }
        // An equal text elsewhere in memory is copied, not shared.
        let elsewhere = first.to_string();
        let copy = Text::within(&input, &elsewhere);
        assert!(!copy.is_shared());
        assert_eq!(copy, part);
        // A text of another input is copied too.
        let other = Arc::new(Input::new(rest.to_string()));
        let t = Text::within(&input, &other);
        assert!(!t.is_shared());
        assert_eq!(t, "\nC: QUIT");
        // A clone shares what it clones.
        assert!(part.clone().is_shared());
        assert_eq!(Text::default(), "");
        assert_eq!(format!("{part} {part:?}"), "S: 250 ok \"S: 250 ok\"");
    }

    #[test]
    fn a_text_is_a_string_in_json() {
        let input = Arc::new(Input::new("C: EHLO é.example".to_string()));
        let part = Text::within(&input, &input[3..]);
        assert!(part.is_shared());
        let json = serde_json::to_string(&part).expect("serialises");
        assert_eq!(json, r#""EHLO é.example""#);
        let back: Text = serde_json::from_str(&json).expect("reads back");
        assert!(!back.is_shared());
        assert_eq!(back, part);
    }

    /// Events are most of a parse's memory: keep an eye on their size
    /// (400 bytes, then 240; 176 since a MAIL/RCPT path and a reply's
    /// advice are boxed; 184 since source lines share the input: a `Text`
    /// is 16 bytes, as the `Box<str>` it replaced, but has no value to
    /// spare for the tag of `SourceLines`, which saved the copy of every
    /// line; 152 since the event's span is its first line's, and a line's
    /// span a start and a length).
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn an_event_stays_small() {
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<SourceLine>(), 32);
        // Every event of a log has one: a 64-byte block, not a 96-byte one.
        assert!(std::mem::size_of::<EventExtra>() <= 64);
        assert!(
            std::mem::size_of::<Event>() <= 152,
            "{}",
            std::mem::size_of::<Event>()
        );
    }

    /// `push_to` writes what `Display` writes.
    #[test]
    fn enhanced_status_push_to_is_display() {
        for (class, subject, detail) in
            [(2, 0, 0), (5, 7, 26), (4, 4, 7), (5, 1, 10), (2, 999, 999)]
        {
            let e = EnhancedStatus {
                class,
                subject,
                detail,
            };
            let mut pushed = String::from("x");
            e.push_to(&mut pushed);
            assert_eq!(pushed, format!("x{e}"));
        }
    }

    /// A reply's advice is boxed only when set, and its JSON is the four
    /// fields either way, in the contract's order, reading back the same.
    #[test]
    fn a_replys_advice_is_boxed_only_once_set() {
        let plain = reply(ReplyExtra::default());
        let json = serde_json::to_string(&plain).expect("serialises");
        assert!(
            json.ends_with(
                r#""explanation":null,"reason":null,"actor":null,"remedy":null,"links":[]}"#
            ),
            "{json}"
        );
        let EventDetail::Reply { advice, .. } = &plain else {
            panic!("a reply")
        };
        assert!(advice.0.is_none());
        let advised = Advice::from(AdviceFields {
            reason: Some("user-unknown".into()),
            actor: Some("sender".into()),
            remedy: Some("check the spelling".into()),
            links: vec!["https://example.test/help".into()],
        });
        assert!(advised.0.is_some());
        let EventDetail::Reply {
            code,
            enhanced,
            lines,
            in_reply_to,
            extra,
            explanation,
            ..
        } = plain
        else {
            panic!("a reply")
        };
        let with = EventDetail::Reply {
            code,
            enhanced,
            lines,
            in_reply_to,
            extra,
            explanation,
            advice: advised,
        };
        let json = serde_json::to_string(&with).expect("serialises");
        assert!(
            json.ends_with(r#""explanation":null,"reason":"user-unknown","actor":"sender","remedy":"check the spelling","links":["https://example.test/help"]}"#),
            "{json}"
        );
        let back: EventDetail = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, with);
        assert!(Advice::from(AdviceFields::default()).0.is_none());
    }
}
