#!/usr/bin/env bash
# wasm speed against native on the same generated inputs: the shipped build
# (scripts/build-wasm.sh, through scripts/wasm-size.sh) run
# by Node and by headless Chromium, against examples/throughput natively,
# and its start-up: init() (read or fetch, compile, instantiate), timed with
# performance.now() in each.
# wasm `parse` returns a JS object (JSON text, JSON.parse), so it is compared
# with native parse + JSON; `new Parsed` keeps the result in the module, so
# it is compared with native parse on one thread (the wasm has one).
#
#   scripts/bench-wasm.sh [SIZE_BYTES]     (default 4000000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4000000}
. scripts/bench-inputs.sh
WEB=$TARGET/wasm-bench
mkdir -p "$WEB"
scripts/wasm-size.sh "$WEB" || true   # the size verdict is that script's job
cargo build --release --quiet --example gen --example throughput
for kind in rfc postfix; do
  cp "$(bench_input "$kind" "$SIZE")" "$WEB/$kind.txt"
done

cat > "$WEB/bench.mjs" <<'JS'
// Start-up (init(): fetch or read, compile and instantiate the module), then
// the best of 5 runs on each input of wasm parse() (the result as JS
// objects), of new Parsed() (the result kept in the module, as the page
// holds a big one) and of Parsed.fromBytes() (the same from TextEncoder's
// bytes, as the page's worker calls it); prints "kind MB/s".
export async function run(init, parse, Parsed, read) {
  const t0 = performance.now();
  await init();
  const out = [`start-up ${(performance.now() - t0).toFixed(1)} ms (init)`];
  const rate = (bytes, ms) => `${(bytes / 1e6 / (ms / 1e3)).toFixed(1)} MB/s (${ms.toFixed(1)} ms)`;
  for (const kind of ["rfc", "postfix"]) {
    const text = await read(kind);
    const bytes = new TextEncoder().encode(text).length;
    let best = Infinity;
    let kept = Infinity;
    let fromBytes = Infinity;
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      parse(text, undefined);
      best = Math.min(best, performance.now() - t);
      t = performance.now();
      let p = new Parsed(text, undefined);
      kept = Math.min(kept, performance.now() - t);
      p.free();
      // As the page's worker does it: the text encoded, then the bytes.
      t = performance.now();
      p = Parsed.fromBytes(new TextEncoder().encode(text), undefined);
      fromBytes = Math.min(fromBytes, performance.now() - t);
      p.free();
    }
    out.push(
      `${kind} parse() ${rate(bytes, best)}, new Parsed() ${rate(bytes, kept)}, ` +
        `Parsed.fromBytes() with the encoding ${rate(bytes, fromBytes)}`,
    );
  }
  return out.join("\n");
}
JS
cat > "$WEB/node.mjs" <<'JS'
import { readFile } from "node:fs/promises";
import init, { parse, Parsed } from "./smtpscope.js";
import { run } from "./bench.mjs";
const dir = new URL(".", import.meta.url);
// Reading the file is part of start-up, as fetching is in the browser.
const start = async () => init({ module_or_path: await readFile(new URL("smtpscope_bg.wasm", dir)) });
console.log(await run(start, parse, Parsed, (k) => readFile(new URL(`${k}.txt`, dir), "utf8")));
JS
cat > "$WEB/index.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>bench</title><pre id="out">running</pre>
<script type="module">
import init, { parse, Parsed } from "./smtpscope.js";
import { run } from "./bench.mjs";
// init() with no argument fetches smtpscope_bg.wasm next to the glue and
// instantiates it as it streams in, as the page does.
const r = await run(() => init(), parse, Parsed, (k) => fetch(`${k}.txt`).then((x) => x.text()));
// The result goes back as a request the server logs (headless Chromium
// has no console to print to here).
fetch("done?" + encodeURIComponent(r));
</script>
HTML

echo "== native (best of 5: parse, on one thread, parse + JSON)"
for kind in rfc postfix; do "$TARGET/release/examples/throughput" "$WEB/$kind.txt" 5; done
echo "== wasm in Node $(node --version)"
node "$WEB/node.mjs"
if command -v chromium > /dev/null; then
  echo "== wasm in headless Chromium"
  port=8731
  log=$(mktemp)
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$WEB" > /dev/null 2> "$log" &
  server=$!
  sleep 1
  chromium --headless --no-sandbox --disable-gpu "http://127.0.0.1:$port/index.html" \
    > /dev/null 2>&1 &
  browser=$!
  for _ in $(seq 1 240); do
    grep -q "GET /done?" "$log" && break
    sleep 0.5
  done
  kill "$browser" "$server" 2> /dev/null || true
  grep -o "GET /done?[^ ]*" "$log" | sed 's|GET /done?||' |
    python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.stdin.read().strip()))'
  rm -f "$log"
fi
