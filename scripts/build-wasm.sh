#!/bin/bash
# Build the wasm module and its JS glue into www/pkg.
#
#   scripts/build-wasm.sh            build (warnings are shown)
#   scripts/build-wasm.sh --strict   build, and fail when the wasm build of the
#                                    library has any compiler warning
#
# Steps: cargo build (release, wasm32) -> wasm-bindgen --target web ->
# wasm-opt -Oz when wasm-opt is installed (optional).
set -euo pipefail
cd "$(dirname "$0")/.."

strict=0
[ "${1:-}" = --strict ] && strict=1

target_dir="${CARGO_TARGET_DIR:-target}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Cargo replays the warnings of a cached build, so the check also holds when
# nothing needed recompiling.
cargo build --lib --release --target wasm32-unknown-unknown 2>&1 | tee "$log"
if [ "$strict" = 1 ] && grep -qE '^(warning|error)(\[|:)' "$log"; then
    echo "build-wasm: the wasm build has warnings (see above)" >&2
    exit 1
fi

rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg \
    "$target_dir/wasm32-unknown-unknown/release/smtpscope.wasm"

wasm=www/pkg/smtpscope_bg.wasm
if command -v wasm-opt >/dev/null 2>&1; then
    # The features rustc enables by default for wasm32-unknown-unknown.
    if wasm-opt -Oz \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-multivalue --enable-reference-types \
        -o "$wasm.opt" "$wasm"; then
        mv "$wasm.opt" "$wasm"
    else
        rm -f "$wasm.opt"
        echo "build-wasm: wasm-opt failed; keeping the unoptimised module" >&2
    fi
else
    echo "build-wasm: wasm-opt not found; the module is not size-optimised" >&2
fi
ls -l www/pkg/*.wasm
