// The driver API's process-wide and per-thread state (see DriverState.h).
#include "DriverState.h"

#include <qiao/qiao_internal.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <set>

namespace qiao::cuda {

namespace {

// Never destroyed: handles must stay valid during static destruction of user programs.
struct State {
  std::mutex mutex;
  std::atomic<int> devices{-1}; // -1 until cuInit
  std::set<CUcontext> created;
  std::deque<PrimaryContext> primaries; // deque: addresses stay put
};

State &state() {
  static State *instance = new State();
  return *instance;
}

} // namespace

void lockState() { state().mutex.lock(); }
void unlockState() { state().mutex.unlock(); }

void markInitialized(int devices) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (s.devices.load() >= 0)
    return; // cuInit may be called again; the first call describes the devices
  for (int device = 0; device < devices; ++device) {
    s.primaries.emplace_back();
    s.primaries.back().context.device = device;
    s.primaries.back().context.primary = true;
  }
  s.devices.store(devices);
}

bool initialized() { return state().devices.load() >= 0; }
int deviceCount() { return state().devices.load() < 0 ? 0 : state().devices.load(); }
bool validDevice(CUdevice device) { return device >= 0 && device < deviceCount(); }

// With Qiao's libcudart.so.13 in the process the driver is initialised as CUDA's runtime would
// have initialised it (by its first call; Qiao's runtime is libqiao itself).
CUresult requireInit() {
  if (!initialized() && qiaoInternalRuntimeApiLoaded())
    cuInit(0);
  return initialized() ? CUDA_SUCCESS : CUDA_ERROR_NOT_INITIALIZED;
}

CUresult requireDevice(CUdevice device) {
  if (CUresult result = requireInit())
    return result;
  return validDevice(device) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

std::vector<CUcontext> &contextStack() {
  thread_local std::vector<CUcontext> stack;
  return stack;
}

// A thread that chose no context uses, when CUDA's runtime API is Qiao's, the primary context of
// the runtime's current device, held for it as the runtime holds its primary contexts.
CUcontext currentContext() {
  if (!contextStack().empty())
    return contextStack().back();
  if (!qiaoInternalRuntimeApiLoaded() || !initialized())
    return nullptr;
  int device = 0;
  if (qiaoGetDevice(&device) != qiaoSuccess || !validDevice(device))
    return nullptr;
  return withPrimary(device, [](PrimaryContext &primary) {
    if (primary.retained == 0)
      primary.retained = 1;
    return &primary.context;
  });
}

void followCurrentContext() {
  if (CUcontext current = currentContext())
    qiaoSetDevice(current->device);
}

PrimaryContext &primaryUnlocked(CUdevice device) { return state().primaries[device]; }

bool isLive(CUcontext context) {
  if (context == nullptr)
    return false;
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (context->primary)
    return validDevice(context->device) && s.primaries[context->device].retained > 0;
  return s.created.count(context) != 0;
}

CUresult requireContext() {
  if (CUresult result = requireInit())
    return result;
  CUcontext current = currentContext();
  if (!isLive(current))
    return CUDA_ERROR_INVALID_CONTEXT;
  qiaoSetDevice(current->device);
  return CUDA_SUCCESS;
}

CUcontext createContext(CUdevice device, unsigned flags) {
  auto *context = new CUctx_st();
  context->device = device;
  context->flags = flags;
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.created.insert(context);
  return context;
}

void destroyContext(CUcontext context) {
  State &s = state();
  {
    std::lock_guard lock(s.mutex);
    s.created.erase(context);
  }
  // The handle itself is kept (never freed): another thread may still hold it as current, and
  // must get CUDA_ERROR_INVALID_CONTEXT rather than read freed memory.
}

} // namespace qiao::cuda
