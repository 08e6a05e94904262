#!/usr/bin/env bash
# Takes the README's screenshot: the app on a fresh demo workspace in a real X server (Xvfb).
# Usage: scripts/screenshot.sh [output.png]   (needs a built release preset; installs ImageMagick)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots/main-window.png}"
command -v import >/dev/null 2>&1 || {
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -qq --no-install-recommends imagemagick
}
exe="build/release/app/outreachgpt"
[ -x "$exe" ] || { cmake --preset release >/dev/null && cmake --build --preset release; }
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
xvfb-run -a -s '-screen 0 1440x900x24' sh -c "
    '$exe' --data-dir '$data' --demo &
    app=\$!
    sleep 3
    import -window root -crop 1280x800+0+0 '$out'
    kill \$app"
echo "wrote $out"
