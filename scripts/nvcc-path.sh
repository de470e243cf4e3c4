# Sourced by the other scripts: puts nvcc on PATH (the CUDA toolkit lives in /usr/local/cuda when
# it is not on PATH already) or stops with a message saying what is missing.
if ! command -v nvcc >/dev/null 2>&1 && [[ -x /usr/local/cuda/bin/nvcc ]]; then
  export PATH="/usr/local/cuda/bin:$PATH"
fi
if ! command -v nvcc >/dev/null 2>&1; then
  echo "error: nvcc not found (looked on PATH and in /usr/local/cuda/bin). Qiao compiles its" \
    "samples and conformance kernels to PTX with nvcc; install the CUDA toolkit." >&2
  exit 1
fi
