#!/usr/bin/env bash
# Run the divan benchmarks and print the grammar ratio against smtp-proto.
#
#   scripts/bench-report.sh [SIZE_BYTES]   (default 2000000; sets
#                                           SMTPSCOPE_BENCH_BYTES)
#
# Output: divan's table (MB/s under each time), then
# "grammar: ours X MB/s, smtp-proto Y MB/s, ratio X/Y" from the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
export SMTPSCOPE_BENCH_BYTES=${1:-2000000}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cargo bench --quiet --bench parse 2>/dev/null | tee "$out"

# The throughput line under a bench's name holds fastest, slowest, median
# and mean; take the third. Units: divan prints B/s, KB/s, MB/s or GB/s.
median_mbps() {
  awk -v name="$1" 'found { print; exit } $0 ~ ("─ " name " ") { found = 1 }' "$out" |
    grep -oE '[0-9.]+ (B|KB|MB|GB)/s' | sed -n 3p |
    awk '{ v = $1; u = $2
           if (u == "GB/s") v *= 1000; else if (u == "KB/s") v /= 1000; else if (u == "B/s") v /= 1e6
           printf "%.1f", v }'
}
ours=$(median_mbps ours)
theirs=$(median_mbps smtp_proto)
echo
echo "grammar: ours $ours MB/s, smtp-proto $theirs MB/s, ratio $(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }') (goal >= 1.00)"
