// The smtpscope page: a paste box that parses as you type (in a Web Worker),
// with the result drawn by render.js. The parser is the wasm build of the
// Rust crate (./pkg is written by `make serve` / `make test`:
// wasm-bindgen --target web). The page also loads it for token explanations,
// the format list and exports, and parses here when no worker can start.

import init, * as wasm from "./pkg/smtpscope.js";
import { renderTranscript, renderError, getController, toDialogueText } from "./render.js";
import { WARM_UP } from "./warm-up.js";
import { readSummary } from "./summary.js";

const DEBOUNCE_MS = 150;
/** Inputs above this size are not parsed on the main thread, even without a worker. */
const PERMALINK_MAX = 1_500_000; // characters of URL we are willing to build

const $ = (id) => document.getElementById(id);
const input = $("input");
const format = $("format");
const sample = $("sample");
const file = $("file");
const status = $("status");
const output = $("output");
const permalinkBtn = $("permalink");
const exportBtn = $("export-json");
const copyBtn = $("copy-text");
const mermaidBtn = $("copy-mermaid");
const swaksBtn = $("copy-swaks");
const shareOut = $("share-out");
const shareUrl = $("share-url");
const themeBtn = $("theme");
const heldNote = $("held");

let ready = false;
let timer = 0;
let showSecrets = false;
/** Up to this many characters, every token of the timeline is explained. */
const PARTS_LIMIT = 200_000;
let last = null; // { transcript, text, format }
let pendingStep = null; // [session, event] to reveal after the next render
let hashBase = ""; // the t=… part of the fragment, kept while navigating steps

// --- the input text ---------------------------------------------------------------
//
// A textarea lays out all of its text, not just what is on screen: 1 MB in
// the box froze the page for half a second, a 20 MB log for ten (measured in
// Chromium). Above BOX_MAX characters the text is held here instead, and a
// note in place of the box says what is loaded.

/** Inputs above this many characters are not put in the textarea. */
const BOX_MAX = 200_000;
let held = null; // { text, name } while an input too big for the box is loaded
let editInBox = false; // the person asked for a big input in the box anyway
const placeholder = input.placeholder;

/** The text to parse: what the box holds, or the input too big for it. */
function inputText() {
  return held ? held.text : input.value;
}

/**
 * 1234567 as "1,234,567". (Not toLocaleString: its first call loads the
 * browser's locale data, 20-25 ms in the paste of a big text.)
 */
function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function lineCountOf(text) {
  let n = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) n++;
  return text.endsWith("\n") || text === "" ? n : n + 1;
}

/** Put `text` in the box, or hold it (and say so) when it is too big for the box. */
function setInput(text, name = "The pasted text") {
  editInBox = false;
  if (text.length <= BOX_MAX) {
    held = null;
    heldNote.hidden = true;
    heldNote.replaceChildren();
    input.placeholder = placeholder;
    input.value = text;
    return;
  }
  held = { text, name };
  input.value = "";
  const size = text.length >= 1e6 ? `${(text.length / 1e6).toFixed(1)} MB` : `${Math.round(text.length / 1e3)} kB`;
  input.placeholder = `${name}: ${size}, below. Paste, type or drop here to replace it.`;
  const edit = document.createElement("button");
  edit.type = "button";
  edit.className = "held-edit";
  edit.textContent = "Edit it in the box (slow)";
  edit.addEventListener("click", () => {
    const t = held?.text ?? "";
    held = null;
    heldNote.hidden = true;
    input.placeholder = placeholder;
    input.value = t;
    editInBox = true;
  });
  heldNote.replaceChildren(
    document.createTextNode(
      `${name} (${size}, ${grouped(lineCountOf(text))} lines) is loaded but not shown in the box: a box that size would freeze the page. The result below covers all of it. `,
    ),
    edit,
  );
  heldNote.hidden = false;
}

// --- status -------------------------------------------------------------------

function setStatus(...parts) {
  status.replaceChildren(...parts.map((p) => (typeof p === "string" ? document.createTextNode(p) : p)));
}

function describe(t, ms) {
  const d = t.detection ?? {};
  const parts = [];
  if (d.forced) {
    parts.push(`Format: ${t.format} (chosen)`);
  } else {
    const next = d.runnerUp ? `; next: ${d.runnerUp.format} ${d.runnerUp.confidence}%` : "";
    parts.push(`Format: ${t.format} (detected, ${d.confidence ?? 0}% sure${next})`);
  }
  const sessions = t.sessions ?? [];
  parts.push(`${sessions.length} session${sessions.length === 1 ? "" : "s"}`);
  parts.push(`${t.lineCount} line${t.lineCount === 1 ? "" : "s"}`);
  parts.push(`parsed in ${ms < 1 ? "<1" : Math.round(ms)} ms`);
  return parts.join(" · ");
}

// --- parsing: in a worker when possible -----------------------------------------

let worker = null;
let busy = false;
let seq = 0;
let waiting = null; // { id, resolve, reject }
let rseq = 0;
const requests = new Map(); // rid -> { resolve, reject }: questions about a kept result

/** Ask the worker about the big result `id` it kept (`op`: session, json, full). */
function ask(op, id, extra = {}) {
  if (!worker) return Promise.reject(new Error("the parser worker is gone"));
  const rid = ++rseq;
  return new Promise((resolve, reject) => {
    requests.set(rid, { resolve, reject });
    worker.postMessage({ op, id, rid, ...extra });
  });
}

function dropRequests() {
  for (const r of requests.values()) r.reject(new Error("the result is gone: the input changed"));
  requests.clear();
}

let wasmModule = null; // compiled once here, and handed to every worker

function startWorker() {
  try {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  } catch {
    worker = null;
    return;
  }
  // Without it the worker fetched and compiled the wasm again once the page
  // was ready: a paste made at once waited 24 ms for the worker, now 4 ms.
  if (wasmModule) worker.postMessage({ op: "init", module: wasmModule });
  worker.addEventListener("message", (e) => {
    const msg = e.data ?? {}; // Chromium rebuilds the message here, on first access
    if (msg.rid) {
      const r = requests.get(msg.rid);
      requests.delete(msg.rid);
      if (msg.ok) r?.resolve(msg.value);
      else r?.reject(new Error(msg.error));
      return;
    }
    // Figures for scripts/bench-page.sh.
    if (msg.postedAt) document.documentElement.dataset.transferMs = String(performance.timeOrigin + performance.now() - msg.postedAt);
    if (msg.startedAt && waiting?.id === msg.id) document.documentElement.dataset.queueMs = String(msg.startedAt - waiting.sentAt);
    document.documentElement.dataset.parsedAt = String(performance.now());
    busy = false;
    if (!waiting || msg.id !== waiting.id) return; // an answer nobody waits for any more
    const w = waiting;
    waiting = null;
    if (msg.ok) w.resolve(msg);
    else w.reject(new Error(msg.error));
  });
  worker.addEventListener("error", (e) => {
    // The worker could not start (e.g. no module workers): parse here instead.
    e.preventDefault?.();
    worker?.terminate();
    worker = null;
    dropRequests();
    busy = false;
    const w = waiting;
    waiting = null;
    if (w) parseHere(w.text, w.options).then(w.resolve, w.reject);
  });
}

function parseHere(text, options) {
  return new Promise((resolve, reject) => {
    try {
      const started = performance.now();
      const transcript = wasm.parse(text, options);
      resolve({ transcript, ms: performance.now() - started });
    } catch (e) {
      reject(e);
    }
  });
}

function parseText(text, options, show) {
  if (!worker) return parseHere(text, options);
  if (busy) {
    // A newer input replaces an unfinished parse: stop it rather than queue.
    worker.terminate();
    dropRequests();
    waiting?.reject(Object.assign(new Error("superseded"), { superseded: true }));
    waiting = null;
    startWorker();
    if (!worker) return parseHere(text, options);
  }
  const id = ++seq;
  busy = true;
  document.documentElement.dataset.parsing = "true";
  return new Promise((resolve, reject) => {
    waiting = { id, resolve, reject, text, options, sentAt: performance.timeOrigin + performance.now() };
    worker.postMessage({ id, text, options, show });
  });
}

// --- rendering --------------------------------------------------------------------

function explainToken(id) {
  return typeof wasm.explainToken === "function" ? wasm.explainToken(id) : null;
}

function onNavigate(s, e) {
  const step = `s${s + 1}-${e + 1}`;
  const hash = hashBase ? `${hashBase}&${step}` : step;
  history.replaceState(null, "", `#${hash}`);
}

function onRevealSecrets(show) {
  showSecrets = !!show;
  const at = getController(output);
  pendingStep = at ? [at.selected, -1] : null;
  run();
}

function setShareEnabled(on) {
  for (const b of [permalinkBtn, exportBtn, copyBtn, mermaidBtn, swaksBtn]) b.disabled = !on;
}

function showEmpty(message = "Paste a dialogue above, or choose a sample.") {
  renderError(output, "");
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = message;
  output.replaceChildren(p);
  last = null;
  setShareEnabled(false);
}

/** Runs begun: a run that waited on its result gives way to a newer one. */
let runs = 0;

async function run() {
  timer = 0;
  if (!ready) return;
  const run0 = ++runs;
  const text = inputText();
  if (text.trim() === "") {
    showEmpty();
    setStatus("Ready.");
    return;
  }
  // Token parts (the popover on every token) cost a third of the result's
  // size: ask for them on pastes a person reads, not on whole logs.
  const options = { format: format.value, showSecrets, parts: text.length <= PARTS_LIMIT };
  setStatus(text.length > 200_000 ? `Parsing ${(text.length / 1e6).toFixed(1)} MB…` : "Parsing…");
  let result;
  try {
    result = await parseText(text, options, pendingStep ? pendingStep[0] : 0);
  } catch (e) {
    if (e?.superseded) return;
    renderError(output, `The parser failed: ${e?.message ?? e}`);
    setStatus("The parser failed.");
    setShareEnabled(false);
    return;
  } finally {
    if (!busy) delete document.documentElement.dataset.parsing;
  }
  if (inputText() !== text) return; // the input changed meanwhile; a new run is scheduled
  const { ms } = result;
  // A big input's summary comes as JSON text (see worker.js).
  const transcript = result.summaryJson ? await readSummary(result.summaryJson, result.summaryBreaks) : result.transcript;
  if (runs !== run0) return; // a newer run began while the summary was read
  // A big result stays in the worker (see worker.js): sessions are fetched
  // from it as they are opened.
  const lazyId = result.lazy ? result.id : null;
  last = { transcript, text, format: format.value, lazyId };
  const step = pendingStep;
  pendingStep = null;
  const r0 = performance.now();
  renderTranscript(output, transcript, {
    explainToken,
    onNavigate,
    onRevealSecrets,
    session: step ? step[0] : 0,
    loadSession: lazyId ? (i) => ask("session", lazyId, { index: i }) : undefined,
    lineSessions: lazyId ? result.lineSessions : undefined,
  });
  document.documentElement.dataset.renderMs = String(performance.now() - r0);
  setStatus(describe(transcript, ms));
  setShareEnabled(true);
  document.documentElement.dataset.rendered = String(Number(document.documentElement.dataset.rendered ?? 0) + 1);
  if (step && step[1] >= 0) getController(output)?.reveal(step[0], step[1]);
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

function runNow() {
  clearTimeout(timer);
  run();
}

// --- input: samples, files, drag and drop ---------------------------------------------

async function loadSample(name) {
  if (!name) return;
  try {
    // Samples live beside the page: samples/NAME (same origin only).
    const res = await fetch(new URL(`samples/${encodeURIComponent(name)}`, document.baseURI));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    setInput(await res.text(), name);
    runNow();
  } catch (e) {
    setStatus(`Could not load the sample: ${e?.message ?? e}`);
  }
}

// The wasm refuses inputs over 48 MB (src/wasm.rs MAX_INPUT_BYTES): say so
// before reading a huge file into the page at all.
const MAX_FILE = 48 * 1024 * 1024;

async function loadFile(f) {
  if (!f) return;
  if (f.size > MAX_FILE) {
    setStatus(
      `${f.name} is ${Math.round(f.size / (1024 * 1024))} MB; the page reads up to 48 MB. ` +
        "Use the command line for big logs: smtpscope parse FILE --json",
    );
    return;
  }
  try {
    setInput(await f.text(), f.name);
    sample.value = "";
    runNow();
  } catch (e) {
    setStatus(`Could not read ${f.name}: ${e?.message ?? e}`);
  }
}

// A big paste goes past the box (see BOX_MAX) instead of into it.
input.addEventListener("paste", (e) => {
  const pasted = e.clipboardData?.getData("text/plain") ?? "";
  if (pasted.length <= BOX_MAX) return;
  e.preventDefault();
  const value = input.value;
  setInput(value.slice(0, input.selectionStart) + pasted + value.slice(input.selectionEnd));
  runNow();
});

// Typing waits for a pause; a paste or a drop into the box is read at once.
input.addEventListener("input", (e) => {
  // Typing into the box replaces a held input; text too big for the box
  // (dropped, or set by a script) leaves it before it is laid out.
  if (held || (!editInBox && input.value.length > BOX_MAX)) setInput(input.value);
  if (e.inputType === "insertFromPaste" || e.inputType === "insertFromDrop") runNow();
  else schedule();
});
format.addEventListener("change", runNow);
sample.addEventListener("change", () => loadSample(sample.value));
file.addEventListener("change", () => loadFile(file.files?.[0]));

const dropZone = input.closest(".input") ?? input;
dropZone.addEventListener("dragover", (e) => {
  if (![...(e.dataTransfer?.types ?? [])].includes("Files")) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = "copy";
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", (e) => {
  if (!dropZone.contains(e.relatedTarget)) dropZone.classList.remove("dragging");
});
dropZone.addEventListener("drop", (e) => {
  dropZone.classList.remove("dragging");
  const f = e.dataTransfer?.files?.[0];
  if (!f) return; // dropped text goes into the textarea as usual
  e.preventDefault();
  loadFile(f);
});

// --- share and export ------------------------------------------------------------

function toBase64Url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("the link holds characters base64url does not use");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const res = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await res.arrayBuffer());
}

/** Fragment `t=<deflate-raw, base64url>` and, when not auto, `f=<format>`. */
async function makePermalink(text, fmt) {
  // A link gets shared: it carries the transcript with AUTH secrets masked,
  // even when they are revealed on this page.
  if (typeof wasm.maskSecrets === "function") {
    text = wasm.maskSecrets(text, { format: fmt });
  }
  const packed = toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw")));
  const parts = [`t=${packed}`];
  if (fmt && fmt !== "auto") parts.push(`f=${encodeURIComponent(fmt)}`);
  return parts.join("&");
}

const MAX_UNPACKED = 64 * 1024 * 1024;

async function readPermalink(value) {
  const bytes = fromBase64Url(value);
  // Inflate with a cap: a hostile link must not fill the memory.
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    total += chunk.length;
    if (total > MAX_UNPACKED) {
      await reader.cancel();
      throw new Error("the transcript in the link is too big");
    }
    chunks.push(chunk);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(all);
}

permalinkBtn.addEventListener("click", async () => {
  if (!last) return;
  try {
    hashBase = await makePermalink(last.text, last.format);
    const url = `${location.href.split("#")[0]}#${hashBase}`;
    if (url.length > PERMALINK_MAX) {
      hashBase = "";
      setStatus("This transcript is too big for a link; export it as a file instead.");
      return;
    }
    history.replaceState(null, "", `#${hashBase}`);
    shareUrl.value = url;
    shareOut.hidden = false;
    shareUrl.select();
    try {
      await navigator.clipboard.writeText(url);
      setStatus(`Permalink copied (${grouped(url.length)} characters). It holds the transcript; nothing was uploaded.`);
    } catch {
      setStatus("Permalink ready below: copy it from the box. It holds the transcript; nothing was uploaded.");
    }
  } catch (e) {
    setStatus(`Could not build the permalink: ${e?.message ?? e}`);
  }
});

/** The whole parse result (from the worker, when it kept a big one). */
function fullTranscript() {
  return last.lazyId ? ask("full", last.lazyId) : Promise.resolve(last.transcript);
}

exportBtn.addEventListener("click", async () => {
  if (!last) return;
  let blob;
  try {
    blob = last.lazyId ? await ask("json", last.lazyId) : new Blob([JSON.stringify(last.transcript, null, 2)], { type: "application/json" });
  } catch (e) {
    setStatus(`Could not export: ${e?.message ?? e}`);
    return;
  }
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = "smtpscope.json";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  setStatus("Exported the parse result as smtpscope.json.");
});

async function dialogueText() {
  if (typeof wasm.exportAs === "function") {
    try {
      const out = wasm.exportAs(last.text, { format: last.format }, "cs");
      if (typeof out === "string" && out) return out;
    } catch {
      // fall back to the page's own export
    }
  }
  return toDialogueText(await fullTranscript());
}

/** Copy an export made by the wasm (`kind`: "mermaid" or "swaks"). */
async function copyExport(kind, what) {
  if (!last || typeof wasm.exportAs !== "function") return;
  let text;
  try {
    text = wasm.exportAs(last.text, { format: last.format }, kind);
  } catch (e) {
    setStatus(`Could not export: ${e?.message ?? e}`);
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`Copied ${what}.`);
  } catch {
    shareUrl.value = text;
    shareOut.hidden = false;
    setStatus(`Could not use the clipboard; ${what} is in the box below.`);
  }
}
mermaidBtn.addEventListener("click", () => copyExport("mermaid", "a Mermaid sequence diagram"));
swaksBtn.addEventListener("click", () => copyExport("swaks", "a swaks command that replays the envelope (no password)"));

copyBtn.addEventListener("click", async () => {
  if (!last) return;
  let text;
  try {
    text = await dialogueText();
  } catch (e) {
    setStatus(`Could not export: ${e?.message ?? e}`);
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`Copied ${text.split("\n").length - 1} C:/S: lines.`);
  } catch {
    shareUrl.value = text;
    shareOut.hidden = false;
    setStatus("Could not use the clipboard; the text is in the box below.");
  }
});

// --- theme ------------------------------------------------------------------------------

const THEMES = ["system", "light", "dark"];
function applyTheme(theme) {
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  themeBtn.textContent = `Theme: ${theme}`;
}
let theme = "system";
try {
  theme = THEMES.includes(localStorage.getItem("smtpscope-theme")) ? localStorage.getItem("smtpscope-theme") : "system";
} catch {
  theme = "system";
}
applyTheme(theme);
themeBtn.addEventListener("click", () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  applyTheme(theme);
  try {
    localStorage.setItem("smtpscope-theme", theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
});

// --- keyboard: j/k anywhere outside a text field -------------------------------------------

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key !== "j" && e.key !== "k") return;
  const t = e.target;
  if (t instanceof Element && (t.closest("input, textarea, select, [contenteditable]") || output.contains(t))) return;
  const c = getController(output);
  if (!c) return;
  e.preventDefault();
  c.move(e.key === "j" ? 1 : -1);
});

// --- the fragment: #t=…&f=…&s1-7 ----------------------------------------------------------

/** Read the fragment; returns true when it held a transcript. */
async function fromFragment() {
  const raw = location.hash.slice(1);
  if (!raw) return false;
  let text = null;
  let fmt = null;
  let step = null;
  for (const part of raw.split("&")) {
    const m = /^s(\d{1,6})-(\d{1,9})$/.exec(part);
    if (m) step = [Number(m[1]) - 1, Number(m[2]) - 1];
    else if (part.startsWith("t=")) text = part.slice(2);
    else if (part.startsWith("f=")) fmt = decodeURIComponent(part.slice(2));
  }
  if (step) pendingStep = step;
  if (text === null) return false;
  try {
    setInput(await readPermalink(text), "The transcript in the link");
  } catch (e) {
    setInput("");
    const reason = e?.name === "TypeError" || /base64|decod|invalid/i.test(String(e?.message ?? e)) ? "it is damaged or incomplete" : String(e?.message ?? e);
    renderError(output, `This link does not hold a readable transcript (${reason}). Nothing was loaded.`);
    setStatus("The link could not be read.");
    hashBase = "";
    return "failed";
  }
  hashBase = raw.split("&").filter((p) => !/^s\d+-\d+$/.test(p)).join("&");
  if (fmt && [...format.options].some((o) => o.value === fmt)) format.value = fmt;
  return true;
}

window.addEventListener("hashchange", () => {
  const m = /(?:^#|&)s(\d{1,6})-(\d{1,9})$/.exec(location.hash);
  if (m) getController(output)?.reveal(Number(m[1]) - 1, Number(m[2]) - 1);
});

// --- warming up the drawing -------------------------------------------------------

/**
 * Draw a small result once, off screen and hidden, while the page is idle,
 * then throw it away. A browser lays out a kind of text (its fonts, its
 * styles) slowly the first time, and runs new code slowly until it has
 * compiled it: the first result a person pasted was drawn 40-60 ms slower
 * than the next ones (scripts/bench-page.sh). Skipped once a real result
 * has been drawn.
 */
function warmUpDrawing() {
  if (last || !ready) return;
  try {
    const scratch = document.createElement("div");
    scratch.setAttribute("aria-hidden", "true");
    scratch.style.cssText = "position:absolute;left:-10000px;top:0;width:1000px;visibility:hidden";
    document.body.append(scratch);
    const two = `${WARM_UP[0]}\n${WARM_UP[0].replaceAll("example.com", "example.net")}`;
    renderTranscript(scratch, wasm.parse(two, { parts: true }), {});
    void scratch.offsetHeight; // lay it out now
    getController(scratch)?.dispose();
    scratch.remove();
  } catch {
    // Only a head start.
  }
}

// --- start ---------------------------------------------------------------------------------

try {
  // Start-up figures for scripts/bench-page.sh: the wasm fetch and
  // instantiation, and when the page is ready.
  const t0 = performance.now();
  const url = new URL("./pkg/smtpscope_bg.wasm", import.meta.url);
  try {
    wasmModule = await WebAssembly.compileStreaming(fetch(url));
  } catch {
    wasmModule = null; // e.g. served without application/wasm: let init fetch it
  }
  await init(wasmModule ? { module_or_path: wasmModule } : undefined);
  document.documentElement.dataset.wasmMs = String(performance.now() - t0);
  ready = true;
  $("version").textContent = wasm.version();
  if (typeof wasm.formats === "function") {
    for (const f of wasm.formats()) {
      const o = document.createElement("option");
      o.value = f.name;
      o.textContent = `${f.name} — ${f.description}`;
      format.append(o);
    }
  }
  startWorker();
  const fromLink = await fromFragment();
  document.documentElement.dataset.readyAt = String(performance.now());
  document.documentElement.dataset.ready = "true";
  if (fromLink !== "failed") {
    setStatus("Ready.");
    if (inputText().trim() !== "") await run();
  }
  if (typeof requestIdleCallback === "function") requestIdleCallback(warmUpDrawing, { timeout: 1000 });
  else setTimeout(warmUpDrawing, 200);
} catch (e) {
  renderError(output, `The parser could not be loaded (${e?.message ?? e}). Build it with "make serve".`);
  setStatus("The parser could not be loaded.");
}
