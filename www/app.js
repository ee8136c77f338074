// The smtpscope page: a paste box that parses as you type, with the result
// drawn by render.js. The parser is the wasm build of the Rust crate
// (./pkg is written by `make serve` / `make test`: wasm-bindgen --target web).

import init, { parse, version } from "./pkg/smtpscope.js";
import { renderTranscript, renderError } from "./render.js";

const DEBOUNCE_MS = 150;

const $ = (id) => document.getElementById(id);
const input = $("input");
const format = $("format");
const sample = $("sample");
const file = $("file");
const status = $("status");
const output = $("output");

let ready = false;
let timer = 0;

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
    parts.push(`Format: ${t.format} (${d.confidence ?? 0}% sure${next})`);
  }
  const sessions = t.sessions ?? [];
  parts.push(`${sessions.length} session${sessions.length === 1 ? "" : "s"}`);
  parts.push(`${t.lineCount} line${t.lineCount === 1 ? "" : "s"}`);
  parts.push(`parsed in ${ms < 1 ? "<1" : Math.round(ms)} ms`);
  return parts.join(" · ");
}

function run() {
  timer = 0;
  if (!ready) return;
  const text = input.value;
  if (text.trim() === "") {
    output.replaceChildren();
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = "Paste a dialogue above, or choose a sample.";
    output.append(p);
    setStatus("Ready.");
    return;
  }
  const started = performance.now();
  let transcript;
  try {
    transcript = parse(text, { format: format.value });
  } catch (e) {
    renderError(output, `The parser failed: ${e?.message ?? e}`);
    setStatus("The parser failed.");
    return;
  }
  const parsedMs = performance.now() - started;
  renderTranscript(output, transcript);
  setStatus(describe(transcript, parsedMs));
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

async function loadSample(name) {
  if (!name) return;
  try {
    // Samples live beside the page: samples/NAME (same origin only).
    const res = await fetch(new URL(`samples/${encodeURIComponent(name)}`, document.baseURI));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    input.value = await res.text();
    clearTimeout(timer);
    run();
  } catch (e) {
    setStatus(`Could not load the sample: ${e?.message ?? e}`);
  }
}

input.addEventListener("input", schedule);
format.addEventListener("change", () => {
  clearTimeout(timer);
  run();
});
sample.addEventListener("change", () => loadSample(sample.value));
file.addEventListener("change", async () => {
  const f = file.files?.[0];
  if (!f) return;
  input.value = await f.text();
  clearTimeout(timer);
  run();
});

try {
  await init();
  ready = true;
  $("version").textContent = version();
  document.documentElement.dataset.ready = "true";
  setStatus("Ready.");
  if (input.value.trim() !== "") run();
} catch (e) {
  renderError(output, `The parser could not be loaded (${e?.message ?? e}). Build it with "make serve".`);
  setStatus("The parser could not be loaded.");
}
