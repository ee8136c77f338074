//! Input formats: recognise a format, and frame its lines.
//!
//! A format knows how its lines look — which are the client's, which the
//! server's, which are tool chatter, where the timestamp and session key are
//! — and nothing of SMTP semantics. Framing turns each input [`Line`] into
//! one or more [`Frame`]s; the session engine does the rest.
//!
//! Every line must produce at least one frame (a blank line gives
//! [`FrameKind::Blank`], a line the format cannot read gives
//! [`FrameKind::Unparsed`]): that is how "nothing is lost" is kept.

use crate::input::Line;
use crate::model::{Diagnostic, NoteLevel};
use std::borrow::Cow;

mod arrows;
mod client_common;
mod curl;
mod dsn;
mod exchange;
mod exim;
mod exim_v;
mod javamail;
mod nodemailer;
mod openssl;
mod postfix;
mod postfix_transcript;
mod postfix_verbose;
mod raw;
mod rfc;
mod sendmail;
mod sendmail_v;
mod smtplib;
mod swaks;
mod syslog;

/// Who a framed line comes from, or what else it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameKind {
    /// Sent by the SMTP client (a command, AUTH response or message content).
    Client,
    /// Sent by the SMTP server (a reply line).
    Server,
    /// The TLS handshake happened here, or TLS information.
    Tls,
    /// Tool or log chatter that is not part of the dialogue.
    Note(NoteLevel),
    /// An empty or whitespace-only line.
    Blank,
    /// A line the format cannot read; the string says why.
    Unparsed(Cow<'static, str>),
}

/// Where a frame stands in its session's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// A new connection starts with this frame (e.g. `connect from`).
    Start,
    /// The connection ends with this frame (e.g. `disconnect from`).
    End,
}

/// One framed piece of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame<'a> {
    /// 1-based number of the source line.
    pub line: u32,
    pub kind: FrameKind,
    /// The SMTP text (for Client/Server), or the note text, without any
    /// format prefix and without line ending.
    pub text: Cow<'a, str>,
    /// Timestamp as written.
    pub time: Option<Cow<'a, str>>,
    /// Timestamp in milliseconds since the Unix epoch, when readable.
    pub time_ms: Option<f64>,
    /// Session key (process id, session id, …); `None` in a single dialogue.
    pub session: Option<Cow<'a, str>>,
    /// The remote peer, when the format names it.
    pub peer: Option<Cow<'a, str>>,
    pub boundary: Option<Boundary>,
    /// The format marks this line as sent inside TLS.
    pub encrypted: bool,
    /// Reconstructed from a summary line, not seen on the wire.
    pub inferred: bool,
}

impl<'a> Frame<'a> {
    /// A frame with only the required parts set.
    pub fn new(line: u32, kind: FrameKind, text: impl Into<Cow<'a, str>>) -> Self {
        Frame {
            line,
            kind,
            text: text.into(),
            time: None,
            time_ms: None,
            session: None,
            peer: None,
            boundary: None,
            encrypted: false,
            inferred: false,
        }
    }
}

/// An input format.
pub trait Format: Sync {
    /// Stable name, used by `--format` and in the output (`"swaks"`).
    fn name(&self) -> &'static str;
    /// One-line human description.
    fn description(&self) -> &'static str;
    /// How sure (0 to 100) we are that `lines` are in this format. Called
    /// with a sample (the first few thousand lines).
    fn detect(&self, lines: &[Line<'_>]) -> u8;
    /// Frame every line. Must push at least one frame per line, in line
    /// order, and may add diagnostics about the format. A format with a
    /// [`Format::framer`] gets this from it: the lines fed in one go, and
    /// the last frame of each session marked as its end (a session the
    /// input cuts off ends there too).
    fn frame<'a>(&self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>, diags: &mut Vec<Diagnostic>) {
        let Some(mut framer) = self.framer() else {
            // A format must give one or the other; never lose the lines.
            for l in lines {
                out.push(Frame::new(
                    l.number,
                    FrameKind::Unparsed("this format cannot frame lines".into()),
                    l.text,
                ));
            }
            return;
        };
        let first = out.len();
        framer.feed(lines, out);
        postfix::mark_ends(out.get_mut(first..).unwrap_or_default());
        framer.finish(diags);
    }
    /// A framer that reads the input in pieces, for a format whose framing
    /// needs nothing of the lines still to come (the mail logs): what
    /// [`crate::parse_stream`] uses to read a log bigger than memory.
    /// `None` (the default) when framing looks at the whole input first.
    ///
    /// Fed every line once, in order, then finished, it frames exactly as
    /// [`Format::frame`] does, except that it does not mark the last frame
    /// of each session as its end (the caller knows where that is). A
    /// format that has one needs no `frame` of its own.
    fn framer(&self) -> Option<Box<dyn Framer>> {
        None
    }
}

/// Lines a piece of [`frame_in_pieces`] holds the frames of.
const PIECE_LINES: usize = 16_384;

/// Frame every line as [`Format::frame`] does, in pieces of frames, so
/// that the session engine can drop each piece once it has read it: held
/// all at once to the end, the frames (144 bytes each) were a quarter of
/// the peak memory of a parse. A format with a [`Format::framer`] is fed a
/// piece of lines at a time.
pub fn frame_in_pieces<'a>(
    format: &dyn Format,
    lines: &[Line<'a>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<Frame<'a>>> {
    let capacity = |n: usize| n + n / 8;
    let Some(mut framer) = format.framer() else {
        // Framed whole, then cut into pieces from the back (each piece a
        // copy; the whole is given back as soon as it is the first piece).
        let mut whole = Vec::with_capacity(capacity(lines.len()));
        format.frame(lines, &mut whole, diags);
        let piece_frames = capacity(PIECE_LINES);
        let mut pieces = Vec::new();
        while whole.len() > piece_frames {
            pieces.push(whole.split_off(whole.len() - piece_frames));
        }
        whole.shrink_to_fit();
        pieces.push(whole);
        pieces.reverse();
        return pieces;
    };
    let mut pieces: Vec<Vec<Frame<'a>>> = lines
        .chunks(PIECE_LINES)
        .map(|chunk| {
            let mut out = Vec::with_capacity(capacity(chunk.len()));
            framer.feed(chunk, &mut out);
            out
        })
        .collect();
    postfix::mark_ends_in(&mut pieces);
    framer.finish(diags);
    pieces
}

/// An incremental framer (see [`Format::framer`]).
pub trait Framer {
    /// Frame the next lines: at least one frame per line, in line order.
    fn feed<'a>(&mut self, lines: &[Line<'a>], out: &mut Vec<Frame<'a>>);
    /// The input has ended: add the diagnostics about the format.
    fn finish(&mut self, diags: &mut Vec<Diagnostic>);
}

/// Every format, in the order used to break ties in detection.
pub fn all() -> &'static [&'static dyn Format] {
    &[
        &swaks::Swaks,
        &rfc::Rfc,
        &smtplib::Smtplib,
        &curl::Curl,
        &openssl::Openssl,
        &javamail::JavaMail,
        &nodemailer::Nodemailer,
        &arrows::Arrows,
        &sendmail_v::SendmailV,
        &exim_v::EximV,
        &postfix_transcript::PostfixTranscript,
        &postfix_verbose::PostfixVerbose,
        &postfix::Postfix,
        &exim::Exim,
        &sendmail::Sendmail,
        &exchange::Exchange,
        &dsn::Dsn,
        &raw::Raw,
    ]
}

/// The format used when nothing else matches: an unmarked session.
pub fn fallback() -> &'static dyn Format {
    &raw::Raw
}

/// Find a format by name (case-insensitive).
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    all()
        .iter()
        .copied()
        .find(|f| f.name().eq_ignore_ascii_case(name))
}

/// How many lines auto-detection looks at.
pub const DETECT_SAMPLE: usize = 4000;

/// Scores of every format on a sample, best first.
pub fn detect(lines: &[Line<'_>]) -> Vec<(&'static dyn Format, u8)> {
    let sample = lines.get(..DETECT_SAMPLE.min(lines.len())).unwrap_or(lines);
    let mut scores: Vec<(&'static dyn Format, u8)> = all()
        .iter()
        .map(|f| (*f, f.detect(sample).min(100)))
        .collect();
    // Stable sort keeps registry order among equal scores.
    crate::sort::stable_by_key(&mut scores, |s| u64::from(u8::MAX - s.1));
    scores
}

/// Helpers shared by the formats.
pub(crate) mod util {
    /// True for an empty or whitespace-only line.
    pub fn is_blank(s: &str) -> bool {
        s.bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// True when `s` starts with three ASCII digits followed by space, dash
    /// or the end of the line: a reply line.
    pub fn looks_like_reply(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && matches!(b.get(3), None | Some(b' ') | Some(b'-') | Some(b'\t'))
            && matches!(b[0], b'2'..=b'5')
    }

    /// The line without its e-mail quoting (`> `, `>> `, `> > `), when it
    /// has any: a transcript quoted in a mail thread. Strips every `>` with
    /// one space after each; `None` when the line does not start with `>`.
    pub fn unquote(s: &str) -> Option<&str> {
        if !s.starts_with('>') {
            return None;
        }
        let mut rest = s;
        while let Some(r) = rest.strip_prefix('>') {
            rest = r.strip_prefix(' ').unwrap_or(r);
        }
        Some(rest)
    }

    /// `hay.find(needle)`, with memchr's search natively (see [`Needle`]).
    pub fn find(hay: &str, needle: &str) -> Option<usize> {
        #[cfg(not(target_arch = "wasm32"))]
        return memchr::memmem::find(hay.as_bytes(), needle.as_bytes());
        #[cfg(target_arch = "wasm32")]
        return hay.find(needle);
    }

    /// A fixed string looked for in many lines, with memchr's searcher
    /// built once. `str::contains` and `split_once` with a string pattern
    /// set up a new searcher on every call, which cost detection more than
    /// the searching (profiled); a `Needle` in a `static LazyLock` or built
    /// before a loop does it once. In wasm, std's own search (already in
    /// the module) instead: memchr's searchers were about 7 KB of it.
    pub struct Needle {
        #[cfg(not(target_arch = "wasm32"))]
        finder: memchr::memmem::Finder<'static>,
        #[cfg(target_arch = "wasm32")]
        needle: &'static str,
        len: usize,
    }

    impl Needle {
        pub fn new(needle: &'static str) -> Self {
            Needle {
                #[cfg(not(target_arch = "wasm32"))]
                finder: memchr::memmem::Finder::new(needle),
                #[cfg(target_arch = "wasm32")]
                needle,
                len: needle.len(),
            }
        }

        /// `hay.find(needle)`.
        pub fn find(&self, hay: &str) -> Option<usize> {
            #[cfg(not(target_arch = "wasm32"))]
            return self.finder.find(hay.as_bytes());
            #[cfg(target_arch = "wasm32")]
            return hay.find(self.needle);
        }

        /// `hay.contains(needle)`.
        pub fn is_in(&self, hay: &str) -> bool {
            self.find(hay).is_some()
        }

        /// `hay.split_once(needle)`.
        pub fn split<'t>(&self, hay: &'t str) -> Option<(&'t str, &'t str)> {
            let at = self.find(hay)?;
            Some((hay.get(..at)?, hay.get(at + self.len..)?))
        }
    }

    /// `s.split_once(": ")`, found with memchr: the queue id and tag
    /// separator of the mail logs, looked for on every line.
    pub fn split_colon_space(s: &str) -> Option<(&str, &str)> {
        let b = s.as_bytes();
        let mut from = 0;
        loop {
            let at = from + memchr::memchr(b':', b.get(from..)?)?;
            if b.get(at + 1) == Some(&b' ') {
                return Some((s.get(..at)?, s.get(at + 2..)?));
            }
            from = at + 1;
        }
    }

    /// Share of `hits` among `total` as a 0–100 score, 0 when `total` is 0.
    pub fn ratio(hits: usize, total: usize) -> u8 {
        (hits * 100)
            .checked_div(total)
            .map_or(0, |r| r.min(100) as u8)
    }
}
