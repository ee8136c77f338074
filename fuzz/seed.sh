#!/bin/sh
# Copy tests/fixtures and tests/hostile into each fuzz target's seed corpus
# (fuzz/corpus/<target>/). The framer target's inputs start with a format
# index byte, the parse/grammar/knowledge ones with a raw/mapped selector
# byte (even = raw), so each fixture gets a leading byte.
set -eu
cd "$(dirname "$0")"
root=..
for t in parse framers grammar knowledge; do mkdir -p "corpus/$t"; done
i=0
find "$root/tests/fixtures" "$root/tests/hostile" -type f \
  \( -name '*.txt' -o -name '*.log' -o -name '*.eml' -o -name '*.LOG' -o -name mainlog -o -name maillog -o -name '*.bin' \) |
while read -r f; do
  i=$((i + 1))
  # Keep seeds small: libFuzzer's default -max_len is computed from them.
  for t in parse grammar knowledge; do
    { printf '\000'; head -c 16384 "$f"; } > "corpus/$t/seed-$i"
  done
  idx=0
  while [ $idx -lt 18 ]; do
    { printf "\\$(printf %03o $idx)\\000"; head -c 16384 "$f"; } > "corpus/framers/seed-$i-$idx"
    idx=$((idx + 1))
  done
done
echo "seeded: $(ls corpus/parse | wc -l) files per target"
