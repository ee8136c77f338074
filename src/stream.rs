//! Reading a log too big to hold: session by session, in bounded memory.
//!
//! [`parse_stream`] reads the input in pieces of a MiB or so, twice. The first
//! pass only frames it, counting each session key's frames; the second
//! frames it again and runs the session engine and the knowledge, handing
//! over each session as soon as its last frame is in (the count says when),
//! then forgetting it. What stays in memory is the framer's state, the
//! sessions still open, one piece of input, the events of no session, and
//! the frame count of each session not yet handed over — not the log.
//!
//! Each session and each diagnostic is exactly what [`crate::parse`] gives
//! for the whole input (tested), in the order sessions end rather than
//! start. Formats whose framing looks at the whole input first (the
//! pasted-dialogue formats) and redaction (whose pseudonyms span sessions)
//! are read whole instead (a pasted format's sessions are still handed over and
//! forgotten one by one, with [`crate::parse_bytes_each`]); so is an input
//! that is not seekable, which the caller can spool to a file first.

use crate::fasthash::FastMap;
use crate::formats;
use crate::input::{self, EndingRuns};
use crate::model::{Detection, Diagnostic, Event, Options, Session};
use crate::{knowledge, session};
use std::io::{self, Read};

/// How much input one piece holds, at the least (a piece ends at a line
/// end, and holds at least the lines format detection looks at). A piece's
/// lines, frames and the sessions it fills are the floor of the memory a
/// stream takes: with 4 MiB pieces, 100 MB of RSS for a 20 MB Postfix log;
/// with 1 MiB, 49 MB, in the same time.
pub const PIECE_BYTES: usize = 1 << 20;

/// One session of a stream.
#[derive(Debug)]
pub struct StreamedSession {
    /// The input's format.
    pub format: &'static str,
    /// The session's number: its index in [`crate::parse`]'s `sessions`.
    pub index: usize,
    pub session: Session,
    /// Its diagnostics, ordered as in the whole result.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a stream leaves when it ends: everything of the whole result but
/// the sessions.
#[derive(Debug, Default)]
pub struct StreamEnd {
    pub format: String,
    pub detection: Detection,
    pub unassigned: Vec<Event>,
    /// The diagnostics of no session.
    pub diagnostics: Vec<Diagnostic>,
    pub line_count: u32,
    pub byte_count: u64,
    /// False when the input was read whole (see the module documentation).
    pub streamed: bool,
}

/// What gets each session of a stream (on another thread, when the input
/// is read whole).
pub type Emit<'e> = dyn FnMut(StreamedSession) -> io::Result<()> + Send + 'e;

/// Reads an input in pieces that end at a line end.
struct Pieces<R> {
    reader: R,
    piece_bytes: usize,
    buf: Vec<u8>,
    eof: bool,
    /// Line number and byte offset (of the text read so far) of the next
    /// piece, and LF bytes before it (for the invalid-UTF-8 diagnostic).
    line: u32,
    offset: usize,
    newlines: usize,
    /// Line of the first invalid UTF-8 sequence, when one was met.
    invalid_at: Option<u32>,
}

/// A piece of input: whole lines, as (lossy) text.
struct Piece {
    text: String,
    first_line: u32,
    offset: usize,
}

impl<R: Read> Pieces<R> {
    fn new(reader: R, piece_bytes: usize) -> Self {
        Pieces {
            reader,
            piece_bytes: piece_bytes.max(1),
            buf: Vec::new(),
            eof: false,
            line: 1,
            offset: 0,
            newlines: 0,
            invalid_at: None,
        }
    }

    /// The next piece of at least `min_lines` lines (or what is left).
    fn next(&mut self, min_lines: usize) -> io::Result<Option<Piece>> {
        loop {
            let cut = if self.eof {
                self.buf.len()
            } else {
                match self.cut(min_lines) {
                    Some(c) => c,
                    None => {
                        self.fill()?;
                        continue;
                    }
                }
            };
            if cut == 0 {
                return Ok(None);
            }
            let rest = self.buf.split_off(cut);
            let bytes = std::mem::replace(&mut self.buf, rest);
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let bytes = e.into_bytes();
                    if self.invalid_at.is_none() {
                        let valid = std::str::from_utf8(&bytes)
                            .err()
                            .map_or(0, |e| e.valid_up_to());
                        let before = bytes.get(..valid).unwrap_or(&[]);
                        let lf = memchr::memchr_iter(b'\n', before).count();
                        self.invalid_at = Some((self.newlines + lf + 1) as u32);
                    }
                    String::from_utf8_lossy(&bytes).into_owned()
                }
            };
            let piece = Piece {
                first_line: self.line,
                offset: self.offset,
                text,
            };
            let (lines, lf) = count_lines(piece.text.as_bytes());
            self.line = self.line.saturating_add(lines);
            self.offset += piece.text.len();
            self.newlines += lf;
            return Ok(Some(piece));
        }
    }

    /// Where the buffer can be cut: after its last line end once it holds
    /// enough, never between the CR and LF of a CRLF.
    fn cut(&self, min_lines: usize) -> Option<usize> {
        if self.buf.len() < self.piece_bytes {
            return None;
        }
        if min_lines > 0 {
            // Lines: LF-terminated ones, or CR-terminated in a CR-only input.
            let lf = memchr::memchr_iter(b'\n', &self.buf).count();
            let n = if lf > 0 {
                lf
            } else {
                memchr::memchr_iter(b'\r', &self.buf).count()
            };
            if n < min_lines {
                return None;
            }
        }
        let last = memchr::memrchr2(b'\n', b'\r', &self.buf)?;
        match self.buf.get(last) {
            // A CR at the very end may be the first half of a CRLF.
            Some(b'\r') if last + 1 == self.buf.len() => {
                let before = memchr::memrchr2(b'\n', b'\r', self.buf.get(..last)?)?;
                Some(before + 1)
            }
            _ => Some(last + 1),
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let want = self.piece_bytes.max(self.buf.len());
        let start = self.buf.len();
        self.buf.resize(start + want, 0);
        let mut got = 0;
        while got < want {
            match self
                .reader
                .read(self.buf.get_mut(start + got..).unwrap_or_default())
            {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(start + got);
                    return Err(e);
                }
            }
        }
        self.buf.truncate(start + got);
        Ok(())
    }
}

/// The number of lines of `text` as [`input::split_lines`] counts them (a
/// line ends at LF, CRLF or a lone CR; a last line without an end counts),
/// and its LF bytes; without building the lines, which the caller does once.
fn count_lines(text: &[u8]) -> (u32, usize) {
    let lf = memchr::memchr_iter(b'\n', text).count();
    let lone_cr = memchr::memchr_iter(b'\r', text)
        .filter(|&i| text.get(i + 1) != Some(&b'\n'))
        .count();
    let unended = !matches!(text.last(), None | Some(b'\n' | b'\r'));
    ((lf + lone_cr + usize::from(unended)) as u32, lf)
}

/// Parse an input session by session. `open` opens the input (it is called
/// twice, for the two passes: a file, not a pipe); `emit` gets each session
/// as soon as it is complete. Returns what belongs to no session.
pub fn parse_stream<R: Read>(
    open: &mut dyn FnMut() -> io::Result<R>,
    options: &Options,
    emit: &mut Emit<'_>,
) -> io::Result<StreamEnd> {
    parse_stream_in(open, options, emit, PIECE_BYTES)
}

/// [`parse_stream`] with pieces of `piece_bytes` (tests use small ones, to
/// cut the input in many places).
#[doc(hidden)]
pub fn parse_stream_in<R: Read>(
    open: &mut dyn FnMut() -> io::Result<R>,
    options: &Options,
    emit: &mut Emit<'_>,
    piece_bytes: usize,
) -> io::Result<StreamEnd> {
    let mut pieces = Pieces::new(open()?, piece_bytes);
    let first = pieces.next(formats::DETECT_SAMPLE)?;
    let first_text = first.as_ref().map_or("", |p| p.text.as_str());
    let mut diagnostics = Vec::new();
    let (format, detection) = {
        let lines = input::split_lines(first_text);
        crate::choose_format(&lines, options, &mut diagnostics)
    };
    let framer = format.framer().filter(|_| !options.redact);
    let Some(mut framer) = framer else {
        drop(pieces);
        let mut bytes = Vec::new();
        open()?.read_to_end(&mut bytes)?;
        return whole(&bytes, options, emit);
    };

    // Pass 1: each session key's number of frames, and whether any has one.
    let mut counts: FastMap<String, u32> = FastMap::default();
    let mut keyed = false;
    {
        let mut piece = first;
        while let Some(p) = piece {
            let lines = input::split_lines_at(&p.text, p.first_line, p.offset);
            let mut frames = Vec::with_capacity(formats::frame_capacity(lines.len()));
            framer.feed(&lines, &mut frames);
            for f in frames.drain(..) {
                if let Some(k) = f.session {
                    keyed = true;
                    *counts.entry(k.into_owned()).or_insert(0) += 1;
                }
            }
            piece = pieces.next(0)?;
        }
    }

    // Pass 2: frame again, assemble, explain, hand over.
    let mut framer = format.framer().unwrap_or(framer);
    let mut pieces = Pieces::new(open()?, piece_bytes);
    let mut assembler = session::Assembler::new(options, keyed, None);
    let mut annotator = knowledge::Annotator::new(options.parts);
    let mut endings = EndingRuns::default();
    let mut dialogue = false;
    let mut line_count = 0u32;
    let mut byte_count = 0u64;
    while let Some(p) = pieces.next(0)? {
        let lines = input::split_lines_at(&p.text, p.first_line, p.offset);
        // Made at its size: grown by doubling, a piece's frames (a
        // megabyte) left the allocator blocks of every size on the way.
        let mut frames = Vec::with_capacity(formats::frame_capacity(lines.len()));
        line_count = line_count.saturating_add(lines.len() as u32);
        byte_count += p.text.len() as u64;
        endings.extend(&lines);
        framer.feed(&lines, &mut frames);
        let first_number = p.first_line;
        for mut frame in frames.drain(..) {
            let Some(line) = lines.get(frame.line.wrapping_sub(first_number) as usize) else {
                continue;
            };
            // The last frame of its session: it ends the session (as
            // `mark_ends` marks it when the whole input is framed).
            let last = frame.session.as_deref().and_then(|k| {
                let n = counts.get_mut(k)?;
                *n = n.saturating_sub(1);
                (*n == 0).then(|| k.to_string())
            });
            if last.is_some() && frame.boundary.is_none() {
                frame.boundary = Some(formats::Boundary::End);
            }
            assembler.push(&frame, line);
            if let Some(k) = last {
                counts.remove(&k);
                assembler.close(&k);
            }
        }
        for (index, mut s, diags) in assembler.take_done() {
            dialogue |= s.has_dialogue();
            let lint = annotator.session(&mut s, index as u32, &|n| endings.get(n));
            emit(streamed(format.name(), index, s, diags, lint))?;
        }
    }
    framer.finish(&mut diagnostics);
    let (rest, mut unassigned) = assembler.finish_rest();
    for (index, mut s, diags) in rest {
        dialogue |= s.has_dialogue();
        let lint = annotator.session(&mut s, index as u32, &|n| endings.get(n));
        emit(streamed(format.name(), index, s, diags, lint))?;
    }
    session::unrelated(&unassigned, &mut diagnostics);
    annotator.explain_events(&mut unassigned);
    if let Some(line) = pieces.invalid_at {
        diagnostics.insert(0, crate::invalid_utf8(Some(line)));
    }
    if !dialogue && line_count > 0 {
        diagnostics.push(crate::no_dialogue());
    }
    Diagnostic::sort(&mut diagnostics);
    Ok(StreamEnd {
        format: format.name().to_string(),
        detection,
        unassigned,
        diagnostics,
        line_count,
        byte_count,
        streamed: true,
    })
}

/// The whole input read at once, each session still handed over (in
/// session order) as soon as it and those before it are finished.
fn whole(bytes: &[u8], options: &Options, emit: &mut Emit<'_>) -> io::Result<StreamEnd> {
    struct Forward<'e, 'f>(&'e mut Emit<'f>);
    impl crate::SessionSink for Forward<'_, '_> {
        fn begin(&mut self, _: &Detection) -> io::Result<()> {
            Ok(())
        }
        fn session(&mut self, session: StreamedSession) -> io::Result<()> {
            (self.0)(session)
        }
    }
    let mut t = crate::parse_bytes_each(bytes, options, &mut Forward(emit))?;
    t.diagnostics.retain(|d| d.session.is_none());
    Ok(StreamEnd {
        format: t.format,
        detection: t.detection,
        unassigned: t.unassigned,
        diagnostics: t.diagnostics,
        line_count: t.line_count,
        byte_count: t.byte_count,
        streamed: false,
    })
}

/// A session with its own diagnostics: the engine's, then the lint's,
/// ordered as in the whole result.
pub(crate) fn streamed(
    format: &'static str,
    index: usize,
    session: Session,
    mut diagnostics: Vec<Diagnostic>,
    lint: Vec<Diagnostic>,
) -> StreamedSession {
    diagnostics.extend(lint);
    Diagnostic::sort(&mut diagnostics);
    StreamedSession {
        format,
        index,
        session,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_lines_agrees_with_split_lines() {
        let rows = [
            "",
            "a",
            "a\n",
            "a\r\nb",
            "a\rb\r",
            "\r\n\r\n",
            "a\r\r\nb\n\n",
            "\r",
            "x\ny\rz",
        ];
        for text in rows {
            let want = input::split_lines(text).len() as u32;
            let lf = text.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(count_lines(text.as_bytes()), (want, lf), "{text:?}");
        }
    }
}
