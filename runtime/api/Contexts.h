// Driver-style contexts (qiaoCtx_t) and what every driver-style call shares: the calling
// thread's context stack, the primary context of each device, and the codes the driver API
// reports. A context only names a device: memory, modules and queues belong to the device.
#pragma once

#include "Runtime.h"

#include <cstdint>
#include <vector>

struct qiaoCtx_st {
  int device = 0;
  unsigned flags = 0;
  bool primary = false;
  bool live = true;      // false once destroyed; the handle itself is never freed
  unsigned retained = 0; // a primary context's retain count
};

namespace qiao::rt {

// The flags a context takes, as cuCtxCreate's: scheduling (0x07), map host (0x08), local memory
// resize (0x10), coredumps (0x20, 0x40), sync memops (0x80). Recorded; the device needs none.
inline constexpr unsigned kContextFlags = 0xff;

// Context state is guarded by its own lock, never held across a runtime call.
std::unique_lock<std::mutex> lockContexts();

// The calling thread's stack; its back is the current context.
std::vector<qiaoCtx_t> &contextStack();
// The primary context of a valid device. Needs the contexts lock.
qiaoCtx_t primaryContext(int device);
// The stack's top, else the primary context of the thread's current device. Needs the lock.
qiaoCtx_t currentContext();
// A handle this runtime made (created or primary), live or not. Needs the lock.
bool knownContext(qiaoCtx_t context);
// A new live context, remembered as known. Needs the lock.
qiaoCtx_t createContext(int device, unsigned flags);
// After the stack changed: the thread's device becomes the current context's.
void followContextStack();

// The driver API's code for what a runtime call reported (DriverResults.def).
qiaoError_t driverResult(qiaoError_t runtimeCode);

// qiaoErrorContextIsDestroyed when the calling thread's current context was destroyed; also
// the runtime's own load error. The failure is logged and recorded, as every call's is.
qiaoError_t requireCurrentContext();

// A device address as the driver API spells it (an integer) and as the runtime does.
inline void *toPointer(qiaoDeviceptr_t address) {
  return reinterpret_cast<void *>(static_cast<std::uintptr_t>(address));
}
inline qiaoDeviceptr_t toDeviceptr(const void *pointer) {
  return static_cast<qiaoDeviceptr_t>(reinterpret_cast<std::uintptr_t>(pointer));
}

// A driver-style call made of runtime calls: the current context must be live, and the code
// `call` returns is reported as the driver API reports it.
template <class Call> qiaoError_t driverCall(Call &&call) {
  if (qiaoError_t error = requireCurrentContext())
    return error;
  return driverResult(call());
}

} // namespace qiao::rt
