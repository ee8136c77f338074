// The smtpscope page in headless Chromium: it loads cleanly, renders pasted
// transcripts and every sample, keeps hostile text as text, and talks to no
// origin but its own.
//
// Needs www/pkg (make wasm) and /usr/bin/chromium (or $CHROMIUM); `make
// test-browser` does both. Screenshots go to test-artifacts/ at the repo root.
//
// Assertions marked REAL-PARSER need the real formats/grammar/session code:
// with the skeleton parser (every line `unparsed`) they are skipped and
// reported as skipped, so the lead can check they pass after the merge.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { serve } from "../../scripts/serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WWW = join(ROOT, "www");
const ARTIFACTS = join(ROOT, "test-artifacts");


let server;
let base;
let browser;
/** True when the parser recognises a plain C:/S: dialogue (not the skeleton). */
let realParser = false;

/**
 * A fresh page that records console errors, page errors, dialogs and every
 * request it makes.
 */
async function openPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const log = { errors: [], requests: [], dialogs: [] };
  page.on("console", (m) => {
    if (m.type() === "error") log.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on("dialog", async (d) => {
    log.dialogs.push(d.message());
    await d.dismiss();
  });
  context.on("request", (r) => log.requests.push(r.url()));
  await page.goto(base);
  await page.waitForSelector("html[data-ready='true']", { timeout: 15000 });
  return { context, page, log };
}

/** Every request went to the page's own origin (data: URLs make none). */
function assertSameOrigin(log) {
  const origin = new URL(base).origin;
  const foreign = log.requests.filter((u) => !u.startsWith("data:") && new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], "requests to another origin");
}

async function paste(page, text) {
  const before = await page.evaluate(() => Number(document.documentElement.dataset.rendered ?? 0));
  await page.fill("#input", text);
  // The page parses (in a worker) after a short debounce; wait until it has drawn.
  await page.waitForFunction(
    (n) => Number(document.documentElement.dataset.rendered ?? 0) > n && document.querySelector("#output .scope") !== null,
    before,
    { timeout: 10000 },
  );
}

async function readSample(name) {
  return readFile(join(WWW, "samples", name), "utf8");
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  ({ server, url: base } = await serve({ root: WWW, host: "127.0.0.1", port: 0 }));
  browser = await launchChromium();
  // Does the parser under test read a dialogue yet?
  const { context, page } = await openPage();
  realParser = await page.evaluate(async () => {
    const { parse } = await import("./pkg/smtpscope.js");
    const t = parse("S: 220 mx.example.test ESMTP\nC: QUIT\nS: 221 Bye\n", undefined);
    return t.sessions.some((s) => s.events.some((e) => e.kind === "reply"));
  });
  await context.close();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

describe("the page", () => {
  test("loads with no console error, shows the version and is ready", async () => {
    const { context, page, log } = await openPage();
    assert.match(await page.textContent("#status"), /Ready/);
    assert.match(await page.textContent("#version"), /^\d+\.\d+\.\d+/);
    assert.equal(await page.title(), "smtpscope — read an SMTP dialogue");
    const csp = await page.getAttribute("meta[http-equiv='Content-Security-Policy']", "content");
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /object-src 'none'/);
    assert.deepEqual(log.errors, []);
    assertSameOrigin(log);
    await context.close();
  });

  test("pasting a swaks transcript renders steps and an outcome banner", async (t) => {
    const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
    await paste(page, await readSample("swaks-delivered.txt"));
    const steps = await page.locator("#output .step").count();
    // 38 input lines: the skeleton makes 38 unparsed steps; the real parser
    // about 16 (notes, commands, replies, one DATA content step).
    assert.ok(steps >= 10, `only ${steps} steps`);
    assert.equal(await page.locator("#output .outcome").count(), 1);
    // Each step shows its line number and the original text in monospace.
    const first = page.locator("#output #line-1");
    assert.match(await first.locator(".src-text").first().textContent(), /Trying 127\.0\.0\.1:25/);
    assert.equal(await first.locator(".step-line a").textContent(), "L1");
    assert.match(await page.textContent("#status"), /Format: \S+/);
    await page.screenshot({ path: join(ARTIFACTS, "page-swaks-delivered.png"), fullPage: true });
    assert.deepEqual(log.errors, []);
    assertSameOrigin(log);

    await t.test("REAL-PARSER: delivered banner, two lanes, reply badges, capability chips", async (t) => {
      if (!realParser) return t.skip("needs the real parser");
      assert.match(await page.textContent("#output .outcome"), /delivered/i);
      assert.ok((await page.locator("#output .step.lane-client").count()) >= 5);
      assert.ok((await page.locator("#output .step.lane-server").count()) >= 5);
      assert.equal(await page.locator("#output .step-reply .badge-code").first().textContent(), "220");
      const chips = await page.locator("#output .chip .chip-key").allTextContents();
      assert.ok(chips.includes("PIPELINING") && chips.includes("STARTTLS"), `chips: ${chips}`);
      assert.equal(await page.locator("#output details.data").count(), 1);
      assert.match(await page.textContent("#output details.data summary"), /headers?/);
      assert.match(await page.textContent("#status"), /Format: swaks/);
    });
    await context.close();
  });

  test("the format selector forces a format", async () => {
    const { context, page, log } = await openPage();
    await paste(page, await readSample("rfc5321-d1.txt"));
    await page.selectOption("#format", "raw");
    await page.waitForFunction(() => /Format: raw \(chosen\)/.test(document.querySelector("#status").textContent));
    await page.selectOption("#format", "auto");
    await page.waitForFunction(() => !/chosen/.test(document.querySelector("#status").textContent));
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("phone width and dark mode", async () => {
    const { context, page, log } = await openPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      colorScheme: "dark",
    });
    await page.selectOption("#sample", "swaks-starttls-auth.txt");
    await page.waitForSelector("#output .step");
    // Nothing wider than the screen: the page does not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.screenshot({ path: join(ARTIFACTS, "page-phone-dark-starttls.png"), fullPage: true });
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

// Each sample: what it must show once the real parser is in (REAL-PARSER).
// steps: the steps drawn for the (first) session, counted by hand from the
// sample (every line that is not blank, a multi-line reply or a DATA body
// counted once); reason: the outcome's reason id.
const SAMPLES = {
  "swaks-delivered.txt": { status: /delivered/i, steps: 15 },
  "swaks-550-user-unknown.txt": { status: /rejected/i, steps: 11, reason: "user-unknown", codes: ["550"], enhanced: ["5.1.1"], transactions: /Rejected from bob@example\.test/ },
  "swaks-450-greylisted.txt": { status: /deferred/i, steps: 11, reason: "greylisted", codes: ["450"], enhanced: ["4.2.0"] },
  "swaks-starttls-auth.txt": { status: /delivered/i, steps: 28, tls: true, user: "alice", secrets: ["c2VjcmV0MTIz", "secret123"] },
  "swaks-pipelining.txt": { status: /delivered/i, steps: 19, codes: ["550", "354"], pipelined: true },
  "rfc5321-d1.txt": { status: /delivered/i, steps: 17, codes: ["550"] },
  "postfix-mixed.log.txt": { status: /rejected/i, steps: 4, reason: "no-relaying", sessions: 55, codes: ["554"] },
  // Postfix's bounce names the sender (X-Postfix-Sender): its MAIL FROM is
  // reconstructed before the failed RCPT TO.
  "postfix-bounce-550.txt": { status: /rejected/i, reason: "user-unknown", codes: ["550"], enhanced: ["5.1.1"], transactions: /Rejected from alice@example\.test/, inferred: "RCPT TO:<nosuchuser@sink.test>" },
};

describe("samples", () => {
  test("the samples menu lists every sample", async () => {
    const { context, page } = await openPage();
    const names = await page.$$eval("#sample option", (os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(names.sort(), Object.keys(SAMPLES).sort());
    await context.close();
  });

  for (const [name, want] of Object.entries(SAMPLES)) {
    test(`sample ${name} renders`, async (t) => {
      const { context, page, log } = await openPage({ viewport: { width: 1200, height: 900 } });
      await page.selectOption("#sample", name);
      await page.waitForFunction(
        (n) => document.querySelector("#input").value.length > 0 && document.querySelectorAll("#output .step").length >= n,
        3,
      );
      await page.waitForFunction(() => !document.documentElement.dataset.parsing);
      const text = await readSample(name);
      // A textarea stores line ends as LF (swaks writes DATA lines with CRLF).
      assert.equal(await page.inputValue("#input"), text.replace(/\r\n?/g, "\n"));
      assert.equal(await page.locator("#output .outcome").count(), 1);
      const steps = await page.locator("#output .session-detail .step").count();
      if (want.steps) assert.equal(steps, want.steps, "steps drawn");
      else assert.ok(steps >= 3);
      if (want.reason) assert.equal(await page.getAttribute("#output .outcome", "data-reason"), want.reason);
      assert.equal(await page.locator("#output .session-row").count(), want.sessions ?? 0, "session list rows");
      await page.screenshot({ path: join(ARTIFACTS, `sample-${name.replace(/\.txt$/, "")}.png`), fullPage: true });
      assert.deepEqual(log.errors, []);
      assertSameOrigin(log);

      await t.test(`REAL-PARSER: ${name} outcome and details`, async (t) => {
        if (!realParser) return t.skip("needs the real parser");
        const banner = await page.textContent("#output .outcome");
        if (want.status) assert.match(banner, want.status);
        const codes = await page.locator("#output .badge-code").allTextContents();
        for (const c of want.codes ?? []) assert.ok(codes.includes(c), `no ${c} badge in ${codes}`);
        const enhanced = await page.locator("#output .badge-enh").allTextContents();
        for (const e of want.enhanced ?? []) assert.ok(enhanced.includes(e), `no ${e} badge in ${enhanced}`);
        if (want.tls) assert.ok((await page.locator("#output .step-tls .tls-band").count()) >= 1, "no STARTTLS band");
        if (want.user) assert.equal(await page.textContent("#output .auth-user"), want.user);
        const shown = await page.textContent("#output");
        for (const s of want.secrets ?? []) assert.ok(!shown.includes(s), `the secret ${s} is shown`);
        if (want.inferred) assert.ok((await page.locator("#output .inferred-command code").allTextContents()).includes(want.inferred), "no reconstructed command");
        if (want.transactions) assert.match(await page.textContent("#output .transactions"), want.transactions);
        if (want.pipelined) assert.ok((await page.locator("#output .badge-group").count()) >= 2, "no pipelined group");
      });
      await context.close();
    });
  }
});

// The renderer on a transcript shaped like the real parser's output (a
// stand-in written by fixtures/make-model-fixture.mjs), so every part of the
// timeline is checked before the real parser lands.
describe("the renderer", () => {
  test("draws every part of a STARTTLS + AUTH session", async () => {
    const model = JSON.parse(await readFile(join(ROOT, "tests", "browser", "fixtures", "model-starttls-auth.json"), "utf8"));
    const { context, page, log } = await openPage({ viewport: { width: 1100, height: 900 } });
    await page.evaluate(async (t) => {
      const { renderTranscript } = await import("./render.js");
      renderTranscript(document.querySelector("#output"), t);
    }, model);
    const out = page.locator("#output");
    // Outcome banner: status and headline.
    assert.match(await out.locator(".outcome.outcome-delivered .outcome-status").textContent(), /Delivered/);
    assert.match(await out.locator(".outcome-headline").textContent(), /accepted the message for bob@example\.test/);
    // Two lanes: commands left, replies right, notes in the middle.
    const events = model.sessions[0].events;
    const count = (k) => events.filter((e) => e.kind === k).length;
    assert.equal(await out.locator(".step.lane-client").count(), count("command") + count("data"));
    assert.equal(await out.locator(".step.lane-server").count(), count("reply"));
    assert.equal(await out.locator(".step.lane-middle").count(), count("note") + count("unparsed"));
    // Line numbers and original text.
    const mail = out.locator("#line-41");
    assert.equal(await mail.locator(".step-line a").textContent(), "L41");
    assert.equal(await mail.locator(".badge-verb").textContent(), "MAIL");
    assert.equal(await mail.locator(".src-text").textContent(), " ~> MAIL FROM:<alice@example.test>");
    // Reply badges: code and enhanced code.
    const queued = out.locator("#line-58");
    assert.equal(await queued.locator(".badge-code").textContent(), "250");
    assert.equal(await queued.locator(".badge-enh").textContent(), "2.0.0");
    assert.match(await queued.locator(".badge-queue").textContent(), /queued as \w+/);
    // A multi-line reply shows all its source lines; EHLO capabilities as chips.
    const ehlo = out.locator("#line-23");
    assert.equal(await ehlo.locator(".src-line").count(), 12);
    const chips = await ehlo.locator(".chip-key").allTextContents();
    assert.deepEqual(chips.slice(0, 5), ["PIPELINING", "SIZE", "VRFY", "ETRN", "AUTH"]);
    assert.match(await ehlo.locator(".chip", { hasText: "AUTH" }).textContent(), /AUTH PLAIN LOGIN CRAM-MD5/);
    // The STARTTLS band, and later steps marked as encrypted.
    assert.equal(await out.locator(".step-tls .tls-band").count(), 1);
    assert.match(await out.locator(".tls-band").textContent(), /TLS started/);
    assert.ok((await out.locator(".step.encrypted").count()) > 20);
    // AUTH: who, and the secret masked; a decoded 334 challenge.
    assert.equal(await out.locator(".auth-user").textContent(), "alice");
    assert.match(await out.locator(".auth").textContent(), /LOGIN as alice — succeeded · secret: •+ \(masked\)/);
    assert.ok(!(await out.textContent()).includes("c2VjcmV0MTIz"));
    assert.equal(await out.locator("#line-36 .decoded code").textContent(), "Username:");
    // DATA content collapsed, with its size and headers.
    const data = out.locator("details.data");
    assert.equal(await data.getAttribute("open"), null);
    assert.match(await data.locator("summary").textContent(), /Message content — \d+ bytes, 6 headers/);
    await data.locator("summary").click();
    assert.equal(await data.locator(".headers tbody tr").count(), 6);
    assert.equal(await data.locator(".headers tbody th").first().textContent(), "Date");
    // Explanations and diagnostics.
    assert.match(await out.locator("#line-46 .explain").textContent(), /end it with a line holding a single dot/);
    assert.equal(await out.locator(".diagnostics .diag").count(), 2);
    assert.match(await out.locator(".diag-warning").textContent(), /line 4: The EHLO name "vm"/);
    // A diagnostic links to its step.
    await out.locator(".diag-warning a").click();
    assert.equal(await out.locator(".step.current").getAttribute("data-line"), "4");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.line), "4");
    await page.screenshot({ path: join(ARTIFACTS, "renderer-starttls-auth.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, "renderer-starttls-auth-phone-dark.png"), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    assert.deepEqual(log.errors, []);
    assertSameOrigin(log);
    await context.close();
  });
});

describe("untrusted text", () => {
  // Every payload would set window.__pwned or open a dialog if it ran.
  const HOSTILE = [
    "S: 220 <script>window.__pwned = 'script'; alert('script')</script> ESMTP",
    "C: EHLO <img src=x onerror=\"window.__pwned='img'; alert('img')\">",
    "S: 250-<svg onload=\"window.__pwned='svg'\"></svg>",
    "S: 250 AUTH <a href=\"javascript:window.__pwned='href'\">click</a>",
    "C: MAIL FROM:<\"><script>window.__pwned='path'</script>@example.test>",
    "C: RCPT TO:<javascript:alert(1)@example.test>",
    "S: 550 5.1.1 <iframe src=\"javascript:parent.__pwned='iframe'\"></iframe> no such user",
    "C: DATA",
    "S: 354 go ahead",
    "C: Subject: <style>body{display:none}</style><b onmouseover=alert(1)>hi</b>",
    "C: ",
    "C: <object data=\"x\"></object>",
    "C: .",
    "S: 250 ok",
    "<base href=\"http://203.0.113.9/\">",
    "C: QUIT",
  ].join("\n");

  test("an XSS transcript renders as text and nothing executes", async () => {
    const { context, page, log } = await openPage();
    await paste(page, HOSTILE + "\n");
    // Let any payload that could run, run (onerror, onload, timers).
    await page.waitForTimeout(300);
    await page.hover("#output").catch(() => {});
    assert.equal(await page.evaluate(() => window.__pwned), undefined, "a payload ran");
    assert.deepEqual(log.dialogs, [], "a payload opened a dialog");
    const injected = await page.$$eval(
      "#output script, #output img, #output svg, #output iframe, #output object, #output style, #output base, #output b, #output [onerror], #output [onload], #output [onmouseover]",
      (els) => els.map((e) => e.outerHTML),
    );
    assert.deepEqual(injected, [], "markup from the input became elements");
    const hrefs = await page.$$eval("#output a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.every((h) => h.startsWith("#line-") || h.startsWith("https://")), `links: ${hrefs}`);
    // The hostile text is shown, as text.
    const shown = await page.textContent("#output");
    assert.ok(shown.includes("<script>window.__pwned = 'script'; alert('script')</script>"), "the script text is not shown");
    assert.ok(shown.includes("<img src=x onerror="), "the img text is not shown");
    assert.ok(shown.includes("javascript:window.__pwned='href'"), "the javascript: text is not shown");
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), "block");
    assert.deepEqual(log.errors, []);
    assertSameOrigin(log);
    await context.close();
  });
});

describe("privacy", () => {
  test("no request to any origin other than the page's", async () => {
    const { context, page, log } = await openPage();
    for (const name of Object.keys(SAMPLES)) {
      await page.selectOption("#sample", name);
      await page.waitForFunction(() => document.querySelectorAll("#output .step").length > 0);
    }
    await paste(page, "S: 220 mx.example.test\nC: EHLO https://example.com/track.png\nS: 250 https://203.0.113.1/\n");
    await page.waitForTimeout(200);
    assert.ok(log.requests.length >= 4, "the page made no request at all?");
    assertSameOrigin(log);
    // Only the page, its modules, styles, the wasm and samples are fetched.
    const paths = [...new Set(log.requests.filter((u) => !u.startsWith("data:")).map((u) => new URL(u).pathname))];
    const allowed = /^\/(|index\.html|app\.js|render\.js|summary\.js|worker\.js|warm-up\.js|style\.css|timeline\.css|pkg\/smtpscope(\.js|_bg\.wasm)|samples\/[\w.-]+\.txt)$/;
    assert.deepEqual(paths.filter((p) => !allowed.test(p)), []);
    await context.close();
  });
});
