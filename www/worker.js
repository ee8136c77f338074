// Parses off the main thread, so the page stays responsive on big logs.
//
//   worker.postMessage({ id, text, options })
//   -> { id, ok: true, transcript, ms } or { id, ok: false, error }
//
// A module worker: it imports the same wasm build as the page (./pkg).

import init, { parse } from "./pkg/smtpscope.js";

const ready = init();

self.addEventListener("message", async (event) => {
  const { id, text, options } = event.data ?? {};
  try {
    await ready;
    const started = performance.now();
    const transcript = parse(String(text ?? ""), options ?? {});
    const parsed = performance.now();
    // postedAt: the page works out the transfer time (clone here, copy,
    // and rebuild there) against its own clock.
    self.postMessage({ id, ok: true, transcript, ms: parsed - started, postedAt: performance.timeOrigin + parsed });
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  }
});
