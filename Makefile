# smtpscope: two commands on a fresh machine (Debian, rustup, cargo, node, npm).
#
#   make serve   install what is missing, build the wasm, serve www/ at
#                http://127.0.0.1:8080
#   make test    install what is missing, run every test (format, clippy,
#                native, wasm under Node, wasm build warnings, browser)
#
# Each test step is also a target of its own (test-fmt, test-clippy, ...).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
HOST ?= 127.0.0.1
PORT ?= 8080

export CARGO_TERM_COLOR ?= never

.PHONY: serve test tools test-tools wasm wasm-strict wasm-fixtures \
        test-fmt test-clippy test-native test-wasm test-wasm-warnings test-fuzz test-browser package clean

serve: wasm
	node scripts/serve.mjs --host $(HOST) --port $(PORT) www

# Run every step even when one fails, then fail if any did.
test: test-tools
	scripts/run-tests.sh test-fmt test-clippy test-native test-wasm test-wasm-warnings test-fuzz test-browser

tools:
	scripts/install-tools.sh build

test-tools:
	scripts/install-tools.sh test

wasm: tools
	scripts/build-wasm.sh

test-fmt:
	cargo fmt --check

test-clippy:
	cargo clippy --all-targets -- -D warnings

test-native:
	cargo test

# The wasm tests run under Node (no browser): wasm-bindgen-test-runner is the
# cargo runner for wasm32.
test-wasm:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	    cargo test --target wasm32-unknown-unknown --no-default-features --test wasm

# The wasm build of the library has no warnings, and neither has clippy for
# the wasm-only code (src/wasm.rs, tests/wasm.rs), which native clippy never sees.
test-wasm-warnings:
	scripts/build-wasm.sh --strict
	cargo clippy --target wasm32-unknown-unknown --no-default-features --lib --test wasm -- -D warnings

# A few seconds of each fuzz target (fuzz/) where `cargo +nightly fuzz` is
# installed; "skipped" elsewhere.
test-fuzz:
	scripts/fuzz-short.sh

# Builds www/pkg, serves www/ on a free loopback port and drives Chromium.
test-browser: wasm
	cd tests/browser && node --test --test-reporter=./summary-reporter.mjs --test-reporter-destination=stdout *.test.mjs

# The npm package folder dist/npm/ (wasm parser, <smtp-timeline> element,
# renderer, CSS, TypeScript types).
package: tools
	scripts/package.sh

# Regenerate the expected JSON of tests/fixtures/wasm/*.txt with the native CLI.
wasm-fixtures:
	scripts/wasm-fixtures.sh

clean:
	rm -rf www/pkg test-artifacts dist
