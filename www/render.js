// Render a parsed transcript (the object `parse` returns, see src/model.rs)
// into a container element, as an annotated two-lane timeline.
//
//   import { renderTranscript } from "./render.js";
//   renderTranscript(container, parse(text, { format: "auto" }));
//
// Everything that comes from the pasted text is inserted with text nodes
// (createTextNode / textContent), never as HTML. The renderer needs only
// timeline.css; the page and the embeddable element share it.

/** Most events drawn per session before a "show the rest" button. */
export const EVENT_LIMIT = 1500;

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

/**
 * Build an element. `attrs` values are set as attributes (or as properties
 * for `className`, `hidden` etc.); children are nodes or strings (strings
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

/** A link to the step that starts at `line` (an in-page fragment). */
function lineLink(line, prefix = "line ") {
  return h("a", { className: "line-link", href: `#line-${line}` }, `${prefix}${line}`);
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

// --- pieces of a step -----------------------------------------------------

function sourceBlock(event) {
  const source = Array.isArray(event.source) && event.source.length
    ? event.source
    : [{ line: event.line, text: event.text ?? "" }];
  return h(
    "div",
    { className: source.length > 1 ? "src multi" : "src single", role: "group", "aria-label": "Source lines" },
    source.map((s) =>
      h(
        "div",
        { className: "src-line" },
        h("span", { className: "src-no", "aria-hidden": "true" }, String(s.line)),
        h("code", { className: "src-text" }, s.text === "" ? " " : s.text),
      ),
    ),
  );
}

function badge(text, className, title) {
  return h("span", { className: `badge ${className}`, title }, text);
}

function stepHead(event, lane, extra) {
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
    event.time ? h("time", { className: "step-time" }, event.time) : null,
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
        h("span", { className: "chip-key" }, c.keyword),
        c.params && c.params.length ? h("span", { className: "chip-params" }, " " + c.params.join(" ")) : null,
      ),
    ),
  );
}

function knowledge(fields) {
  const rows = [];
  if (fields.explanation) rows.push(h("p", { className: "explain" }, fields.explanation));
  if (fields.reason) rows.push(h("p", { className: "reason" }, h("span", { className: "k" }, "Reason: "), fields.reason));
  if (fields.remedy) {
    const who = fields.actor ? ACTOR[fields.actor] ?? fields.actor : null;
    rows.push(
      h(
        "p",
        { className: "remedy" },
        h("span", { className: "k" }, who ? `What to do (${who}): ` : "What to do: "),
        fields.remedy,
      ),
    );
  }
  if (Array.isArray(fields.links)) {
    const safe = fields.links.filter((l) => typeof l === "string" && l.startsWith("https://"));
    if (safe.length) {
      rows.push(
        h(
          "p",
          { className: "links" },
          h("span", { className: "k" }, "Read more: "),
          safe.map((l, i) => [i ? ", " : null, h("a", { href: l, rel: "noopener noreferrer external" }, l)]),
        ),
      );
    }
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
  // Say which reply answered it when that is not the next step (pipelining).
  if (typeof event.reply === "number" && event.reply !== index + 1 && session.events[event.reply]) {
    const r = session.events[event.reply];
    body.push(h("p", { className: "answered" }, "Answered by ", lineLink(r.line), r.code ? ` (${r.code})` : null));
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
    if (c && event.inReplyTo !== index - 1) {
      body.push(h("p", { className: "answered" }, "Answers ", c.verb ?? "command", " at ", lineLink(c.line)));
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
        h(
          "tbody",
          {},
          event.headers.map((hd) => h("tr", {}, h("th", { scope: "row" }, hd.name), h("td", {}, hd.value))),
        ),
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

function renderStep(event, session, index) {
  const lane = laneOf(event);
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
      { className: "step step-tls", id: `line-${event.line}`, dataset: { line: event.line, kind: "tls" } },
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
  return h(
    "li",
    { className: classes.join(" "), id: `line-${event.line}`, dataset: { line: event.line, kind: event.kind } },
    h(
      "div",
      { className: "bubble" },
      stepHead(event, lane, parts.extra),
      parts.noSource ? null : sourceBlock(event),
      parts.body,
    ),
  );
}

function renderEvents(list, events, session, from) {
  const end = Math.min(events.length, from + EVENT_LIMIT);
  for (let i = from; i < end; i++) {
    const event = events[i];
    // Blank lines are kept by the parser (nothing is lost) but drawn as space.
    if (event.kind === "note" && event.level === "blank") continue;
    list.append(renderStep(event, session, i));
  }
  if (end < events.length) {
    const more = h(
      "li",
      { className: "more" },
      h("button", { type: "button" }, `Show ${plural(events.length - end, "more step")}`),
    );
    more.querySelector("button").addEventListener("click", () => {
      more.remove();
      renderEvents(list, events, session, end);
    });
    list.append(more);
  }
}

// --- session-level pieces -------------------------------------------------

/** "550 5.1.1 text" of a ReplyRef; the text may already start with the enhanced code. */
function replyText(r) {
  const text = r.text ?? "";
  const enhanced = r.enhanced && !text.startsWith(r.enhanced) ? ` ${r.enhanced}` : "";
  return `${r.code}${enhanced}${text ? ` ${text}` : ""}`;
}

function outcomeBanner(session) {
  const o = session.outcome ?? {};
  const status = STATUS[o.status] ? o.status : "incomplete";
  const { label, icon } = STATUS[status];
  let headline = o.headline || o.summary || "";
  // "Delivered: …" under a "Delivered" label says it twice.
  if (headline.toLowerCase().startsWith(`${label.toLowerCase()}:`)) headline = headline.slice(label.length + 1).trim();
  const rows = [];
  if (o.reply) {
    rows.push(
      h(
        "p",
        { className: "outcome-reply" },
        h("span", { className: "k" }, "Decided by: "),
        lineLink(o.reply.line),
        o.stage ? ` (reply to ${o.stage})` : null,
        " — ",
        h("code", {}, replyText(o.reply)),
      ),
    );
  }
  if (o.summary && o.headline && o.summary !== o.headline) rows.push(h("p", { className: "outcome-summary" }, o.summary));
  rows.push(...knowledge({ reason: o.reason, remedy: o.remedy, actor: o.actor }));
  return h(
    "div",
    { className: `outcome outcome-${status}`, role: "status" },
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

function authLine(auth) {
  if (!auth) return null;
  let state = "result unknown";
  if (auth.success === true) state = "succeeded";
  else if (auth.success === false) state = "failed";
  return h(
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
          " from ",
          h("code", {}, t.sender === "" ? "<>" : t.sender ?? "?"),
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

function renderSession(session, index, count) {
  const title = session.id ? `Session ${session.id}` : count > 1 ? `Session ${index + 1}` : "Session";
  const meta = [];
  if (session.peer) meta.push(h("span", {}, "peer ", h("code", {}, session.peer)));
  if (session.startTime) meta.push(h("span", {}, `${session.startTime}${session.endTime && session.endTime !== session.startTime ? ` – ${session.endTime}` : ""}`));
  if (session.tls) meta.push(badge("TLS", "badge-tls", "A STARTTLS was accepted, or the format shows encryption"));
  meta.push(h("span", {}, plural((session.events ?? []).filter((e) => !(e.kind === "note" && e.level === "blank")).length, "step")));

  const list = h("ol", { className: "timeline", "aria-label": `${title} timeline` });
  renderEvents(list, session.events ?? [], session, 0);

  return h(
    "section",
    { className: "session", "aria-label": title },
    h("header", { className: "session-head" }, h("h2", {}, title), h("p", { className: "session-meta" }, meta.map((m, i) => [i ? " · " : null, m]))),
    outcomeBanner(session),
    authLine(session.auth),
    transactionsList(session),
    h(
      "div",
      { className: "lanes", "aria-hidden": "true" },
      h("span", { className: "lane-label lane-client" }, "Client"),
      h("span", { className: "lane-label lane-server" }, "Server"),
    ),
    list,
  );
}

function diagnosticsList(diagnostics) {
  if (!diagnostics?.length) return null;
  return h(
    "section",
    { className: "diagnostics", "aria-label": "Diagnostics" },
    h("h2", {}, `Diagnostics (${diagnostics.length})`),
    h(
      "ul",
      {},
      diagnostics.map((d) =>
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
    ),
  );
}

/**
 * Render `transcript` into `container`, replacing what it held.
 * Returns the container.
 */
export function renderTranscript(container, transcript) {
  const sessions = transcript?.sessions ?? [];
  const root = h("div", { className: "scope" });
  sessions.forEach((s, i) => root.append(renderSession(s, i, sessions.length)));
  if (transcript?.unassigned?.length) {
    const list = h("ol", { className: "timeline" });
    renderEvents(list, transcript.unassigned, { events: transcript.unassigned }, 0);
    root.append(h("section", { className: "session unassigned", "aria-label": "Lines outside any session" }, h("h2", {}, "Outside any session"), list));
  }
  const diags = diagnosticsList(transcript?.diagnostics);
  if (diags) root.append(diags);
  if (!sessions.length && !transcript?.unassigned?.length) {
    root.append(h("p", { className: "empty" }, "No SMTP dialogue found."));
  }
  // A line can start more than one event (summary logs): keep the first id.
  const seen = new Set();
  for (const node of root.querySelectorAll("[id]")) {
    if (seen.has(node.id)) node.removeAttribute("id");
    else seen.add(node.id);
  }
  container.replaceChildren(root);
  return container;
}

/** Render an error message (e.g. the wasm failed to load). */
export function renderError(container, message) {
  container.replaceChildren(h("p", { className: "error", role: "alert" }, message));
  return container;
}
