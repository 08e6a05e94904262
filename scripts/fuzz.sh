#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang (the `fuzz` preset) and fuzzes each for a while.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=300] [TARGET...]
# Targets: crm_json, sse_decoder, json_field_stream (all by default). Each run starts from the
# committed corpus in tests/fuzz/corpus/<target> plus what earlier runs found (kept in
# build/fuzz/corpus/<target>), with the target's dictionary. A crash, a sanitizer report, a leak,
# an input slower than 10 s or an allocation above the memory limit stops the run; the input is
# written to build/fuzz/artifacts/<target>/ and the script exits with 1. Keep such an input as a
# regression test by copying it to tests/fuzz/corpus/<target>/regression-<what-it-broke>: the
# fuzz_replay_<target> ctest tests replay every corpus file in the debug and ASan builds.
# Without clang or its libFuzzer runtime the script says so and exits 0 (nothing to run), unless
# OUTREACH_FUZZ_REQUIRED=1 (scripts/test.sh sets it), when that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(crm_json sse_decoder json_field_stream)

if ! command -v clang++ >/dev/null 2>&1 \
    || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    if [ "${OUTREACH_FUZZ_REQUIRED:-0}" = 1 ]; then
        echo "fuzz: FAILED: clang++ or the libFuzzer runtime is missing; install the packages" \
            "'clang' and 'libclang-rt-dev'." >&2
        exit 1
    fi
    echo "fuzz: clang++ or the libFuzzer runtime (libclang-rt-dev) is missing; not fuzzing."
    exit 0
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

# One fuzzer per core at a time (each is single-threaded); the reports come in target order.
fuzz_one() {
    local target="$1"
    local work="build/fuzz/corpus/$target"
    local artifacts="build/fuzz/artifacts/$target"
    local log="build/fuzz/$target.log"
    mkdir -p "$work" "$artifacts"
    echo "fuzz: $target for ${OUTREACH_FUZZ_RUNS:+$OUTREACH_FUZZ_RUNS inputs, at most }${seconds}s"
    # -rss_limit_mb/-malloc_limit_mb: the parsers must stay far below this on any input;
    # -timeout: an input that takes longer than 10 s is a hang.
    # OUTREACH_FUZZ_RUNS (the test command sets it): that many inputs from a fixed seed, so a
    # CI run explores the same inputs every time and fails only on a change of the code; the
    # time stays a cap. Without it: random seeds, for as long as asked.
    local budget=()
    [ -n "${OUTREACH_FUZZ_RUNS:-}" ] && budget=(-runs="$OUTREACH_FUZZ_RUNS" -seed=20261126)
    if build/fuzz/tests/fuzz/"fuzz_$target" "${budget[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -max_len=16384 -print_final_stats=1 -dict="tests/fuzz/$target.dict" \
        -artifact_prefix="$artifacts/" "$work" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
        local runs edges
        runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
        echo "fuzz: $target ok: $runs inputs, $edges coverage edges, corpus $(ls "$work" | wc -l) files"
        return 0
    fi
    echo "fuzz: $target FAILED; the last lines of $log:"
    tail -n 40 "$log"
    echo "fuzz: the input is in $artifacts/; keep it with"
    echo "  cp $artifacts/<file> tests/fuzz/corpus/$target/regression-<what-it-broke>"
    return 1
}

jobs="${OUTREACH_FUZZ_JOBS:-$(nproc)}"
pids=()
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
    fuzz_one "$target" >"build/fuzz/$target.report" 2>&1 &
    pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "build/fuzz/${targets[$i]}.report"
done
exit $status
