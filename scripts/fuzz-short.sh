#!/bin/sh
# A short fuzz pass for CI: a few seconds per fuzz target (fuzz/), seeded
# from tests/fixtures and tests/hostile. Prints "skipped" and exits 0 when
# `cargo +nightly fuzz` is not available. SECONDS_PER_TARGET overrides the
# time (default 5). A crash fails the script; its input is left in
# fuzz/artifacts/<target>/ — keep it in tests/hostile/fuzz-regressions/
# (named <target>-<hash>) so tests/hardening.rs replays it.
set -eu
cd "$(dirname "$0")/.."
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz-short: skipped (cargo +nightly fuzz is not installed)"
  exit 0
fi
secs=${SECONDS_PER_TARGET:-5}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/fuzz/target}"
[ -d fuzz/corpus/parse ] || ./fuzz/seed.sh
cd fuzz
for t in parse framers grammar knowledge; do
  mkdir -p "artifacts/$t" "corpus/$t"
  out=$(cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
    -dict=smtp.dict -max_total_time="$secs" -max_len=8192 -timeout=20 \
    -artifact_prefix="artifacts/$t/" 2>&1) || {
    printf '%s\n' "$out" | tail -40
    echo "fuzz-short: $t FAILED"
    exit 1
  }
  runs=$(printf '%s\n' "$out" | sed -n 's/^Done \([0-9]*\) runs.*/\1/p' | tail -1)
  echo "fuzz-short: $t ok (${runs:-?} runs in ${secs}s)"
done
