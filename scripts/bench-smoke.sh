#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The benchmark smoke run: builds the benchmarks (and only what they need) in the `bench-smoke`
# preset (the `release` one's -O2 without its debug info, which slows a Qt-heavy build a lot) and
# runs each once on a small size, failing if any of them exits non-zero, crashes or
# hangs. Its figures mean nothing (small sizes, a busy machine); it proves that every benchmark
# still builds optimised and runs to its end, so the README's figures stay reproducible.
#   scripts/bench-smoke.sh [BENCHMARK...]      (all by default)
# OUTREACH_BENCH_TIMEOUT (120): seconds one run may take before it counts as a hang.
# scripts/test.sh runs it after the tests. Each run's output is in build/bench-smoke/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

# One line per benchmark: the target, then the arguments of a small, quick run.
benchmarks=(
    "bench_bare_window --quit-when-shown"
    "bench_ticketlist --tickets 2000 --runs 1"
    "bench_context_assembly 5 3"
    "bench_generation 2000 100"
    "bench_ui_stall --interactions 500 --outcomes 2000"
    "bench_batch --tickets 24 --time-scale 0.05"
    "bench_hubspot_sync --tickets 800 --time-scale 0.02"
)

selected=()
for line in "${benchmarks[@]}"; do
    name="${line%% *}"
    if [ $# -eq 0 ] || [[ " $* " == *" $name "* ]]; then
        selected+=("$line")
    fi
done
if [ ${#selected[@]} -eq 0 ]; then
    echo "bench-smoke: no benchmark named $*" >&2
    exit 2
fi
targets=()
for line in "${selected[@]}"; do
    targets+=("${line%% *}")
done

cmake --preset bench-smoke >/dev/null
cmake --build --preset bench-smoke --target "${targets[@]}"

timeout_seconds="${OUTREACH_BENCH_TIMEOUT:-120}"
logs=build/bench-smoke/logs
mkdir -p "$logs"
failed=()
for line in "${selected[@]}"; do
    read -r -a words <<<"$line"
    name="${words[0]}"
    started=$(date +%s)
    status=0
    QT_QPA_PLATFORM=offscreen timeout --kill-after=10 "$timeout_seconds" \
        "build/bench-smoke/tests/bench/$name" "${words[@]:1}" >"$logs/$name.log" 2>&1 || status=$?
    took=$(($(date +%s) - started))
    if [ "$status" -eq 0 ]; then
        echo "bench-smoke: $name ok (${took} s)"
        continue
    fi
    # timeout(1): 124 when it stopped a hang, 137 when that needed SIGKILL; 128+N for signal N.
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        why="did not finish within ${timeout_seconds} s"
    elif [ "$status" -gt 128 ]; then
        why="died of signal $((status - 128))"
    else
        why="exited with $status"
    fi
    echo "bench-smoke: $name FAILED: $why; the last lines of $logs/$name.log:"
    tail -n 30 "$logs/$name.log"
    failed+=("$name")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "bench-smoke: FAILED: ${failed[*]}"
    exit 1
fi
