// One call of a device runtime builtin (DeviceRuntime.def) by one warp: its arguments per lane,
// the calling thread and block, and the grid's device runtime state (DeviceRuntime.h). The
// builtins of DeviceRuntime.cpp (launches, errors) and DeviceRuntimeObjects.cpp (streams, events,
// memory, the device) take it; the caller holds the state's mutex.
#pragma once

#include "BlockRunner.h"
#include "BuiltinCalls.h"
#include "DeviceRuntime.h"
#include "support/ErrorCodes.h"

#include <cstdint>

namespace qiao::ptx {

struct DeviceRuntimeCall {
  Warp &w;
  const Inst &inst;
  const CallSite &site;
  GridContext &grid;
  DeviceLaunches &state;

  uint64_t arg(size_t i, int lane) const {
    return i < site.args.size() ? builtinArgument(w, site.args[i], lane) : 0;
  }
  void dim3Arg(size_t i, int lane, uint32_t out[3]) const {
    out[0] = out[1] = out[2] = 1;
    if (i < site.args.size())
      builtinArgumentBytes(w, site.args[i], lane, out, 12);
  }
  uint64_t threadKey(int lane) const {
    uint64_t block = w.blockIdx(0) + uint64_t{w.gridDim(0)} *
                                         (w.blockIdx(1) + uint64_t{w.gridDim(1)} * w.blockIdx(2));
    return block << 32 | w.linearThread(lane);
  }
  uint64_t blockKey() const { return threadKey(0) >> 32; }
  // Records `code` as the thread's last error (when it is one) and returns it.
  int fail(int lane, int code) const {
    if (code != errc::qiaoSuccess)
      state.lastErrors[threadKey(lane)] = code;
    return code;
  }
};

// Streams, events, memory and the device (DeviceRuntimeObjects.cpp); each returns the
// cudaError_t value the call returns.
int streamCreate(const DeviceRuntimeCall &c, int lane);
int streamDestroy(const DeviceRuntimeCall &c, int lane);
int eventCreate(const DeviceRuntimeCall &c, int lane);
int eventRecord(const DeviceRuntimeCall &c, int lane, size_t eventArg, size_t streamArg);
int eventDestroy(const DeviceRuntimeCall &c, int lane);
int deviceMalloc(const DeviceRuntimeCall &c, int lane);
int deviceFree(const DeviceRuntimeCall &c, int lane);
int getDevice(const DeviceRuntimeCall &c, int lane);

} // namespace qiao::ptx
