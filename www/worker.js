// Parses off the main thread, so the page stays responsive on big logs.
//
//   worker.postMessage({ id, text, options, show })
//   -> { id, ok: true, transcript, ms, postedAt }                  (small input)
//      { id, ok: true, summaryJson, lazy, lineSessions, ms, postedAt } (big input)
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
// once optimised). Made up here so that the page fetches nothing for it.
// The warm-up stops as soon as there is real work (`warming`).
const WARM_UP = [
  [
    "S: 220 mx.example.org ESMTP",
    "C: EHLO client.example.com",
    "S: 250-mx.example.org Hello client.example.com [192.0.2.1]",
    "S: 250-PIPELINING",
    "S: 250-SIZE 52428800",
    "S: 250-STARTTLS",
    "S: 250-AUTH PLAIN LOGIN",
    "S: 250-ENHANCEDSTATUSCODES",
    "S: 250 8BITMIME",
    "C: STARTTLS",
    "S: 220 2.0.0 Ready to start TLS",
    "C: EHLO client.example.com",
    "S: 250-mx.example.org",
    "S: 250 AUTH PLAIN LOGIN",
    "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==",
    "S: 235 2.7.0 Authentication successful",
    "C: MAIL FROM:<alice@example.com> SIZE=1200 BODY=8BITMIME",
    "S: 250 2.1.0 Ok",
    "C: RCPT TO:<bob@example.org>",
    "S: 250 2.1.5 Ok",
    "C: RCPT TO:<nobody@example.org>",
    "S: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown",
    "C: DATA",
    "S: 354 End data with <CR><LF>.<CR><LF>",
    "C: Subject: hello",
    "C: From: alice@example.com",
    "C: ",
    "C: Hi Bob.",
    "C: .",
    "S: 250 2.0.0 Ok: queued as 4AB1C2D3E4",
    "C: QUIT",
    "S: 221 2.0.0 Bye",
  ].join("\n"),
  [
    "Nov 28 14:06:25 mail postfix/smtpd[1773]: connect from client.example.com[192.0.2.1]",
    "Nov 28 14:06:25 mail postfix/smtpd[1773]: 9C127B405E: client=client.example.com[192.0.2.1]",
    "Nov 28 14:06:25 mail postfix/qmgr[9117]: 9C127B405E: from=<alice@example.com>, size=398, nrcpt=1 (queue active)",
    "Nov 28 14:06:26 mail postfix/smtp[1790]: 9C127B405E: to=<bob@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.7.1, status=deferred (host mx.example.org[198.51.100.7] said: 450 4.7.1 <bob@example.org>: Recipient address rejected: Greylisted (in reply to RCPT TO command))",
    "Nov 28 14:06:26 mail postfix/smtpd[1773]: disconnect from client.example.com[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
  ].join("\n"),
];

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
    kept = { id, parsed: new Parsed(source, options ?? {}), size: source.length };
    const shown = Math.max(0, Math.min(kept.parsed.sessionCount - 1, Number(show) || 0));
    // The summary goes as JSON text, transferred: the page reads it faster
    // than it would rebuild posted objects (a 20 MB log's summary is 13 MB).
    const summary = kept.parsed.summaryJson(shown);
    const lines = kept.parsed.lineSessions();
    const parsed = performance.now();
    self.postMessage(
      { id, ok: true, summaryJson: summary, lazy: true, lineSessions: lines, ms: parsed - started, startedAt: performance.timeOrigin + started, postedAt: performance.timeOrigin + parsed },
      [summary.buffer, lines.buffer],
    );
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  } finally {
    setTimeout(freeOld, 0);
  }
});
