#!/bin/sh
# Run one fuzz target for SECONDS (default 600) with the dictionary and the
# seed corpus; libFuzzer's log goes to fuzz/logs/<target>.log, crashes to
# fuzz/artifacts/<target>/. One process (like -jobs=1), so two targets can run side by side. Usage: fuzz/run.sh parse 600
set -eu
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-harden-fuzz}"
cd "$(dirname "$0")"
t=$1
secs=${2:-600}
mkdir -p logs "artifacts/$t" "corpus/$t"
[ -n "$(ls "corpus/$t")" ] || ./seed.sh
exec cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
  -dict=smtp.dict -max_total_time="$secs" -max_len=8192 -timeout=20 \
  -rss_limit_mb=3072 -print_final_stats=1 \
  -artifact_prefix="artifacts/$t/" >"logs/$t.driver.log" 2>&1
