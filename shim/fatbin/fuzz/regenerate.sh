#!/usr/bin/env bash
# Rebuilds the fatbin fuzzer's seed corpus from corpus/src/tiny.cu with nvcc: one file for each
# form and option the reader handles (compression modes, several architectures, relocatable
# code, PTX-only, SASS-only, a bare cubin, PTX text, a host program). Keep it small:
# every file is mutated thousands of times per second.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
src="$here/corpus/src/tiny.cu"
out="$here/corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$nvcc" -fatbin -arch=sm_80 "$src" -o "$out/zstd_default.fatbin"
"$nvcc" -fatbin -arch=sm_80 --compress-mode=speed "$src" -o "$out/lz4_speed.fatbin"
"$nvcc" -fatbin -arch=sm_80 --no-compress "$src" -o "$out/uncompressed.fatbin"
"$nvcc" -fatbin -gencode=arch=compute_75,code=compute_75 -gencode=arch=compute_80,code=sm_80 \
  -gencode=arch=compute_86,code=compute_86 "$src" -o "$out/multi_arch.fatbin"
"$nvcc" -fatbin -rdc=true -arch=sm_80 -lineinfo "$src" -o "$out/rdc_lineinfo.fatbin"
"$nvcc" -fatbin -gencode=arch=compute_80,code=lto_80 "$src" -o "$out/lto.fatbin"
"$nvcc" -cubin -arch=sm_80 "$src" -o "$out/sm80.cubin"
"$nvcc" -ptx -arch=sm_80 "$src" -o "$out/sm80.ptx"
# A host program (stripped: the section table stays): its .nvFatBinSegment and .nv_fatbin.
"$nvcc" -cudart shared -arch=sm_80 "$src" "$here/corpus/src/host_main.cpp" -o "$work/host_program"
strip "$work/host_program"
cp "$work/host_program" "$out/host_program.elf"
ls -l "$out"
