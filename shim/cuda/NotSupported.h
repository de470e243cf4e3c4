// What an exported driver name without an implementation does (GenerateDriverExports.cmake emits
// one weak stub per name in exports.txt): say so once on stderr and return
// CUDA_ERROR_NOT_SUPPORTED. Plain types only, so the generated file includes no CUDA header.
#pragma once

#include <atomic>

namespace qiao::cuda {

// One per stub: whether its message was printed already.
using OnceFlag = std::atomic<bool>;

// Returns CUDA_ERROR_NOT_SUPPORTED (801).
int notSupported(const char *name, OnceFlag &once);

} // namespace qiao::cuda
