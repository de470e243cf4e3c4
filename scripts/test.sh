#!/usr/bin/env bash
# Builds Qiao and runs every registered test; exits with ctest's status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh
build_dir=${QIAO_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
exec ctest --test-dir "$build_dir" --output-on-failure -j"$jobs"
