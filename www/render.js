// Render a parsed transcript (the object `parse` returns, see src/model.rs)
// into a container element, as an annotated two-lane timeline.
//
//   import { renderTranscript, getController } from "./render.js";
//   renderTranscript(container, parse(text, { format: "auto" }), {
//     explainToken,          // optional: the wasm explainToken(id)
//     onNavigate(s, e) {},   // optional: a step was selected (0-based indices)
//     onRevealSecrets(show) {}, // optional: offer a "reveal the AUTH secret" button
//     loadSession(i) {},     // optional: a Promise of session i, for a summary transcript
//     lineSessions,          // optional: with loadSession, the session index of each line
//   });
//   getController(container).next();   // j/k, first error, filters, reveal
//
// Everything that comes from the pasted text is inserted with text nodes
// (createTextNode / textContent), never as HTML. The renderer keeps no
// page-global state: it only touches the container it is given (it may live
// in a shadow root) and needs only timeline.css.

/** Above this many steps a timeline is drawn windowed (only what is on screen). */
export const VIRTUAL_ABOVE = 600;
/** Session rows drawn at once in the session list before "show more". */
export const SESSION_ROWS = 200;

const STATUS = {
  delivered: { label: "Delivered", icon: "✓" },
  rejected: { label: "Rejected", icon: "✕" },
  deferred: { label: "Deferred", icon: "↻" },
  incomplete: { label: "Incomplete", icon: "…" },
};

const ACTOR = {
  sender: "the sender",
  "sender-admin": "the sender's mail administrator",
  recipient: "the recipient",
  "recipient-admin": "the recipient's mail administrator",
  nobody: "nobody",
};

const GAP_DIAGS = new Set(["slow-reply", "long-gap"]);
const LONG_GAP_MS = 10000;

/**
 * Build an element. `attrs` values are set as attributes (or as properties
 * for `className`, `dataset`); children are nodes or strings (strings
 * become text nodes). Null/undefined/false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

function formatBytes(n) {
  if (n < 1024) return plural(n, "byte");
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function formatDelay(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60000);
  const s = Math.round((ms % 60000) / 1000);
  return `${m} min ${s} s`;
}

/** A link to the step that starts at `line`; the renderer handles the click. */
function lineLink(line, prefix = "line ") {
  return h("a", { className: "line-link", href: `#line-${line}`, dataset: { line } }, `${prefix}${line}`);
}

function safeLinks(links) {
  return (Array.isArray(links) ? links : []).filter((l) => typeof l === "string" && /^https:\/\/[^\s]+$/.test(l));
}

/** Which lane an event belongs in. */
function laneOf(event) {
  switch (event.kind) {
    case "command":
    case "data":
      return "client";
    case "reply":
      return "server";
    default:
      return "middle";
  }
}

function codeClass(code) {
  const first = Math.floor(Number(code) / 100);
  return first >= 2 && first <= 5 ? `code-${first}` : "code-x";
}

/** A blank line between steps. (src/summary.rs follows these two rules for the briefs of a big log.) */
export const isBlank = (e) => e.kind === "note" && e.level === "blank";

/** Is this step part of what went wrong? */
export function isError(event, events) {
  switch (event.kind) {
    case "reply":
      return Number(event.code) >= 400;
    case "unparsed":
      return true;
    case "note":
      return event.level === "error";
    case "command": {
      if (event.parsed?.kind === "invalid") return true;
      const r = typeof event.reply === "number" ? events[event.reply] : null;
      return !!r && Number(r.code) >= 400;
    }
    default:
      return false;
  }
}

// --- token parts and their popover ------------------------------------------

/** The source lines of an event, each split into its explained parts. */
function sourceBlock(event) {
  const source = Array.isArray(event.source) && event.source.length
    ? event.source
    : [{ line: event.line, text: event.text ?? "" }];
  const parts = Array.isArray(event.parts) ? event.parts : [];
  return h(
    "div",
    { className: source.length > 1 ? "src multi" : "src single", role: "group", "aria-label": "Source lines" },
    source.map((s) =>
      h(
        "div",
        { className: "src-line" },
        h("span", { className: "src-no", "aria-hidden": "true" }, String(s.line)),
        h("code", { className: "src-text" }, lineWithParts(String(s.text ?? ""), parts.filter((p) => p.line === s.line))),
      ),
    ),
  );
}

function lineWithParts(text, parts) {
  if (text === "") return " ";
  if (!parts.length) return text;
  const out = [];
  let at = 0;
  for (const p of [...parts].sort((a, b) => a.from - b.from)) {
    const from = Number(p.from);
    const to = Number(p.to);
    if (!(from >= at && to > from && to <= text.length)) continue; // overlapping or out of range
    if (from > at) out.push(text.slice(at, from));
    out.push(
      h(
        "span",
        {
          className: `part part-${String(p.kind ?? "unknown").replace(/[^\w-]/g, "")}`,
          tabindex: "0",
          role: "button",
          "aria-haspopup": "dialog",
          dataset: { token: p.id ?? "", note: p.note ?? "", kind: p.kind ?? "unknown" },
        },
        text.slice(from, to),
      ),
    );
    at = to;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

function popoverContent(token, kind, note, text, explainToken) {
  let info = null;
  if (token && typeof explainToken === "function") {
    try {
      info = explainToken(token);
    } catch {
      info = null;
    }
  }
  const rows = [];
  rows.push(h("p", { className: "pop-title" }, h("code", {}, text), kind ? h("span", { className: "pop-kind" }, ` ${kind}`) : null));
  if (note) rows.push(h("p", { className: "pop-note" }, note));
  if (info) {
    if (info.name && info.name !== text) rows.push(h("p", { className: "pop-name" }, h("strong", {}, info.name)));
    if (info.summary) rows.push(h("p", { className: "pop-summary" }, info.summary));
    if (info.syntax) rows.push(h("p", {}, h("span", { className: "k" }, "Syntax: "), h("code", {}, info.syntax)));
    if (info.details) rows.push(h("p", { className: "pop-details" }, info.details));
    if (info.requires) rows.push(h("p", {}, h("span", { className: "k" }, "Needs the server to offer: "), h("code", {}, info.requires)));
    if (Array.isArray(info.replies) && info.replies.length) rows.push(h("p", {}, h("span", { className: "k" }, "Replies: "), info.replies.join(", ")));
    if (info.safeWithoutTls === false) rows.push(h("p", { className: "pop-warn" }, "Not safe without TLS: it sends a reusable secret."));
    if (info.deprecated) rows.push(h("p", { className: "pop-warn" }, "Deprecated."));
    const url = safeLinks([info.rfcUrl])[0];
    if (info.rfc) rows.push(h("p", { className: "pop-rfc" }, url ? h("a", { href: url, rel: "noopener noreferrer external", target: "_blank" }, info.rfc) : info.rfc));
  } else if (!token && !note) {
    rows.push(h("p", { className: "pop-unknown" }, "Not a token smtpscope knows."));
  } else if (token && !note) {
    rows.push(h("p", { className: "pop-unknown" }, "No explanation is available here."));
  }
  return rows;
}

/** One popover per rendered root; opened by hover, focus or tap on a part or chip. */
function installPopover(root, explainToken) {
  const pop = h("div", { className: "popover", role: "dialog", "aria-label": "Explanation", hidden: true });
  root.append(pop);
  let current = null;
  let hideTimer = 0;
  const targetOf = (node) => (node instanceof Element ? node.closest(".part, .chip-btn") : null);

  function show(target) {
    clearTimeout(hideTimer);
    if (current === target && !pop.hidden) return;
    current = target;
    const d = target.dataset;
    pop.replaceChildren(...popoverContent(d.token || null, d.kind === "unknown" ? "" : d.kind, d.note || null, target.textContent.trim(), explainToken));
    pop.hidden = false;
    target.setAttribute("aria-expanded", "true");
    const r = target.getBoundingClientRect();
    const base = root.getBoundingClientRect();
    const width = Math.min(pop.offsetWidth || 320, base.width);
    const left = Math.max(0, Math.min(r.left - base.left, base.width - width));
    pop.style.left = `${left}px`;
    pop.style.top = `${r.bottom - base.top + 6}px`;
  }
  function hide() {
    if (current) current.setAttribute("aria-expanded", "false");
    current = null;
    pop.hidden = true;
  }
  const later = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  };
  root.addEventListener("mouseover", (e) => {
    const t = targetOf(e.target);
    if (t) show(t);
    else if (pop.contains(e.target)) clearTimeout(hideTimer);
  });
  root.addEventListener("mouseout", (e) => {
    if (targetOf(e.target) || pop.contains(e.target)) {
      if (current && current.contains(document.activeElement)) return;
      if (current && current === root.getRootNode().activeElement) return;
      later();
    }
  });
  root.addEventListener("focusin", (e) => {
    const t = targetOf(e.target);
    if (t) show(t);
    else if (!pop.contains(e.target)) hide();
  });
  root.addEventListener("click", (e) => {
    const t = targetOf(e.target);
    if (t) show(t);
  });
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !pop.hidden) {
      const t = current;
      hide();
      t?.focus?.();
      e.stopPropagation();
    } else if ((e.key === "Enter" || e.key === " ") && targetOf(e.target)) {
      e.preventDefault();
      show(targetOf(e.target));
    }
  });
  return { hide };
}

// --- pieces of a step -----------------------------------------------------

function badge(text, className, title) {
  return h("span", { className: `badge ${className}`, title }, text);
}

function delayBadge(event, ctx) {
  const ms = Number(event.delayMs);
  if (!(ms >= 1000)) return null;
  const slow = ctx.gapLines.has(event.line) || ms >= LONG_GAP_MS;
  return h(
    "span",
    { className: slow ? "delay slow" : "delay", title: slow ? "A long wait before this step" : "Time since the previous step" },
    slow ? `⏱ waited ${formatDelay(ms)}` : `+${formatDelay(ms)}`,
  );
}

function stepHead(event, lane, extra, ctx) {
  const who = { client: "Client", server: "Server", middle: "" }[lane];
  return h(
    "div",
    { className: "step-head" },
    h("span", { className: "step-line" }, lineLink(event.line, "L")),
    who ? h("span", { className: "who" }, who) : null,
    extra,
    event.group !== null && event.group !== undefined
      ? badge(`pipelined #${event.group}`, "badge-group", "Sent together with other commands before any reply")
      : null,
    // The stripe on the left says it to the eye; this says it in words.
    event.encrypted ? h("span", { className: "visually-hidden" }, "(inside TLS)") : null,
    event.inferred ? badge("inferred", "badge-inferred", "Reconstructed from a summary log line, not seen on the wire") : null,
    delayBadge(event, ctx),
    // The time, unless the source line already starts with it (logs).
    event.time && !String(event.source?.[0]?.text ?? "").startsWith(event.time) ? h("time", { className: "step-time" }, event.time) : null,
  );
}

function capabilityChips(capabilities) {
  return h(
    "ul",
    { className: "chips", "aria-label": "Capabilities" },
    capabilities.map((c) =>
      h(
        "li",
        { className: "chip" },
        h(
          "button",
          { type: "button", className: "chip-btn", "aria-haspopup": "dialog", dataset: { token: `ext:${c.keyword}`, kind: "extension" } },
          h("span", { className: "chip-key" }, c.keyword),
          c.params && c.params.length ? h("span", { className: "chip-params" }, " " + c.params.join(" ")) : null,
        ),
      ),
    ),
  );
}

function knowledge(fields) {
  const rows = [];
  if (fields.explanation) rows.push(h("p", { className: "explain" }, fields.explanation));
  if (fields.remedy) {
    const who = fields.actor ? ACTOR[fields.actor] ?? fields.actor : null;
    rows.push(
      h("p", { className: "remedy" }, h("span", { className: "k" }, who ? `What to do (${who}): ` : "What to do: "), fields.remedy),
    );
  }
  const links = safeLinks(fields.links);
  if (links.length) {
    rows.push(
      h(
        "p",
        { className: "links" },
        h("span", { className: "k" }, "Read more: "),
        links.map((l, i) => [i ? ", " : null, h("a", { href: l, rel: "noopener noreferrer external", target: "_blank" }, l)]),
      ),
    );
  }
  return rows;
}

function commandStep(event, session, index) {
  const verb = event.verb || "?";
  const label = verb === "AUTH-RESPONSE" ? "AUTH response" : verb;
  const extra = [badge(label, "badge-verb")];
  const parsed = event.parsed ?? {};
  if (parsed.kind === "invalid") extra.push(badge("invalid", "badge-bad", parsed.error));
  if (parsed.kind === "unknown") extra.push(badge("unknown verb", "badge-warn"));
  if (parsed.kind === "authResponse" && parsed.cancelled) extra.push(badge("cancelled", "badge-warn"));
  const body = [];
  // A command read out of a log or bounce line: its source line is that
  // line, so say what the command was.
  if (event.inferred) {
    const sent = `${verb} ${event.args ?? ""}`.trim();
    body.push(h("p", { className: "inferred-command" }, "Reconstructed command: ", h("code", {}, sent)));
  }
  // Say which reply answered it when that is not the next step (pipelining).
  if (typeof event.reply === "number" && event.reply !== index + 1 && session.events[event.reply]) {
    const r = session.events[event.reply];
    body.push(h("p", { className: "answered" }, "↪ answered by ", lineLink(r.line), r.code ? ` (${r.code})` : null));
  }
  if (parsed.kind === "invalid" && parsed.error) body.push(h("p", { className: "reason" }, parsed.error));
  return { extra, body };
}

function replyStep(event, session, index) {
  const extra = [badge(String(event.code), `badge-code ${codeClass(event.code)}`)];
  if (event.enhanced) extra.push(badge(event.enhanced, `badge-enh ${codeClass(event.code)}`, "Enhanced status code"));
  if (event.queueId) extra.push(badge(`queued as ${event.queueId}`, "badge-queue"));
  const body = [];
  if (typeof event.inReplyTo === "number") {
    const c = session.events[event.inReplyTo];
    // Say what it answers when that is not obvious (pipelining, interleaving).
    const grouped = c && c.group !== null && c.group !== undefined;
    if (c && (grouped || event.inReplyTo !== index - 1)) {
      body.push(h("p", { className: "answered" }, "↩ answers ", h("strong", {}, c.verb ?? "command"), " at ", lineLink(c.line)));
    }
  }
  if (event.decoded) body.push(h("p", { className: "decoded" }, h("span", { className: "k" }, "Decoded: "), h("code", {}, event.decoded)));
  body.push(...knowledge(event));
  if (Array.isArray(event.capabilities) && event.capabilities.length) body.push(capabilityChips(event.capabilities));
  return { extra, body };
}

function dataStep(event) {
  const facts = [formatBytes(event.size ?? 0), plural((event.headers ?? []).length, "header")];
  if (event.eightBit) facts.push("8-bit");
  if (event.terminated === false) facts.push("not terminated by “.”");
  const table = (event.headers ?? []).length
    ? h(
        "table",
        { className: "headers" },
        h("caption", { className: "visually-hidden" }, "Message header fields"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Value"))),
        h("tbody", {}, event.headers.map((hd) => h("tr", {}, h("th", { scope: "row" }, hd.name), h("td", {}, hd.value)))),
      )
    : null;
  const details = h(
    "details",
    { className: "data" },
    h("summary", {}, `Message content — ${facts.join(", ")}`),
    table,
    sourceBlock(event),
  );
  return { extra: [badge("DATA content", "badge-verb")], body: [details], noSource: true };
}

function renderStep(event, session, index, ctx) {
  const lane = laneOf(event);
  const stepId = `s${ctx.sessionIndex + 1}-${index + 1}`;
  const common = { "data-step": stepId, tabindex: "-1", dataset: { line: event.line, kind: event.kind, index } };
  let parts = { extra: [], body: [] };
  if (event.kind === "command") parts = commandStep(event, session, index);
  else if (event.kind === "reply") parts = replyStep(event, session, index);
  else if (event.kind === "data") parts = dataStep(event);
  else if (event.kind === "unparsed") {
    parts.extra.push(badge("not understood", "badge-warn"));
    if (event.reason) parts.body.push(h("p", { className: "reason" }, event.reason));
  } else if (event.kind === "note" && event.level && event.level !== "info") {
    parts.extra.push(badge(event.level, event.level === "error" ? "badge-bad" : "badge-warn"));
  }

  if (event.kind === "tls") {
    return h(
      "li",
      { className: "step step-tls", ...common },
      h(
        "div",
        { className: "tls-band", role: "group", "aria-label": "TLS" },
        h(
          "p",
          { className: "tls-head" },
          h("span", { className: "step-line" }, lineLink(event.line, "L")),
          h("span", { className: "tls-label" }, "TLS"),
          h("span", { className: "tls-text" }, event.text || "The connection is encrypted from here on."),
        ),
        sourceBlock(event),
      ),
    );
  }

  const classes = ["step", `step-${event.kind}`, `lane-${lane}`];
  if (event.kind === "note" && !parts.extra.length) classes.push("compact");
  if (event.encrypted) classes.push("encrypted");
  if (event.kind === "reply") classes.push(codeClass(event.code));
  if (event.group !== null && event.group !== undefined) classes.push("grouped");
  if (ctx.errors.has(index)) classes.push("is-error");
  return h(
    "li",
    { className: classes.join(" "), ...common },
    h("div", { className: "bubble" }, stepHead(event, lane, parts.extra, ctx), parts.noSource ? null : sourceBlock(event), parts.body),
  );
}

// --- session-level pieces -------------------------------------------------

/** "550 5.1.1 text" of a ReplyRef; the text may already start with the enhanced code. */
function replyText(r) {
  const text = r.text ?? "";
  const enhanced = r.enhanced && !text.startsWith(r.enhanced) ? ` ${r.enhanced}` : "";
  return `${r.code}${enhanced}${text ? ` ${text}` : ""}`;
}

/** The outcome headline without what the banner says elsewhere (status word, decisive reply). */
function shortHeadline(o, label) {
  let headline = o.headline || o.summary || "";
  // "Delivered: …" under a "Delivered" label says it twice.
  if (headline.toLowerCase().startsWith(`${label.toLowerCase()}:`)) headline = headline.slice(label.length + 1).trim();
  // The decisive reply gets a line of its own: do not quote it twice.
  if (o.reply) headline = headline.replace(/[;,]\s*the server said [^;]*?(?=(?:, and [^;]*)?\.?$)/, "").replace(/\s+$/, "");
  return headline ? headline[0].toUpperCase() + headline.slice(1) : "";
}

function outcomeBanner(session) {
  const o = session.outcome ?? {};
  const status = STATUS[o.status] ? o.status : "incomplete";
  const { label, icon } = STATUS[status];
  const headline = shortHeadline(o, label);
  const rows = [];
  if (o.reply) {
    rows.push(
      h(
        "p",
        { className: "outcome-reply" },
        h("code", {}, replyText(o.reply)),
        " ",
        h("span", { className: "k" }, o.stage ? `— the reply to ${o.stage}, ` : "— "),
        lineLink(o.reply.line),
      ),
    );
  }
  if (o.remedy) {
    const who = o.actor ? ACTOR[o.actor] ?? o.actor : null;
    rows.push(
      h(
        "p",
        { className: "outcome-remedy" },
        who ? h("strong", { className: "outcome-actor" }, `${who[0].toUpperCase()}${who.slice(1)} should act: `) : h("strong", {}, "What to do: "),
        o.remedy,
      ),
    );
  }
  const replyEvent = o.reply && typeof o.reply.event === "number" ? session.events?.[o.reply.event] : null;
  const links = safeLinks(replyEvent?.links);
  if (links.length) {
    rows.push(
      h(
        "p",
        { className: "links" },
        h("span", { className: "k" }, "Provider help: "),
        links.map((l, i) => [i ? ", " : null, h("a", { href: l, rel: "noopener noreferrer external", target: "_blank" }, l)]),
      ),
    );
  }
  return h(
    "div",
    { className: `outcome outcome-${status}`, dataset: { reason: o.reason ?? "" } },
    h(
      "p",
      { className: "outcome-title" },
      h("span", { className: "outcome-icon", "aria-hidden": "true" }, icon),
      h("strong", { className: "outcome-status" }, label),
      headline ? h("span", { className: "outcome-headline" }, headline) : null,
    ),
    rows,
  );
}

function authLine(auth, options) {
  if (!auth) return null;
  let state = "result unknown";
  if (auth.success === true) state = "succeeded";
  else if (auth.success === false) state = "failed";
  const p = h(
    "p",
    { className: "auth" },
    h("span", { className: "k" }, "AUTH "),
    badge(auth.mechanism || "?", "badge-verb"),
    " as ",
    h("strong", { className: "auth-user" }, auth.user ?? "(unknown user)"),
    ` — ${state}`,
    auth.secret
      ? [" · secret: ", h("code", { className: "secret shown" }, auth.secret)]
      : auth.masked
        ? [" · secret: ", h("code", { className: "secret", title: "Masked: smtpscope never shows AUTH secrets unless asked" }, "••••••••"), " (masked)"]
        : null,
    " ",
    lineLink(auth.line),
  );
  if (typeof options.onRevealSecrets !== "function" || !(auth.secret || auth.masked)) return p;
  const box = h("span", { className: "reveal" });
  const offer = () => {
    if (auth.secret) {
      const hide = h("button", { type: "button", className: "reveal-btn" }, "Mask the secret again");
      hide.addEventListener("click", () => options.onRevealSecrets(false));
      box.replaceChildren(hide);
      return;
    }
    const ask = h("button", { type: "button", className: "reveal-btn" }, "Reveal the secret…");
    ask.addEventListener("click", () => {
      const yes = h("button", { type: "button", className: "reveal-yes" }, "Yes, show it");
      const no = h("button", { type: "button", className: "reveal-no" }, "Cancel");
      yes.addEventListener("click", () => options.onRevealSecrets(true));
      no.addEventListener("click", offer);
      box.replaceChildren(h("span", { className: "reveal-ask", role: "alert" }, "Show the password or token on screen? Anyone who can see your screen will read it. "), yes, " ", no);
      no.focus();
    });
    box.replaceChildren(ask);
  };
  offer();
  p.append(" ", box);
  return p;
}

function transactionsList(session) {
  const ts = session.transactions ?? [];
  if (!ts.length) return null;
  return h(
    "details",
    { className: "transactions", open: ts.length <= 3 },
    h("summary", {}, plural(ts.length, "mail transaction")),
    h(
      "ol",
      {},
      ts.map((t) =>
        h(
          "li",
          {},
          h("span", { className: `status-text status-${t.status}` }, STATUS[t.status]?.label ?? t.status),
          // A bounce or a summary log may not name the sender.
          t.sender == null ? " from an unknown sender" : [" from ", h("code", {}, t.sender === "" ? "<>" : t.sender)],
          " ",
          lineLink(t.line),
          h(
            "ul",
            {},
            (t.recipients ?? []).map((r) =>
              h(
                "li",
                { className: r.accepted ? "rcpt ok" : "rcpt bad" },
                r.accepted ? "accepted " : "refused ",
                h("code", {}, r.address),
                r.reply ? [" — ", h("code", {}, `${r.reply.code}${r.reply.enhanced ? " " + r.reply.enhanced : ""}`)] : null,
              ),
            ),
            t.data
              ? h(
                  "li",
                  { className: t.data.accepted ? "rcpt ok" : "rcpt bad" },
                  t.data.accepted ? "message accepted" : "message not accepted",
                  t.data.queueId ? [" as ", h("code", {}, t.data.queueId)] : null,
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

function sessionTitle(session, index, count) {
  return count > 1 ? `Session ${index + 1}${session.id ? ` (${session.id})` : ""}` : session.id ? `Session ${session.id}` : "Session";
}

function stepCount(session) {
  if (!Array.isArray(session.events) && session.brief) return session.brief.steps;
  return (session.events ?? []).filter((e) => !isBlank(e)).length;
}

// --- the timeline of one session, windowed when long ---------------------------

class Timeline {
  constructor(session, sessionIndex, ctx, list) {
    this.session = session;
    this.events = session.events ?? [];
    this.ctx = { ...ctx, sessionIndex, errors: new Set() };
    this.events.forEach((e, i) => {
      if (isError(e, this.events)) this.ctx.errors.add(i);
    });
    // The step that starts at a line gets the id line-N (the first, when a
    // summary log line starts several events).
    this.lineFirst = new Map();
    this.events.forEach((e, i) => {
      if (!isBlank(e) && !this.lineFirst.has(e.line)) this.lineFirst.set(e.line, i);
    });
    this.list = list;
    this.filter = { errorsOnly: false, query: "" };
    this.visible = [];
    this.current = -1; // position in `visible` of the selected step
    this.avg = 90; // estimated step height (px), refined as steps are drawn
    this.onScroll = () => {
      if (this.raf) return;
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.drawWindow();
      });
    };
    this.apply();
  }

  matches(i) {
    const e = this.events[i];
    if (isBlank(e)) return false;
    if (this.filter.errorsOnly && !this.ctx.errors.has(i)) return false;
    const q = this.filter.query;
    if (q) {
      const hay = (Array.isArray(e.source) ? e.source.map((s) => s.text).join("\n") : e.text ?? "").toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  }

  apply() {
    this.visible = [];
    for (let i = 0; i < this.events.length; i++) if (this.matches(i)) this.visible.push(i);
    this.current = -1;
    this.virtual = this.visible.length > VIRTUAL_ABOVE;
    this.list.classList.toggle("virtual", this.virtual);
    this.drawn = new Map();
    if (!this.virtual) {
      this.list.replaceChildren(...this.visible.map((i) => this.step(i)));
      this.detach();
    } else {
      this.top = h("li", { className: "spacer", "aria-hidden": "true" });
      this.bottom = h("li", { className: "spacer", "aria-hidden": "true" });
      this.list.replaceChildren(this.top, this.bottom);
      this.range = [0, 0];
      this.attach();
      this.drawWindow();
    }
    return this.visible.length;
  }

  step(i) {
    const el = renderStep(this.events[i], this.session, i, this.ctx);
    if (this.lineFirst.get(this.events[i].line) === i) el.id = `line-${this.events[i].line}`;
    return el;
  }

  /** The step at position k of `visible`, drawn for the window. */
  drawnStep(k) {
    const el = this.step(this.visible[k]);
    this.drawn.set(k, el);
    return el;
  }

  attach() {
    if (this.attached) return;
    this.attached = true;
    window.addEventListener("scroll", this.onScroll, { passive: true });
    window.addEventListener("resize", this.onScroll, { passive: true });
  }

  detach() {
    if (!this.attached) return;
    this.attached = false;
    window.removeEventListener("scroll", this.onScroll);
    window.removeEventListener("resize", this.onScroll);
  }

  /** Windowed drawing: only the steps near the viewport exist in the DOM. */
  drawWindow(center) {
    if (!this.virtual) return;
    if (!this.list.isConnected) return;
    const n = this.visible.length;
    const rect = this.list.getBoundingClientRect();
    const offset = Math.max(0, -rect.top);
    const count = Math.ceil(window.innerHeight / Math.max(30, this.avg)) + 1;
    const from = center ?? Math.min(n - 1, Math.floor(offset / this.avg));
    // Still covered by what is drawn: nothing to do (keeps focus and selection).
    if (center === undefined && this.range[0] <= Math.max(0, from - 2) && Math.min(n, from + count + 2) <= this.range[1]) return;
    const first = Math.max(0, from - 10);
    const last = Math.min(n, first + count + 25);
    if (this.range[0] === first && this.range[1] === last) return;
    const focused = this.list.getRootNode().activeElement;
    const focusedIndex = focused && this.list.contains(focused) ? focused.closest(".step")?.dataset.index : undefined;
    const [a, b] = this.range;
    this.range = [first, last];
    if (first < b && a < last) {
      // Scrolled by less than a window: keep the steps still in range (the
      // browser keeps their style and layout) and draw only the new ones.
      for (let k = a; k < b; k++) {
        if (k >= first && k < last) continue;
        this.drawn.get(k)?.remove();
        this.drawn.delete(k);
      }
      const before = [];
      for (let k = first; k < a; k++) before.push(this.drawnStep(k));
      const after = [];
      for (let k = Math.max(b, first); k < last; k++) after.push(this.drawnStep(k));
      this.top.after(...before);
      this.bottom.before(...after);
    } else {
      this.drawn = new Map();
      const nodes = [];
      for (let k = first; k < last; k++) nodes.push(this.drawnStep(k));
      this.list.replaceChildren(this.top, ...nodes, this.bottom);
    }
    const nodes = [];
    for (let k = first; k < last; k++) nodes.push(this.drawn.get(k));
    this.top.style.height = `${first * this.avg}px`;
    this.bottom.style.height = `${(n - last) * this.avg}px`;
    if (focusedIndex !== undefined && !this.list.contains(focused)) this.list.querySelector(`[data-index="${focusedIndex}"]`)?.focus({ preventScroll: true });
    // Refine the estimate from what is drawn, so the scrollbar stays honest.
    const drawnHeight = nodes.reduce((sum, node) => sum + node.offsetHeight, 0);
    if (nodes.length >= 10 && drawnHeight > 0) {
      const avg = Math.max(30, Math.min(400, Math.round(drawnHeight / nodes.length)));
      if (avg !== this.avg) {
        this.avg = avg;
        this.top.style.height = `${first * this.avg}px`;
        this.bottom.style.height = `${(n - last) * this.avg}px`;
      }
    }
  }

  /** The step element for event `i`, drawing it if needed (scrolls in windowed mode). */
  element(i) {
    let k = this.visible.indexOf(i);
    if (k < 0) {
      // Hidden by a filter: clear the filter so the step can be shown.
      if (this.filter.errorsOnly || this.filter.query) {
        this.filter = { errorsOnly: false, query: "" };
        this.apply();
        this.ctx.onFilterReset?.();
        k = this.visible.indexOf(i);
      }
      if (k < 0) return null;
    }
    let el = this.list.querySelector(`[data-index="${i}"]`);
    if (this.virtual && !el) {
      this.range = [-1, -1];
      this.drawWindow(k);
      el = this.list.querySelector(`[data-index="${i}"]`);
      el?.scrollIntoView({ block: "center" });
    }
    this.current = k;
    return el;
  }
}

// --- the whole view -----------------------------------------------------------

const CONTROLLERS = new WeakMap();

/** The controller of a container `renderTranscript` drew into (or undefined). */
export function getController(container) {
  return CONTROLLERS.get(container);
}

function sessionRow(session, i, count, onSelect) {
  const o = session.outcome ?? {};
  const status = STATUS[o.status] ? o.status : "incomplete";
  const facts = [plural(stepCount(session), "step")];
  let recipients = session.brief?.recipients;
  let accepted = session.brief?.accepted;
  if (recipients === undefined) {
    const rcpts = (session.transactions ?? []).flatMap((t) => t.recipients ?? []);
    recipients = rcpts.length;
    accepted = rcpts.filter((r) => r.accepted).length;
  }
  if (recipients) facts.push(`${accepted}/${recipients} recipients accepted`);
  const button = h(
    "button",
    { type: "button", className: `session-row row-${status}`, "aria-pressed": "false", dataset: { session: i } },
    h("span", { className: `row-status status-${status}` }, h("span", { "aria-hidden": "true" }, STATUS[status].icon, " "), STATUS[status].label),
    h("span", { className: "row-title" }, sessionTitle(session, i, count)),
    session.peer ? h("code", { className: "row-peer" }, session.peer) : null,
    session.startTime ? h("span", { className: "row-time" }, session.startTime) : null,
    h("span", { className: "row-facts" }, facts.join(" · ")),
    o.headline ? h("span", { className: "row-headline" }, shortHeadline(o, STATUS[status].label)) : null,
  );
  button.addEventListener("click", () => onSelect(i));
  return h("li", {}, button);
}

/**
 * Render `transcript` into `container`, replacing what it held.
 * options: { explainToken(id), onNavigate(sessionIndex, eventIndex),
 *            onRevealSecrets(show), session (initially selected, 0-based),
 *            loadSession(i), lineSessions }.
 *
 * A big transcript may come as a summary (see worker.js): sessions without
 * `events`, with a `brief` of what the session list needs; `loadSession(i)`
 * returns a Promise of the whole session i, fetched when it is opened, and
 * `lineSessions[line]` says which session holds a line (-1: none).
 * Returns the container; `getController(container)` drives it.
 */
export function renderTranscript(container, transcript, options = {}) {
  CONTROLLERS.get(container)?.dispose();
  const opts = options ?? {};
  const sessions = [...(transcript?.sessions ?? [])];
  const lazy = typeof opts.loadSession === "function";
  const isLoaded = (i) => !lazy || Array.isArray(sessions[i]?.events);
  const loading = new Map(); // session index -> Promise of the session
  let disposed = false;
  let afterLoad = null; // { s, run }: what to do once session s is drawn
  /** Session i, fetched when it is only a summary. */
  function load(i) {
    if (isLoaded(i)) return Promise.resolve(sessions[i]);
    if (!loading.has(i)) {
      loading.set(
        i,
        Promise.resolve()
          .then(() => opts.loadSession(i))
          .then(
            (s) => {
              if (!s || !Array.isArray(s.events)) throw new Error("no such session");
              sessions[i] = s;
              return s;
            },
            (e) => {
              loading.delete(i);
              throw e;
            },
          ),
      );
    }
    return loading.get(i);
  }
  const root = h("div", { className: "scope" });
  const diags = transcript?.diagnostics ?? [];
  const gapLines = new Set(diags.filter((d) => GAP_DIAGS.has(d.code) && typeof d.line === "number").map((d) => d.line));
  const ctx = { gapLines };
  const multi = sessions.length > 1;
  let selected = Math.max(0, Math.min(sessions.length - 1, Number(opts.session) || 0));
  let timeline = null;
  const detail = h("div", { className: "session-detail" });

  // Toolbar: first error, errors only, search.
  const firstErrorBtn = h("button", { type: "button", className: "first-error" }, "Jump to the first error");
  const errorsOnly = h("input", { type: "checkbox", className: "errors-only" });
  const search = h("input", { type: "search", className: "search", placeholder: "Search the steps", "aria-label": "Search the steps", autocomplete: "off", spellcheck: "false" });
  const count = h("span", { className: "filter-count", role: "status" });
  const toolbar = h(
    "div",
    { className: "toolbar", role: "toolbar", "aria-label": "Timeline tools" },
    firstErrorBtn,
    h("label", { className: "errors-only-label" }, errorsOnly, " Errors only"),
    search,
    count,
    h("span", { className: "keys" }, h("kbd", {}, "j"), " / ", h("kbd", {}, "k"), " next / previous step"),
  );

  function updateCount() {
    if (!timeline) return count.replaceChildren();
    const f = timeline.filter;
    count.textContent = f.errorsOnly || f.query ? `${plural(timeline.visible.length, "step")} shown` : "";
  }

  function applyFilter() {
    if (!timeline) return;
    timeline.filter = { errorsOnly: errorsOnly.checked, query: search.value.trim().toLowerCase() };
    timeline.apply();
    updateCount();
  }
  errorsOnly.addEventListener("change", applyFilter);
  let searchTimer = 0;
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(applyFilter, 120);
  });

  function markRows() {
    for (const b of root.querySelectorAll(".session-row")) b.setAttribute("aria-pressed", String(Number(b.dataset.session) === selected));
  }

  function renderDetail() {
    timeline?.detach();
    const session = sessions[selected];
    if (!session) {
      detail.replaceChildren();
      timeline = null;
      return;
    }
    const title = sessionTitle(session, selected, sessions.length);
    if (!isLoaded(selected)) {
      // A summary: say so, fetch the session, and draw it when it comes.
      timeline = null;
      const at = selected;
      const note = h("p", { className: "loading", role: "status" }, "Loading the session…");
      detail.replaceChildren(
        h("section", { className: "session", "aria-label": title, dataset: { session: at } }, h("header", { className: "session-head" }, h("h2", {}, title)), note),
      );
      updateCount();
      markRows();
      load(at).then(
        () => {
          if (disposed || selected !== at) return;
          renderDetail();
          if (afterLoad?.s === at) {
            const { run } = afterLoad;
            afterLoad = null;
            run();
          }
        },
        (e) => {
          if (disposed || selected !== at) return;
          note.textContent = `Could not load this session: ${e?.message ?? e}`;
        },
      );
      return;
    }
    const meta = [];
    if (session.peer) meta.push(h("span", {}, "peer ", h("code", {}, session.peer)));
    if (session.startTime) meta.push(h("span", {}, `${session.startTime}${session.endTime && session.endTime !== session.startTime ? ` – ${session.endTime}` : ""}`));
    if (session.tls) meta.push(badge("TLS", "badge-tls", "A STARTTLS was accepted, or the format shows encryption"));
    meta.push(h("span", {}, plural(stepCount(session), "step")));
    const list = h("ol", { className: "timeline", "aria-label": `${title} timeline` });
    timeline = new Timeline(session, selected, { ...ctx, onFilterReset: () => { errorsOnly.checked = false; search.value = ""; updateCount(); } }, list);
    timeline.filter = { errorsOnly: errorsOnly.checked, query: search.value.trim().toLowerCase() };
    if (timeline.filter.errorsOnly || timeline.filter.query) timeline.apply();
    firstErrorBtn.disabled = timeline.ctx.errors.size === 0 && !sessions.some((s, i) => i !== selected && s.outcome?.status !== "delivered");
    detail.replaceChildren(
      h(
        "section",
        { className: "session", "aria-label": title, dataset: { session: selected } },
        h("header", { className: "session-head" }, h("h2", {}, title), h("p", { className: "session-meta" }, meta.map((m, i) => [i ? " · " : null, m]))),
        outcomeBanner(session),
        authLine(session.auth, opts),
        transactionsList(session),
        toolbar,
        h(
          "div",
          { className: "lanes", "aria-hidden": "true" },
          h("span", { className: "lane-label lane-client" }, "Client"),
          h("span", { className: "lane-label lane-server" }, "Server"),
        ),
        list,
      ),
    );
    timeline.drawWindow();
    updateCount();
    markRows();
  }

  function select(i) {
    if (i === selected && (timeline || loading.has(i))) return;
    selected = i;
    renderDetail();
  }

  // Session list (several sessions): outcome filter, rows, show more.
  if (multi) {
    const byStatus = {};
    for (const s of sessions) {
      const st = STATUS[s.outcome?.status] ? s.outcome.status : "incomplete";
      byStatus[st] = (byStatus[st] ?? 0) + 1;
    }
    const filter = h(
      "select",
      { className: "outcome-filter", "aria-label": "Show sessions" },
      h("option", { value: "" }, `All outcomes (${sessions.length})`),
      Object.keys(STATUS)
        .filter((st) => byStatus[st])
        .map((st) => h("option", { value: st }, `${STATUS[st].label} (${byStatus[st]})`)),
    );
    const rows = h("ol", { className: "session-list" });
    let shown = 0;
    let matching = [];
    const more = h("button", { type: "button", className: "more-sessions" }, "Show more sessions");
    const drawRows = () => {
      const next = matching.slice(shown, shown + SESSION_ROWS);
      rows.append(...next.map((i) => sessionRow(sessions[i], i, sessions.length, (k) => { select(k); detail.querySelector("h2")?.scrollIntoView({ block: "start" }); })));
      shown += next.length;
      more.hidden = shown >= matching.length;
      more.textContent = `Show ${Math.min(SESSION_ROWS, matching.length - shown)} more of ${matching.length - shown}`;
      markRows();
    };
    const refill = () => {
      matching = sessions.map((_, i) => i).filter((i) => !filter.value || (STATUS[sessions[i].outcome?.status] ? sessions[i].outcome.status : "incomplete") === filter.value);
      shown = 0;
      rows.replaceChildren();
      drawRows();
    };
    filter.addEventListener("change", refill);
    more.addEventListener("click", drawRows);
    root.append(
      h(
        "section",
        { className: "sessions", "aria-label": "Sessions" },
        h("div", { className: "sessions-head" }, h("h2", {}, plural(sessions.length, "session")), h("label", { className: "outcome-filter-label" }, "Show ", filter)),
        rows,
        more,
      ),
    );
    refill();
  }
  root.append(detail);
  renderDetail();

  if (transcript?.unassigned?.length) {
    // Drawn in pages, as the session list: a log can hold thousands.
    const list = h("ol", { className: "timeline" });
    const events = transcript.unassigned;
    const fake = { events };
    const uctx = { ...ctx, sessionIndex: -1, errors: new Set() };
    const shownSteps = events.filter((e) => !isBlank(e)).length;
    let at = 0;
    let drawnSteps = 0;
    const more = h("button", { type: "button", className: "more-sessions" });
    const drawMore = () => {
      const nodes = [];
      for (; at < events.length && nodes.length < SESSION_ROWS; at++) if (!isBlank(events[at])) nodes.push(renderStep(events[at], fake, at, uctx));
      list.append(...nodes);
      drawnSteps += nodes.length;
      more.hidden = drawnSteps >= shownSteps;
      more.textContent = `Show ${Math.min(SESSION_ROWS, shownSteps - drawnSteps)} more of ${shownSteps - drawnSteps}`;
    };
    more.addEventListener("click", drawMore);
    drawMore();
    root.append(h("section", { className: "session unassigned", "aria-label": "Lines outside any session" }, h("h2", {}, "Outside any session"), list, more));
  }
  const diagList = diagnosticsList(diags);
  if (diagList) root.append(diagList);
  if (!sessions.length && !transcript?.unassigned?.length) root.append(h("p", { className: "empty" }, "No SMTP dialogue found."));
  const popover = installPopover(root, opts.explainToken);

  // Line links: find the step of that line (in whichever session) and go
  // there. The index is built on the first use.
  let lineIndex = null;
  const linesOf = (e) => (e.source?.length ? e.source : [{ line: e.line }]);
  function locateLine(line) {
    if (!lineIndex) {
      lineIndex = new Map();
      sessions.forEach((s, si) => (s.events ?? []).forEach((e, ei) => {
        for (const src of linesOf(e)) if (!lineIndex.has(src.line)) lineIndex.set(src.line, [si, ei]);
      }));
    }
    return lineIndex.get(line);
  }
  /** Reveal session s's step ei, or do it once the session is drawn; returns the element or null. */
  function revealWhenLoaded(s, find, focus) {
    if (isLoaded(s)) {
      const ei = find();
      return ei >= 0 ? controller.reveal(s, ei, focus) : null;
    }
    afterLoad = { s, run: () => { const ei = find(); if (ei >= 0) controller.reveal(s, ei, focus); } };
    select(s);
    return null;
  }

  const controller = {
    get sessionCount() { return sessions.length; },
    get selected() { return selected; },
    select(i) { if (i >= 0 && i < sessions.length) select(i); },
    /** Show and focus event `e` of session `s` (0-based). Returns the element or null. */
    reveal(s, e, focus = true) {
      if (!(s >= 0 && s < sessions.length)) return null;
      if (!isLoaded(s)) return revealWhenLoaded(s, () => e, focus);
      select(s);
      const el = timeline?.element(e);
      if (!el) return null;
      for (const old of root.querySelectorAll(".step.current")) old.classList.remove("current");
      el.classList.add("current");
      if (focus) el.focus({ preventScroll: true });
      el.scrollIntoView({ block: "nearest" });
      opts.onNavigate?.(s, e);
      return el;
    },
    revealLine(line) {
      const n = Number(line);
      if (lazy && opts.lineSessions) {
        const si = opts.lineSessions[n] ?? -1;
        if (!(si >= 0 && si < sessions.length)) return null;
        return revealWhenLoaded(si, () => (sessions[si].events ?? []).findIndex((e) => linesOf(e).some((src) => src.line === n)), true);
      }
      const at = locateLine(n);
      return at ? controller.reveal(at[0], at[1]) : null;
    },
    /** j/k: the next (+1) or previous (-1) visible step. */
    move(delta) {
      if (!timeline || !timeline.visible.length) return null;
      let k = timeline.current < 0 ? (delta > 0 ? 0 : timeline.visible.length - 1) : timeline.current + delta;
      k = Math.max(0, Math.min(timeline.visible.length - 1, k));
      return controller.reveal(selected, timeline.visible[k]);
    },
    /** The first error step (in the selected session, then in order); null when there is none, a Promise while its session loads. */
    firstError() {
      const order = [selected, ...sessions.map((_, i) => i).filter((i) => i !== selected)];
      for (const si of order) {
        if (!isLoaded(si)) {
          const ei = sessions[si].brief?.firstError ?? -1;
          if (ei < 0) continue;
          controller.reveal(si, ei);
          return load(si).then(() => Promise.resolve()).then(() => timeline?.element(ei) ?? null);
        }
        const events = sessions[si].events ?? [];
        const ei = events.findIndex((e) => isError(e, events));
        if (ei >= 0) return controller.reveal(si, ei);
      }
      return null;
    },
    setFilter({ errorsOnly: eo = false, query = "" } = {}) {
      errorsOnly.checked = eo;
      search.value = query;
      applyFilter();
      return timeline?.visible.length ?? 0;
    },
    /** A Promise of the selected session drawn (at once unless it is being fetched). */
    whenDrawn() {
      return load(selected).then(() => Promise.resolve()).then(() => undefined, () => undefined);
    },
    dispose() {
      disposed = true;
      timeline?.detach();
      popover.hide();
    },
  };
  firstErrorBtn.addEventListener("click", () => {
    if (!controller.firstError()) count.textContent = "No error found.";
  });
  root.addEventListener("click", (e) => {
    const a = e.target instanceof Element ? e.target.closest("a.line-link") : null;
    if (!a) return;
    e.preventDefault();
    controller.revealLine(a.dataset.line);
  });
  root.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof Element && t.closest("input, textarea, select, [contenteditable]")) return;
    if (e.key === "j" || e.key === "k") {
      e.preventDefault();
      controller.move(e.key === "j" ? 1 : -1);
    }
  });
  root.addEventListener("focusin", (e) => {
    const step = e.target instanceof Element ? e.target.closest(".step[data-index]") : null;
    if (step && timeline && step.closest(".session-detail")) {
      const k = timeline.visible.indexOf(Number(step.dataset.index));
      if (k >= 0) timeline.current = k;
    }
  });

  container.replaceChildren(root);
  timeline?.drawWindow();
  CONTROLLERS.set(container, controller);
  return container;
}

function diagnosticsList(diagnostics) {
  if (!diagnostics?.length) return null;
  const shown = diagnostics.slice(0, 500);
  return h(
    "section",
    { className: "diagnostics", "aria-label": "Diagnostics" },
    h("h2", {}, `Diagnostics (${diagnostics.length})`),
    h(
      "ul",
      {},
      shown.map((d) =>
        h(
          "li",
          { className: `diag diag-${d.severity}` },
          badge(d.severity, `badge-sev sev-${d.severity}`),
          " ",
          typeof d.line === "number" ? [lineLink(d.line), ": "] : null,
          h("span", { className: "diag-msg" }, d.message),
          " ",
          h("code", { className: "diag-code" }, d.code),
          d.rfc ? h("span", { className: "diag-rfc" }, ` (${d.rfc})`) : null,
        ),
      ),
      diagnostics.length > shown.length ? h("li", { className: "diag" }, `… and ${diagnostics.length - shown.length} more`) : null,
    ),
  );
}

/** Render an error message (e.g. the wasm failed to load). */
export function renderError(container, message) {
  CONTROLLERS.get(container)?.dispose();
  CONTROLLERS.delete(container);
  container.replaceChildren(h("p", { className: "error", role: "alert" }, message));
  return container;
}

// --- export as normalised C:/S: text ----------------------------------------

/** The dialogue as `C:`/`S:` lines (commands, replies, message content). */
export function toDialogueText(transcript) {
  const out = [];
  const sessions = transcript?.sessions ?? [];
  sessions.forEach((s, si) => {
    if (sessions.length > 1) out.push(`${si ? "\n" : ""}# session ${si + 1}${s.id ? ` (${s.id})` : ""}${s.peer ? ` ${s.peer}` : ""}`);
    for (const e of s.events ?? []) {
      if (e.kind === "command") {
        out.push(e.verb === "AUTH-RESPONSE" ? `C: ${e.args ?? ""}` : `C: ${e.verb}${e.args ? ` ${e.args}` : ""}`);
      } else if (e.kind === "reply") {
        const lines = e.lines?.length ? e.lines : [""];
        lines.forEach((l, i) => out.push(`S: ${e.code}${i < lines.length - 1 ? "-" : lines.length > 1 || l ? " " : ""}${l}`.trimEnd()));
      } else if (e.kind === "data") {
        for (const hd of e.headers ?? []) out.push(`C: ${hd.name}: ${hd.value}`);
        out.push("C: ", `C: [message body: ${formatBytes(e.size ?? 0)}]`, "C: .");
      } else if (e.kind === "tls") {
        out.push("# TLS starts here");
      }
    }
  });
  return out.join("\n") + "\n";
}
