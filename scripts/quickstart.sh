#!/usr/bin/env bash
# The main job: builds Qiao, compiles the sample CUDA programs with nvcc (`-cudart shared`, as
# users build theirs) and runs each, unmodified, on the Qiao device through qiao-run. Each prints
# its verdict; exits non-zero when any sample fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh
build_dir=${QIAO_BUILD_DIR:-build}

failed=0
for sample in vector_add reduce matmul streams; do
  echo "\$ qiao-run samples/$sample"
  "$build_dir/bin/qiao-run" "$build_dir/samples/$sample" || failed=1
done
echo "\$ sample_qiao_api  (PTX loaded through the Qiao runtime API)"
"$build_dir/bin/sample_qiao_api" || failed=1
if ((failed)); then
  echo "quickstart: some samples FAILED" >&2
  exit 1
fi
echo "quickstart: all samples PASS on the Qiao device (QIAO_DRIVER=${QIAO_DRIVER:-emu})"
