#!/bin/bash
# Build the wasm module and its JS glue: the one build that is shipped,
# tested and measured (scripts/wasm-size.sh and scripts/bench-wasm.sh call
# this script, so the measured module is the page's).
#
#   scripts/build-wasm.sh [--strict] [OUT_DIR]     (default www/pkg)
#
#   --strict   fail when the wasm build of the library has any compiler warning
#
# Steps: cargo rustc --profile wasm-release (Cargo.toml) for wasm32 with
# +simd128 -> wasm-bindgen --target web -> wasm-opt -Oz when wasm-opt is
# installed (optional here; scripts/wasm-size.sh requires it), repeated
# while it shrinks the module (--converge), metadata sections stripped.
#
# +simd128: every browser since 2021 and Node >= 16.4 run wasm SIMD, and it
# lets LLVM vectorise byte scans (line splitting measured 2-3x faster in
# Node 20). It is set here, for the wasm build only, not in a .cargo/config
# that native builds would read.
#
# -inline-threshold=50: at opt-level "z" LLVM inlines almost nothing, and
# the parse made calls to functions of a few instructions (a text's
# `as_str`, `str` slicing and `strip_prefix`, `eq_ignore_ascii_case`), a
# tenth of its time in Node's profiler. Measured on 4 MB inputs (`new
# Parsed()` in Node, best of 15, the variants in turn in one process) and
# gzipped (RFC transcript; the Postfix log alike): "z" alone 78-85 ms,
# 176 822 bytes; threshold 16: -12 %, +8.2 KB; 25: -11 %, +9.3 KB; 35:
# -16 %, +11.1 KB; 50: -19 %, +15.1 KB; 75: -23 %, +29.9 KB; 100: -27 %,
# +34.3 KB; opt-level "s": -29 %, +41.7 KB (docs/performance-history.md,
# round 8). Past 50, each per cent costs about 4 KB. 50 takes the wasm
# from about 40 % to about half of the native parse's speed on one thread.
set -euo pipefail
cd "$(dirname "$0")/.."

strict=0
if [ "${1:-}" = --strict ]; then
    strict=1
    shift
fi
out="${1:-www/pkg}"

target_dir="${CARGO_TARGET_DIR:-target}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Cargo replays the warnings of a cached build, so the check also holds when
# nothing needed recompiling.
#
# The library is a cdylib only here (`cargo rustc --crate-type cdylib`):
# Cargo.toml keeps it an rlib, since a cdylib beside the binary makes cargo
# write the library twice under one name in benchmark builds (cargo#6313),
# which failed to link now and then.
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+simd128 -C llvm-args=-inline-threshold=50" \
    cargo rustc --lib --profile wasm-release --target wasm32-unknown-unknown \
        --crate-type cdylib 2>&1 | tee "$log"
if [ "$strict" = 1 ] && grep -qE '^(warning|error)(\[|:)' "$log"; then
    echo "build-wasm: the wasm build has warnings (see above)" >&2
    exit 1
fi

rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" \
    "$target_dir/wasm32-unknown-unknown/wasm-release/smtpscope.wasm"

wasm="$out/smtpscope_bg.wasm"
if command -v wasm-opt >/dev/null 2>&1; then
    # wasm-opt must accept every feature rustc emitted: its defaults for
    # wasm32-unknown-unknown, and simd128. --converge repeats -Oz while it
    # still shrinks the module; the producers and target_features sections
    # are metadata no engine reads (together about 900 bytes gzipped).
    # --low-memory-unused lets wasm-opt fold `pointer + constant` into a
    # load's or store's offset (576 bytes gzipped). The two differ only when
    # the sum wraps around 4 GB to an address under 1 KB, the deep end of
    # the 1 MB stack that rustc puts first (the data starts at 1 MB); no
    # pointer arithmetic of Rust wraps there. Emscripten passes it by default.
    if wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features --enable-simd \
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
ls -l "$out"/*.wasm
