#!/usr/bin/env bash
# Installs the Debian packages Qiao builds with, only those that are missing. Prints nothing when
# everything is already there, so scripts can call it on every run.
set -euo pipefail

packages=(cmake g++ make pkg-config googletest libgtest-dev libgmock-dev libbenchmark-dev
  libzstd-dev liblz4-dev libtinyxml2-dev libcli11-dev
  # qiao-translate: Clang 19's tooling libraries (shared libclang-cpp / libLLVM) and its headers
  llvm-19-dev libclang-19-dev libclang-cpp19-dev libclang-common-19-dev clang-19
  # qiao_kernel_bench (built with libbenchmark-dev) compares with PoCL through the OpenCL ICD
  # loader; without them it builds and runs without the PoCL columns
  ocl-icd-opencl-dev pocl-opencl-icd)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# nvcc compiles the samples and the conformance kernels to PTX at build time. It comes with the
# CUDA toolkit, which this script does not install.
source "$(dirname "${BASH_SOURCE[0]}")/nvcc-path.sh"
