#!/usr/bin/env bash
# Regenerates the fuzz seed corpus: real nvcc output for the kernels in src/ and for some of the
# conformance kernels. Run from anywhere; needs nvcc (scripts/nvcc-path.sh finds it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
source "$root/scripts/nvcc-path.sh"
for src in "$here"/src/*.cu; do
  nvcc -ptx -arch=sm_80 -o "$here/$(basename "${src%.cu}").ptx" "$src"
done
for k in vote scan shared_memory struct_param device_printf local_memory divergence integer_ops \
  conversions; do
  nvcc -ptx -arch=sm_80 -I "$root/conformance/ptx/kernels" -o "$here/conformance_$k.ptx" \
    "$root/conformance/ptx/kernels/$k.cu"
done
