#!/bin/bash
# Write tests/expected/<dir>/<name>.json = `smtpscope parse <fixture> --json`
# for the fixtures listed in tests/snapshots.rs. Run it after a deliberate
# change of the output, then READ the diff: the expected files are checked
# by a person, not trusted because the code produced them.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin smtpscope
bin="${CARGO_TARGET_DIR:-target}/debug/smtpscope"
for f in rfc/appendix-d1 rfc/appendix-d2 rfc/appendix-d3 rfc/appendix-d4 \
         swaks/delivery swaks/user-unknown swaks/relay-denied swaks/starttls-auth \
         swaks/pipelining swaks/size-rejected swaks/greylisted swaks/auth-plain \
         raw/telnet-delivery raw/telnet-reject; do
    mkdir -p "tests/expected/$(dirname "$f")"
    "$bin" parse "tests/fixtures/$f.txt" --json --pretty --parts > "tests/expected/$f.json"
    echo "wrote tests/expected/$f.json"
done
