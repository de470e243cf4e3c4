#!/usr/bin/env bash
# Configures and builds Qiao into ./build (or $QIAO_BUILD_DIR) with every core.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
source scripts/nvcc-path.sh

build_dir=${QIAO_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
# QIAO_WERROR=ON (scripts/test.sh, which CI runs) makes warnings in Qiao's own code errors.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQIAO_WERROR="${QIAO_WERROR:-OFF}"
cmake --build "$build_dir" -j"$jobs"
