#!/bin/bash
# Install what building and testing smtpscope needs, only when it is missing.
#
#   scripts/install-tools.sh build   wasm32 target, wasm-bindgen-cli, wasm-opt (optional)
#   scripts/install-tools.sh test    the above, plus rustfmt/clippy, Chromium and
#                                    the browser tests' npm packages
#
# Assumes a Debian machine with rustup, cargo, node and npm; apt-get runs only
# when Chromium is missing (as root, or through sudo when there is one).
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-build}"
say() { printf '== %s\n' "$*"; }

# The wasm32 target for the page and the wasm tests.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown rustup target"
    rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly: the CLI refuses
# a module built by another version. Take the version from Cargo.lock.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$want" ]; then
    echo "install-tools: no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ] || [ "$have_runner" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found '${have:-none}')"
    cargo install wasm-bindgen-cli --version "$want"
fi

# wasm-opt is optional (it only makes the .wasm smaller). Take it from the npm
# package `binaryen`, which is current; Debian's binaryen is too old for the
# wasm features rustc emits today.
if ! command -v wasm-opt >/dev/null 2>&1; then
    say "installing wasm-opt (npm binaryen), optional"
    npm install --global --no-audit --no-fund binaryen >/dev/null 2>&1 \
        || echo "install-tools: could not install wasm-opt; the .wasm will not be optimised" >&2
fi

[ "$what" = test ] || exit 0

for c in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
        say "adding the $c rustup component"
        rustup component add "$c"
    fi
done

if [ ! -x /usr/bin/chromium ]; then
    say "installing Chromium (Debian package)"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

# The browser tests' packages, exactly as locked. Skip when already in place
# for this lock file.
lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.smtpscope-lock
if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    say "npm ci in tests/browser"
    (cd tests/browser && npm ci --no-audit --no-fund)
    cp "$lock" "$stamp"
fi
