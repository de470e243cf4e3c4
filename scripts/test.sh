#!/usr/bin/env bash
# Builds Qiao, runs every registered test, then the host-thread stress test under
# ThreadSanitizer and the fuzz tests under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh); fails when any of them fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Warnings in Qiao's own code fail the build here (CI runs this script).
QIAO_WERROR=ON bash scripts/build.sh
build_dir=${QIAO_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
status=0
ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" || status=$?

# The host-thread stress test under ThreadSanitizer, in its own build (build-tsan: libqiao and
# the test only; about 2 CPU-minutes to build from scratch). QIAO_SKIP_TSAN=1 leaves it out.
if [[ "${QIAO_SKIP_TSAN:-0}" != 1 ]]; then
  JOBS=$jobs bash scripts/sanitize.sh thread || status=$?
fi

# The fuzz tests (CTest label fuzz: PTX, fatbin, runtime API, translator) under ASan + UBSan, in
# their own build (build-asan: the fuzzers and what they link; about 7 CPU-minutes to build from
# scratch), 40 s each (QIAO_ASAN_FUZZ_SECONDS). QIAO_SKIP_ASAN=1 leaves it out.
if [[ "${QIAO_SKIP_ASAN:-0}" != 1 ]]; then
  JOBS=$jobs bash scripts/sanitize.sh address || status=$?
fi
exit "$status"
