// <smtp-timeline>: an SMTP dialogue drawn as an annotated timeline, for
// documentation pages. A plain ES module; the wasm parser sits next to it in
// ./pkg (wasm-bindgen --target web), the renderer in ./render.js and its CSS
// in ./timeline.css.
//
//   <script type="module" src="/smtpscope/smtp-timeline.js"></script>
//   <smtp-timeline annotations="compact">
//   S: 220 mx.example.com ESMTP
//   C: MAIL FROM:&lt;alice@example.com&gt;
//   ...
//   </smtp-timeline>
//
// The transcript is the element's text content (write < as &lt; in HTML), or
// `src="dialogue.txt"`, or the `transcript` property (a string, or an object
// that `parse` returned). Attributes:
//
//   format          a format name (swaks, rfc, postfix, …); detected when absent
//   annotations     full (default) | compact | none
//   theme           auto (default) | light | dark
//   collapsed-data  "false" opens message content; collapsed otherwise
//   start-step      a source line number: that step is highlighted
//   src             a URL to fetch the transcript from
//
// It renders in a shadow root, so the page's CSS does not reach in; theme it
// with the CSS custom properties --smtp-timeline-font-size,
// --smtp-timeline-font, --smtp-timeline-mono, --smtp-timeline-bg (around the
// timeline), --smtp-timeline-panel and --smtp-timeline-fg (bubbles and text),
// and with ::part(timeline | session | banner | step | current | bubble |
// line | badge | tls | fallback). Every element on a page shares one wasm instance.
// Untrusted text is rendered as text (render.js uses text nodes only).

import init, { parse } from "./pkg/smtpscope.js";
import { renderTranscript } from "./render.js";

let wasmReady = null;
/** Load the wasm module once for every element of the page. */
export function loadParser() {
  wasmReady ??= init();
  return wasmReady;
}

let sheetsReady = null;
/**
 * The stylesheets of the shadow roots, built once: timeline.css (fetched from
 * next to this module) and the element's own rules. `rem` lengths become
 * multiples of --smtp-timeline-font-size, so that the host page's root font
 * size does not scale the timeline.
 */
function loadSheets() {
  sheetsReady ??= (async () => {
    const response = await fetch(new URL("./timeline.css", import.meta.url));
    if (!response.ok) throw new Error(`timeline.css: HTTP ${response.status}`);
    const css = (await response.text())
      .split("\n")
      .map((line) => (line.trimStart().startsWith("@media") ? line : line.replace(/(\d*\.?\d+)rem\b/g, "calc($1 * var(--stl-rem))")))
      .join("\n");
    const timeline = new CSSStyleSheet();
    timeline.replaceSync(css);
    const own = new CSSStyleSheet();
    own.replaceSync(ELEMENT_CSS);
    return [timeline, own];
  })();
  return sheetsReady;
}

const DARK = `
  --tl-mono: var(--smtp-timeline-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  --tl-bg: var(--smtp-timeline-panel, #1b1f24);
  --tl-fg: var(--smtp-timeline-fg, #e4e7eb);
  --tl-muted: #a2abb5;
  --tl-line: #3a4048;
  --tl-client: #1d2838; --tl-client-edge: #3f5f8f;
  --tl-server: #2a2820; --tl-server-edge: #6e6443;
  --ok: #7fd39a;   --ok-bg: #173323;
  --warn: #f0c36a; --warn-bg: #3a2e12;
  --bad: #ff9a90;  --bad-bg: #41201d;
  --info: #9fbff0; --info-bg: #1d2a3d;
  --tls: #c6b2ff;  --tls-bg: #2a2241;
  color-scheme: dark;
`;

const LIGHT = `
  --tl-mono: var(--smtp-timeline-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  --tl-bg: var(--smtp-timeline-panel, #fff);
  --tl-fg: var(--smtp-timeline-fg, #1d2126);
  --tl-muted: #5b636d;
  --tl-line: #d9dcdf;
  --tl-client: #eef3fb; --tl-client-edge: #9db6dc;
  --tl-server: #f3f1ea; --tl-server-edge: #c3b98f;
  --ok: #1b6e3a;   --ok-bg: #e5f4ea;
  --warn: #8a5a00; --warn-bg: #fbf1da;
  --bad: #b3261e;  --bad-bg: #fbe7e5;
  --info: #3b5a85; --info-bg: #e8eef7;
  --tls: #5b3f9e;  --tls-bg: #efeaf9;
  color-scheme: light;
`;

const ELEMENT_CSS = `
:host { display: block; margin: 1em 0; }
:host([hidden]) { display: none; }
.scope, .fallback {
  --stl-rem: var(--smtp-timeline-font-size, 15px);
  font-size: var(--stl-rem);
  font-family: var(--smtp-timeline-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-weight: normal;
  font-style: normal;
  line-height: 1.5;
  letter-spacing: normal;
  text-align: start;
  text-transform: none;
  background: var(--smtp-timeline-bg, transparent);
}
.scope { ${LIGHT} color: var(--tl-fg); }
@media (prefers-color-scheme: dark) {
  :host(:not([theme=light])) .scope { ${DARK} }
}
:host([theme=dark]) .scope { ${DARK} }
:host([theme=dark]) .scope, :host([theme=dark]) .fallback { background: var(--smtp-timeline-bg, var(--tl-bg)); }
:host([theme=dark]) .scope { padding: 0.75em; border-radius: 8px; }
.scope a { color: var(--info); }
.fallback { margin: 0; white-space: pre-wrap; font-family: var(--smtp-timeline-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); overflow-wrap: anywhere; }
.fallback .error { display: block; color: #b3261e; font-family: system-ui, sans-serif; margin-bottom: 0.5em; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
.step.current > .bubble, .step.current .tls-band { outline: 3px solid var(--focus, #1f5fbf); outline-offset: 2px; }
:host([annotations=compact]) :is(.explain, .links, .chips, .transactions, .diagnostics, .answered, .decoded, .session-meta, .outcome-summary) { display: none; }
:host([annotations=none]) :is(.explain, .reason, .remedy, .links, .chips, .outcome, .auth, .transactions, .diagnostics, .answered, .decoded, .session-meta) { display: none; }
`;

/** The text content, without the indentation common to its lines. */
export function dedent(text) {
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[0].trim() === "") lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n") + (lines.length ? "\n" : "");
}

/** Which parts of the rendered tree are exposed to ::part(). */
const PARTS = [
  [".scope", "timeline"],
  [".session", "session"],
  [".outcome", "banner"],
  [".step", "step"],
  [".bubble", "bubble"],
  [".src-line", "line"],
  [".badge", "badge"],
  [".tls-band", "tls"],
];

export class SmtpTimeline extends HTMLElement {
  static observedAttributes = ["format", "annotations", "theme", "collapsed-data", "start-step", "src"];

  #transcript = null;
  #parsed = null;
  #pending = false;
  #generation = 0;
  #observer = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    // Until the timeline is drawn (and if it cannot be), the original text
    // shows, as it does without JavaScript.
    const fallback = document.createElement("pre");
    fallback.className = "fallback";
    fallback.setAttribute("part", "fallback");
    fallback.append(document.createElement("slot"));
    root.append(fallback);
    root.addEventListener("click", (event) => this.#onClick(event));
  }

  /** The transcript set from JavaScript (a string or a parse result). */
  get transcript() {
    return this.#transcript;
  }

  set transcript(value) {
    this.#transcript = value ?? null;
    this.#schedule();
  }

  /** What the parser returned for the current transcript (null before). */
  get parsed() {
    return this.#parsed;
  }

  /** Resolves once the current transcript is drawn. */
  get updateComplete() {
    return this.#done ?? Promise.resolve();
  }

  #done = null;

  connectedCallback() {
    // Text added or changed later (including while the HTML parser is still
    // filling the element) is drawn again.
    this.#observer ??= new MutationObserver(() => {
      if (this.#transcript === null && !this.hasAttribute("src")) this.#schedule();
    });
    this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    this.#schedule();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    this.#done = new Promise((resolve) => {
      queueMicrotask(() => {
        this.#pending = false;
        this.#render().then(resolve, resolve);
      });
    });
  }

  async #source() {
    if (this.#transcript !== null) return this.#transcript;
    const src = this.getAttribute("src");
    if (src) {
      const response = await fetch(new URL(src, document.baseURI));
      if (!response.ok) throw new Error(`could not load ${src}: HTTP ${response.status}`);
      return response.text();
    }
    return dedent(this.textContent ?? "");
  }

  async #render() {
    const generation = ++this.#generation;
    try {
      const [source, sheets] = await Promise.all([this.#source(), loadSheets(), loadParser()]);
      if (generation !== this.#generation) return;
      const format = this.getAttribute("format");
      const parsed = typeof source === "string" ? parse(source, format ? { format, parts: true } : { parts: true }) : source;
      this.#parsed = parsed;
      this.shadowRoot.adoptedStyleSheets = sheets;
      const holder = document.createElement("div");
      renderTranscript(holder, parsed);
      const scope = holder.firstElementChild ?? holder;
      this.#decorate(scope);
      this.shadowRoot.replaceChildren(scope);
      this.setAttribute("data-ready", "true");
      this.dispatchEvent(new CustomEvent("smtp-timeline-render", { detail: { transcript: parsed } }));
    } catch (error) {
      if (generation !== this.#generation) return;
      const message = document.createElement("span");
      message.className = "error";
      message.setAttribute("role", "alert");
      message.textContent = `smtp-timeline: ${error?.message ?? error}`;
      const fallback = document.createElement("pre");
      fallback.className = "fallback";
      fallback.setAttribute("part", "fallback");
      fallback.append(message, document.createElement("slot"));
      this.shadowRoot.replaceChildren(fallback);
      this.setAttribute("data-ready", "error");
    }
  }

  #decorate(scope) {
    for (const [selector, part] of PARTS) {
      const nodes = scope.matches(selector) ? [scope] : [];
      nodes.push(...scope.querySelectorAll(selector));
      for (const node of nodes) node.setAttribute("part", `${node.getAttribute("part") ?? ""} ${part}`.trim());
    }
    if (this.getAttribute("collapsed-data") === "false") {
      for (const d of scope.querySelectorAll("details.data")) d.open = true;
    }
    const start = this.getAttribute("start-step");
    if (start) {
      const step = scope.querySelector(`.step[data-line="${CSS.escape(start)}"]`);
      if (step) {
        step.classList.add("current");
        step.setAttribute("part", `${step.getAttribute("part")} current`);
      }
    }
  }

  /** In-timeline links (#line-N) move within the shadow root. */
  #onClick(event) {
    const link = event.target instanceof Element ? event.target.closest("a[href^='#line-']") : null;
    if (!link) return;
    const step = this.shadowRoot.getElementById(link.getAttribute("href").slice(1));
    if (!step) return;
    event.preventDefault();
    for (const s of this.shadowRoot.querySelectorAll(".step.current")) s.classList.remove("current");
    step.classList.add("current");
    step.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
}

if (!customElements.get("smtp-timeline")) customElements.define("smtp-timeline", SmtpTimeline);
