#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the README's screenshots in a real X server (Xvfb): the main window on a fresh demo
# workspace, and the compose flow (generation, a rate-limit countdown, the history with outcomes,
# the settings dialog) as the GUI tests drive it against the fake CRM and model endpoint.
# Usage: scripts/screenshot.sh [output directory]   (builds the release preset; installs ImageMagick)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
command -v import >/dev/null 2>&1 || {
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -qq --no-install-recommends imagemagick
}
cmake --preset release >/dev/null
cmake --build --preset release --target outreachgpt tst_composeflow
exe="build/release/app/outreachgpt"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
xvfb-run -a -s '-screen 0 1440x900x24' sh -c "
    '$exe' --data-dir '$data' --demo &
    app=\$!
    sleep 3
    import -window root -crop 1440x860+0+0 '$out/main-window.png'
    kill \$app"
# The compose flow: the GUI test saves its screenshots when OUTREACH_SCREENSHOT_DIR is set.
HOME="$data" xvfb-run -a -s '-screen 0 1600x1000x24' dbus-run-session -- \
    env QT_QPA_PLATFORM=xcb OUTREACH_SCREENSHOT_DIR="$(realpath "$out")" \
    build/release/tests/app/tst_composeflow >/dev/null
echo "wrote $out/main-window.png and the compose flow's screenshots"
