#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The packaging test: builds the .deb with CPack, installs it on this machine with apt-get, runs
# the installed program (--version, then its window under Xvfb with a fresh HOME on the demo
# workspace, with a screenshot), uninstalls it and checks nothing of it is left under /usr.
# Also builds the .tgz and the .rpm (installs rpm for rpmbuild) and checks the .rpm's metadata;
# the .rpm is not installed (this is Debian).
# Needs root or sudo: it installs and removes the package `outreachgpt` system-wide.
# Usage: scripts/package-test.sh [screenshot.png]      Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
build="$root/build/package"
shot="${1:-$build/package-test-shot.png}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "1. Dependencies (build, Xvfb; ImageMagick for the screenshot, rpm for the .rpm)"
scripts/install-deps.sh
if ! command -v import >/dev/null 2>&1 || ! command -v identify >/dev/null 2>&1 \
    || ! command -v rpmbuild >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        imagemagick rpm
fi
if dpkg-query -W -f='${Status}' outreachgpt 2>/dev/null | grep -q "install ok installed"; then
    fail "the package outreachgpt is already installed here; remove it first (apt-get purge outreachgpt)"
fi

step "2. Release build without tests in $build"
cmake --preset release -B "$build" -DOUTREACH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build"
version="$(sed -n 's/^[[:space:]]*VERSION[[:space:]]\+\([0-9.]\+\).*/\1/p' CMakeLists.txt | head -n1)"
[ -n "$version" ] || fail "no VERSION in the root CMakeLists.txt"
echo "project version: $version"

step "3. cpack"
rm -f "$build"/outreachgpt[_-]*.deb "$build"/outreachgpt-*.tar.gz "$build"/outreachgpt-*.rpm
(cd "$build" && cpack)
deb="$(ls "$build"/outreachgpt_"$version"_*.deb)"
[ -f "$deb" ] || fail "no .deb for version $version"
ls -l "$build"/outreachgpt[_-]*.{deb,tar.gz,rpm} 2>/dev/null || true
dpkg-deb -f "$deb" Package Version Installed-Size Depends Recommends Section
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail ".deb version is not $version"
depends="$(dpkg-deb -f "$deb" Depends)"
for dep in libqt6sql6-sqlite libqt6svg6 libsecret-1-0 libqt6widgets6 libqt6keychain1; do
    grep -q "$dep" <<<"$depends" || fail ".deb Depends lacks $dep: $depends"
done
ls "$build"/outreachgpt-*.tar.gz >/dev/null 2>&1 || fail "no .tar.gz"
ls "$build"/outreachgpt-*.rpm >/dev/null 2>&1 || fail "no .rpm"
rpm -qpi "$build"/outreachgpt-*.rpm | grep -E '^(Name|Version|Size)'
rpm -qpl "$build"/outreachgpt-*.rpm
requires="$(rpm -qpR "$build"/outreachgpt-*.rpm)"
for dep in libsecret qt6-qtsvg 'libQt6Widgets.so.6()(64bit)'; do
    grep -qF "$dep" <<<"$requires" || fail ".rpm Requires lacks $dep: $requires"
done

step "4. apt-get install $deb"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$deb"
files="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$files" "$work"' EXIT
dpkg-query -L outreachgpt | sort >"$files"
echo "installed files:"
while read -r path; do [ -d "$path" ] || echo "  $path"; done <"$files"

step "5. /usr/bin/outreachgpt --version"
out="$(/usr/bin/outreachgpt --version)"
echo "$out"
[ "$out" = "OutreachGPT $version" ] || fail "expected 'OutreachGPT $version'"

step "6. The installed app under Xvfb, fresh HOME, demo workspace"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
shown="$(timeout 60 dbus-run-session -- xvfb-run -a -s '-screen 0 1440x900x24' \
    /usr/bin/outreachgpt --demo --quit-when-shown 2>"$work/stderr")" \
    || { cat "$work/stderr" >&2; fail "the app did not show its window and quit"; }
echo "$shown"
rows="$(sed -n 's/.*shown rows=\([0-9]\+\).*/\1/p' <<<"$shown")"
[ -n "$rows" ] && [ "$rows" -gt 0 ] || fail "the demo workspace showed no rows"

mkdir -p "$(dirname "$shot")"
rm -f "$shot"
timeout 60 dbus-run-session -- xvfb-run -a -s '-screen 0 1440x900x24' sh -c "
    /usr/bin/outreachgpt --demo 2>'$work/stderr2' &
    app=\$!
    sleep 4
    kill -0 \$app || exit 3
    import -window root -crop 1280x800+0+0 '$shot'
    kill \$app; wait \$app || true" || { cat "$work/stderr2" >&2; fail "screenshot run failed"; }
[ -s "$shot" ] || fail "no screenshot"
colours="$(identify -format '%k' "$shot")"
echo "screenshot: $shot ($(stat -c %s "$shot") bytes, $colours colours)"
[ "$colours" -gt 50 ] || fail "the screenshot looks blank ($colours colours)"

step "7. apt-get purge outreachgpt"
DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq outreachgpt
if dpkg-query -W -f='${Status}' outreachgpt 2>/dev/null | grep -q "installed"; then
    fail "outreachgpt is still installed"
fi
left=0
while read -r path; do
    [ -d "$path" ] && continue # shared directories such as /usr/bin stay
    if [ -e "$path" ] || [ -L "$path" ]; then echo "left behind: $path"; left=1; fi
done <"$files"
leftovers="$(find /usr -xdev -path /usr/local -prune -o -iname '*outreachgpt*' -print 2>/dev/null || true)"
[ -z "$leftovers" ] || { echo "$leftovers"; left=1; }
[ "$left" -eq 0 ] || fail "files of the package are left under /usr"
echo "nothing of outreachgpt is left under /usr"

printf '\nPASS: %s installed, ran (%s rows shown, screenshot %s) and removed cleanly\n' \
    "$(basename "$deb")" "$rows" "$shot"
