#!/usr/bin/env bash
# Builds OutreachGPT and runs the whole test suite (ctest), headless.
# Tests run inside a private D-Bus session with a throwaway, unlocked gnome-keyring, so keychain
# tests talk to a real Secret Service and never see the user's own keyring or data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
preset="${OUTREACH_TEST_PRESET:-debug}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
exec dbus-run-session -- scripts/test-in-session.sh "$preset"
