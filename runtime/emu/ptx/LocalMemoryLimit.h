// CUDA's limit on local memory per thread, checked when a module loads: ptxas refuses a function
// whose local data exceeds it ("uses too much local data"), so CUDA's JIT fails the load with
// CUDA_ERROR_INVALID_PTX / cudaErrorInvalidPtx. The emulated device does the same instead of
// trying to allocate such a stack for every thread of a block at launch.
#pragma once

#include "Program.h"
#include "support/Expected.h"

#include <cstdint>

namespace qiao::ptx {

// 512 KiB per thread on every compute capability since 2.0 (CUDA C++ Programming Guide,
// "Features and Technical Specifications").
inline constexpr uint64_t kMaxLocalBytesPerThread = 512 * 1024;

// qiaoErrorInvalidPtx naming the first function whose local data exceeds the limit.
Status checkLocalMemory(const Program &program);

} // namespace qiao::ptx
