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

use crate::formats::Frame;
use crate::input::{Ending, EndingRuns, Line};
use crate::knowledge::{lint, Annotator};
use crate::model::{Diagnostic, Event, Options, Session};
use crate::session::{self, Assembler, Unfinished};
use std::collections::VecDeque;

/// Whether [`run`] may use a second thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// Where the input is big and a second core is there.
    Auto,
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
    if threads == Threads::Auto
        && lines.len() >= PARALLEL_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
    {
        return two_threads(&lines, frames, assembler, options, take);
    }
    if threads == Threads::Streaming {
        return streaming(&lines, frames, assembler, options, take);
    }
    one_thread(lines, frames, assembler, options, take)
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
            let index = u.index();
            let (mut session, engine) = u.finish();
            self.annotator.explain_session(&mut session);
            let lint = lint::lint_session(&session, index as u32, self.ending);
            // Numbers below `next` were handed over already: not again.
            let Some(at) = index.checked_sub(self.next) else {
                continue;
            };
            if self.waiting.len() <= at {
                self.waiting.resize_with(at + 1, || None);
            }
            if let Some(slot) = self.waiting.get_mut(at) {
                *slot = Some(Done {
                    index,
                    session,
                    engine,
                    lint,
                });
            }
            while let Some(Some(done)) = self.waiting.front_mut().map(Option::take) {
                self.waiting.pop_front();
                self.next += 1;
                self.taking = (self.take)(done);
                if !self.taking {
                    break;
                }
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
                unrelated: vec![Diagnostic::new(
                    crate::model::Severity::Error,
                    None,
                    "internal-error",
                    "The session engine failed on this input; please report it.",
                )],
            },
        }
    })
}
