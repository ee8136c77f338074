// Parses off the main thread, so the page stays responsive on big logs.
//
//   worker.postMessage({ id, text, options, show })
//   -> { id, ok: true, transcript, ms, postedAt }                  (small input)
//      { id, ok: true, summaryJson, summaryBreaks, lazy, lineSessions, ms, postedAt } (big input)
//      or { id, ok: false, error }
//
// A small input's transcript is sent whole. A big one stays in the wasm
// module (a `Parsed`): the page gets its summary (every session but the
// one shown as a brief, see src/summary.rs) and asks for the rest as it is
// opened:
//
//   worker.postMessage({ op: "session", id, rid, index }) -> { rid, ok, value: session }
//   worker.postMessage({ op: "json", id, rid })            -> { rid, ok, value: Blob }
//   worker.postMessage({ op: "full", id, rid })            -> { rid, ok, value: transcript }
//
// Building and posting the JS objects of a whole log was the page's longest
// wait: the objects of a 4 MB log take three times as long to build as the
// parse itself, and Chromium rebuilds a posted object graph on the
// receiving thread (2 s for the 20 MB log on a loaded machine).
//
// A module worker: it imports the same wasm build as the page (./pkg).

import init, { parse, Parsed } from "./pkg/smtpscope.js";
import { WARM_UP } from "./warm-up.js";

/** Inputs above this many characters get a summary instead of the whole transcript. */
const LAZY_ABOVE = 200_000;

/**
 * Sessions per piece of the summary the page reads at a time: a piece of
 * briefs is about 400 kB of JSON, 5-10 ms to decode and read.
 */
const SUMMARY_PIECE = 1000;

// The page sends the module it compiled ({ op: "init", module }) as the
// first message; a worker that gets none fetches and compiles it itself.
let ready = null;
let kept = null; // { id, parsed, size }: the last big result, for the page's requests

/**
 * Inputs up to this many characters: the result they replace is freed after
 * the new one is posted, not before it is parsed (freeing a 1 MB paste's
 * result took 30-40 ms of the next paste); a bigger one is freed first, so
 * that two big results never fill the module's memory at once.
 */
const FREE_LATER_BELOW = 4_000_000;

// Dialogues of the common shapes, parsed in the background as soon as the
// module is ready. A browser compiles a wasm function when it is first
// called, in a quick baseline tier, and optimises only what has run a
// while: without this, the first paste paid for compiling the parser (1 MB
// of RFC 5321 D.1 sessions in Chromium: about 300 ms the first time, 100 ms
// once optimised). The dialogues are in warm-up.js.
// The warm-up stops as soon as there is real work (`warming`).
/** Pieces of the warm-up (each about 100 kB, some 20 ms once optimised). */
const WARM_UP_PIECES = 12;
let warming = true;

async function warmUp() {
  try {
    for (let piece = 0; piece < WARM_UP_PIECES && warming; piece++) {
      const text = WARM_UP[piece % WARM_UP.length].repeat(40);
      const p = new Parsed(text, { parts: piece % 2 === 0 });
      p.summary(0);
      p.session(0);
      p.lineSessions();
      p.free();
      parse(WARM_UP[piece % WARM_UP.length], {});
      // Let a waiting request in before the next piece.
      await new Promise((r) => setTimeout(r, 0));
    }
  } catch {
    // Only a head start: a real parse reports its own errors.
  }
}

/** Give up the kept result: now, or (when both it and the next input are small) once the next answer is posted. */
function forget(next) {
  const old = kept;
  kept = null;
  if (!old) return () => {};
  if (old.size < FREE_LATER_BELOW && next < FREE_LATER_BELOW) return () => old.parsed.free();
  old.parsed.free();
  return () => {};
}

function answer(rid, work) {
  try {
    const value = work();
    self.postMessage({ rid, ok: true, value });
  } catch (e) {
    self.postMessage({ rid, ok: false, error: String(e?.message ?? e) });
  }
}

function keptResult(id) {
  if (!kept || kept.id !== id) throw new Error("that result is gone: parse again");
  return kept.parsed;
}

self.addEventListener("message", async (event) => {
  const data = event.data ?? {};
  if (data.op === "init") {
    ready ??= init({ module_or_path: data.module }).catch(() => init());
    ready.then(warmUp, () => {});
    return;
  }
  warming = false;
  if (data.op === "session") {
    return answer(data.rid, () => keptResult(data.id).session(Number(data.index)));
  }
  if (data.op === "json") return answer(data.rid, () => new Blob([keptResult(data.id).json(true)], { type: "application/json" }));
  if (data.op === "full") return answer(data.rid, () => keptResult(data.id).full());

  const { id, text, options, show } = data;
  const freeOld = forget(String(text ?? "").length);
  try {
    await (ready ??= init());
    const source = String(text ?? "");
    const started = performance.now();
    if (source.length <= LAZY_ABOVE) {
      const transcript = parse(source, options ?? {});
      const parsed = performance.now();
      // postedAt: the page works out the transfer time (clone here, copy,
      // and rebuild there) against its own clock.
      self.postMessage({ id, ok: true, transcript, ms: parsed - started, startedAt: performance.timeOrigin + started, postedAt: performance.timeOrigin + parsed });
      return;
    }
    // As UTF-8 bytes: a string is copied into the module by a loop of
    // JavaScript over its characters, bytes in one go (5-6 % of the parse).
    const bytes = new TextEncoder().encode(source);
    kept = { id, parsed: Parsed.fromBytes(bytes, options ?? {}), size: source.length };
    const shown = Math.max(0, Math.min(kept.parsed.sessionCount - 1, Number(show) || 0));
    // The summary goes as JSON text, transferred: the page reads it faster
    // than it would rebuild posted objects (a 20 MB log's summary is 13 MB),
    // with where to cut it, so that the page reads it a piece at a time.
    const [summary, breaks] = kept.parsed.summaryPieces(shown, SUMMARY_PIECE);
    const lines = kept.parsed.lineSessions();
    const parsed = performance.now();
    self.postMessage(
      { id, ok: true, summaryJson: summary, summaryBreaks: breaks, lazy: true, lineSessions: lines, ms: parsed - started, startedAt: performance.timeOrigin + started, postedAt: performance.timeOrigin + parsed },
      [summary.buffer, breaks.buffer, lines.buffer],
    );
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  } finally {
    setTimeout(freeOld, 0);
  }
});
