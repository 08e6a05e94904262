#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs ctest for one preset inside the D-Bus session that scripts/test.sh started.
set -euo pipefail
preset="$1"
sandbox="$(mktemp -d)"
trap 'rm -rf "$sandbox"' EXIT
export HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" XDG_CONFIG_HOME="$sandbox/config" \
    XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A fresh login keyring, created and unlocked with a throwaway password.
printf 'outreachgpt-tests' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
ctest --preset "$preset" -j "$(nproc)"
