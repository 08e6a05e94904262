#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian/Ubuntu packages OutreachGPT needs to build, test and run.
# Does nothing when they are all installed already; uses sudo when not run as root.
set -euo pipefail

packages=(
    cmake ninja-build g++ file dpkg-dev
    qt6-base-dev libqt6opengl6-dev libqt6sql6-sqlite libqt6svg6 qt6-svg-dev
    qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qcoro-qt6-dev qtkeychain-qt6-dev
    xvfb xauth dbus gnome-keyring sqlite3 libsqlite3-dev desktop-file-utils appstream
    clang libclang-rt-dev
    libnuspell-dev hunspell-en-us hunspell-en-gb hunspell-de-de hunspell-de-ch hunspell-fr
    hunspell-es hunspell-sv hunspell-da hunspell-pl
    libgmime-3.0-dev pkg-config dovecot-imapd openssl
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    cat >&2 <<'TXT'
This script installs Debian/Ubuntu packages. On other systems install by hand:
  macOS:   brew install cmake ninja qt qtkeychain qcoro sqlite nuspell gmime pkg-config
  Windows: Qt 6.4+ (MSVC 2022) from the Qt online installer, CMake, Ninja, and QtKeychain/QCoro/
           nuspell through vcpkg (vcpkg install qtkeychain-qt6 qcoro nuspell), GMime 3.2 with
           pkg-config (MSYS2 or GMime's own build); see README.md. The mail tests need Dovecot
           and run on Linux.
  Spelling dictionaries (.aff/.dic) outside /usr/share/hunspell: point OUTREACHGPT_DICTIONARY_PATH
  at their folders (colon separated).
TXT
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
