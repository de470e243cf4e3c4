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
#include <cstring>
#include <string>

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
  // An aggregate argument (a struct passed by value): `bytes` of it, zeros past its end.
  void bytesArg(size_t i, int lane, void *out, uint32_t bytes) const {
    std::memset(out, 0, bytes);
    if (i < site.args.size())
      builtinArgumentBytes(w, site.args[i], lane, out, bytes);
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

// The kernel whose address device code holds (a function's address, as `&kernel` gives it), or
// null when it is no kernel of the program.
const KernelInfo *kernelOf(const Program &program, uint64_t address);

// Where work device code puts in `stream` goes: the ordered launches or the tail launches. The
// stream is the block's implicit one (0), a named one, or one the block created; any other
// gives cudaErrorInvalidResourceHandle (recorded as the thread's last error).
int streamOrder(const DeviceRuntimeCall &c, int lane, uint64_t stream, DeviceStream &order);

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

// Copies and fills put in a stream (DeviceRuntimeCopies.cpp).
int memcpyAsync(const DeviceRuntimeCall &c, int lane);
int memcpy2DAsync(const DeviceRuntimeCall &c, int lane);
int memcpy3DAsync(const DeviceRuntimeCall &c, int lane);
int memsetAsync(const DeviceRuntimeCall &c, int lane);
int memset2DAsync(const DeviceRuntimeCall &c, int lane);
int memset3DAsync(const DeviceRuntimeCall &c, int lane);
// Runs a queued copy or fill once the grid that queued it has finished (DeviceLaunchRunner.cpp):
// qiaoSuccess, or qiaoErrorIllegalAddress with `report` naming the call and the range that is
// not device memory (checked as the grid's own accesses are: QIAO_MEMCHECK).
int runDeviceCopy(const GridContext &grid, const DeviceCopy &copy, std::string &report);

// Questions about the device and its kernels (DeviceRuntimeQueries.cpp).
int getDeviceCount(const DeviceRuntimeCall &c, int lane);
int runtimeGetVersion(const DeviceRuntimeCall &c, int lane);
int deviceGetAttribute(const DeviceRuntimeCall &c, int lane);
int deviceGetLimit(const DeviceRuntimeCall &c, int lane);
int deviceGetCacheConfig(const DeviceRuntimeCall &c, int lane);
int deviceGetSharedMemConfig(const DeviceRuntimeCall &c, int lane);
int funcGetAttributes(const DeviceRuntimeCall &c, int lane);
int occupancyMaxActiveBlocks(const DeviceRuntimeCall &c, int lane, bool withFlags);

// Writes `bytes` of `value` where the lane's argument `index` points; false after a fault (which
// ends the grid).
bool storeThrough(const DeviceRuntimeCall &c, int lane, size_t index, const void *value,
                  uint32_t bytes);

} // namespace qiao::ptx
