#!/bin/bash
# Write tests/fixtures/wasm/NAME.json = `smtpscope parse NAME.txt --json --parts` (the
# native CLI) for every input there. tests/wasm.rs checks that the wasm
# `parse` returns exactly these objects, so native == wasm.
# Run it after a change of the parser's output, and review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin smtpscope
bin="${CARGO_TARGET_DIR:-target}/debug/smtpscope"
for txt in tests/fixtures/wasm/*.txt; do
    "$bin" parse "$txt" --json --pretty --parts > "${txt%.txt}.json"
    echo "wrote ${txt%.txt}.json"
done
