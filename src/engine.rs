//! From frames to finished sessions: assembled, finished, explained and
//! linted. What [`crate::parse`] runs after framing.
//!
//! Once a session gets no more frames, the rest of its work (finishing it,
//! explaining its replies, linting it) needs nothing but the session. On a
//! big input with a core to spare, that work runs on a second thread while
//! this one goes on framing and pushing frames; the result is the same as
//! one thread doing both, session for session and diagnostic for
//! diagnostic (the results are put back in session order).

use crate::formats::Frame;
use crate::input::{Ending, Line};
use crate::knowledge::{lint, Annotator};
use crate::model::{Diagnostic, Event, Options, Session};
use crate::session::{self, Assembler, Unfinished};

/// The sessions of an input and what was found in them.
pub struct Sessions {
    pub sessions: Vec<Session>,
    /// Events of no session, explained.
    pub unassigned: Vec<Event>,
    /// The session engine's diagnostics: session by session, then the one
    /// naming unrelated programs of a log.
    pub engine: Vec<Diagnostic>,
    /// The lint's diagnostics, ordered by line.
    pub lint: Vec<Diagnostic>,
}

/// Whether [`run`] may use a second thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// Where the input is big and a second core is there.
    Auto,
    /// Never (the tests compare the two).
    One,
}

/// Frames from which a second thread pays: below this, starting it costs
/// more than it saves (a thread starts in tens of microseconds; a session's
/// work is about a microsecond a frame).
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_FROM: usize = 20_000;

/// Assemble `frames` (of `lines`, in pieces: see
/// [`crate::formats::frame_in_pieces`]) into sessions and finish, explain
/// and lint each.
pub fn run(
    lines: &[Line<'_>],
    frames: Vec<Vec<Frame<'_>>>,
    options: &Options,
    threads: Threads,
) -> Sessions {
    let keyed = frames.iter().flatten().any(|f| f.session.is_some());
    let assembler = Assembler::new(options, keyed);
    let ending = |n: u32| crate::input::numbered(lines, n).map(|l| l.ending);
    #[cfg(not(target_arch = "wasm32"))]
    if threads == Threads::Auto
        && frames.iter().map(Vec::len).sum::<usize>() >= PARALLEL_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
    {
        return two_threads(lines, frames, assembler, options, &ending);
    }
    // The page's module runs on one thread (a web worker of its own).
    #[cfg(target_arch = "wasm32")]
    let _ = threads;
    one_thread(lines, frames, assembler, options, &ending)
}

/// One session's work once it gets no more frames: its number, the
/// session, the engine's diagnostics and the lint's.
type Done = (usize, Session, Vec<Diagnostic>, Vec<Diagnostic>);

fn finish(
    u: Unfinished,
    annotator: &mut Annotator,
    ending: &dyn Fn(u32) -> Option<Ending>,
) -> Done {
    let index = u.index();
    let (mut session, engine) = u.finish();
    annotator.explain_session(&mut session);
    let lint = lint::lint_session(&session, index as u32, ending);
    (index, session, engine, lint)
}

fn one_thread(
    lines: &[Line<'_>],
    frames: Vec<Vec<Frame<'_>>>,
    mut assembler: Assembler,
    options: &Options,
    ending: &dyn Fn(u32) -> Option<Ending>,
) -> Sessions {
    push_all(lines, frames, &mut assembler, |_| {});
    let (rest, unassigned) = assembler.take_rest_unfinished();
    let mut annotator = Annotator::new(options.parts);
    let done = rest
        .into_iter()
        .map(|u| finish(u, &mut annotator, ending))
        .collect();
    collect(done, unassigned, &mut annotator)
}

/// Push every frame; `done` gets the assembler after each push that ended
/// a session. Each piece of frames is freed once pushed.
fn push_all(
    lines: &[Line<'_>],
    frames: Vec<Vec<Frame<'_>>>,
    assembler: &mut Assembler,
    mut done: impl FnMut(&mut Assembler),
) {
    for piece in frames {
        for frame in piece {
            let Some(line) = crate::input::numbered(lines, frame.line) else {
                continue;
            };
            assembler.push(&frame, line);
            if assembler.has_done() {
                done(assembler);
            }
        }
    }
}

/// This thread frames and pushes; a second one finishes, explains and lints
/// each session as soon as it gets no more frames.
#[cfg(not(target_arch = "wasm32"))]
fn two_threads(
    lines: &[Line<'_>],
    frames: Vec<Vec<Frame<'_>>>,
    mut assembler: Assembler,
    options: &Options,
    ending: &(dyn Fn(u32) -> Option<Ending> + Sync),
) -> Sessions {
    let (send, receive) = std::sync::mpsc::channel::<Vec<Unfinished>>();
    let parts = options.parts;
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut annotator = Annotator::new(parts);
            let mut done = Vec::new();
            for batch in receive {
                for u in batch {
                    done.push(finish(u, &mut annotator, ending));
                }
            }
            (done, annotator)
        });
        // A send fails only when the worker has stopped, which it does
        // only once the sender is dropped below, or by a panic, which the
        // join reports.
        push_all(lines, frames, &mut assembler, |a| {
            let _ = send.send(a.take_done_unfinished());
        });
        let (rest, unassigned) = assembler.take_rest_unfinished();
        let _ = send.send(rest);
        drop(send);
        match worker.join() {
            Ok((done, mut annotator)) => collect(done, unassigned, &mut annotator),
            // The worker cannot panic on input (nothing in it may); if it
            // did, say so rather than return a transcript without sessions.
            Err(_) => Sessions {
                sessions: Vec::new(),
                unassigned,
                engine: vec![Diagnostic::new(
                    crate::model::Severity::Error,
                    None,
                    "internal-error",
                    "The session engine failed on this input; please report it.",
                )],
                lint: Vec::new(),
            },
        }
    })
}

/// Put finished sessions back in session order, with their diagnostics in
/// the order one thread gives them, and explain the events of no session.
fn collect(mut done: Vec<Done>, mut unassigned: Vec<Event>, annotator: &mut Annotator) -> Sessions {
    crate::sort::stable_by_key(&mut done, |d| d.0 as u64);
    let mut sessions = Vec::with_capacity(done.len());
    let mut engine = Vec::new();
    let mut found = Vec::new();
    for (_, session, mut e, mut l) in done {
        sessions.push(session);
        engine.append(&mut e);
        found.append(&mut l);
    }
    session::unrelated(&unassigned, &mut engine);
    annotator.explain_events(&mut unassigned);
    crate::sort::stable_by_key(&mut found, |d| u64::from(d.line.unwrap_or(0)));
    Sessions {
        sessions,
        unassigned,
        engine,
        lint: found,
    }
}
