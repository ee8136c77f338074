//! JSON written on a thread of its own while the parse goes on: what
//! `--json` and `--ndjson` share.
//!
//! The parse hands each finished item (a session) to [`JsonFeed::item`];
//! the writer thread writes its JSON and sends the item back to be freed
//! on the parse's thread: mimalloc frees a block faster on the thread that
//! made it, and the writer's frees had cost a seventh of the run (perf,
//! 20 MB transcript: `mi_free` on the writer, `_mi_page_free_collect` on
//! the parse).
//!
//! Writing the JSON is the larger half of the work (callgrind, 4 MB RFC
//! transcript: 507 M instructions against the parse's 237 M), so when the
//! writer falls behind ([`BEHIND`] items waiting), the parse's thread
//! writes the next item's JSON itself and hands over the text: the two
//! cores share the work whatever its mix, with no third thread. The
//! buffers of the items it wrote come back to it with the items to free:
//! a new buffer for each grew from nothing to the item's JSON (20 KB for
//! an RFC-style session), copying it on the way and touching fresh memory
//! (perf, 20 MB transcript: `memmove` 11 % of the time, page faults 4 %).

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

/// Items waiting for the writer past which the parse's thread writes the
/// next one itself.
const BEHIND: usize = 2;
/// The writer's output goes out in writes of about this many bytes.
const CHUNK: usize = 1 << 16;
/// Written items' buffers the parse's thread keeps for the next ones.
const SPARE: usize = 4;
/// Pieces on their way to the writer: past this, the parse waits, so that
/// memory stays bounded whatever the output's speed.
const QUEUE: usize = 64;

/// Writes one item's JSON at the end of a buffer.
pub type WriteItem<T> = fn(&T, &mut Vec<u8>) -> io::Result<()>;

/// What the writer gets: text as it is, an item to write, or an item
/// already written (its JSON).
enum Piece<T> {
    Raw(Vec<u8>),
    Item(Box<T>),
    Written(Vec<u8>),
}

/// What goes back from the writer: an item it wrote, to be freed on the
/// thread that made it, or the buffer of one the parse's thread wrote, to
/// write the next one into.
enum Back<T> {
    Item(Box<T>),
    Buffer(Vec<u8>),
}

/// The parse's end of the writer: hands it the pieces, in order, frees the
/// items it has written and keeps its buffers.
pub struct JsonFeed<'w, T> {
    pieces: SyncSender<Piece<T>>,
    back: Receiver<Back<T>>,
    spare: Vec<Vec<u8>>,
    waiting: &'w AtomicUsize,
    write: WriteItem<T>,
}

impl<T> JsonFeed<'_, T> {
    fn send(&mut self, piece: Piece<T>) -> io::Result<()> {
        for back in self.back.try_iter() {
            match back {
                Back::Item(item) => drop(item),
                Back::Buffer(buffer) if self.spare.len() < SPARE => self.spare.push(buffer),
                Back::Buffer(_) => {}
            }
        }
        // The writer stops only on an error, which its join returns.
        self.pieces
            .send(piece)
            .map_err(|_| io::Error::other("the JSON writer stopped"))
    }

    /// Text to write as it is.
    pub fn raw(&mut self, text: Vec<u8>) -> io::Result<()> {
        self.send(Piece::Raw(text))
    }

    /// An item to write.
    pub fn item(&mut self, item: T) -> io::Result<()> {
        if self.waiting.load(Ordering::Relaxed) >= BEHIND {
            let mut text = self.spare.pop().unwrap_or_default();
            text.clear();
            (self.write)(&item, &mut text)?;
            drop(item);
            return self.send(Piece::Written(text));
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        self.send(Piece::Item(Box::new(item)))
    }
}

/// Run `parse` with a writer thread that writes what it feeds to `out`:
/// each item as `write` writes it, `separator` between two items (not
/// before the first), the whole indented as serde_json's pretty printer
/// indents when `pretty` (`smtpscope::summary::Indenter`: the pieces must
/// then make one JSON text). The writer's error (a closed pipe) comes
/// first: it says more than the parse's "the JSON writer stopped".
pub fn with_writer<T: Send>(
    out: Box<dyn Write + Send>,
    write: WriteItem<T>,
    separator: Option<u8>,
    pretty: bool,
    parse: impl FnOnce(&mut JsonFeed<'_, T>) -> io::Result<()>,
) -> io::Result<()> {
    let waiting = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel::<Piece<T>>(QUEUE);
        let (back_there, back) = channel();
        let waiting = &waiting;
        let writer = scope
            .spawn(move || write_out(out, receive, back_there, waiting, write, separator, pretty));
        let mut feed = JsonFeed {
            pieces: send,
            back,
            spare: Vec::new(),
            waiting,
            write,
        };
        let parsed = parse(&mut feed);
        drop(feed);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the JSON writer failed")));
        written.and(parsed)
    })
}

/// The writer thread's loop (see [`with_writer`]).
fn write_out<T>(
    mut out: Box<dyn Write + Send>,
    pieces: Receiver<Piece<T>>,
    back: Sender<Back<T>>,
    waiting: &AtomicUsize,
    write: WriteItem<T>,
    separator: Option<u8>,
    pretty: bool,
) -> io::Result<()> {
    // The compact JSON goes straight into `pending` (a concrete `Vec`:
    // serde_json through a `dyn Write` was a fifth slower), or, to be
    // indented, into `compact` first; `pending` goes out by chunks, with
    // one copy less than through a `BufWriter`.
    let mut indenter = pretty.then(smtpscope::summary::Indenter::default);
    let (mut pending, mut compact) = (Vec::with_capacity(2 * CHUNK), Vec::new());
    let mut items = 0usize;
    for piece in pieces {
        let to = if indenter.is_some() {
            compact.clear();
            &mut compact
        } else {
            &mut pending
        };
        if !matches!(piece, Piece::Raw(_)) {
            if let Some(separator) = separator.filter(|_| items > 0) {
                to.push(separator);
            }
            items += 1;
        }
        match piece {
            Piece::Raw(text) => to.extend_from_slice(&text),
            Piece::Written(text) => {
                to.extend_from_slice(&text);
                // Once the parse is over, nobody takes it back: then it
                // is freed here (and so for an item).
                let _ = back.send(Back::Buffer(text));
            }
            Piece::Item(item) => {
                write(&item, to)?;
                waiting.fetch_sub(1, Ordering::Relaxed);
                let _ = back.send(Back::Item(item));
            }
        }
        if let Some(indenter) = &mut indenter {
            indenter.push(&compact, &mut pending);
        }
        if pending.len() >= CHUNK {
            out.write_all(&pending)?;
            pending.clear();
        }
    }
    out.write_all(&pending)?;
    out.flush()
}
