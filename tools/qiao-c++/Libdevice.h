// Where qiao-c++'s device pass finds NVIDIA's libdevice (libdevice.10.bc, the bitcode library
// that implements the CUDA Math API for nvcc and for clang's CUDA mode), so that kernels calling
// transcendental math compile to PTX too. libdevice ships with every CUDA toolkit (and Debian's
// nvidia-cuda-toolkit); Qiao does not ship it.
#pragma once

#include <filesystem>

namespace qiao_cxx {

// $QIAO_LIBDEVICE when set (the file itself; a value that names no file turns libdevice off),
// else nvvm/libdevice/libdevice.10.bc (or libdevice/libdevice.10.bc) under $CUDA_PATH,
// $CUDA_HOME, /usr/local/cuda, /usr/lib/cuda or /usr/lib/nvidia-cuda-toolkit, the first found.
// Empty when there is none.
std::filesystem::path findLibdevice();

} // namespace qiao_cxx
