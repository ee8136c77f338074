//! From frames to finished sessions: assembled, finished, explained and
//! linted. What [`crate::parse`] runs after framing.
//!
//! Once a session gets no more frames, the rest of its work (finishing it,
//! explaining its replies, linting it) needs nothing but the session. On a
//! big input with a core to spare, that work runs on a second thread while
//! this one goes on framing and pushing frames; the result is the same as
//! one thread doing both, session for session and diagnostic for
//! diagnostic. Each finished session is handed over as soon as every
//! session before it has been, so a caller that writes sessions out and
//! forgets them holds only the sessions still open.

use crate::formats::{Format, Frame, Frames};
use crate::input::{Ending, EndingRuns, Line};
use crate::knowledge::{lint, Annotator};
use crate::model::{Diagnostic, Event, Options, Session};
use crate::session::{self, Assembler, Unfinished};
use std::collections::VecDeque;

/// Whether [`run`] may use a second thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// Where the input is big and a second core is there. A paste may be
    /// cut in two, each thread taking one part: the sessions of the
    /// second part are handed over once the first part's all are, for a
    /// taker that keeps every session anyway.
    Auto,
    /// The same, but each session is handed over as soon as it and the
    /// ones before it are finished, for a taker that writes sessions out
    /// and forgets them (the CLI's terminal timeline): never cut in two,
    /// where every session of the first part would wait for the second's
    /// (twice the peak memory).
    InTurn,
    /// Never (the tests compare the two).
    One,
    /// Never, but each session is finished and handed over as soon as it
    /// ends, not once every frame is pushed: for a taker that hands the
    /// sessions on to a thread of its own, which then has the second core.
    Streaming,
}

/// Lines from which a second thread pays: below this, starting it costs
/// more than it saves (a thread starts in tens of microseconds; a session's
/// work is about a microsecond a frame).
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_FROM: usize = 20_000;

/// True when a second core is there for a second thread.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn second_core() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// True when a second thread pays for an input of `lines` lines.
#[cfg(not(target_arch = "wasm32"))]
fn pays(lines: usize) -> bool {
    lines >= PARALLEL_FROM && second_core()
}

/// Batches of unfinished sessions (mostly of one) that may wait for the
/// second thread: when it lags, this one waits too, rather than pile up
/// sessions (the whole input's, in the worst case).
#[cfg(not(target_arch = "wasm32"))]
const WAITING_BATCHES: usize = 64;

/// One finished session, explained and linted.
pub struct Done {
    /// Its number: the order in which sessions started.
    pub index: usize,
    pub session: Session,
    /// The session engine's diagnostics about it.
    pub engine: Vec<Diagnostic>,
    /// The lint's, ordered by line.
    pub lint: Vec<Diagnostic>,
}

/// What is left once every session has been handed over.
pub struct Rest {
    /// Events of no session, explained.
    pub unassigned: Vec<Event>,
    /// The diagnostic naming unrelated programs of a log, if any.
    pub unrelated: Vec<Diagnostic>,
}

/// A taker of finished sessions; it returns false to be given no more (the
/// rest of the input is then not read).
pub type Take<'t> = dyn FnMut(Done) -> bool + Send + 't;

/// Hands the engine each piece of frames, in order, and learns from its
/// answer whether to go on (false: no more sessions are wanted).
pub type Piece<'p, 'a> = dyn FnMut(Vec<Frame<'a>>) -> bool + 'p;

/// Assemble the frames of `lines` into sessions; finish, explain and lint
/// each, and give it to `take` in session order. `frames` gives the frames
/// of the lines it is called with a piece at a time to the function it is
/// called with (see [`crate::formats::Frames`]); each piece is freed once
/// pushed. `keyed`: the frames carry session keys (a log). `shared`: the
/// input that `lines` are parts of, for the source lines to share.
pub fn run<'a>(
    lines: Vec<Line<'a>>,
    frames: impl FnOnce(&[Line<'a>], &mut Piece<'_, 'a>),
    keyed: bool,
    shared: crate::session::Shared,
    options: &Options,
    threads: Threads,
    take: &mut Take<'_>,
) -> Rest {
    let assembler = Assembler::new(options, keyed, shared);
    #[cfg(not(target_arch = "wasm32"))]
    if matches!(threads, Threads::Auto | Threads::InTurn) && pays(lines.len()) {
        return two_threads(&lines, frames, assembler, options, take);
    }
    if threads == Threads::Streaming {
        return streaming(&lines, frames, assembler, options, take);
    }
    one_thread(lines, frames, assembler, options, take)
}

/// [`run`] for a single dialogue (a paste: frames without session keys)
/// framed by `format` ([`crate::formats::Format::frame`], its diagnostics
/// into `diagnostics`). A big paste with a core to spare is cut in two at a
/// session's start, and each thread takes one part (see [`halves`]).
pub fn run_dialogue<'a>(
    lines: Vec<Line<'a>>,
    format: &dyn Format,
    diagnostics: &mut Vec<Diagnostic>,
    shared: crate::session::Shared,
    options: &Options,
    threads: Threads,
    take: &mut Take<'_>,
) -> Rest {
    #[cfg(not(target_arch = "wasm32"))]
    if threads == Threads::Auto && pays(lines.len()) {
        if let Some(cut) = find_cut(&lines, format) {
            return halves(&lines, format, cut, diagnostics, shared, options, take);
        }
    }
    let frames = |lines: &[Line<'a>], to: &mut Piece<'_, 'a>| {
        frame_dialogue(format, lines, to, diagnostics);
    };
    run(lines, frames, false, shared, options, threads, take)
}

/// Frame `lines`, handing each piece of frames to `to`.
fn frame_dialogue<'a>(
    format: &dyn Format,
    lines: &[Line<'a>],
    to: &mut Piece<'_, 'a>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut frames = Frames::handing(lines.len(), to);
    format.frame(lines, &mut frames, diagnostics);
    frames.hand_on_rest();
}

/// How many lines [`find_cut`] looks through.
#[cfg(not(target_arch = "wasm32"))]
const CUT_WINDOW: usize = 2_048;

/// A line from the middle of a paste on where a new session likely starts: a
/// new connection (`=== Trying`), or a greeting after the answer to QUIT
/// (notes and blank lines between). Found by framing a window of lines on
/// its own; whether the paste's sessions really break there is only known
/// once the part before it is assembled ([`halves`] checks).
#[cfg(not(target_arch = "wasm32"))]
fn find_cut(lines: &[Line<'_>], format: &dyn Format) -> Option<u32> {
    use crate::formats::{Boundary, FrameKind};
    // Past the middle, at 52 % of the lines: the second thread also
    // chooses the format first, while this one splits the lines (see
    // `crate::split_and_choose`), and this one frames the whole paste,
    // where the second stops at the cut. Callgrind per thread (4 MB RFC
    // paste): cut at 50 %, this thread's share took 105.6 M instructions
    // after the split and the other's 97.7 M; at 60 % the other finished
    // last by far.
    let from = lines.len() / 25 * 13;
    let window = lines.get(from..lines.len().min(from + CUT_WINDOW))?;
    let mut frames = Frames::for_lines(window.len());
    format.frame(window, &mut frames, &mut Vec::new());
    let mut before: Option<&Frame<'_>> = None;
    for f in frames.iter() {
        let after_quit =
            || before.is_some_and(|b| b.kind == FrameKind::Server && b.text.starts_with("221"));
        if f.boundary == Some(Boundary::Start)
            || (f.kind == FrameKind::Server && session::is_greeting(&f.text) && after_quit())
        {
            return Some(f.line);
        }
        if matches!(f.kind, FrameKind::Client | FrameKind::Server) {
            before = Some(f);
        }
    }
    None
}

/// What the thread that took the first part of a paste gives back.
#[cfg(not(target_arch = "wasm32"))]
enum FirstPart<'i, 't> {
    /// Its sessions, handed over, and its events of no session.
    Done(InOrder<'i, 't>, Vec<Event>),
    /// The cut fell inside a session: its frames, assembled, to go on with.
    Inside(Assembler),
}

/// A paste cut in two at the first frame of line `cut` or after: this
/// thread frames the whole paste (its diagnostics are the format's) and
/// assembles, finishes, explains and lints the sessions from the cut on;
/// a second thread frames the paste again up to the cut and does the same
/// with the sessions before it. Each thread works on its own sessions, so
/// neither waits for the other's. In the pipeline of [`two_threads`], the
/// second thread only finishes what this one assembled, and did a third
/// of the work. Ten parses of the 4 MB RFC-style paste in a row, best of 8
/// and interleaved: 0.26 s with the pipeline, 0.23 s cut in two at 60 %
/// (swaks 0.29 and 0.24 s); then, in a slower hour, 0.36 s against 0.31 s
/// with the format chosen on the second thread while this one splits the
/// lines, and the cut in the middle (swaks 0.23 and 0.20 s). Since the
/// second thread stops framing at the cut, the cut is at 52 % (see
/// [`find_cut`]).
///
/// Framing is a function of the lines alone, so both threads get the same
/// frames. The parts assembled apart give what one assembler gives if and
/// only if the frame at the cut starts a new session there: the second
/// thread checks that once its part is assembled. If it does not (the cut
/// fell inside a session), its assembler takes the rest of the frames, and
/// this thread finishes every session, as [`one_thread`] would.
#[cfg(not(target_arch = "wasm32"))]
fn halves<'a>(
    lines: &[Line<'a>],
    format: &dyn Format,
    cut: u32,
    diagnostics: &mut Vec<Diagnostic>,
    shared: crate::session::Shared,
    options: &Options,
    take: &mut Take<'_>,
) -> Rest {
    let ending = &ending_of(lines);
    let (tell, told) = std::sync::mpsc::sync_channel::<Option<usize>>(1);
    let first_shared = shared.clone();
    let first_take = &mut *take;
    let (first, second) = std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut first = Assembler::new(options, false, first_shared);
            let mut next = None;
            frame_dialogue(
                format,
                lines,
                &mut |piece| {
                    for frame in piece {
                        if frame.line >= cut {
                            next = Some(frame);
                            return false;
                        }
                        push_numbered(&mut first, lines, &frame);
                    }
                    true
                },
                &mut Vec::new(),
            );
            let fits = next.as_ref().map_or(true, |f| first.starts_new(f));
            let _ = tell.send(fits.then(|| first.session_count()));
            if !fits {
                return FirstPart::Inside(first);
            }
            let mut in_order = InOrder::new(options, ending, first_take);
            in_order.finish_all(first.drain_unfinished());
            let unassigned = first.take_unassigned();
            FirstPart::Done(in_order, unassigned)
        });
        let mut second = Assembler::new(options, false, shared);
        push_from_cut(format, lines, cut, &mut second, diagnostics);
        // The first part's session count, once it is known to fit.
        let second = match told.recv() {
            Ok(Some(before)) => {
                let mut annotator = Annotator::new(options.parts);
                let done: Vec<Done> = second
                    .drain_unfinished()
                    .map(|u| finished(&mut annotator, ending, u.shifted(before)))
                    .collect();
                Some((done, second.take_unassigned()))
            }
            _ => None,
        };
        (worker.join(), second)
    });
    match (first, second) {
        (Ok(FirstPart::Done(mut in_order, mut unassigned)), Some((done, more))) => {
            for d in done {
                if !in_order.hand(d) {
                    break;
                }
            }
            unassigned.extend(more);
            in_order.rest(unassigned)
        }
        (Ok(FirstPart::Inside(mut first)), _) => {
            // The rest of the frames, from the cut on, into the first
            // part's sessions; then all of them finished on this thread.
            push_from_cut(format, lines, cut, &mut first, &mut Vec::new());
            let mut in_order = InOrder::new(options, ending, take);
            in_order.finish_all(first.drain_unfinished());
            in_order.rest(first.take_unassigned())
        }
        // The worker cannot panic on input (nothing in it may); if it did,
        // say so rather than return a transcript without sessions.
        _ => Rest {
            unassigned: Vec::new(),
            unrelated: vec![internal_error()],
        },
    }
}

/// Frame the whole of `lines` and push into `assembler` every frame from
/// the first one of line `cut` or after (the frames before it are the
/// other part's).
#[cfg(not(target_arch = "wasm32"))]
fn push_from_cut<'a>(
    format: &dyn Format,
    lines: &[Line<'a>],
    cut: u32,
    assembler: &mut Assembler,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut reached = false;
    frame_dialogue(
        format,
        lines,
        &mut |piece| {
            for frame in &piece {
                reached |= frame.line >= cut;
                if !reached {
                    continue;
                }
                push_numbered(assembler, lines, frame);
            }
            true
        },
        diagnostics,
    );
}

/// Push `frame` into `assembler` with its source line, one of `lines`.
#[cfg(not(target_arch = "wasm32"))]
fn push_numbered(assembler: &mut Assembler, lines: &[Line<'_>], frame: &Frame<'_>) {
    if let Some(line) = crate::input::numbered(lines, frame.line) {
        assembler.push(frame, line);
    }
}

/// Finishes sessions as they come, in any order, and hands them over in
/// session order.
struct InOrder<'a, 't> {
    annotator: Annotator,
    ending: &'a (dyn Fn(u32) -> Option<Ending> + Sync),
    take: &'a mut Take<'t>,
    /// The number of the next session to hand over.
    next: usize,
    /// Sessions `next`, `next + 1`, …: finished ones wait there for the
    /// ones before them.
    waiting: VecDeque<Option<Done>>,
    /// False once `take` wants no more.
    taking: bool,
}

impl<'a, 't> InOrder<'a, 't> {
    fn new(
        options: &Options,
        ending: &'a (dyn Fn(u32) -> Option<Ending> + Sync),
        take: &'a mut Take<'t>,
    ) -> Self {
        InOrder {
            annotator: Annotator::new(options.parts),
            ending,
            take,
            next: 0,
            waiting: VecDeque::new(),
            taking: true,
        }
    }

    /// Finish each session; false once no more are wanted.
    fn finish_all(&mut self, batch: impl IntoIterator<Item = Unfinished>) -> bool {
        for u in batch {
            if !self.taking {
                break;
            }
            let done = finished(&mut self.annotator, self.ending, u);
            self.hand(done);
        }
        self.taking
    }

    /// Hand over a finished session once every session before it has
    /// been; false once no more are wanted.
    fn hand(&mut self, done: Done) -> bool {
        if !self.taking {
            return false;
        }
        // Numbers below `next` were handed over already: not again.
        let Some(at) = done.index.checked_sub(self.next) else {
            return true;
        };
        if self.waiting.len() <= at {
            self.waiting.resize_with(at + 1, || None);
        }
        if let Some(slot) = self.waiting.get_mut(at) {
            *slot = Some(done);
        }
        while let Some(Some(done)) = self.waiting.front_mut().map(Option::take) {
            self.waiting.pop_front();
            self.next += 1;
            self.taking = (self.take)(done);
            if !self.taking {
                break;
            }
        }
        self.taking
    }

    /// Every session has been finished: explain the events of no session.
    fn rest(mut self, mut unassigned: Vec<Event>) -> Rest {
        // Session numbers have no gaps, so nothing is left waiting; if one
        // were, hand it over rather than lose it.
        for done in std::mem::take(&mut self.waiting).into_iter().flatten() {
            if self.taking {
                self.taking = (self.take)(done);
            }
        }
        let mut unrelated = Vec::new();
        session::unrelated(&unassigned, &mut unrelated);
        self.annotator.explain_events(&mut unassigned);
        Rest {
            unassigned,
            unrelated,
        }
    }
}

/// Session `u` finished, explained and linted.
fn finished(
    annotator: &mut Annotator,
    ending: &(dyn Fn(u32) -> Option<Ending> + Sync),
    u: Unfinished,
) -> Done {
    let index = u.index();
    let (mut session, engine) = u.finish();
    annotator.explain_session(&mut session);
    let lint = lint::lint_session(&session, index as u32, ending);
    Done {
        index,
        session,
        engine,
        lint,
    }
}

fn one_thread<'a>(
    lines: Vec<Line<'a>>,
    frames: impl FnOnce(&[Line<'a>], &mut Piece<'_, 'a>),
    mut assembler: Assembler,
    options: &Options,
    take: &mut Take<'_>,
) -> Rest {
    // Every session is finished once the frames are all pushed (and freed):
    // finished as they end, sessions (bigger finished than not) piled up
    // while the last pieces of frames were still held, and raised the
    // peak of a parse by a tenth (and still by 2-8 % once a paste's frames
    // were handed on as they were framed: dhat, 4 MB inputs). A caller that
    // writes sessions out as they end gets them early from the second
    // thread.
    push_all(&lines, frames, &mut assembler, |_| true);
    // From here on, only the lines' endings are needed (by the lint): kept
    // as runs of equal endings, not the lines' 32 bytes each, at the parse's
    // peak.
    let mut endings = EndingRuns::default();
    endings.extend(&lines);
    drop(lines);
    let ending = |n: u32| endings.get(n);
    let mut in_order = InOrder::new(options, &ending, take);
    in_order.finish_all(assembler.drain_unfinished());
    in_order.rest(assembler.take_unassigned())
}

/// Frame `lines` and push every frame, a piece at a time (each piece freed
/// once pushed); `done` gets the assembler after each push that ended a
/// session, and returns false to stop. What is left (the sessions still
/// open and the events of no session) stays in the assembler.
fn push_all<'a>(
    lines: &[Line<'a>],
    frames: impl FnOnce(&[Line<'a>], &mut Piece<'_, 'a>),
    assembler: &mut Assembler,
    mut done: impl FnMut(&mut Assembler) -> bool,
) {
    frames(lines, &mut |piece| {
        for frame in &piece {
            let Some(line) = crate::input::numbered(lines, frame.line) else {
                continue;
            };
            assembler.push(frame, line);
            if assembler.has_done() && !done(assembler) {
                return false;
            }
        }
        true
    });
}

/// The line ending of the line numbered `n` of `lines` (for the lint).
fn ending_of<'l>(lines: &'l [Line<'_>]) -> impl Fn(u32) -> Option<Ending> + Sync + 'l {
    |n| crate::input::numbered(lines, n).map(|l| l.ending)
}

/// This thread frames and pushes, and finishes, explains and lints each
/// session as soon as it gets no more frames, and hands it over: what
/// the second thread of `two_threads` does, on this one.
fn streaming<'a>(
    lines: &[Line<'a>],
    frames: impl FnOnce(&[Line<'a>], &mut Piece<'_, 'a>),
    mut assembler: Assembler,
    options: &Options,
    take: &mut Take<'_>,
) -> Rest {
    let ending = ending_of(lines);
    let mut in_order = InOrder::new(options, &ending, take);
    push_all(lines, frames, &mut assembler, |a| {
        in_order.finish_all(a.take_done_unfinished())
    });
    let (rest, unassigned) = assembler.take_rest_unfinished();
    in_order.finish_all(rest);
    in_order.rest(unassigned)
}

/// This thread frames and pushes; a second one finishes, explains and lints
/// each session as soon as it gets no more frames, and hands it over.
#[cfg(not(target_arch = "wasm32"))]
fn two_threads<'a>(
    lines: &[Line<'a>],
    frames: impl FnOnce(&[Line<'a>], &mut Piece<'_, 'a>),
    mut assembler: Assembler,
    options: &Options,
    take: &mut Take<'_>,
) -> Rest {
    let ending = &ending_of(lines);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Unfinished>>(WAITING_BATCHES);
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut in_order = InOrder::new(options, ending, take);
            for batch in receive {
                if !in_order.finish_all(batch) {
                    // Dropping the receiver tells the sender to stop.
                    return in_order;
                }
            }
            in_order
        });
        // A send fails only once the worker has stopped: it wants no more
        // sessions, or it panicked, which the join reports.
        push_all(lines, frames, &mut assembler, |a| {
            send.send(a.take_done_unfinished()).is_ok()
        });
        let (rest, unassigned) = assembler.take_rest_unfinished();
        let _ = send.send(rest);
        drop(send);
        match worker.join() {
            Ok(in_order) => in_order.rest(unassigned),
            // The worker cannot panic on input (nothing in it may); if it
            // did, say so rather than return a transcript without sessions.
            Err(_) => Rest {
                unassigned,
                unrelated: vec![internal_error()],
            },
        }
    })
}

/// The diagnostic of a second thread that failed (it cannot, on any input:
/// nothing in it may panic).
#[cfg(not(target_arch = "wasm32"))]
fn internal_error() -> Diagnostic {
    Diagnostic::new(
        crate::model::Severity::Error,
        None,
        "internal-error",
        "The session engine failed on this input; please report it.",
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::formats::by_name;
    use crate::input::split_lines;

    fn cut_of(format: &str, text: &str) -> Option<u32> {
        by_name(format).and_then(|format| find_cut(&split_lines(text), format))
    }

    /// `n` RFC-style sessions of 7 lines, a blank line after each.
    fn rfc_sessions(n: usize) -> String {
        "S: 220 mx.example.test ESMTP\nC: EHLO c.example\nS: 250 mx.example.test\nC: NOOP\nS: 250 2.0.0 Ok\nC: QUIT\nS: 221 2.0.0 Bye\n\n"
            .repeat(n)
    }

    #[test]
    fn a_paste_is_cut_at_the_greeting_after_the_answer_to_quit() {
        // Line 20 801 (52 % of 40 000) is the 1st line of session 2 601;
        // looking starts there, at a greeting whose QUIT is in the lines
        // before the window: the cut is the next session's greeting.
        assert_eq!(cut_of("rfc", &rfc_sessions(5_000)), Some(20_809));
    }

    #[test]
    fn a_swaks_paste_is_cut_at_a_new_connection() {
        let one = "=== Trying 192.0.2.25:25...\n=== Connected to 192.0.2.25.\n<-  220 mx.example.test ESMTP\n -> EHLO c.example\n<-  250 mx.example.test\n -> QUIT\n<-  221 2.0.0 Bye\n=== Connection closed with remote host.\n";
        let text = one.repeat(3_000);
        // 52 % of 24 000 lines is line 12 481, the first of run 1 561.
        assert_eq!(cut_of("swaks", &text), Some(12_481));
    }

    #[test]
    fn one_long_session_is_not_cut() {
        let mut text = String::from("S: 220 mx.example.test ESMTP\nC: EHLO c.example\nS: 250 ok\n");
        text.push_str(&"C: NOOP\nS: 250 2.0.0 Ok\n".repeat(20_000));
        assert_eq!(cut_of("rfc", &text), None);
    }
}
