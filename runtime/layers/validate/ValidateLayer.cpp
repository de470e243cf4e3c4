// The validate layer: checks the runtime's use of the seam (calls before init, devices out of
// range, NULL out-pointers, struct sizes below ABI 2, handles used after destroy or never made,
// a kernel of one device launched on a queue of another, frees of what was not allocated) and
// the driver's answers (codes its slot's contract does not list, success without the promised
// output, a handle returned twice, an output struct's structSize overwritten). Each violation is
// one line on stderr (ValidateReport.h); the call is forwarded all the same.
#include "HandleTracker.h"
#include "LayerTable.h"
#include "Layers.h"
#include "SlotTag.h"
#include "ValidateReport.h"

#include <atomic>
#include <mutex>

namespace qiao::layers {
namespace {

using validate::Culprit;
using validate::HandleKind;
using validate::hex;
using validate::report;

validate::HandleTracker &tracker() {
  // Never destroyed: driver threads may still call in while the process exits.
  static auto *instance = new validate::HandleTracker;
  return *instance;
}

std::atomic<bool> initialised{false};
std::atomic<int32_t> deviceCount{-1};
// An output struct's structSize as the runtime set it, to see whether the driver kept it.
thread_local uint32_t outputStructSize = 0;

void runtimeViolation(Slot slot, const std::string &what) { report(Culprit::Runtime, slot, what); }
void driverViolation(Slot slot, const std::string &what) { report(Culprit::Driver, slot, what); }

void needOut(Slot slot, const void *out, const char *name) {
  if (!out)
    runtimeViolation(slot, std::string(name) + " is NULL");
}

void needDevice(Slot slot, int32_t device) {
  int32_t count = deviceCount.load();
  if (count >= 0 && (device < 0 || device >= count))
    runtimeViolation(slot, "device " + std::to_string(device) + " does not exist (the driver has " +
                               std::to_string(count) + ")");
}

void needLive(Slot slot, HandleKind kind, const void *handle) {
  std::string why = tracker().whyNotLive(kind, handle);
  if (!why.empty())
    runtimeViolation(slot, std::string(validate::handleKindName(kind)) + " " + hex(handle) +
                               " is not live (" + why + ")");
}

template <class T> void needSize(Slot slot, const T *value, uint32_t least, const char *type) {
  if (value && value->structSize < least)
    runtimeViolation(slot, std::string(type) + ".structSize is " +
                               std::to_string(value->structSize) + ", below its ABI 2 size " +
                               std::to_string(least));
}

template <class T> void rememberOutputSize(const T *value) {
  outputStructSize = value ? value->structSize : 0;
}

template <class T> void outputSizeKept(Slot slot, qiaoDrvStatus status, const T *value) {
  if (status == qiaoDrvSuccess && value && value->structSize != outputStructSize)
    driverViolation(slot, "changed the output struct's structSize from " +
                              std::to_string(outputStructSize) + " to " +
                              std::to_string(value->structSize));
}

// A new handle returned by a successful call: not NULL, not one that is live already.
void returned(Slot slot, HandleKind kind, const void *handle, int32_t device,
              const void *owner = nullptr) {
  const char *what = validate::handleKindName(kind);
  if (!handle) {
    driverViolation(slot, std::string("succeeded but returned a NULL ") + what);
    return;
  }
  if (kind != HandleKind::Function && tracker().live(kind, handle))
    driverViolation(slot,
                    std::string("returned ") + what + " " + hex(handle) + ", which is still live");
  tracker().created(kind, handle, device, owner);
}

// --- the runtime's side: checks before the call -------------------------------------------------
void before(SlotTag<Slot::deviceCount>, int32_t *count) {
  needOut(Slot::deviceCount, count, "count");
}
void before(SlotTag<Slot::deviceInfo>, int32_t device, qiaoDrvDeviceInfo *info) {
  needDevice(Slot::deviceInfo, device);
  needOut(Slot::deviceInfo, info, "info");
  needSize(Slot::deviceInfo, info, QIAO_DRV_SIZE_V2_DEVICE_INFO, "qiaoDrvDeviceInfo");
  rememberOutputSize(info);
}
void before(SlotTag<Slot::memInfo>, int32_t device, uint64_t *freeBytes, uint64_t *totalBytes) {
  needDevice(Slot::memInfo, device);
  needOut(Slot::memInfo, freeBytes, "freeBytes");
  needOut(Slot::memInfo, totalBytes, "totalBytes");
}
void before(SlotTag<Slot::setLimit>, int32_t device, qiaoDrvLimit, uint64_t) {
  needDevice(Slot::setLimit, device);
}
void before(SlotTag<Slot::getLimit>, int32_t device, qiaoDrvLimit, uint64_t *value) {
  needDevice(Slot::getLimit, device);
  needOut(Slot::getLimit, value, "value");
}
void before(SlotTag<Slot::deviceReset>, int32_t device) { needDevice(Slot::deviceReset, device); }
void before(SlotTag<Slot::memAlloc>, int32_t device, uint64_t, qiaoDrvMemKind kind, uint32_t,
            void **ptr) {
  needDevice(Slot::memAlloc, device);
  needOut(Slot::memAlloc, ptr, "ptr");
  if (kind == QIAO_DRV_MEM_REGISTERED)
    runtimeViolation(Slot::memAlloc, "kind QIAO_DRV_MEM_REGISTERED is made by memRegister");
}
void before(SlotTag<Slot::memFree>, void *ptr, qiaoDrvMemKind kind) {
  if (std::string why = tracker().checkFree(ptr, kind); !why.empty())
    runtimeViolation(Slot::memFree, hex(ptr) + " " + why);
}
void before(SlotTag<Slot::pointerInfo>, const void *, qiaoDrvPointerInfo *info) {
  needOut(Slot::pointerInfo, info, "info");
  needSize(Slot::pointerInfo, info, QIAO_DRV_SIZE_V2_POINTER_INFO, "qiaoDrvPointerInfo");
  rememberOutputSize(info);
}
void before(SlotTag<Slot::queueCreate>, int32_t device, uint32_t, int32_t, qiaoDrvQueue *queue) {
  needDevice(Slot::queueCreate, device);
  needOut(Slot::queueCreate, queue, "queue");
}
void before(SlotTag<Slot::queueDestroy>, qiaoDrvQueue queue) {
  needLive(Slot::queueDestroy, HandleKind::Queue, queue);
}
void before(SlotTag<Slot::enqueueCopy>, qiaoDrvQueue queue, void *, const void *, uint64_t,
            qiaoDrvCopyDirection) {
  needLive(Slot::enqueueCopy, HandleKind::Queue, queue);
}
void before(SlotTag<Slot::enqueueCopy2D>, qiaoDrvQueue queue, void *, uint64_t, const void *,
            uint64_t, uint64_t, uint64_t, qiaoDrvCopyDirection) {
  needLive(Slot::enqueueCopy2D, HandleKind::Queue, queue);
}
void before(SlotTag<Slot::enqueueFill>, qiaoDrvQueue queue, void *, uint32_t, uint32_t, uint64_t) {
  needLive(Slot::enqueueFill, HandleKind::Queue, queue);
}
void before(SlotTag<Slot::enqueueLaunch>, qiaoDrvQueue queue, qiaoDrvFunction function,
            const qiaoDrvLaunch *launch) {
  constexpr Slot slot = Slot::enqueueLaunch;
  needLive(slot, HandleKind::Queue, queue);
  needLive(slot, HandleKind::Function, function);
  needOut(slot, launch, "launch");
  needSize(slot, launch, QIAO_DRV_SIZE_V2_LAUNCH, "qiaoDrvLaunch");
  auto queueDevice = tracker().deviceOf(HandleKind::Queue, queue);
  auto functionDevice = tracker().functionDevice(function);
  if (queueDevice && functionDevice && *queueDevice != *functionDevice)
    runtimeViolation(slot, "function " + hex(function) + " of device " +
                               std::to_string(*functionDevice) + " launched on queue " +
                               hex(queue) + " of device " + std::to_string(*queueDevice));
}
void before(SlotTag<Slot::enqueueHostFn>, qiaoDrvQueue queue, qiaoDrvHostFn fn, void *) {
  needLive(Slot::enqueueHostFn, HandleKind::Queue, queue);
  needOut(Slot::enqueueHostFn, reinterpret_cast<const void *>(fn), "fn");
}
void before(SlotTag<Slot::enqueueEventRecord>, qiaoDrvQueue queue, qiaoDrvEvent event) {
  needLive(Slot::enqueueEventRecord, HandleKind::Queue, queue);
  needLive(Slot::enqueueEventRecord, HandleKind::Event, event);
}
void before(SlotTag<Slot::enqueueEventWait>, qiaoDrvQueue queue, qiaoDrvEvent event) {
  needLive(Slot::enqueueEventWait, HandleKind::Queue, queue);
  needLive(Slot::enqueueEventWait, HandleKind::Event, event);
}
void before(SlotTag<Slot::queueQuery>, qiaoDrvQueue queue) {
  needLive(Slot::queueQuery, HandleKind::Queue, queue);
}
void before(SlotTag<Slot::queueSynchronize>, qiaoDrvQueue queue) {
  needLive(Slot::queueSynchronize, HandleKind::Queue, queue);
}
void before(SlotTag<Slot::eventCreate>, uint32_t, qiaoDrvEvent *event) {
  needOut(Slot::eventCreate, event, "event");
}
void before(SlotTag<Slot::eventDestroy>, qiaoDrvEvent event) {
  needLive(Slot::eventDestroy, HandleKind::Event, event);
}
void before(SlotTag<Slot::eventQuery>, qiaoDrvEvent event) {
  needLive(Slot::eventQuery, HandleKind::Event, event);
}
void before(SlotTag<Slot::eventSynchronize>, qiaoDrvEvent event) {
  needLive(Slot::eventSynchronize, HandleKind::Event, event);
}
void before(SlotTag<Slot::eventElapsed>, qiaoDrvEvent start, qiaoDrvEvent end, float *ms) {
  needLive(Slot::eventElapsed, HandleKind::Event, start);
  needLive(Slot::eventElapsed, HandleKind::Event, end);
  needOut(Slot::eventElapsed, ms, "ms");
}
void before(SlotTag<Slot::moduleLoad>, int32_t device, const qiaoDrvModuleImage *image,
            qiaoDrvModule *module, char *, size_t) {
  needDevice(Slot::moduleLoad, device);
  needOut(Slot::moduleLoad, image, "image");
  needOut(Slot::moduleLoad, module, "module");
  needSize(Slot::moduleLoad, image, QIAO_DRV_SIZE_V2_MODULE_IMAGE, "qiaoDrvModuleImage");
}
void before(SlotTag<Slot::moduleUnload>, qiaoDrvModule module) {
  needLive(Slot::moduleUnload, HandleKind::Module, module);
}
void before(SlotTag<Slot::moduleGetFunction>, qiaoDrvModule module, const char *name,
            qiaoDrvFunction *function) {
  needLive(Slot::moduleGetFunction, HandleKind::Module, module);
  needOut(Slot::moduleGetFunction, name, "name");
  needOut(Slot::moduleGetFunction, function, "function");
}
void before(SlotTag<Slot::moduleGetGlobal>, qiaoDrvModule module, const char *name, void **,
            uint64_t *) {
  needLive(Slot::moduleGetGlobal, HandleKind::Module, module);
  needOut(Slot::moduleGetGlobal, name, "name");
}
void before(SlotTag<Slot::functionInfo>, qiaoDrvFunction function, qiaoDrvFunctionInfo *info) {
  needLive(Slot::functionInfo, HandleKind::Function, function);
  needOut(Slot::functionInfo, info, "info");
  needSize(Slot::functionInfo, info, QIAO_DRV_SIZE_V2_FUNCTION_INFO, "qiaoDrvFunctionInfo");
  rememberOutputSize(info);
}
void before(SlotTag<Slot::functionParams>, qiaoDrvFunction function, qiaoDrvParamInfo *params,
            uint32_t capacity) {
  needLive(Slot::functionParams, HandleKind::Function, function);
  if (capacity > 0) {
    needOut(Slot::functionParams, params, "params");
    needSize(Slot::functionParams, params, QIAO_DRV_SIZE_V2_PARAM_INFO, "qiaoDrvParamInfo");
  }
}
void before(SlotTag<Slot::functionName>, qiaoDrvFunction function, const char **name) {
  needLive(Slot::functionName, HandleKind::Function, function);
  needOut(Slot::functionName, name, "name");
}
void before(SlotTag<Slot::moduleLink>, int32_t device, const qiaoDrvModuleImage *images,
            uint32_t count, qiaoDrvModule *module, char *, size_t) {
  needDevice(Slot::moduleLink, device);
  needOut(Slot::moduleLink, images, "images");
  needOut(Slot::moduleLink, module, "module");
  if (count == 0)
    runtimeViolation(Slot::moduleLink, "count is 0");
  for (uint32_t i = 0; images && i < count; ++i)
    needSize(Slot::moduleLink, &images[i], QIAO_DRV_SIZE_V2_MODULE_IMAGE, "qiaoDrvModuleImage");
}
void before(SlotTag<Slot::enqueueHostKernel>, qiaoDrvQueue queue, qiaoDrvHostKernelEntry entry,
            const qiaoDrvLaunch *launch) {
  needLive(Slot::enqueueHostKernel, HandleKind::Queue, queue);
  needOut(Slot::enqueueHostKernel, reinterpret_cast<const void *>(entry), "entry");
  needOut(Slot::enqueueHostKernel, launch, "launch");
  needSize(Slot::enqueueHostKernel, launch, QIAO_DRV_SIZE_V2_LAUNCH, "qiaoDrvLaunch");
}
void before(SlotTag<Slot::textureCreate>, int32_t device, const qiaoDrvTextureDesc *desc,
            uint64_t *handle) {
  needDevice(Slot::textureCreate, device);
  needOut(Slot::textureCreate, desc, "desc");
  needOut(Slot::textureCreate, handle, "handle");
  needSize(Slot::textureCreate, desc, QIAO_DRV_SIZE_V2_TEXTURE_DESC, "qiaoDrvTextureDesc");
}
void before(SlotTag<Slot::textureDestroy>, uint64_t handle) {
  needLive(Slot::textureDestroy, HandleKind::Texture, reinterpret_cast<const void *>(handle));
}

// --- the driver's side: checks after the call ---------------------------------------------------
void after(SlotTag<Slot::deviceCount>, qiaoDrvStatus status, int32_t *count) {
  if (status != qiaoDrvSuccess || !count)
    return;
  if (*count < 0)
    driverViolation(Slot::deviceCount, "succeeded with count " + std::to_string(*count));
  deviceCount = *count;
}
void after(SlotTag<Slot::deviceInfo>, qiaoDrvStatus status, int32_t, qiaoDrvDeviceInfo *info) {
  outputSizeKept(Slot::deviceInfo, status, info);
}
void after(SlotTag<Slot::pointerInfo>, qiaoDrvStatus status, const void *,
           qiaoDrvPointerInfo *info) {
  outputSizeKept(Slot::pointerInfo, status, info);
}
void after(SlotTag<Slot::functionInfo>, qiaoDrvStatus status, qiaoDrvFunction,
           qiaoDrvFunctionInfo *info) {
  outputSizeKept(Slot::functionInfo, status, info);
}
void after(SlotTag<Slot::deviceReset>, qiaoDrvStatus status, int32_t device) {
  if (status == qiaoDrvSuccess)
    tracker().resetDevice(device);
}
void after(SlotTag<Slot::memAlloc>, qiaoDrvStatus status, int32_t device, uint64_t bytes,
           qiaoDrvMemKind kind, uint32_t, void **ptr) {
  if (status != qiaoDrvSuccess || !ptr)
    return;
  if (*ptr == nullptr && bytes > 0)
    driverViolation(Slot::memAlloc,
                    "succeeded but returned NULL for " + std::to_string(bytes) + " bytes");
  if (*ptr)
    tracker().allocated(*ptr, kind, device);
}
void after(SlotTag<Slot::memFree>, qiaoDrvStatus status, void *ptr, qiaoDrvMemKind) {
  if (status == qiaoDrvSuccess)
    tracker().freed(ptr);
}
void after(SlotTag<Slot::queueCreate>, qiaoDrvStatus status, int32_t device, uint32_t, int32_t,
           qiaoDrvQueue *queue) {
  if (status == qiaoDrvSuccess && queue)
    returned(Slot::queueCreate, HandleKind::Queue, *queue, device);
}
void after(SlotTag<Slot::queueDestroy>, qiaoDrvStatus status, qiaoDrvQueue queue) {
  if (status == qiaoDrvSuccess)
    tracker().destroyed(HandleKind::Queue, queue);
}
void after(SlotTag<Slot::enqueueEventRecord>, qiaoDrvStatus status, qiaoDrvQueue queue,
           qiaoDrvEvent event) {
  if (status != qiaoDrvSuccess)
    return;
  if (auto device = tracker().deviceOf(HandleKind::Queue, queue))
    tracker().setEventDevice(event, *device);
}
void after(SlotTag<Slot::eventCreate>, qiaoDrvStatus status, uint32_t, qiaoDrvEvent *event) {
  if (status == qiaoDrvSuccess && event)
    returned(Slot::eventCreate, HandleKind::Event, *event, -1);
}
void after(SlotTag<Slot::eventDestroy>, qiaoDrvStatus status, qiaoDrvEvent event) {
  if (status == qiaoDrvSuccess)
    tracker().destroyed(HandleKind::Event, event);
}
void after(SlotTag<Slot::moduleLoad>, qiaoDrvStatus status, int32_t device,
           const qiaoDrvModuleImage *, qiaoDrvModule *module, char *, size_t) {
  if (status == qiaoDrvSuccess && module)
    returned(Slot::moduleLoad, HandleKind::Module, *module, device);
}
void after(SlotTag<Slot::moduleLink>, qiaoDrvStatus status, int32_t device,
           const qiaoDrvModuleImage *, uint32_t, qiaoDrvModule *module, char *, size_t) {
  if (status == qiaoDrvSuccess && module)
    returned(Slot::moduleLink, HandleKind::Module, *module, device);
}
void after(SlotTag<Slot::moduleUnload>, qiaoDrvStatus status, qiaoDrvModule module) {
  if (status == qiaoDrvSuccess)
    tracker().destroyed(HandleKind::Module, module);
}
void after(SlotTag<Slot::moduleGetFunction>, qiaoDrvStatus status, qiaoDrvModule module,
           const char *, qiaoDrvFunction *function) {
  if (status == qiaoDrvSuccess && function)
    returned(Slot::moduleGetFunction, HandleKind::Function, *function, -1, module);
}
void after(SlotTag<Slot::functionName>, qiaoDrvStatus status, qiaoDrvFunction, const char **name) {
  if (status == qiaoDrvSuccess && name && !*name)
    driverViolation(Slot::functionName, "succeeded but returned a NULL name");
}
void after(SlotTag<Slot::textureCreate>, qiaoDrvStatus status, int32_t device,
           const qiaoDrvTextureDesc *, uint64_t *handle) {
  if (status != qiaoDrvSuccess || !handle)
    return;
  if (*handle == 0)
    driverViolation(Slot::textureCreate, "succeeded but returned handle 0");
  else
    returned(Slot::textureCreate, HandleKind::Texture, reinterpret_cast<const void *>(*handle),
             device);
}
void after(SlotTag<Slot::textureDestroy>, qiaoDrvStatus status, uint64_t handle) {
  if (status == qiaoDrvSuccess)
    tracker().destroyed(HandleKind::Texture, reinterpret_cast<const void *>(handle));
}

struct ValidateLayer {
  static inline const qiaoDriverTable *next = nullptr;

  template <Slot S, class... A>
  static qiaoDrvStatus intercept(qiaoDrvStatus (*fn)(A...), A... args) {
    if constexpr (S == Slot::init) {
      if (initialised.exchange(true))
        runtimeViolation(S, "called a second time");
    } else if (!initialised.load()) {
      runtimeViolation(S, "called before init");
    }
    if constexpr (requires { before(SlotTag<S>{}, args...); })
      before(SlotTag<S>{}, args...);
    qiaoDrvStatus status = fn(args...);
    if (!slotMayReturn(S, status))
      driverViolation(S, "returned " + statusName(status) + ", which its contract does not list");
    if constexpr (requires { after(SlotTag<S>{}, status, args...); })
      after(SlotTag<S>{}, status, args...);
    return status;
  }
};

} // namespace

const qiaoDriverTable *validateLayer(const qiaoDriverTable *next) {
  static std::mutex mutex;
  static qiaoDriverTable table;
  std::lock_guard lock(mutex);
  if (ValidateLayer::next && ValidateLayer::next != next)
    return nullptr;
  if (!ValidateLayer::next) {
    ValidateLayer::next = next;
    table = makeLayerTable<ValidateLayer>(next);
  }
  return &table;
}

} // namespace qiao::layers
