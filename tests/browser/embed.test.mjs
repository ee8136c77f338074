// The embeddable <smtp-timeline> element, the static HTML of `smtpscope
// render --html`, and the Mermaid export, in headless Chromium.
//
// Needs www/pkg (make wasm), /usr/bin/chromium (or $CHROMIUM), the npm
// packages of this folder (playwright-core, mermaid) and cargo (the CLI is
// run with `cargo run`, which builds it when needed). `make test-browser`
// does all of it. Screenshots go to test-artifacts/.
//
// Test pages other than www/embed.html are served from a virtual folder
// /__test__/ of the same origin (page.route), so that they load the element
// with the same relative URLs as a documentation site would.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { serve } from "../../scripts/serve.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const WWW = join(ROOT, "www");
const ARTIFACTS = join(ROOT, "test-artifacts");
const MERMAID = join(HERE, "node_modules", "mermaid", "dist", "mermaid.min.js");


// Untrusted text that would run script if it were ever inserted as HTML.
const XSS = [
  "S: 220 <img src=x onerror=alert(1)> ESMTP",
  'C: EHLO "><script>alert(2)</script>',
  "S: 250-ok ' \" & <b>bold</b>",
  "S: 250 AUTH PLAIN",
  "C: MAIL FROM:<a@b.example>",
  "S: 250 2.1.0 <iframe src=javascript:alert(3)>",
  "C: RCPT TO:<x@y.example>",
  "S: 550 5.1.1 <svg onload=alert(4)> &amp; no such user",
  "C: QUIT",
  "S: 221 bye",
  "",
].join("\n");

let server;
let base;
let browser;

/** The virtual test pages: path under /__test__/ → HTML. */
const virtualPages = new Map();

function testPage(name, body, { head = "" } = {}) {
  virtualPages.set(name, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<link rel="icon" href="data:,">
${head}
<script type="module" src="/smtp-timeline.js"></script>
</head><body>${body}</body></html>`);
  return `${base}__test__/${name}`;
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function openPage(url, options = {}) {
  const context = await browser.newContext(options);
  await context.route("**/__test__/**", async (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^\/__test__\//, "");
    const html = virtualPages.get(name);
    if (html === undefined) return route.fulfill({ status: 404, body: "not found" });
    const type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
    return route.fulfill({ status: 200, contentType: type, body: html });
  });
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
  await page.goto(url);
  return { context, page, log };
}

/** Wait until every <smtp-timeline> of the page has drawn (or failed). */
async function allRendered(page, count) {
  await page.waitForFunction(
    (n) => {
      const els = [...document.querySelectorAll("smtp-timeline")];
      return els.length >= n && els.every((e) => e.hasAttribute("data-ready"));
    },
    count,
    { timeout: 15000 },
  );
}

/** Facts about each element's shadow tree. */
function describeElements(page) {
  return page.$$eval("smtp-timeline", (els) =>
    els.map((el) => {
      const root = el.shadowRoot;
      const steps = root ? [...root.querySelectorAll("li.step")] : [];
      return {
        id: el.id,
        ready: el.getAttribute("data-ready"),
        steps: steps.length,
        stepIds: steps.filter((s) => s.id).length,
        status: root?.querySelector(".outcome-status")?.textContent ?? null,
        text: root?.textContent ?? "",
      };
    }),
  );
}

function cli(...args) {
  return execFileSync("cargo", ["run", "--quiet", "--bin", "smtpscope", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["pipe", "pipe", "inherit"],
  });
}

async function fixtureTexts() {
  const out = [];
  for (const dir of ["swaks", "rfc"]) {
    const folder = join(ROOT, "tests", "fixtures", dir);
    for (const name of (await readdir(folder)).filter((n) => n.endsWith(".txt")).sort()) {
      out.push({ name: `${dir}/${name}`, path: join(folder, name), text: await readFile(join(folder, name), "utf8") });
    }
  }
  return out;
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  ({ server, url: base } = await serve({ root: WWW, host: "127.0.0.1", port: 0 }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

describe("www/embed.html", () => {
  test("renders every element, each with its options, one wasm instance", async () => {
    const { context, page, log } = await openPage(`${base}embed.html`, { viewport: { width: 1000, height: 900 } });
    await allRendered(page, 4);
    const els = await describeElements(page);
    assert.deepEqual(els.map((e) => e.id), ["clean", "bounce-timeline", "tls-timeline", "pipelined"]);
    for (const e of els) {
      assert.equal(e.ready, "true", `${e.id} rendered`);
      assert.ok(e.steps >= 5, `${e.id}: ${e.steps} steps`);
      assert.equal(e.stepIds, e.steps, `${e.id}: every step has an anchor id`);
    }
    assert.deepEqual(els.map((e) => e.status), ["Delivered", "Rejected", "Delivered", "Delivered"]);
    // The bounce: compact annotations hide the explanations, keep the remedy.
    const bounce = await page.evaluate(() => {
      const root = document.getElementById("bounce-timeline").shadowRoot;
      const visible = (sel) => [...root.querySelectorAll(sel)].filter((n) => getComputedStyle(n).display !== "none").length;
      return { explain: visible(".explain"), total: root.querySelectorAll(".explain").length, remedy: visible(".remedy"), codes: [...root.querySelectorAll(".badge-enh")].map((b) => b.textContent) };
    });
    assert.ok(bounce.total > 0 && bounce.explain === 0, JSON.stringify(bounce));
    assert.ok(bounce.remedy > 0, "the remedy stays");
    assert.ok(bounce.codes.includes("5.1.1"));
    // The dark one is dark whatever the system says; it starts at AUTH.
    const dark = await page.evaluate(() => {
      const root = document.getElementById("tls-timeline").shadowRoot;
      const bubble = root.querySelector(".lane-client .bubble");
      const current = root.querySelector(".step.current");
      return { bg: getComputedStyle(bubble).backgroundColor, current: current?.dataset.line, part: current?.getAttribute("part") };
    });
    assert.equal(dark.bg, "rgb(29, 40, 56)");
    assert.equal(dark.current, "36");
    assert.match(dark.part, /\bstep\b/);
    // Loaded with src=; its message content is open (collapsed-data="false").
    const piped = await page.evaluate(() => {
      const root = document.getElementById("pipelined").shadowRoot;
      return { open: [...root.querySelectorAll("details.data")].map((d) => d.open), text: root.textContent };
    });
    assert.deepEqual(piped.open, [true]);
    assert.match(piped.text, /nosuchuser@example\.test/);
    // One wasm module and one timeline.css for the four elements.
    assert.equal(log.requests.filter((u) => u.endsWith("/smtpscope_bg.wasm")).length, 1);
    assert.equal(log.requests.filter((u) => u.endsWith("/timeline.css")).length, 1);
    const origin = new URL(base).origin;
    assert.deepEqual(log.requests.filter((u) => !u.startsWith("data:") && new URL(u).origin !== origin), []);
    assert.deepEqual(log.errors, []);
    await page.screenshot({ path: join(ARTIFACTS, "embed-page.png"), fullPage: true });
    await context.close();
  });

  test("without JavaScript the transcripts show as text", async () => {
    const { context, page } = await openPage(`${base}embed.html`, { javaScriptEnabled: false });
    const pre = await page.evaluate(() => {
      const el = document.getElementById("bounce-timeline");
      const s = getComputedStyle(el);
      return { display: s.display, ws: s.whiteSpace, text: el.innerText };
    });
    assert.equal(pre.display, "block");
    assert.equal(pre.ws, "pre-wrap");
    assert.match(pre.text, /550 5\.1\.1 <nosuchuser@example\.test>/);
    await context.close();
  });
});

describe("the element", () => {
  const delivered = "S: 220 mx.example.com ESMTP\nC: EHLO a.example\nS: 250 mx.example.com\nC: MAIL FROM:<a@a.example>\nS: 250 2.1.0 ok\nC: RCPT TO:<b@mx.example.com>\nS: 250 2.1.5 ok\nC: DATA\nS: 354 go\nC: Subject: hi\nC:\nC: hello\nC: .\nS: 250 2.0.0 queued\nC: QUIT\nS: 221 bye\n";

  test("host page CSS does not leak into the shadow root", async () => {
    const body = `<smtp-timeline id="t">${escapeHtml(delivered)}</smtp-timeline>`;
    const plain = testPage("plain.html", body);
    const hostile = testPage("hostile.html", body, {
      head: "<style>* { color: red !important; font-size: 40px; font-family: fantasy !important; line-height: 5 !important } html { font-size: 40px }</style>",
    });
    const styles = async (url) => {
      const { context, page, log } = await openPage(url);
      await allRendered(page, 1);
      const s = await page.evaluate(() => {
        const root = document.getElementById("t").shadowRoot;
        const pick = (sel) => {
          const cs = getComputedStyle(root.querySelector(sel));
          return { color: cs.color, fontSize: cs.fontSize, fontFamily: cs.fontFamily, lineHeight: cs.lineHeight };
        };
        return { src: pick(".src-text"), status: pick(".outcome-status"), badge: pick(".badge"), h2: pick("h2") };
      });
      assert.deepEqual(log.errors, []);
      await context.close();
      return s;
    };
    const a = await styles(plain);
    const b = await styles(hostile);
    assert.deepEqual(b, a);
    assert.notEqual(b.src.color, "rgb(255, 0, 0)");
    assert.notEqual(b.src.fontSize, "40px");
  });

  test("two elements render independently; attributes re-render only their element", async () => {
    const bounce = delivered.replace("S: 250 2.1.5 ok", "S: 550 5.1.1 no such user").replace(/C: DATA[\s\S]*?queued\n/, "");
    const url = testPage(
      "two.html",
      `<smtp-timeline id="a">${escapeHtml(delivered)}</smtp-timeline><smtp-timeline id="b" annotations="none">${escapeHtml(bounce)}</smtp-timeline>`,
    );
    const { context, page, log } = await openPage(url);
    await allRendered(page, 2);
    let [a, b] = await describeElements(page);
    assert.equal(a.status, "Delivered");
    assert.equal(b.status, "Rejected");
    assert.notEqual(a.steps, b.steps);
    const visibleExplain = (id) =>
      page.evaluate((id) => [...document.getElementById(id).shadowRoot.querySelectorAll(".explain")].filter((n) => getComputedStyle(n).display !== "none").length, id);
    assert.ok((await visibleExplain("a")) > 0);
    assert.equal(await visibleExplain("b"), 0);
    // Change the text of a: b is untouched.
    const bNode = await page.evaluate(() => {
      window.__b = document.getElementById("b").shadowRoot.firstElementChild;
      return true;
    });
    assert.ok(bNode);
    await page.evaluate(() => {
      const a = document.getElementById("a");
      a.removeAttribute("data-ready");
      a.setAttribute("format", "rfc");
      a.transcript = "S: 220 other.example ESMTP\nC: QUIT\nS: 221 bye\n";
    });
    await allRendered(page, 2);
    [a, b] = await describeElements(page);
    assert.equal(a.steps, 3);
    assert.match(a.text, /other\.example/);
    assert.ok(await page.evaluate(() => document.getElementById("b").shadowRoot.firstElementChild === window.__b), "b was not redrawn");
    assert.equal(log.requests.filter((u) => u.endsWith("/smtpscope_bg.wasm")).length, 1);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("src= loads a transcript; a missing one shows the error and the text", async () => {
    const url = testPage(
      "src.html",
      `<smtp-timeline id="ok" src="/embed-samples/pipelining.txt"></smtp-timeline><smtp-timeline id="missing" src="/embed-samples/nope.txt">fallback text</smtp-timeline>`,
    );
    const { context, page } = await openPage(url);
    await allRendered(page, 2);
    const [ok, missing] = await describeElements(page);
    assert.equal(ok.ready, "true");
    assert.ok(ok.steps > 10);
    assert.equal(missing.ready, "error");
    assert.match(missing.text, /HTTP 404/);
    assert.match(await page.innerText("#missing"), /fallback text/);
    await context.close();
  });

  test("an element added after load renders (text, property, attribute change)", async () => {
    const url = testPage("late.html", "<p>nothing yet</p>");
    const { context, page, log } = await openPage(url);
    await page.waitForFunction(() => customElements.get("smtp-timeline") !== undefined);
    await page.evaluate((text) => {
      const el = document.createElement("smtp-timeline");
      el.id = "late";
      el.textContent = text;
      document.body.append(el);
      const prop = document.createElement("smtp-timeline");
      prop.id = "prop";
      prop.transcript = text;
      document.body.append(prop);
    }, delivered);
    await allRendered(page, 2);
    const [late, prop] = await describeElements(page);
    assert.equal(late.status, "Delivered");
    assert.equal(late.steps, prop.steps);
    // Changing the text content redraws.
    await page.evaluate(() => {
      const el = document.getElementById("late");
      el.removeAttribute("data-ready");
      el.textContent = "S: 554 5.7.1 go away\nC: QUIT\nS: 221 bye\n";
    });
    await allRendered(page, 2);
    assert.equal((await describeElements(page))[0].status, "Rejected");
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("the README's fenced-block script", () => {
  test("turns mdBook, MkDocs and Docusaurus smtp code blocks into elements", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const m = /```js\n(\/\/ smtp-blocks\.js\n[\s\S]*?)```/.exec(readme);
    assert.ok(m, "the README has the smtp-blocks.js snippet");
    virtualPages.set("smtp-blocks.js", m[1].replace("/assets/smtpscope/smtp-timeline.js", "/smtp-timeline.js"));
    const text = "S: 220 mx.example.com ESMTP\nC: QUIT\nS: 221 <bye>\n";
    const lines = text.trimEnd().split("\n");
    const url = testPage(
      "blocks.html",
      [
        // mdBook (highlight.js)
        `<pre><code class="language-smtp hljs">${escapeHtml(text)}</code></pre>`,
        // MkDocs with pymdownx.highlight
        `<div class="language-smtp highlight"><pre><span></span><code>${escapeHtml(text)}</code></pre></div>`,
        // Docusaurus (Prism, one span per line)
        `<div class="language-smtp theme-code-block"><div class="codeBlockContent"><pre class="prism-code language-smtp"><code class="codeBlockLines">${lines
          .map((l) => `<span class="token-line">${escapeHtml(l)}\n</span>`)
          .join("")}</code></pre><button>Copy</button></div></div>`,
        `<script type="module" src="/__test__/smtp-blocks.js"></script>`,
      ].join("\n"),
    );
    const { context, page, log } = await openPage(url);
    await allRendered(page, 3);
    const els = await describeElements(page);
    assert.equal(els.length, 3);
    for (const e of els) {
      assert.equal(e.steps, 3);
      assert.match(e.text, /221 <bye>/);
    }
    assert.equal(await page.locator("pre").count(), 0, "the code blocks are replaced");
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe("smtpscope render --html", () => {
  test("static HTML: no script, input escaped, same steps as the element", async () => {
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "smtpscope-embed-"));
    const inputs = [{ name: "xss", text: XSS }];
    for (const f of await fixtureTexts()) {
      if (["swaks/starttls-auth.txt", "swaks/pipelining.txt", "swaks/user-unknown.txt", "rfc/appendix-d1.txt"].includes(f.name)) inputs.push(f);
    }
    for (const input of inputs) {
      const path = join(dir, "input.txt");
      await writeFile(path, input.text);
      const html = cli("render", path, "--html", "--standalone");
      const fragment = cli("render", path, "--html");
      assert.ok(html.includes(fragment), `${input.name}: the page holds the fragment`);
      const staticUrl = `${base}__test__/static-${input.name.replace("/", "-")}.html`;
      virtualPages.set(staticUrl.slice(`${base}__test__/`.length), html);
      const { context, page, log } = await openPage(staticUrl);
      const facts = await page.evaluate(() => ({
        scripts: document.querySelectorAll("script").length,
        handlers: [...document.querySelectorAll("*")].flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${n.tagName} ${a.name}`)),
        injected: document.querySelectorAll(".scope img, .scope svg, .scope iframe, .scope b").length,
        steps: [...document.querySelectorAll("li.step")].map((s) => `${s.className}|${s.dataset.line}`),
        text: document.querySelector(".scope").textContent,
        color: getComputedStyle(document.querySelector(".step.lane-client .bubble")).backgroundColor,
      }));
      assert.equal(facts.scripts, 0, `${input.name}: no script`);
      assert.deepEqual(facts.handlers, [], `${input.name}: no event handler attributes`);
      assert.equal(facts.injected, 0, `${input.name}: no element made from the input`);
      assert.deepEqual(log.dialogs, []);
      // The inline CSS applies: client bubbles have their colour.
      assert.equal(facts.color, "rgb(238, 243, 251)", `${input.name}: styled`);
      if (input.name === "xss") {
        for (const s of ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "' \" & <b>bold</b>", "<svg onload=alert(4)> &amp; no such user"]) {
          assert.ok(facts.text.includes(s), `shown as text: ${s}`);
        }
      }
      await context.close();

      // The element, for the same input.
      const elementUrl = testPage(`element-${input.name.replace("/", "-")}.html`, `<smtp-timeline id="t"></smtp-timeline>`);
      const el = await openPage(elementUrl);
      await el.page.evaluate((text) => {
        document.getElementById("t").transcript = text;
      }, input.text);
      await allRendered(el.page, 1);
      const elementSteps = await el.page.evaluate(() =>
        [...document.getElementById("t").shadowRoot.querySelectorAll("li.step")].map((s) => `${s.className.replace(/ ?current/, "")}|${s.dataset.line}`),
      );
      assert.deepEqual(facts.steps, elementSteps, `${input.name}: same steps as the element`);
      assert.deepEqual(el.log.dialogs, []);
      await el.context.close();
    }
  });
});

describe("exports", () => {
  test("the Mermaid export of every swaks and RFC fixture parses with mermaid", async () => {
    const url = testPage("mermaid.html", "<p>mermaid</p>");
    const { context, page, log } = await openPage(url);
    await page.addScriptTag({ path: MERMAID });
    const inputs = [...(await fixtureTexts()), { name: "xss", text: XSS }];
    const results = await page.evaluate(async (inputs) => {
      const { default: init, exportAs } = await import("/pkg/smtpscope.js");
      await init();
      window.mermaid.initialize({ startOnLoad: false });
      const out = [];
      for (const { name, text } of inputs) {
        const diagram = exportAs(text, undefined, "mermaid");
        try {
          const ok = await window.mermaid.parse(diagram);
          out.push({ name, ok: ok !== false, lines: diagram.split("\n").length });
        } catch (e) {
          out.push({ name, ok: false, error: String(e?.message ?? e), diagram });
        }
      }
      return out;
    }, inputs);
    assert.equal(results.length, inputs.length);
    for (const r of results) assert.ok(r.ok, `${r.name}: ${r.error}\n${r.diagram}`);
    assert.ok(results.filter((r) => r.lines > 10).length >= 10, "most diagrams have content");
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("wasm exportAs gives what the CLI gives", async () => {
    const url = testPage("exports.html", "<p>exports</p>");
    const { context, page } = await openPage(url);
    const path = join(ROOT, "tests", "fixtures", "swaks", "starttls-auth.txt");
    const text = await readFile(path, "utf8");
    const got = await page.evaluate(async (text) => {
      const { default: init, exportAs } = await import("/pkg/smtpscope.js");
      await init();
      const kinds = {};
      for (const k of ["cs", "mermaid", "swaks"]) kinds[k] = exportAs(text, undefined, k);
      kinds.json = JSON.parse(exportAs(text, undefined, "json")).format;
      try {
        exportAs(text, undefined, "nope");
        kinds.bad = "no error";
      } catch (e) {
        kinds.bad = String(e.message);
      }
      return kinds;
    }, text);
    for (const k of ["cs", "mermaid", "swaks"]) assert.equal(got[k], cli("export", path, "--as", k), k);
    assert.equal(got.json, "swaks");
    assert.match(got.bad, /unknown export kind/);
    await context.close();
  });
});
