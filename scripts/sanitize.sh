#!/usr/bin/env bash
# Runs Qiao's checks under the sanitizers, each in its own build directory that builds only what
# its tests need:
#
#   scripts/sanitize.sh thread    # build-tsan: the host-thread stress test (runtime/tests/stress)
#                                 # under ThreadSanitizer (the default without an argument)
#   scripts/sanitize.sh address   # build-asan: every test labelled `fuzz` (the PTX, fatbin,
#                                 # runtime-API and translator fuzzers) under AddressSanitizer and
#                                 # UndefinedBehaviorSanitizer, each for a bounded time
#
#   QIAO_STRESS_ROUNDS=300 scripts/sanitize.sh thread   # 40 rounds per thread by default
#   QIAO_ASAN_FUZZ_SECONDS=120 scripts/sanitize.sh address   # per fuzzer; 40 by default
#   JOBS=8 scripts/sanitize.sh ...                      # build and test parallelism (default 2)
#
# Any sanitizer report fails the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-thread}"
jobs="${JOBS:-2}"

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

case "$mode" in
thread)
  build="${QIAO_TSAN_BUILD:-$root/build-tsan}"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQIAO_SANITIZE=thread \
    "${launcher[@]}" >/dev/null
  cmake --build "$build" -j"$jobs" --target qiao_stress_tests
  # halt_on_error: the first race fails the run; the test's own exit code covers the rest.
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
  export QIAO_STRESS_ROUNDS="${QIAO_STRESS_ROUNDS:-40}"
  "$build/bin/qiao_stress_tests"
  ;;
address)
  build="${QIAO_ASAN_BUILD:-$root/build-asan}"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DQIAO_SANITIZE=address,undefined -DQIAO_FUZZ_SECONDS="${QIAO_ASAN_FUZZ_SECONDS:-40}" \
    "${launcher[@]}" >/dev/null
  cmake --build "$build" -j"$jobs" --target qiao-ptx-fuzz qiao-fatbin-fuzz qiao-api-fuzz \
    qiao_translate_token_fuzz
  # The fuzzers end on the first report (the case guard saves the input first). Leak checking
  # is off: the runtime keeps its per-process state until exit on purpose.
  export ASAN_OPTIONS="detect_leaks=0 abort_on_error=1 ${ASAN_OPTIONS:-}"
  export UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1 ${UBSAN_OPTIONS:-}"
  ctest --test-dir "$build" -L fuzz --output-on-failure -j"$jobs"
  ;;
*)
  echo "usage: $0 [thread|address]" >&2
  exit 2
  ;;
esac
