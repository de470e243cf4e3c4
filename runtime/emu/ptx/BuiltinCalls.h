// How a builtin (Builtins.cpp, DeviceRuntime.cpp) reads its arguments from, and writes its result
// to, the caller's call site: a register, or a .param variable of the caller's frame.
#pragma once

#include "Interpreter.h"
#include "Program.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace qiao::ptx {

// A scalar argument's bits (up to 8 bytes) for a lane.
inline uint64_t builtinArgument(Warp &w, const CallValue &value, int lane) {
  if (value.inRegister)
    return w.row(value.callerLocation)[lane];
  uint64_t bits = 0;
  std::memcpy(&bits, Interpreter::frameParam(w, lane, value.callerLocation),
              std::min<uint32_t>(value.size, 8));
  return bits;
}

// An aggregate argument (a .param byte array such as a dim3) for a lane: `bytes` of it, zeros
// past its end.
inline void builtinArgumentBytes(Warp &w, const CallValue &value, int lane, void *out,
                                 uint32_t bytes) {
  std::memset(out, 0, bytes);
  if (value.inRegister) {
    uint64_t bits = w.row(value.callerLocation)[lane];
    std::memcpy(out, &bits, std::min<uint32_t>(bytes, 8));
    return;
  }
  std::memcpy(out, Interpreter::frameParam(w, lane, value.callerLocation),
              std::min(bytes, value.size));
}

inline void setBuiltinResult(Warp &w, const CallSite &site, int lane, uint64_t bits) {
  if (site.results.empty())
    return;
  const CallValue &value = site.results[0];
  if (value.inRegister)
    w.row(value.callerLocation)[lane] = bits;
  else
    std::memcpy(Interpreter::frameParam(w, lane, value.callerLocation), &bits,
                std::min<uint32_t>(value.size, 8));
}

} // namespace qiao::ptx
