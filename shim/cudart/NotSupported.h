// What an exported CUDA name without an implementation does (GenerateStubs.cmake emits one weak
// stub per name in exports.txt): say so once on stderr, record cudaErrorNotSupported as the
// thread's last error, and return it. Plain types only, so the generated file includes no CUDA
// header whose declarations would clash with the parameterless stubs.
#pragma once

#include <atomic>

namespace qiao::cudart {

// One per stub: whether its message was printed already.
using OnceFlag = std::atomic<bool>;

// Returns cudaErrorNotSupported (801).
int notSupported(const char *name, OnceFlag &once);

} // namespace qiao::cudart
