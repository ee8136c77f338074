//! smtpscope turns a pasted SMTP dialogue — a client transcript, a server
//! log, a bounce — into structured command/reply objects, with what each
//! reply means and where the dialogue failed.
//!
//! ```text
//! text ──► formats ──► session ──► knowledge ──► Transcript (serde)
//!           frame        pair &       explain &       ├─► JSON (CLI)
//!           lines        assemble     diagnose        └─► JsValue (wasm)
//!                           ▲
//!                        grammar (nom: the SMTP language itself)
//! ```
//!
//! * [`formats`] recognise an input format and frame each line: direction,
//!   time, session key, the SMTP text.
//! * [`grammar`] parses commands, paths, parameters, replies and EHLO
//!   keywords.
//! * `session` pairs replies with commands, joins multi-line replies,
//!   captures message content, follows STARTTLS and AUTH, and builds
//!   transactions and the outcome.
//! * [`knowledge`] explains reply codes and enhanced status codes, classifies
//!   failures into reasons, and lints the dialogue.
//!
//! ```
//! let t = smtpscope::parse("S: 220 mx.example.com ESMTP\nC: QUIT\nS: 221 Bye\n",
//!                          &smtpscope::Options::default());
//! assert_eq!(t.format, "rfc");
//! assert_eq!(t.sessions[0].events.len(), 3);
//! ```

#![forbid(unsafe_code)]

mod decimal;
mod engine;
pub mod export;
pub(crate) mod fasthash;
pub mod formats;
pub mod grammar;
pub mod input;
mod ipaddr;
pub mod knowledge;
pub mod model;
pub mod redact;
mod session;
mod sort;
mod stream;
pub mod summary;
/// The wasm-bindgen exports; public so that `tests/wasm.rs` can call them.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use knowledge::explain;
pub use model::*;
pub use stream::{parse_stream, parse_stream_in, Emit, StreamEnd, StreamedSession};

use std::sync::Arc;

/// `s.parse::<T>().ok()` for an integer type `T`, read as a `u64`: each
/// integer type's `FromStr` is its own copy of core's digit loop in the
/// wasm module (four fewer of them: 312 bytes gzipped), and the `u64` read
/// answers the same for every type a `u64` converts to: a number out of
/// `T`'s range is refused either way. (Not for a signed text: a `u64` takes
/// no `-`.)
pub(crate) fn parse_uint<T: TryFrom<u64>>(s: &str) -> Option<T> {
    s.parse::<u64>().ok().and_then(|n| T::try_from(n).ok())
}

/// `T::from_str_radix(s, 16).ok()`, read as a `u32` (see [`parse_uint`]).
pub(crate) fn parse_hex<T: TryFrom<u32>>(s: &str) -> Option<T> {
    u32::from_str_radix(s, 16)
        .ok()
        .and_then(|n| T::try_from(n).ok())
}

/// "1 recipient", "3 recipients": a count and a noun that takes an s.
pub(crate) fn plural(n: u64, one: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    [&n.to_string(), " ", one, s].concat()
}

/// The text in double quotes for a diagnostic, with `"`, `\` and control
/// characters escaped as Rust writes them (`{:?}`): `"a\"b\n"`. Other
/// characters are kept as they are. Written here rather than with `{:?}`,
/// whose escaping of non-printable Unicode brings core's debug escaping
/// into the wasm module (with the Unicode lower-casing replaced at the same
/// time, 1.8 KB gzipped).
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_ascii_control() => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The crate version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Parse a pasted text into a [`Transcript`]. Never fails and never panics:
/// whatever the input, every line ends up in an event.
///
/// The transcript's source lines are parts of one copy of the input that
/// it keeps (see [`model::Text`]): `text` is copied once. [`parse_owned`]
/// keeps the string it is given instead.
pub fn parse(text: &str, options: &Options) -> Transcript {
    parse_owned(text.to_string(), options)
}

/// [`parse`] of a string the transcript may keep: its source lines share
/// `text` rather than a copy of it.
pub fn parse_owned(text: String, options: &Options) -> Transcript {
    parse_with(
        Arc::new(Input::new(text)),
        options,
        Vec::new(),
        engine::Threads::Auto,
    )
}

/// [`parse`] on this thread only, however big the input: what `parse` must
/// give, for the tests of its second thread.
#[doc(hidden)]
pub fn parse_on_one_thread(text: impl Into<String>, options: &Options) -> Transcript {
    parse_with(
        Arc::new(Input::new(text.into())),
        options,
        Vec::new(),
        engine::Threads::One,
    )
}

/// Parse bytes that may not be valid UTF-8: invalid sequences are replaced
/// with U+FFFD and reported in a diagnostic.
pub fn parse_bytes(bytes: &[u8], options: &Options) -> Transcript {
    parse_bytes_owned(bytes.to_vec(), options)
}

/// [`parse_bytes`] of bytes the transcript may keep: when they are valid
/// UTF-8, its source lines share them rather than a copy (as
/// [`parse_owned`]).
pub fn parse_bytes_owned(bytes: Vec<u8>, options: &Options) -> Transcript {
    let (text, diagnostics) = lossy(bytes);
    parse_with(
        Arc::new(Input::new(text)),
        options,
        diagnostics,
        engine::Threads::Auto,
    )
}

fn parse_with(
    input: Arc<Input>,
    options: &Options,
    diagnostics: Vec<Diagnostic>,
    threads: engine::Threads,
) -> Transcript {
    let mut keep = Keep(Vec::new());
    let mut transcript = parse_sessions(&input, options, diagnostics, threads, &mut keep);
    transcript.sessions = keep.0;
    if options.redact {
        redact::redact(&mut transcript);
        // The token parts point into the source text, which redaction
        // rewrote: read them again from the redacted lines.
        if options.parts {
            for session in &mut transcript.sessions {
                knowledge::parts::attach(session);
            }
        }
    }
    transcript
}

/// Where [`parse_sessions`] hands the sessions, in session order.
trait Give: Send {
    /// The format is chosen; false: parse no further.
    fn begin(&mut self, format: &'static str, detection: &Detection) -> bool;
    /// The next session (to be taken out of `done`); false: no more.
    fn give(&mut self, done: &mut engine::Done) -> bool;
}

/// Keeps every session.
struct Keep(Vec<Session>);

impl Give for Keep {
    fn begin(&mut self, _: &'static str, _: &Detection) -> bool {
        true
    }
    fn give(&mut self, done: &mut engine::Done) -> bool {
        self.0.push(std::mem::take(&mut done.session));
        true
    }
}

/// The whole parse but redaction, handing each session to `give` once it
/// is finished: the transcript it returns has no sessions.
fn parse_sessions<'l>(
    input: &'l Arc<Input>,
    options: &Options,
    mut diagnostics: Vec<Diagnostic>,
    threads: engine::Threads,
    give: &mut dyn Give,
) -> Transcript {
    let text: &'l str = input;
    let (lines, (format, detection)) = split_and_choose(text, options, threads, &mut diagnostics);
    let line_count = lines.len();
    let mut engine_found = Vec::new();
    let mut lint = Vec::new();
    let mut dialogue = false;
    let mut unassigned = Vec::new();
    if give.begin(format.name(), &detection) {
        let take = &mut |mut done: engine::Done| {
            dialogue |= done.session.has_dialogue();
            let more = give.give(&mut done);
            engine_found.append(&mut done.engine);
            lint.append(&mut done.lint);
            more
        };
        // The source lines share the input (see `model::Text`).
        let shared = Some(Arc::clone(input));
        let rest = if format.framer().is_none() && !format.keys_sessions() {
            // One dialogue: the engine takes each piece of frames as the
            // format fills it.
            engine::run_dialogue(
                lines,
                format,
                &mut diagnostics,
                shared,
                options,
                threads,
                take,
            )
        } else {
            let pieces = formats::frame_in_pieces(format, &lines, &mut diagnostics);
            let keyed = pieces.iter().flatten().any(|f| f.session.is_some());
            let frames = |_: &[input::Line<'l>], to: &mut engine::Piece<'_, 'l>| {
                for piece in pieces {
                    if !to(piece) {
                        break;
                    }
                }
            };
            engine::run(lines, frames, keyed, shared, options, threads, take)
        };
        unassigned = rest.unassigned;
        engine_found.extend(rest.unrelated);
    }
    // One stable sort by line and severity orders these as the engine's
    // diagnostics (session by session), then the lint's (by line) would.
    diagnostics.append(&mut engine_found);
    diagnostics.append(&mut lint);
    if !dialogue && line_count > 0 {
        diagnostics.push(no_dialogue());
    }
    Diagnostic::sort(&mut diagnostics);
    Transcript {
        format: format.name().to_string(),
        detection,
        sessions: Vec::new(),
        unassigned,
        diagnostics,
        line_count: line_count as u32,
        byte_count: text.len() as u64,
    }
}

/// A taker of the sessions of [`parse_bytes_each`].
pub trait SessionSink: Send {
    /// The format is chosen: called once, before any session.
    fn begin(&mut self, detection: &Detection) -> std::io::Result<()>;
    /// The next session, in session order, with its own diagnostics.
    fn session(&mut self, session: StreamedSession) -> std::io::Result<()>;
    /// True when the sink's work is done on a thread of its own (the
    /// CLI's JSON writer): the parse then keeps to one thread, and still
    /// hands each session over as soon as it ends, so that the sink's
    /// thread has the second core. Without it, the parse's two threads and
    /// the sink's shared two cores, and took a tenth longer.
    fn has_own_thread(&self) -> bool {
        false
    }
}

/// Hands sessions to a [`SessionSink`] and keeps its first error.
struct ToSink<'s> {
    sink: &'s mut dyn SessionSink,
    format: &'static str,
    error: Option<std::io::Error>,
}

impl ToSink<'_> {
    fn done(&mut self, result: std::io::Result<()>) -> bool {
        if let Err(e) = result {
            self.error.get_or_insert(e);
        }
        self.error.is_none()
    }
}

impl Give for ToSink<'_> {
    fn begin(&mut self, format: &'static str, detection: &Detection) -> bool {
        self.format = format;
        let begun = self.sink.begin(detection);
        self.done(begun)
    }
    fn give(&mut self, done: &mut engine::Done) -> bool {
        // Copies: the whole result's diagnostics are made of them too.
        let given = self.sink.session(stream::streamed(
            self.format,
            done.index,
            std::mem::take(&mut done.session),
            done.engine.clone(),
            done.lint.clone(),
        ));
        self.done(given)
    }
}

/// [`parse_bytes`], handing each session to `sink` (in session order) as
/// soon as it and every session before it are finished, then forgetting
/// it: a caller that writes sessions out holds the input and the sessions
/// still open, not the whole result. (That is on an input big enough for
/// the second thread, with a core for it; on one thread, sessions are
/// finished and handed over once every frame is pushed.) Returns the rest
/// of what `parse_bytes` gives: the same transcript, without its sessions.
/// With `redact`, the input is parsed whole first (pseudonyms span
/// sessions). An error of the sink stops the parse and is returned.
/// Given a `Vec<u8>`, the parse keeps it as [`parse_bytes_owned`] does.
pub fn parse_bytes_each(
    bytes: impl Into<Vec<u8>>,
    options: &Options,
    sink: &mut dyn SessionSink,
) -> std::io::Result<Transcript> {
    if options.redact {
        let mut t = parse_bytes_owned(bytes.into(), options);
        sink.begin(&t.detection)?;
        let format = formats::by_name(&t.format).map_or("raw", |f| f.name());
        let mut own: Vec<Vec<Diagnostic>> = vec![Vec::new(); t.sessions.len()];
        for d in &t.diagnostics {
            if let Some(list) = d.session.and_then(|i| own.get_mut(i as usize)) {
                list.push(d.clone());
            }
        }
        for (index, (session, diagnostics)) in t.sessions.drain(..).zip(own).enumerate() {
            sink.session(StreamedSession {
                format,
                index,
                session,
                diagnostics,
            })?;
        }
        return Ok(t);
    }
    let mut to_sink = ToSink {
        sink,
        format: "raw",
        error: None,
    };
    let (text, diagnostics) = lossy(bytes.into());
    let t = parse_sessions(
        &Arc::new(Input::new(text)),
        options,
        diagnostics,
        if to_sink.sink.has_own_thread() {
            engine::Threads::Streaming
        } else {
            engine::Threads::InTurn
        },
        &mut to_sink,
    );
    match to_sink.error {
        Some(e) => Err(e),
        None => Ok(t),
    }
}

/// The text of `bytes`, with invalid UTF-8 replaced by U+FFFD and a
/// diagnostic saying where.
fn lossy(bytes: Vec<u8>) -> (String, Vec<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(e) => {
            let bytes = e.as_bytes();
            let line = bytes
                .get(..e.utf8_error().valid_up_to())
                .map(|b| b.iter().filter(|&&c| c == b'\n').count() as u32 + 1);
            (
                String::from_utf8_lossy(bytes).into_owned(),
                vec![invalid_utf8(line)],
            )
        }
    }
}

/// The input with every AUTH secret replaced by the mask, line for line:
/// what a user may share (a permalink, a paste in a ticket) without leaking
/// a password. Lines without secrets are unchanged, so the text parses the
/// same way.
pub fn mask_secrets(text: &str, options: &Options) -> String {
    let options = Options {
        show_secrets: false,
        redact: false,
        ..options.clone()
    };
    let t = parse(text, &options);
    let mut masked: Vec<(usize, usize, &str)> = t
        .sessions
        .iter()
        .flat_map(|s| &s.events)
        .chain(&t.unassigned)
        .flat_map(|e| &e.source)
        .filter_map(|s| {
            let [a, b] = s.span().map(|x| x as usize);
            let original = text.get(a..b)?;
            (original != &*s.text).then_some((a, b, &*s.text))
        })
        .collect();
    sort::stable_by_key(&mut masked, |m| m.0 as u64);
    masked.dedup_by_key(|m| m.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (a, b, line) in masked {
        if a < at {
            continue;
        }
        out.push_str(text.get(at..a).unwrap_or(""));
        out.push_str(line);
        at = b;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

fn invalid_utf8(line: Option<u32>) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        line,
        "invalid-utf8",
        "The input is not valid UTF-8; invalid bytes are shown as \u{FFFD}.",
    )
}

fn no_dialogue() -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        None,
        "no-dialogue",
        "No SMTP command or reply was recognised. Paste a transcript, a mail log or a bounce; if it is one, choose its format by hand.",
    )
}

/// The input's lines, and its format chosen from the first of them
/// ([`formats::DETECT_SAMPLE`]). On a big input with a core to spare, a
/// second thread scores the formats on the first lines split on their own
/// while this one splits them all, then this one scores the formats the
/// other has not taken yet (`formats::SharedDetection`). Scoring looks at
/// each sample line with every format: it took as long as splitting a 4 MB
/// paste (callgrind: 14.5 and 13.6 M instructions) and three times as long
/// on a 4 MB Postfix log (3.6 ms against 1.2 ms), before anything else
/// could start. Shared, the log's split and choice take 2.8-2.9 ms against
/// 3.5-3.7 with the choice on the second thread alone (best of 40, three
/// runs); a paste's are the same (4.0-4.1 ms).
fn split_and_choose<'l>(
    text: &'l str,
    options: &Options,
    threads: engine::Threads,
    diagnostics: &mut Vec<Diagnostic>,
) -> (
    Vec<input::Line<'l>>,
    (&'static dyn formats::Format, Detection),
) {
    /// Bytes from which splitting takes long enough to pay for a thread.
    #[cfg(not(target_arch = "wasm32"))]
    const CHOOSE_APART_FROM: usize = 1 << 20;
    #[cfg(not(target_arch = "wasm32"))]
    if matches!(threads, engine::Threads::Auto | engine::Threads::InTurn)
        && text.len() >= CHOOSE_APART_FROM
        && engine::second_core()
    {
        let shared = formats::SharedDetection::new();
        let lines = std::thread::scope(|scope| {
            let helping = scope.spawn(|| {
                shared.help(&input::split_lines_head(text, formats::DETECT_SAMPLE));
            });
            let lines = input::split_lines(text);
            // Then the formats the other thread has not taken yet: on a
            // log's long lines, scoring them takes three times as long as
            // splitting (Postfix, 4 MB: 25.8 M instructions against 8 M).
            shared.help(&lines);
            // Scoring cannot panic (nothing in it may); if it did, what it
            // left is scored below.
            let _ = helping.join();
            lines
        });
        let chosen = choose_from(shared.ranked(&lines), options, diagnostics);
        return (lines, chosen);
    }
    let _ = threads; // The wasm build has one thread.
    let lines = input::split_lines(text);
    let chosen = choose_format(&lines, options, diagnostics);
    (lines, chosen)
}

fn choose_format(
    lines: &[input::Line<'_>],
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> (&'static dyn formats::Format, Detection) {
    choose_from(formats::detect(lines), options, diagnostics)
}

/// The format `options` asks for, or the best of `scores` (every format's,
/// best first, as [`formats::detect`] gives them).
fn choose_from(
    scores: Vec<(&'static dyn formats::Format, u8)>,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> (&'static dyn formats::Format, Detection) {
    let forced = options
        .format
        .as_deref()
        .filter(|f| !f.eq_ignore_ascii_case("auto"));
    if let Some(name) = forced {
        if let Some(format) = formats::by_name(name) {
            let confidence = scores
                .iter()
                .find(|(f, _)| f.name() == format.name())
                .map_or(0, |(_, c)| *c);
            let runner_up = scores
                .iter()
                .find(|(f, _)| f.name() != format.name())
                .map(|(f, c)| FormatScore {
                    format: f.name().to_string(),
                    confidence: *c,
                });
            return (
                format,
                Detection {
                    format: format.name().to_string(),
                    confidence,
                    forced: true,
                    runner_up,
                },
            );
        }
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            None,
            "unknown-format",
            format!(
                "Unknown format {}; detecting the format instead.",
                crate::quoted(name)
            ),
        ));
    }
    let mut it = scores.iter();
    let (best, best_score) = it.next().copied().unwrap_or((formats::fallback(), 0));
    let (format, confidence) = if best_score == 0 {
        (formats::fallback(), 0)
    } else {
        (best, best_score)
    };
    let runner_up = scores
        .iter()
        .find(|(f, c)| f.name() != format.name() && *c > 0)
        .map(|(f, c)| FormatScore {
            format: f.name().to_string(),
            confidence: *c,
        });
    (
        format,
        Detection {
            format: format.name().to_string(),
            confidence,
            forced: false,
            runner_up,
        },
    )
}

#[cfg(test)]
mod tests {
    /// `quoted` writes what `{:?}` writes for the text the diagnostics
    /// quote: ASCII, control characters, quotes, backslashes and UTF-8
    /// letters (which `{:?}` keeps as they are too).
    #[test]
    fn quoted_is_debug_for_diagnostic_text() {
        for text in [
            "",
            "FOO BAR",
            "a\"b\\c",
            "tab\there\r\n",
            "nul\0 esc\x1b del\x7f bell\x07",
            "üñí©ødé",
        ] {
            assert_eq!(super::quoted(text), format!("{text:?}"), "{text:?}");
        }
    }
}
