// Parses off the main thread, so the page stays responsive on big logs.
//
//   worker.postMessage({ id, text, options, show })
//   -> { id, ok: true, transcript, lazy, lineSessions, ms, postedAt }
//      or { id, ok: false, error }
//
// A small input's transcript is sent whole. A big one stays here: the page
// gets its summary (every session without its events, see `brief`) and the
// events of session `show` only, and asks for the rest as they are opened:
//
//   worker.postMessage({ op: "session", id, rid, index }) -> { rid, ok, value: session }
//   worker.postMessage({ op: "json", id, rid })            -> { rid, ok, value: Blob }
//   worker.postMessage({ op: "full", id, rid })            -> { rid, ok, value: transcript }
//
// Sending a whole big transcript was the page's longest stall: Chromium
// rebuilds a posted object graph on the receiving thread, 0.7 s for the
// 1 MB benchmark transcript and 2 s for the 20 MB log on a loaded machine.
//
// A module worker: it imports the same wasm build as the page (./pkg).

import init, { parse } from "./pkg/smtpscope.js";
// The renderer's own rules for the session summaries (it touches no DOM
// when imported).
import { isBlank, isError } from "./render.js";

/** Inputs above this many characters get a summary instead of the whole transcript. */
const LAZY_ABOVE = 200_000;

// The page sends the module it compiled ({ op: "init", module }) as the
// first message; a worker that gets none fetches and compiles it itself.
let ready = null;
let kept = null; // { id, transcript }: the last big result, for the page's requests

/**
 * A session without its events, with what the session list needs of them:
 * `brief` = { steps, recipients, accepted, firstError (event index or -1) }.
 */
function summarise(s) {
  const events = s.events ?? [];
  let steps = 0;
  let firstError = -1;
  for (let i = 0; i < events.length; i++) {
    if (!isBlank(events[i])) steps++;
    if (firstError < 0 && isError(events[i], events)) firstError = i;
  }
  let recipients = 0;
  let accepted = 0;
  for (const t of s.transactions ?? []) {
    for (const r of t.recipients ?? []) {
      recipients++;
      if (r.accepted) accepted++;
    }
  }
  const o = s.outcome ?? {};
  return {
    id: s.id ?? null,
    peer: s.peer ?? null,
    startTime: s.startTime ?? null,
    endTime: s.endTime ?? null,
    outcome: { status: o.status, headline: o.headline ?? null, summary: o.headline ? null : (o.summary ?? null), reply: o.reply ? { code: o.reply.code } : null },
    brief: { steps, recipients, accepted, firstError },
  };
}

/** Which session holds each source line (index by line number; -1: none). */
function lineSessions(t) {
  const out = new Int32Array((Number(t.lineCount) || 0) + 2).fill(-1);
  (t.sessions ?? []).forEach((s, si) => {
    for (const e of s.events ?? []) {
      if (Array.isArray(e.source) && e.source.length) {
        for (const src of e.source) if (src.line < out.length && out[src.line] < 0) out[src.line] = si;
      } else if (e.line < out.length && out[e.line] < 0) out[e.line] = si;
    }
  });
  return out;
}

function answer(rid, work) {
  try {
    const value = work();
    self.postMessage({ rid, ok: true, value });
  } catch (e) {
    self.postMessage({ rid, ok: false, error: String(e?.message ?? e) });
  }
}

function keptTranscript(id) {
  if (!kept || kept.id !== id) throw new Error("that result is gone: parse again");
  return kept.transcript;
}

self.addEventListener("message", async (event) => {
  const data = event.data ?? {};
  if (data.op === "init") {
    ready ??= init({ module_or_path: data.module }).catch(() => init());
    return;
  }
  if (data.op === "session") {
    return answer(data.rid, () => {
      const s = keptTranscript(data.id).sessions?.[data.index];
      if (!s) throw new Error(`no session ${data.index}`);
      return s;
    });
  }
  if (data.op === "json") return answer(data.rid, () => new Blob([JSON.stringify(keptTranscript(data.id), null, 2)], { type: "application/json" }));
  if (data.op === "full") return answer(data.rid, () => keptTranscript(data.id));

  const { id, text, options, show } = data;
  kept = null;
  try {
    await (ready ??= init());
    const source = String(text ?? "");
    const started = performance.now();
    const big = source.length > LAZY_ABOVE;
    const transcript = parse(source, options ?? {});
    const parsed = performance.now();
    // postedAt: the page works out the transfer time (clone here, copy,
    // and rebuild there) against its own clock.
    if (!big) {
      self.postMessage({ id, ok: true, transcript, ms: parsed - started, startedAt: performance.timeOrigin + started, postedAt: performance.timeOrigin + parsed });
      return;
    }
    kept = { id, transcript };
    const shown = Math.max(0, Math.min((transcript.sessions?.length ?? 0) - 1, Number(show) || 0));
    const summary = {
      ...transcript,
      sessions: (transcript.sessions ?? []).map((s, i) => (i === shown ? s : summarise(s))),
    };
    const lines = lineSessions(transcript);
    self.postMessage(
      { id, ok: true, transcript: summary, lazy: true, lineSessions: lines, ms: parsed - started, startedAt: performance.timeOrigin + started, postedAt: performance.timeOrigin + parsed },
      [lines.buffer],
    );
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  }
});
