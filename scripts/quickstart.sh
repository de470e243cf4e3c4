#!/usr/bin/env bash
# Builds Qiao and runs the samples on the emulated device; each prints its verdict (PASS/FAIL).
# Exits non-zero when any sample fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh
build_dir=${QIAO_BUILD_DIR:-build}

failed=0
for sample in vector_add reduce; do
  "$build_dir/bin/sample_$sample" || failed=1
done
if ((failed)); then
  echo "quickstart: some samples FAILED" >&2
  exit 1
fi
echo "quickstart: all samples PASS on the emulated device (QIAO_DRIVER=${QIAO_DRIVER:-emu})"
