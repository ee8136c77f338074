#!/usr/bin/env bash
# End-to-end figures the benches cannot give: the CLI with --json and with
# its terminal timeline (MB/s and peak memory against input size),
# --ndjson's peak memory on ever bigger
# logs, pflogsumm on the same Postfix log, and linearity (the same generator
# at SIZE and 2*SIZE bytes).
#
#   scripts/bench-cli.sh [SIZE_BYTES]      (default 20000000)
#
# Inputs are generated (examples/gen.rs, seed 7) into $BENCH_DIR
# (default: $CARGO_TARGET_DIR/bench-inputs), never committed.
# MB = 10^6 bytes. Wall-clock times; run on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-20000000}
. scripts/bench-inputs.sh
cargo build --release --quiet --bin smtpscope --example gen --example throughput
BIN=$TARGET/release/smtpscope
THR=$TARGET/release/examples/throughput

for kind in rfc swaks postfix; do
  for n in "$SIZE" $((SIZE * 2)); do
    bench_input "$kind" "$n" > /dev/null
  done
done

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

# Best wall time (seconds) and peak RSS (KB) of three runs of a command.
measure() {
  local best=999999 rss=0 t m out
  out=$(mktemp)
  for _ in 1 2 3; do
    /usr/bin/time -o "$out" -f "%e %M" "$@" > /dev/null 2> /dev/null
    read -r t m < "$out"
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
    rss=$m
  done
  rm -f "$out"
  echo "$best $rss"
}

echo "== CLI end to end: smtpscope parse FILE --json > /dev/null (best of 3)"
for kind in rfc swaks postfix; do
  f=$DIR/$kind-$SIZE.txt
  bytes=$(stat -c %s "$f")
  read -r t rss < <(measure "$BIN" parse "$f" --json)
  echo "$kind: $(mbps "$bytes" "$t") MB/s, ${t}s, peak RSS $((rss / 1024)) MiB = $(awk -v r="$rss" -v b="$bytes" 'BEGIN { printf "%.1f", r * 1024 / b }')x input"
done

echo "== CLI end to end, the terminal timeline: smtpscope parse FILE > /dev/null (best of 3)"
for kind in rfc swaks postfix; do
  f=$DIR/$kind-$SIZE.txt
  bytes=$(stat -c %s "$f")
  read -r t rss < <(measure "$BIN" parse "$f")
  echo "$kind: $(mbps "$bytes" "$t") MB/s, ${t}s, peak RSS $((rss / 1024)) MiB = $(awk -v r="$rss" -v b="$bytes" 'BEGIN { printf "%.1f", r * 1024 / b }')x input"
done

echo "== --ndjson on the Postfix log: peak memory at SIZE, 2*SIZE and 5*SIZE (flat: it streams)"
big=$(bench_input postfix $((SIZE * 5)))
for f in "$DIR/postfix-$SIZE.txt" "$DIR/postfix-$((SIZE * 2)).txt" "$big"; do
  bytes=$(stat -c %s "$f")
  read -r t rss < <(measure "$BIN" parse "$f" --ndjson)
  echo "$(basename "$f"): $(mbps "$bytes" "$t") MB/s, peak RSS $((rss / 1024)) MiB = $(awk -v r="$rss" -v b="$bytes" 'BEGIN { printf "%.2f", r * 1024 / b }')x input"
done

echo "== Postfix log: pflogsumm against smtpscope --json (best of 3)"
f=$DIR/postfix-$SIZE.txt
bytes=$(stat -c %s "$f")
if command -v pflogsumm > /dev/null; then
  read -r tp _ < <(measure pflogsumm "$f")
  read -r ts _ < <(measure "$BIN" parse "$f" --json)
  echo "pflogsumm ${tp}s ($(mbps "$bytes" "$tp") MB/s), smtpscope ${ts}s: $(awk -v a="$tp" -v b="$ts" 'BEGIN { printf "%.1f", a / b }')x faster"
else
  echo "pflogsumm not installed (apt-get install -y pflogsumm)"
fi

echo "== Linearity: in-process parse at SIZE and 2*SIZE (wall clock, the two sizes in turn, best of 3 each)"
echo "   (wall-clock ratios vary with the machine's load; scripts/bench-linear.sh counts instructions instead)"
for kind in rfc swaks postfix; do
  ta=""
  tb=""
  for _ in 1 2 3; do
    for which in a b; do
      if [ "$which" = a ]; then f=$DIR/$kind-$SIZE.txt; else f=$DIR/$kind-$((SIZE * 2)).txt; fi
      t=$("$THR" "$f" 1 | sed -E 's/.*parse [0-9.]+ MB\/s \(([0-9.]+) ms\).*/\1/')
      if [ "$which" = a ]; then
        ta=$(awk -v x="$t" -v m="$ta" 'BEGIN { print (m == "" || x < m) ? x : m }')
      else
        tb=$(awk -v x="$t" -v m="$tb" 'BEGIN { print (m == "" || x < m) ? x : m }')
      fi
    done
  done
  echo "$kind: parse ${ta} ms at SIZE, ${tb} ms at 2*SIZE: time(2x)/time(1x) = $(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.2f", b / a }') (linear: 2.00 +-10%)"
done
