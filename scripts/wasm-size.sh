#!/usr/bin/env bash
# Build the shipped .wasm (release, +simd128), shrink it with wasm-opt -Oz,
# and check its gzip size against the budget (150 KB = 150 * 1024 bytes).
# Exit status 1 when over budget.
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
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+simd128" \
  cargo build --quiet --lib --release --target wasm32-unknown-unknown
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" \
  "$TARGET/wasm32-unknown-unknown/release/smtpscope.wasm"
raw=$(stat -c %s "$OUT/smtpscope_bg.wasm")
# --enable-* : wasm-opt must accept the features rustc emitted.
wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals --enable-reference-types \
  --enable-multivalue \
  "$OUT/smtpscope_bg.wasm" -o "$OUT/smtpscope_bg.wasm"
opt=$(stat -c %s "$OUT/smtpscope_bg.wasm")
gz=$(gzip -9 -c "$OUT/smtpscope_bg.wasm" | wc -c)
echo "wasm: $raw bytes after wasm-bindgen, $opt after wasm-opt -Oz, $gz gzipped (budget $BUDGET)"
if [ "$gz" -gt "$BUDGET" ]; then
  echo "wasm-size: over budget by $((gz - BUDGET)) bytes" >&2
  exit 1
fi
