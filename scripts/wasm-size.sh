#!/usr/bin/env bash
# Build the shipped .wasm (scripts/build-wasm.sh: profile wasm-release,
# +simd128, wasm-opt -Oz) and check its gzip -9 size against the budget
# (150 KB = 150 * 1024 bytes). Exit status 1 when over budget.
#
#   scripts/wasm-size.sh [OUT_DIR]    (default $CARGO_TARGET_DIR/wasm-pkg)
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen (the CLI matching
# the crate's pinned wasm-bindgen), wasm-opt (Debian: binaryen), gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
OUT=${1:-$TARGET/wasm-pkg}
BUDGET=$((150 * 1024))
if ! command -v wasm-opt > /dev/null; then
  echo "wasm-size: wasm-opt is needed to measure the shipped module" >&2
  exit 2
fi
scripts/build-wasm.sh "$OUT" > /dev/null
raw=$(stat -c %s "$TARGET/wasm32-unknown-unknown/wasm-release/smtpscope.wasm")
opt=$(stat -c %s "$OUT/smtpscope_bg.wasm")
gz=$(gzip -9 -c "$OUT/smtpscope_bg.wasm" | wc -c)
echo "wasm: $raw bytes from rustc, $opt after wasm-bindgen and wasm-opt -Oz, $gz gzipped (budget $BUDGET)"
if [ "$gz" -gt "$BUDGET" ]; then
  echo "wasm-size: over budget by $((gz - BUDGET)) bytes" >&2
  exit 1
fi
