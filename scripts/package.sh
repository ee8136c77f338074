#!/bin/bash
# Build the npm package folder dist/npm/: the wasm parser (pkg/), the
# <smtp-timeline> element, the renderer and its CSS, TypeScript types and a
# README. `make package` runs it; publish with `cd dist/npm && npm publish`.
#
#   scripts/package.sh            build the wasm (scripts/build-wasm.sh), then package
#   scripts/package.sh --no-build package the www/pkg that is there
#
# The folder keeps www/'s layout (smtp-timeline.js imports ./pkg/smtpscope.js
# and fetches ./timeline.css next to itself), so it can also be copied to a
# documentation site as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "${1:-}" = --no-build ] || scripts/build-wasm.sh

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
out=dist/npm
rm -rf "$out"
mkdir -p "$out/pkg" "$out/types"

cp www/pkg/smtpscope.js www/pkg/smtpscope_bg.wasm www/pkg/smtpscope.d.ts "$out/pkg/"
cp www/smtp-timeline.js www/render.js www/timeline.css "$out/"
cp pkg-npm/types/*.d.ts "$out/types/"
cp pkg-npm/README.md "$out/README.md"
sed "s/@VERSION@/$version/" pkg-npm/package.json > "$out/package.json"

# Every file the package.json names exists.
node --input-type=module - "$out" <<'JS'
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
const dir = process.argv[2];
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const targets = [];
const walk = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk));
walk(pkg.exports);
targets.push(pkg.main, pkg.types, ...pkg.files);
const missing = targets.filter((t) => !existsSync(join(dir, t)));
if (missing.length) {
  console.error(`package: missing files: ${missing.join(", ")}`);
  process.exit(1);
}
console.log(`package: ${pkg.name}@${pkg.version} in ${dir}`);
JS
(cd "$out" && npm pack --dry-run --json 2>/dev/null | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const [p] = JSON.parse(s);
    console.log(`package: ${p.files.length} files, ${p.size} bytes packed`);
  });')
