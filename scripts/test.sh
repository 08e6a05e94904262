#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds OutreachGPT and runs the whole test suite (ctest), headless, then fuzzes the parsers and
# runs every benchmark once on a small size.
#  0. Checks up front, before any build, that every tool the run needs is installed (after
#     scripts/install-deps.sh has had its go), and stops at once naming the missing tool and its
#     package: nothing in this command is skipped because a tool is absent.
#  1. The `asan` preset (debug, -Werror, AddressSanitizer with LeakSanitizer +
#     UndefinedBehaviorSanitizer): every test runs under the sanitizers. Tests run inside a
#     private D-Bus session with a throwaway, unlocked gnome-keyring, so keychain tests talk to a
#     real Secret Service and never see the user's own keyring or data.
#  2. The `fuzz` preset (clang, libFuzzer), and each fuzz target for OUTREACH_FUZZ_RUNS (100,000)
#     inputs from a fixed seed, at most OUTREACH_FUZZ_SECONDS (30) seconds (scripts/fuzz.sh; the
#     same inputs every run, so the gate is reproducible; longer, random runs are in the README).
#  3. Every benchmark, built optimised (the `bench-smoke` preset: `release` without debug info),
#     run once on a small size (scripts/bench-smoke.sh).
# OUTREACH_TEST_PRESET=debug runs the suite without sanitizers instead (faster, for development);
# OUTREACH_FUZZ_SECONDS=0 and OUTREACH_BENCH_SMOKE=0 leave out steps 2 and 3 on request (and say
# so); CI sets neither.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
preset="${OUTREACH_TEST_PRESET:-asan}"
fuzz_seconds="${OUTREACH_FUZZ_SECONDS:-30}"
bench_smoke="${OUTREACH_BENCH_SMOKE:-1}"

# --- 0. every tool, before the long build --------------------------------------------------------
missing=()
need() { # need COMMAND PACKAGE WHAT-FOR
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "test.sh: '$1' is not installed or not on PATH; install the package '$2'" \
            "(needed for $3)." >&2
        missing+=("$2")
    fi
}
need cmake cmake "the build"
need ninja ninja-build "the build"
need g++ g++ "the build"
need dbus-run-session dbus "the private D-Bus session the tests run in"
need gnome-keyring-daemon gnome-keyring "the Secret Service the keychain tests talk to"
need desktop-file-validate desktop-file-utils "the desktop_file_validate test"
need appstreamcli appstream "the appstream_validate test"
# The mail tests run a private Dovecot on loopback with a throwaway certificate.
[ -x /usr/sbin/dovecot ] || need dovecot dovecot-imapd "the IMAP tests (a private Dovecot on 127.0.0.1)"
need doveadm dovecot-core "the IMAP tests' mailbox checks"
need openssl openssl "the IMAP tests' throwaway certificate"
if ! pkg-config --exists 'gmime-3.0 >= 3.2' 2>/dev/null; then
    echo "test.sh: GMime 3.2 is not installed; install the package 'libgmime-3.0-dev'" \
        "(needed for the build: drafts as MIME messages)." >&2
    missing+=(libgmime-3.0-dev)
fi
# The spell checker's tests check real text against the system's Hunspell dictionaries.
for dictionary in en_US:hunspell-en-us de_DE:hunspell-de-de de_CH:hunspell-de-ch fr:hunspell-fr; do
    if [ ! -f "/usr/share/hunspell/${dictionary%%:*}.dic" ]; then
        echo "test.sh: no ${dictionary%%:*} spelling dictionary" \
            "(/usr/share/hunspell/${dictionary%%:*}.dic); install the package '${dictionary#*:}'" \
            "(needed for tst_spellchecker and tst_spellcheck)." >&2
        missing+=("${dictionary#*:}")
    fi
done
if [ "$fuzz_seconds" -gt 0 ]; then
    need clang++ clang "the fuzzing (scripts/fuzz.sh)"
    # Linking a trivial fuzz target is the one sure test that the libFuzzer runtime is there.
    if command -v clang++ >/dev/null 2>&1; then
        probe="$(mktemp -d)"
        cat >"$probe/probe.cpp" <<'CPP'
extern "C" int LLVMFuzzerTestOneInput(const unsigned char *, unsigned long) { return 0; }
CPP
        if ! clang++ -fsanitize=fuzzer "$probe/probe.cpp" -o "$probe/probe" >"$probe/log" 2>&1; then
            echo "test.sh: clang++ cannot link a libFuzzer target; install the package" \
                "'libclang-rt-dev' (needed for the fuzzing). clang++ said:" >&2
            sed 's/^/  /' "$probe/log" >&2
            missing+=(libclang-rt-dev)
        fi
        rm -rf "$probe"
    fi
fi
if [ "$bench_smoke" != 0 ]; then
    need sqlite3 sqlite3 "bench_ticketlist's import baseline (scripts/bench-smoke.sh)"
    need timeout coreutils "the benchmark smoke run's hang guard"
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: FAILED before building: missing ${missing[*]}" \
        "(scripts/install-deps.sh installs them on Debian/Ubuntu)." >&2
    exit 1
fi

# --- 1. the suite --------------------------------------------------------------------------------
start=$(date +%s)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
built=$(date +%s)
dbus-run-session -- scripts/test-in-session.sh "$preset"
tested=$(date +%s)

# --- 2. fuzzing ----------------------------------------------------------------------------------
if [ "$fuzz_seconds" -gt 0 ]; then
    OUTREACH_FUZZ_REQUIRED=1 OUTREACH_FUZZ_RUNS="${OUTREACH_FUZZ_RUNS:-100000}" \
        scripts/fuzz.sh "$fuzz_seconds"
else
    echo "test.sh: fuzzing SKIPPED on request (OUTREACH_FUZZ_SECONDS=0)"
fi
fuzzed=$(date +%s)

# --- 3. benchmarks, once each --------------------------------------------------------------------
if [ "$bench_smoke" != 0 ]; then
    scripts/bench-smoke.sh
else
    echo "test.sh: benchmark smoke run SKIPPED on request (OUTREACH_BENCH_SMOKE=0)"
fi
end=$(date +%s)
echo "test.sh: build $((built - start)) s, tests $((tested - built)) s, fuzzing" \
    "$((fuzzed - tested)) s, benchmarks $((end - fuzzed)) s ($preset preset)"
