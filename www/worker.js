// Parses off the main thread, so the page stays responsive on big logs.
//
//   worker.postMessage({ id, text, options, show })
//   -> { id, ok: true, transcript, lazy, lineSessions, ms, postedAt }
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

/** Inputs above this many characters get a summary instead of the whole transcript. */
const LAZY_ABOVE = 200_000;

// The page sends the module it compiled ({ op: "init", module }) as the
// first message; a worker that gets none fetches and compiles it itself.
let ready = null;
let kept = null; // { id, parsed }: the last big result, for the page's requests

function forget() {
  kept?.parsed.free();
  kept = null;
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
    return;
  }
  if (data.op === "session") {
    return answer(data.rid, () => keptResult(data.id).session(Number(data.index)));
  }
  if (data.op === "json") return answer(data.rid, () => new Blob([keptResult(data.id).json(true)], { type: "application/json" }));
  if (data.op === "full") return answer(data.rid, () => keptResult(data.id).full());

  const { id, text, options, show } = data;
  forget();
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
    kept = { id, parsed: new Parsed(source, options ?? {}) };
    const shown = Math.max(0, Math.min(kept.parsed.sessionCount - 1, Number(show) || 0));
    const summary = kept.parsed.summary(shown);
    const lines = kept.parsed.lineSessions();
    const parsed = performance.now();
    self.postMessage(
      { id, ok: true, transcript: summary, lazy: true, lineSessions: lines, ms: parsed - started, startedAt: performance.timeOrigin + started, postedAt: performance.timeOrigin + parsed },
      [lines.buffer],
    );
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  }
});
