#!/usr/bin/env bash
# Peak heap of `parse` against the input's size: valgrind's dhat on
# examples/parse_once (one parse, on one thread, default options) over the
# generated inputs. The peak counts the input text itself (read into
# memory first), as a caller of `parse` holds it.
#
#   scripts/bench-memory.sh [SIZE_BYTES]     (default 4000000)
#
# Needs valgrind (apt-get install valgrind). Heap bytes, not RSS: the
# allocator's own slack and the program's code are not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4000000}
. scripts/bench-inputs.sh
command -v valgrind > /dev/null || { echo "bench-memory: needs valgrind" >&2; exit 1; }
cargo build --release --quiet --example gen --example parse_once
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for kind in rfc swaks postfix; do
  f=$(bench_input "$kind" "$SIZE")
  peak=$(valgrind --tool=dhat --dhat-out-file="$out" "$TARGET/release/examples/parse_once" "$f" 2>&1 |
    sed -n 's/.*At t-gmax: *\([0-9,]*\) bytes.*/\1/p' | tr -d ,)
  bytes=$(stat -c %s "$f")
  awk -v k="$kind" -v p="$peak" -v b="$bytes" \
    'BEGIN { printf "%s: input %.1f MB, peak heap of parse %.1f MB = %.1f x the input (target <= 4 x)\n", k, b / 1e6, p / 1e6, p / b }'
done
