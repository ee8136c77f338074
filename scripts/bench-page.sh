#!/usr/bin/env bash
# The page's figures in headless Chromium (start-up, a 1 MB paste, a 20 MB
# log, scrolling 50 000 steps): builds www/pkg as `make serve` does, then
# runs tests/browser/bench-page.mjs. Exit status 1 when a target is missed.
#
#   scripts/bench-page.sh
#
# Needs what `make test` installs (scripts/install-tools.sh test): Chromium
# and the browser tests' npm packages. Wall-clock figures: run it on an idle
# machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh test > /dev/null
scripts/build-wasm.sh > /dev/null
node tests/browser/bench-page.mjs
