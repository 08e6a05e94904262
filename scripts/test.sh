#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds OutreachGPT and runs the whole test suite (ctest), headless, then fuzzes the parsers.
#  1. The `asan` preset (debug, -Werror, AddressSanitizer + UndefinedBehaviorSanitizer): every
#     test runs under the sanitizers. Tests run inside a private D-Bus session with a throwaway,
#     unlocked gnome-keyring, so keychain tests talk to a real Secret Service and never see the
#     user's own keyring or data.
#  2. Where clang and libFuzzer are installed: the `fuzz` preset, and each fuzz target for
#     OUTREACH_FUZZ_RUNS (100,000) inputs from a fixed seed, at most OUTREACH_FUZZ_SECONDS (30)
#     seconds (scripts/fuzz.sh; the same inputs every run, so the gate is reproducible; longer,
#     random runs are in the README).
# OUTREACH_TEST_PRESET=debug runs the suite without sanitizers instead (faster, for development);
# OUTREACH_FUZZ_SECONDS=0 skips the fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
preset="${OUTREACH_TEST_PRESET:-asan}"
start=$(date +%s)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
built=$(date +%s)
dbus-run-session -- scripts/test-in-session.sh "$preset"
tested=$(date +%s)
fuzz_seconds="${OUTREACH_FUZZ_SECONDS:-30}"
if [ "$fuzz_seconds" -gt 0 ]; then
    OUTREACH_FUZZ_RUNS="${OUTREACH_FUZZ_RUNS:-100000}" scripts/fuzz.sh "$fuzz_seconds"
fi
end=$(date +%s)
echo "test.sh: build $((built - start)) s, tests $((tested - built)) s, fuzzing $((end - tested)) s" \
    "($preset preset)"
