#!/usr/bin/env bash
# wasm speed against native on the same generated inputs: the shipped build
# (scripts/build-wasm.sh, through scripts/wasm-size.sh) run
# by Node and by headless Chromium, against examples/throughput natively,
# and its start-up: init() (read or fetch, compile, instantiate), timed with
# performance.now() in each.
# wasm `parse` returns a JS object (JSON text, JSON.parse), so it is compared
# with native parse + JSON.
#
#   scripts/bench-wasm.sh [SIZE_BYTES]     (default 4000000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4000000}
TARGET=${CARGO_TARGET_DIR:-target}
DIR=${BENCH_DIR:-$TARGET/bench-inputs}
WEB=$TARGET/wasm-bench
mkdir -p "$DIR" "$WEB"
scripts/wasm-size.sh "$WEB" || true   # the size verdict is that script's job
cargo build --release --quiet --example gen --example throughput
for kind in rfc postfix; do
  f=$DIR/$kind-$SIZE.txt
  [ -s "$f" ] || "$TARGET/release/examples/gen" "$kind" "$SIZE" 7 > "$f"
  cp "$f" "$WEB/$kind.txt"
done

cat > "$WEB/bench.mjs" <<'JS'
// Start-up (init(): fetch or read, compile and instantiate the module), then
// the best of 5 runs of wasm parse() on each input; prints "kind MB/s".
export async function run(init, parse, read) {
  const t0 = performance.now();
  await init();
  const out = [`start-up ${(performance.now() - t0).toFixed(1)} ms (init)`];
  for (const kind of ["rfc", "postfix"]) {
    const text = await read(kind);
    const bytes = new TextEncoder().encode(text).length;
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      parse(text, undefined);
      best = Math.min(best, performance.now() - t);
    }
    out.push(`${kind} ${(bytes / 1e6 / (best / 1e3)).toFixed(1)} MB/s (${best.toFixed(1)} ms)`);
  }
  return out.join("\n");
}
JS
cat > "$WEB/node.mjs" <<'JS'
import { readFile } from "node:fs/promises";
import init, { parse } from "./smtpscope.js";
import { run } from "./bench.mjs";
const dir = new URL(".", import.meta.url);
// Reading the file is part of start-up, as fetching is in the browser.
const start = async () => init({ module_or_path: await readFile(new URL("smtpscope_bg.wasm", dir)) });
console.log(await run(start, parse, (k) => readFile(new URL(`${k}.txt`, dir), "utf8")));
JS
cat > "$WEB/index.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>bench</title><pre id="out">running</pre>
<script type="module">
import init, { parse } from "./smtpscope.js";
import { run } from "./bench.mjs";
// init() with no argument fetches smtpscope_bg.wasm next to the glue and
// instantiates it as it streams in, as the page does.
const r = await run(() => init(), parse, (k) => fetch(`${k}.txt`).then((x) => x.text()));
// The result goes back as a request the server logs (headless Chromium
// has no console to print to here).
fetch("done?" + encodeURIComponent(r));
</script>
HTML

echo "== native (parse + JSON, best of 5)"
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
