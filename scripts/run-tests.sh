#!/bin/bash
# Run each named make target, keep going after a failure, and fail at the end
# if any failed. The last line printed by a fully passing run is the browser
# test runner's "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
for step in "$@"; do
    printf '\n==== make %s\n' "$step"
    if ! make --no-print-directory "$step"; then
        failed+=("$step")
        printf '==== make %s FAILED\n' "$step"
    fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    printf '\nmake test: %d of %d steps failed: %s\n' "${#failed[@]}" "$#" "${failed[*]}"
    exit 1
fi
