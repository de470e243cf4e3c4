// The engine's services as a compile-only test links them: nothing runs in the kernel compiler's
// own tests, so native code never calls these.
#pragma once

#include "NativeCode.h"

namespace qiao::jit::test {

inline bool noFallback(ptx::Warp *, const ptx::Inst *, uint32_t) { return true; }
inline bool noRange(ptx::Warp *, uint64_t, uint64_t) { return false; }
inline void noDeferAdd(ptx::Warp *, uint64_t, uint64_t, uint32_t) {}
inline const ptx::NativeHelpers kUnusedHelpers{noFallback, noRange, noDeferAdd};

} // namespace qiao::jit::test
