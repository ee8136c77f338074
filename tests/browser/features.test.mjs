// The page's features in headless Chromium: drag and drop, the format list,
// navigation (first error, errors only, search, j/k, deep links), the session
// list, token explanations, AUTH reveal, permalinks, exports, accessibility
// (axe-core, light and dark), a 20 MB log in the worker, and screenshots of
// every sample (light and dark, desktop and phone) in test-artifacts/.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { serve } from "../../scripts/serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WWW = join(ROOT, "www");
const ARTIFACTS = join(ROOT, "test-artifacts");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let server;
let base;
let browser;

async function openPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const log = { errors: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") log.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => d.dismiss());
  context.on("request", (r) => log.requests.push(r.url()));
  await page.goto(options.url ?? base);
  await page.waitForSelector("html[data-ready='true']", { timeout: 15000 });
  return { context, page, log };
}

async function rendered(page) {
  return page.evaluate(() => Number(document.documentElement.dataset.rendered ?? 0));
}

async function waitRendered(page, before, timeout = 15000) {
  await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered ?? 0) > n, before, { timeout });
}

async function paste(page, text) {
  const n = await rendered(page);
  await page.fill("#input", text);
  await waitRendered(page, n);
}

async function loadSample(page, name) {
  const n = await rendered(page);
  await page.selectOption("#sample", name);
  await waitRendered(page, n);
}

/** Drop a file holding `text` (built in the page) on the input area. */
async function dropFile(page, name, text) {
  const n = await rendered(page);
  await page.evaluate(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: "text/plain" }));
      const zone = document.querySelector(".input");
      zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
  await waitRendered(page, n);
}

const SIZE_DIALOGUE = [
  "S: 220 mx.example.test ESMTP",
  "C: EHLO client.example.org",
  "S: 250-mx.example.test",
  "S: 250-PIPELINING",
  "S: 250 SIZE 1000000",
  "C: MAIL FROM:<a@client.example.org> SIZE=500 FOO=bar",
  "S: 250 2.1.0 Ok",
  "C: RCPT TO:<b@mx.example.test>",
  "S: 250 2.1.5 Ok",
  "C: QUIT",
  "S: 221 2.0.0 Bye",
  "",
].join("\n");

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  ({ server, url: base } = await serve({ root: WWW, host: "127.0.0.1", port: 0 }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

describe("input", () => {
  test("dropping a file parses it; the format list comes from the wasm", async () => {
    const { context, page, log } = await openPage();
    const text = await readFile(join(WWW, "samples", "swaks-550-user-unknown.txt"), "utf8");
    await dropFile(page, "run.txt", text);
    assert.equal(await page.inputValue("#input"), text.replace(/\r\n?/g, "\n"));
    assert.match(await page.textContent("#output .outcome"), /Rejected/);
    assert.equal(await page.locator("#output .session-detail .step").count(), 11);
    // The format list: "auto" then what the wasm's formats() lists, in order.
    const values = await page.$$eval("#format option", (os) => os.map((o) => o.value));
    const fromWasm = await page.evaluate(async () => (await import("./pkg/smtpscope.js")).formats().map((f) => f.name));
    assert.deepEqual(values, ["auto", ...fromWasm]);
    for (const name of ["swaks", "rfc", "postfix", "postfix-verbose", "exim", "sendmail", "exchange", "dsn", "raw"]) {
      assert.ok(values.includes(name), `no ${name} in the format list`);
    }
    // Detected format and confidence in the status line; forcing one says so.
    assert.match(await page.textContent("#status"), /Format: swaks \(detected, 100% sure/);
    const n = await rendered(page);
    await page.selectOption("#format", "rfc");
    await waitRendered(page, n);
    assert.match(await page.textContent("#status"), /Format: rfc \(chosen\)/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("navigation", () => {
  test("first error, errors only, search, j/k and the step in the fragment", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    await loadSample(page, "swaks-550-user-unknown.txt");
    await page.click("#output .first-error");
    const current = page.locator("#output .step.current");
    // The first step that went wrong: the RCPT that got the 550.
    assert.equal(await current.getAttribute("data-kind"), "command");
    assert.equal(await current.locator(".badge-verb").textContent(), "RCPT");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("current")), true);
    const at = await current.getAttribute("data-step");
    assert.equal(await page.evaluate(() => location.hash), `#${at}`);
    // j / k move to the next / previous step.
    await page.keyboard.press("j");
    assert.equal(await current.getAttribute("data-kind"), "reply");
    assert.equal(await current.locator(".badge-code").textContent(), "550");
    await page.keyboard.press("k");
    assert.equal(await current.getAttribute("data-step"), at);
    // Errors only: the RCPT and its 550.
    await page.check("#output .errors-only");
    assert.equal(await page.locator("#output .session-detail .step").count(), 2);
    assert.match(await page.textContent("#output .filter-count"), /2 steps shown/);
    await page.uncheck("#output .errors-only");
    assert.equal(await page.locator("#output .session-detail .step").count(), 11);
    // Search: steps whose text holds the words.
    await page.fill("#output .search", "nosuchuser");
    await page.waitForFunction(() => document.querySelectorAll("#output .session-detail .step").length === 2);
    for (const t of await page.locator("#output .session-detail .step .src").allTextContents()) assert.match(t, /nosuchuser/);
    await page.fill("#output .search", "");
    await page.waitForFunction(() => document.querySelectorAll("#output .session-detail .step").length === 11);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("the session list filters by outcome and opens a session", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    await loadSample(page, "postfix-mixed.log.txt");
    assert.equal(await page.locator("#output .session-row").count(), 55);
    await page.selectOption("#output .outcome-filter", "deferred");
    const rows = page.locator("#output .session-row");
    const n = await rows.count();
    assert.ok(n >= 1 && n < 55, `${n} deferred sessions`);
    for (const t of await rows.locator(".row-status").allTextContents()) assert.match(t, /Deferred/);
    await rows.first().click();
    assert.equal(await rows.first().getAttribute("aria-pressed"), "true");
    assert.match(await page.textContent("#output .outcome .outcome-status"), /Deferred/);
    assert.equal(await page.getAttribute("#output .outcome", "data-reason"), "greylisted");
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("delays", () => {
  test("the wait before a step is shown, and a long one stands out", async () => {
    const { context, page, log } = await openPage();
    const shown = await page.evaluate(async () => {
      const { renderTranscript } = await import("./render.js");
      const step = (kind, line, extra) => ({ kind, line, span: [0, 0], source: [{ line, span: [0, 0], text: `line ${line}` }], parts: [], ...extra });
      const t = {
        format: "rfc",
        detection: {},
        sessions: [{
          events: [
            step("reply", 1, { code: 220, lines: ["hi"], time: "10:00:00", delayMs: null }),
            step("command", 2, { verb: "EHLO", args: "x", parsed: {}, time: "10:00:00.2", delayMs: 200 }),
            step("reply", 3, { code: 250, lines: ["ok"], time: "10:00:02", delayMs: 1800, inReplyTo: 1 }),
            step("command", 4, { verb: "QUIT", args: "", parsed: {}, time: "10:00:47", delayMs: 45000 }),
          ],
          transactions: [],
          outcome: { status: "incomplete", summary: "" },
        }],
        diagnostics: [{ severity: "warning", code: "long-gap", line: 4, message: "45 s pass" }],
      };
      const out = document.querySelector("#output");
      renderTranscript(out, t);
      return [...out.querySelectorAll(".step")].map((s) => s.querySelector(".delay")?.textContent ?? "");
    });
    // Under a second is not worth a label; 1.8 s is shown; 45 s is a long wait.
    assert.deepEqual(shown, ["", "", "+1.8 s", "⏱ waited 45 s"]);
    assert.equal(await page.locator("#output .delay.slow").count(), 1);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("token explanations", () => {
  test("hovering, focusing and tapping a part shows its explanation", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    await paste(page, SIZE_DIALOGUE);
    const pop = page.locator("#output .popover");
    assert.equal(await pop.isVisible(), false);
    const size = page.locator("#output .part", { hasText: "SIZE=500" });
    await size.hover();
    await pop.waitFor({ state: "visible" });
    const text = await pop.textContent();
    assert.match(text, /the client declares a message of 500 bytes/);
    assert.match(text, /Declares the message size in bytes/);
    assert.match(text, /SIZE=bytes/);
    assert.equal(await pop.locator("a").getAttribute("href"), "https://www.rfc-editor.org/rfc/rfc1870#section-6");
    // Away, then by keyboard: Tab from the part before it.
    await page.mouse.move(5, 5);
    await pop.waitFor({ state: "hidden" });
    await page.locator("#output .part", { hasText: "<a@client.example.org>" }).focus();
    assert.match(await pop.textContent(), /envelope sender a@client\.example\.org/);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "SIZE=500");
    assert.match(await pop.textContent(), /Declares the message size in bytes/);
    await page.keyboard.press("Escape");
    assert.equal(await pop.isVisible(), false);
    // An unknown parameter says so.
    await page.locator("#output .part", { hasText: "FOO=bar" }).click();
    assert.match(await pop.textContent(), /Not a token smtpscope knows/);
    // EHLO capability chips open the same popover.
    await page.locator("#output .chip-btn", { hasText: "PIPELINING" }).click();
    assert.match(await pop.textContent(), /PIPELINING/);
    assert.match(await pop.locator("a").getAttribute("href"), /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc2920/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("the AUTH secret stays masked until the user confirms the reveal", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    await loadSample(page, "swaks-starttls-auth.txt");
    const auth = page.locator("#output .auth");
    assert.match(await auth.textContent(), /\(masked\)/);
    await auth.locator(".reveal-btn").click();
    await auth.locator(".reveal-no").click();
    assert.match(await auth.textContent(), /\(masked\)/);
    const n = await rendered(page);
    await auth.locator(".reveal-btn").click();
    await auth.locator(".reveal-yes").click();
    await waitRendered(page, n);
    assert.equal(await page.locator("#output .auth .secret.shown").count(), 1);
    assert.ok(!(await page.textContent("#output .auth")).includes("••••"));
    const m = await rendered(page);
    await page.locator("#output .auth .reveal-btn").click(); // mask again
    await waitRendered(page, m);
    assert.match(await page.textContent("#output .auth"), /\(masked\)/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("share and export", () => {
  test("a permalink never carries an AUTH secret", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    const text = await readFile(join(WWW, "samples", "swaks-starttls-auth.txt"), "utf8");
    await paste(page, text);
    await page.click("#permalink");
    await page.waitForFunction(() => document.querySelector("#share-url").value.includes("#t="));
    const url = await page.inputValue("#share-url");
    const other = await openPage({ viewport: { width: 1200, height: 900 }, url });
    await other.page.waitForFunction(() => Number(document.documentElement.dataset.rendered ?? 0) > 0);
    const shared = await other.page.inputValue("#input");
    // c2VjcmV0MTIz is base64 of the password secret123.
    assert.ok(text.includes("c2VjcmV0MTIz"), "the sample holds the secret");
    assert.ok(!shared.includes("c2VjcmV0MTIz") && !shared.includes("secret123"), "secret in the link");
    assert.match(shared, /\*\*\*\*\*\*\*\*/);
    assert.match(await other.page.textContent("#output .outcome"), /Delivered/);
    assert.deepEqual([...log.errors, ...other.log.errors], []);
    await other.context.close();
    await context.close();
  });

  test("the permalink round-trips, with the step; a broken one fails cleanly", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
    await loadSample(page, "swaks-pipelining.txt");
    await page.click("#permalink");
    await page.waitForFunction(() => document.querySelector("#share-url").value.includes("#t="));
    const url = await page.inputValue("#share-url");
    assert.ok(url.startsWith(`${base}#t=`) || url.startsWith(`${base}index.html#t=`), url);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    const steps = await page.locator("#output .session-detail .step .src").allTextContents();

    const other = await openPage({ viewport: { width: 1200, height: 900 }, url: `${url}&s1-7` });
    await other.page.waitForFunction(() => Number(document.documentElement.dataset.rendered ?? 0) > 0);
    assert.equal(await other.page.inputValue("#input"), await page.inputValue("#input"));
    assert.deepEqual(await other.page.locator("#output .session-detail .step .src").allTextContents(), steps);
    // The step named in the fragment is shown and focused.
    assert.equal(await other.page.evaluate(() => document.activeElement?.dataset.step), "s1-7");
    assert.deepEqual(other.log.errors, []);
    await other.context.close();

    for (const bad of ["#t=!!!notbase64", "#t=AAAA", "#t=" + "A".repeat(5000)]) {
      const b = await openPage({ url: `${base}${bad}` });
      assert.match(await b.page.textContent("#output"), /does not hold a readable transcript/);
      assert.deepEqual(b.log.errors, [], bad);
      await b.context.close();
    }
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("export as JSON and copy as C:/S: text", async () => {
    const { context, page, log } = await openPage({ permissions: ["clipboard-read", "clipboard-write"], acceptDownloads: true });
    await loadSample(page, "swaks-550-user-unknown.txt");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    assert.equal(download.suggestedFilename(), "smtpscope.json");
    const json = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(json.format, "swaks");
    assert.equal(json.sessions[0].outcome.status, "rejected");
    await page.click("#copy-text");
    await page.waitForFunction(() => /Copied/.test(document.querySelector("#status").textContent));
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const lines = text.trim().split("\n");
    assert.equal(lines[0], "S: 220 mail.example.test ESMTP Postfix (Debian/GNU)");
    assert.equal(lines[1], "C: EHLO vm");
    assert.ok(lines.includes("C: RCPT TO:<nosuchuser@example.test>"), text);
    assert.ok(lines.some((l) => l.startsWith("S: 550 5.1.1 <nosuchuser@example.test>")), text);
    assert.equal(lines.at(-1), "S: 221 2.0.0 Bye");
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("accessibility", () => {
  for (const scheme of ["light", "dark"]) {
    test(`axe finds no serious or critical problem (${scheme})`, async () => {
      // axe is injected as a script: allow it past the page's CSP here only.
      const { context, page, log } = await openPage({ colorScheme: scheme, bypassCSP: true, viewport: { width: 1200, height: 900 } });
      const axe = await readFile(AXE, "utf8");
      for (const sample of ["postfix-mixed.log.txt", "swaks-starttls-auth.txt"]) {
        await loadSample(page, sample);
        const part = page.locator("#output .session-detail .bubble > .src .part");
        if (await part.count()) await part.first().hover(); // a popover open too
        await page.addScriptTag({ content: axe });
        const result = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ["violations"] });
          return r.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
        });
        assert.deepEqual(result, [], `${sample} (${scheme})`);
      }
      assert.deepEqual(log.errors, []);
      await context.close();
    });
  }
});

describe("big input", () => {
  test("a 20 MB log parses in the worker while the page stays responsive", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    const n = await rendered(page);
    const result = await page.evaluate(async () => {
      const one = await (await fetch("samples/postfix-mixed.log.txt")).text();
      const text = one.repeat(Math.ceil((20 * 1024 * 1024) / one.length));
      const ticks = [];
      let stop = false;
      const tick = () => {
        ticks.push(performance.now());
        if (!stop) setTimeout(tick, 20);
      };
      const dt = new DataTransfer();
      dt.items.add(new File([text], "big.log", { type: "text/plain" }));
      document.querySelector(".input").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      // Wait until the worker has started parsing, then tick until it answers.
      while (!document.documentElement.dataset.parsing) await new Promise((r) => setTimeout(r, 10));
      const started = performance.now();
      tick();
      while (!document.documentElement.dataset.parsedAt || Number(document.documentElement.dataset.parsedAt) < started) {
        await new Promise((r) => setTimeout(r, 50));
      }
      stop = true;
      const end = Number(document.documentElement.dataset.parsedAt);
      const during = ticks.filter((t) => t <= end);
      let gap = 0;
      for (let i = 1; i < during.length; i++) gap = Math.max(gap, during[i] - during[i - 1]);
      return { size: text.length, parseMs: end - started, ticks: during.length, gap };
    });
    assert.ok(result.size >= 20 * 1024 * 1024);
    assert.ok(result.ticks >= 5, `only ${result.ticks} ticks in ${result.parseMs} ms`);
    // Parsing on the main thread would freeze the page for the whole parse;
    // in the worker the longest stall is a small part of it (receiving the
    // result). A relative bound, so a loaded machine does not fail it.
    assert.ok(
      result.gap < result.parseMs / 4,
      `the page froze for ${Math.round(result.gap)} ms while parsing (${Math.round(result.parseMs)} ms)`,
    );
    await waitRendered(page, n, 120000);
    assert.match(await page.textContent("#status"), /\d+ sessions/);
    assert.ok((await page.locator("#output .session-row").count()) <= 200, "the session list is drawn in pages");
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("a big log stays out of the box; its sessions are fetched from the worker when opened", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    const one = await readFile(join(WWW, "samples", "postfix-mixed.log.txt"), "utf8");
    const text = one.repeat(Math.ceil(300_000 / one.length)); // above worker.js LAZY_ABOVE
    await dropFile(page, "mail.log", text);
    // The text is held, not in the textarea; a note says what is loaded.
    assert.equal(await page.inputValue("#input"), "");
    assert.match(await page.textContent("#held"), /mail\.log \(315 kB, 2,502 lines\) is loaded/);
    const count = Number(/(\d+) sessions/.exec(await page.textContent("#status"))[1]);
    assert.ok(count > 400, `${count} sessions`);
    // A session far down the list: drawn once the worker sends it.
    await page.selectOption("#output .outcome-filter", "deferred");
    const row = page.locator("#output .session-row").nth(20);
    const index = Number(await row.getAttribute("data-session"));
    await row.click();
    await page.waitForSelector(`#output .session-detail .session[data-session="${index}"] .outcome-deferred`);
    assert.equal(await page.getAttribute("#output .outcome", "data-reason"), "greylisted");
    assert.ok((await page.locator("#output .session-detail .step").count()) > 0);
    // A deep link into another unopened session: fetched, then the step is focused.
    await page.evaluate(() => { location.hash = "#s300-2"; });
    await page.waitForFunction(() => document.activeElement?.dataset.step === "s300-2");
    // The first error of the whole log, from a session without one.
    await page.evaluate(async () => (await import("./render.js")).getController(document.querySelector("#output")).select(0));
    await page.click("#output .first-error");
    await page.waitForSelector("#output .session-detail .step.current.is-error");
    // A line link into a session not opened yet: the last delivery attempt of the log.
    const lines = text.split("\n");
    const line = lines.findLastIndex((l) => /postfix\/smtp\[.*status=/.test(l)) + 1;
    await page.evaluate(async (l) => (await import("./render.js")).getController(document.querySelector("#output")).revealLine(l), line);
    await page.waitForFunction((l) => [...document.querySelectorAll("#output .step.current .src-no")].some((n) => n.textContent === String(l)), line);
    // Export JSON: the whole result, every session with its events.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    const json = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(json.sessions.length, count);
    assert.ok(json.sessions.every((s) => Array.isArray(s.events)));
    // Typing replaces the held text.
    const n = await rendered(page);
    await page.fill("#input", SIZE_DIALOGUE);
    await waitRendered(page, n);
    assert.equal(await page.isHidden("#held"), true);
    assert.equal(await page.inputValue("#input"), SIZE_DIALOGUE);
    assert.match(await page.textContent("#status"), /1 session ·/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("a kept result (Parsed) gives what parse gives, and briefs by the renderer's rules", async () => {
    const { context, page, log } = await openPage();
    const r = await page.evaluate(async () => {
      const wasm = await import("./pkg/smtpscope.js");
      await wasm.default();
      const { isBlank, isError } = await import("./render.js");
      const samples = ["postfix-mixed.log.txt", "swaks-550-user-unknown.txt", "rfc5321-d1.txt"];
      const texts = await Promise.all(samples.map(async (n) => (await fetch(`samples/${n}`)).text()));
      const text = texts.join("\n").repeat(20);
      const whole = wasm.parse(text, {});
      const p = new wasm.Parsed(text, {});
      const problems = [];
      const same = (a, b, what) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(what);
      };
      same(p.full(), whole, "full() is not parse()");
      const fromBytes = wasm.Parsed.fromBytes(new TextEncoder().encode(text), {});
      same(fromBytes.full(), whole, "Parsed.fromBytes() is not parse()");
      fromBytes.free();
      // Indented as JSON.stringify(whole, null, 2) (which writes 1.5e12 where
      // serde_json writes 1500000000000.0: the same number).
      const pretty = new TextDecoder().decode(p.json(true));
      same(JSON.parse(pretty), whole, "json(true) does not read back as parse()");
      same(pretty.split("\n").slice(0, 3), JSON.stringify(whole, null, 2).split("\n").slice(0, 3), "json(true) is not indented");
      same(JSON.parse(new TextDecoder().decode(p.json(false))), whole, "json(false) does not read back as parse()");
      const summary = p.summary(3);
      same(JSON.parse(new TextDecoder().decode(p.summaryJson(3))), summary, "summaryJson(3) does not read back as summary(3)");
      // In pieces of 7 sessions, as the page reads a big log's summary.
      const { readSummary } = await import("./summary.js");
      const [pieces, breaks] = p.summaryPieces(3, 7);
      same(new TextDecoder().decode(pieces), new TextDecoder().decode(p.summaryJson(3)), "summaryPieces(3, 7) is not summaryJson(3)");
      if (breaks.length !== Math.ceil(summary.sessions.length / 7) + 1) problems.push(`${breaks.length} breaks`);
      same(await readSummary(pieces, breaks), summary, "summaryPieces(3, 7) does not read back as summary(3)");
      same({ ...summary, sessions: null }, { ...whole, sessions: null }, "summary fields");
      same(summary.sessions[3], whole.sessions[3], "the shown session");
      // The line -> session table, worked out here as the worker used to.
      const lines = new Int32Array(whole.lineCount + 2).fill(-1);
      whole.sessions.forEach((s, si) => {
        for (const e of s.events) {
          const src = e.source.length ? e.source.map((x) => x.line) : [e.line];
          for (const l of src) if (l < lines.length && lines[l] < 0) lines[l] = si;
        }
      });
      same([...p.lineSessions()], [...lines], "lineSessions");
      let errors = 0;
      whole.sessions.forEach((s, i) => {
        same(p.session(i), s, `session(${i})`);
        if (i === 3) return;
        const b = summary.sessions[i];
        const firstError = s.events.findIndex((e) => isError(e, s.events));
        if (firstError >= 0) errors++;
        const recipients = s.transactions.flatMap((t) => t.recipients);
        same(b.brief, { steps: s.events.filter((e) => !isBlank(e)).length, recipients: recipients.length, accepted: recipients.filter((x) => x.accepted).length, firstError }, `brief of session ${i}`);
        same([b.id, b.peer, b.startTime, b.endTime, b.outcome.status, b.outcome.headline, b.outcome.reply?.code ?? null], [s.id, s.peer, s.startTime, s.endTime, s.outcome.status, s.outcome.headline, s.outcome.reply?.code ?? null], `outcome of session ${i}`);
        if (b.events !== undefined) problems.push(`session ${i} has its events`);
      });
      let missing = "";
      try {
        p.session(whole.sessions.length);
      } catch (e) {
        missing = String(e.message ?? e);
      }
      p.free();
      return { problems: problems.slice(0, 10), sessions: whole.sessions.length, errors, missing };
    });
    assert.deepEqual(r.problems, []);
    assert.ok(r.sessions > 500, `${r.sessions} sessions`);
    assert.ok(r.errors > 100, `only ${r.errors} sessions with an error: the rule is not exercised`);
    assert.match(r.missing, /no session/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("a session of 50 000 steps is drawn windowed", async () => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    const lines = ["S: 220 mx.example.test ESMTP"];
    for (let i = 0; i < 25000; i++) lines.push("C: NOOP", "S: 250 2.0.0 Ok");
    // page.fill is slow on a megabyte: set the value as a paste would.
    const n = await rendered(page);
    await page.evaluate((t) => {
      const input = document.querySelector("#input");
      input.value = t;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, lines.join("\n") + "\n");
    await waitRendered(page, n, 60000);
    const drawn = await page.locator("#output .session-detail .step").count();
    assert.ok(drawn > 5 && drawn < 300, `${drawn} steps in the DOM`);
    // Jump far: the step is drawn on demand and focused.
    await page.evaluate(async () => (await import("./render.js")).getController(document.querySelector("#output")).reveal(0, 40000));
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.step), "s1-40001");
    await page.keyboard.press("j");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.step), "s1-40002");
    assert.ok((await page.locator("#output .session-detail .step").count()) < 300);
    // Scrolling draws the steps that come into view and drops the others:
    // what is drawn stays one run of consecutive steps, in order.
    const runs = await page.evaluate(async () => {
      const out = [];
      for (const dy of [300, 900, 2500, -700, -4000, 120]) {
        window.scrollBy(0, dy);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const at = [...document.querySelectorAll("#output .session-detail .step")].map((e) => Number(e.dataset.index));
        out.push(at.every((v, i) => i === 0 || v === at[i - 1] + 1) && at.length > 5);
      }
      return out;
    });
    assert.deepEqual(runs, [true, true, true, true, true, true]);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("screenshots", () => {
  const samples = ["swaks-delivered.txt", "swaks-550-user-unknown.txt", "swaks-450-greylisted.txt", "swaks-starttls-auth.txt", "swaks-pipelining.txt", "rfc5321-d1.txt", "postfix-mixed.log.txt", "postfix-bounce-550.txt"];
  const looks = [
    { name: "desktop-light", viewport: { width: 1200, height: 900 }, colorScheme: "light" },
    { name: "desktop-dark", viewport: { width: 1200, height: 900 }, colorScheme: "dark" },
    { name: "phone-light", viewport: { width: 390, height: 844 }, colorScheme: "light" },
    { name: "phone-dark", viewport: { width: 390, height: 844 }, colorScheme: "dark" },
  ];
  for (const look of looks) {
    test(`every sample, ${look.name}`, async () => {
      const { context, page, log } = await openPage({ viewport: look.viewport, colorScheme: look.colorScheme });
      for (const s of samples) {
        await loadSample(page, s);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${s}: the page is ${overflow}px wider than the screen`);
        await page.screenshot({ path: join(ARTIFACTS, `look-${look.name}-${s.replace(/\.txt$/, "")}.png`), fullPage: true });
      }
      assert.deepEqual(log.errors, []);
      await context.close();
    });
  }
});
