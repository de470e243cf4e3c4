#!/usr/bin/env bash
# Runs the host-thread stress test (runtime/tests/stress) under ThreadSanitizer: configures
# build-tsan with -DQIAO_SANITIZE=thread, builds only what the test needs (libqiao and the test)
# and runs it; any report fails the run.
#
#   scripts/sanitize.sh               # 40 rounds per thread (TSan makes each round ~10x slower)
#   QIAO_STRESS_ROUNDS=300 scripts/sanitize.sh
#   JOBS=8 scripts/sanitize.sh        # build parallelism (default 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${QIAO_TSAN_BUILD:-$root/build-tsan}"

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQIAO_SANITIZE=thread \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target qiao_stress_tests

# halt_on_error: the first race fails the run; the test's own exit code covers the rest.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export QIAO_STRESS_ROUNDS="${QIAO_STRESS_ROUNDS:-40}"
"$build/bin/qiao_stress_tests"
