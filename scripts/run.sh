#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds OutreachGPT (release preset) and starts it. With no CRM configured and an empty cache
# the app opens the bundled demo workspace; pass --demo for a throwaway data folder, or any other
# option of `outreachgpt --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/outreachgpt "$@"
