// libqiao-driver-test.so: a driver for the runtime's tests. Memory is host memory, each queue is
// served by its own thread (so stream ordering is real), kernels are not executed but recorded;
// a kernel named "fault" fails with qiaoErrorIllegalAddress as a faulting kernel would. Every
// seam struct it is given must carry structSize == sizeof as this driver was built (the runtime
// and the driver share driver.h here) or the ABI 2 size (the driver conformance suite): a
// mismatch is counted and named for the seam tests.
#include "TestDriverControl.h"
#include "TestPtx.h"

#include <qiao/driver.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

using qiao::testdriver::PtxKernel;
using qiao::testdriver::PtxSummary;

constexpr int kDevices = 2;
constexpr qiaoDrvStatus kOk = qiaoDrvSuccess, kInvalidValue = qiaoDrvErrorInvalidValue,
                        kInvalidHandle = qiaoDrvErrorInvalidResourceHandle,
                        kNotReady = qiaoDrvErrorNotReady,
                        kIllegalAddress = qiaoDrvErrorIllegalAddress,
                        kAlreadyRegistered = qiaoDrvErrorHostMemoryAlreadyRegistered,
                        kNotRegistered = qiaoDrvErrorHostMemoryNotRegistered,
                        kSymbolNotFound = qiaoDrvErrorSymbolNotFound,
                        kInvalidPtx = qiaoDrvErrorInvalidPtx,
                        kOutOfMemory = qiaoDrvErrorMemoryAllocation,
                        kInvalidDevice = qiaoDrvErrorInvalidDevice,
                        kUnsupportedLimit = qiaoDrvErrorUnsupportedLimit;
constexpr uint64_t kTotalMemory = 4ull << 30;

std::mutex countersMutex;
std::map<std::string, uint64_t> counters;

void count(const char *entry) {
  std::lock_guard lock(countersMutex);
  ++counters[entry];
}

std::mutex sizesMutex;
qiaoTestStructSizes sizes{};

// The ABI 2 size of the structs that grew since (driver.h's QIAO_DRV_SIZE_V2_*): what a caller
// built for ABI 2, such as the driver conformance suite, passes.
template <class T> constexpr uint32_t abi2Size() { return sizeof(T); }
template <> constexpr uint32_t abi2Size<qiaoDrvDeviceInfo>() {
  return QIAO_DRV_SIZE_V2_DEVICE_INFO;
}
template <> constexpr uint32_t abi2Size<qiaoDrvFunctionInfo>() {
  return QIAO_DRV_SIZE_V2_FUNCTION_INFO;
}
template <> constexpr uint32_t abi2Size<qiaoDrvLaunch>() { return QIAO_DRV_SIZE_V2_LAUNCH; }

// Checks a seam struct's structSize (this build's, or ABI 2's); false (and the mismatch
// recorded) when it is wrong.
template <class T> bool sizeIsRight(const T *value, const char *type) {
  std::lock_guard lock(sizesMutex);
  ++sizes.checked;
  if (value && (value->structSize == sizeof(T) || value->structSize == abi2Size<T>()))
    return true;
  if (sizes.wrong++ == 0)
    std::snprintf(sizes.firstWrong, sizeof sizes.firstWrong, "%s: structSize %u, expected %zu",
                  type, value ? value->structSize : 0u, sizeof(T));
  return false;
}
#define QIAO_CHECK_SIZE(value, type)                                                               \
  do {                                                                                             \
    if (!sizeIsRight<type>(value, #type))                                                          \
      return kInvalidValue;                                                                        \
  } while (0)

std::mutex copyMutex;
int lastDirection = -1;

void noteDirection(qiaoDrvCopyDirection direction) {
  std::lock_guard lock(copyMutex);
  lastDirection = direction;
}

struct Allocation {
  uint64_t size;
  qiaoDrvMemKind kind;
  uint32_t flags;
  int32_t device;
};

std::mutex memoryMutex;
std::map<uint64_t, Allocation> allocations;
// Each qiaoDrvLimit, with CUDA's defaults (dynamic parallelism's included: a device of compute
// capability 8.0 keeps them).
uint64_t limits[kDevices][5] = {{1024, 1 << 20, 8 << 20, 2, 2048},
                                {1024, 1 << 20, 8 << 20, 2, 2048}};

std::mutex linkMutex;
uint32_t lastLinkImages = 0;

std::mutex launchMutex;
bool launched = false;
qiaoTestLaunchRecord lastLaunch{};

const Allocation *findAllocation(uint64_t address, uint64_t *base) {
  auto it = allocations.upper_bound(address);
  if (it == allocations.begin())
    return nullptr;
  --it;
  if (address >= it->first + it->second.size && !(it->second.size == 0 && address == it->first))
    return nullptr;
  *base = it->first;
  return &it->second;
}

} // namespace

struct qiaoDrvEvent_st {
  std::mutex mutex;
  std::condition_variable changed;
  uint32_t flags = 0;
  uint64_t recorded = 0;  // recordings queued
  uint64_t completed = 0; // recordings reached
  std::chrono::steady_clock::time_point when;
};

struct qiaoDrvQueue_st {
  int32_t device = 0;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::function<qiaoDrvStatus()>> work;
  bool busy = false;
  bool stopping = false;
  qiaoDrvStatus sticky = kOk;
  std::thread worker;

  void serve() {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stopping || !work.empty(); });
      if (work.empty())
        return;
      auto task = std::move(work.front());
      work.pop_front();
      busy = true;
      bool skip = sticky != kOk; // after a fault nothing more runs, as on a device
      lock.unlock();
      qiaoDrvStatus status = skip ? kOk : task();
      lock.lock();
      if (status != kOk && sticky == kOk)
        sticky = status;
      busy = false;
      changed.notify_all();
    }
  }

  qiaoDrvStatus push(std::function<qiaoDrvStatus()> task) {
    std::lock_guard lock(mutex);
    work.push_back(std::move(task));
    changed.notify_all();
    return kOk;
  }
};

struct qiaoDrvModule_st {
  int32_t device = 0;
  PtxSummary summary;
  std::map<std::string, void *> globals;
  std::map<std::string, std::unique_ptr<qiaoDrvFunction_st>> functions;
};

struct qiaoDrvFunction_st {
  PtxKernel kernel;
};

namespace {

std::mutex queuesMutex;
std::map<qiaoDrvQueue, int32_t> liveQueues;

qiaoDrvStatus init() {
  count("init");
  return kOk;
}

qiaoDrvStatus deviceCount(int32_t *n) {
  count("deviceCount");
  if (!n)
    return kInvalidValue;
  *n = kDevices;
  return kOk;
}

qiaoDrvStatus deviceInfo(int32_t device, qiaoDrvDeviceInfo *info) {
  count("deviceInfo");
  QIAO_CHECK_SIZE(info, qiaoDrvDeviceInfo);
  if (device < 0 || device >= kDevices)
    return qiaoDrvErrorInvalidDevice;
  const uint32_t theirs = info->structSize; // no byte past it is written
  std::memset(info, 0, theirs);
  info->structSize = theirs;
  std::strcpy(info->name, "Qiao test device");
  info->uuid[0] = static_cast<uint8_t>(device + 1);
  info->computeMajor = 8;
  info->computeMinor = 0;
  info->totalGlobalMem = kTotalMemory;
  info->sharedMemPerBlock = 48 * 1024;
  info->sharedMemPerBlockOptin = 163 * 1024;
  info->sharedMemPerMultiprocessor = 164 * 1024;
  info->totalConstMem = 64 * 1024;
  info->regsPerBlock = 65536;
  info->regsPerMultiprocessor = 65536;
  info->warpSize = 32;
  info->maxThreadsPerBlock = 1024;
  info->maxThreadsDim[0] = 1024;
  info->maxThreadsDim[1] = 1024;
  info->maxThreadsDim[2] = 64;
  info->maxGridSize[0] = 2147483647;
  info->maxGridSize[1] = 65535;
  info->maxGridSize[2] = 65535;
  info->maxThreadsPerMultiProcessor = 2048;
  info->maxBlocksPerMultiProcessor = 32;
  info->multiProcessorCount = 4;
  info->clockRateKHz = 1410000;
  info->memoryClockRateKHz = 1215000;
  info->memoryBusWidth = 5120;
  info->l2CacheSize = 40 << 20;
  info->pciBusId = 0x41 + device;
  info->pciDeviceId = 0;
  info->pciDomainId = 0;
  info->asyncEngineCount = 2;
  info->unifiedAddressing = 1;
  info->managedMemory = 1;
  info->concurrentManagedAccess = 1;
  info->canMapHostMemory = 1;
  info->concurrentKernels = 1;
  info->memPitchMax = 2147483647;
  info->textureAlignment = 512;
  info->texturePitchAlignment = 32;
  return kOk;
}

qiaoDrvStatus memInfo(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes) {
  count("memInfo");
  if (!freeBytes || !totalBytes)
    return kInvalidValue;
  if (device < 0 || device >= kDevices)
    return kInvalidDevice;
  std::lock_guard lock(memoryMutex);
  uint64_t used = 0;
  for (auto &[base, allocation] : allocations)
    if (allocation.device == device && allocation.kind == QIAO_DRV_MEM_DEVICE)
      used += allocation.size;
  *freeBytes = kTotalMemory - used;
  *totalBytes = kTotalMemory;
  return kOk;
}

qiaoDrvStatus setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value) {
  count("setLimit");
  if (device < 0 || device >= kDevices)
    return kInvalidDevice;
  if (limit < 0 || limit > QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT)
    return kUnsupportedLimit;
  limits[device][limit] = value;
  return kOk;
}

qiaoDrvStatus getLimit(int32_t device, qiaoDrvLimit limit, uint64_t *value) {
  count("getLimit");
  if (!value)
    return kInvalidValue;
  if (device < 0 || device >= kDevices)
    return kInvalidDevice;
  if (limit < 0 || limit > QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT)
    return kUnsupportedLimit;
  *value = limits[device][limit];
  return kOk;
}

void stopQueue(qiaoDrvQueue queue) {
  {
    std::lock_guard lock(queue->mutex);
    queue->stopping = true;
    queue->changed.notify_all();
  }
  queue->worker.join();
  delete queue;
}

qiaoDrvStatus deviceReset(int32_t device) {
  count("deviceReset");
  if (device < 0 || device >= kDevices)
    return kInvalidDevice;
  std::vector<qiaoDrvQueue> mine;
  {
    std::lock_guard lock(queuesMutex);
    for (auto it = liveQueues.begin(); it != liveQueues.end();) {
      if (it->second == device) {
        mine.push_back(it->first);
        it = liveQueues.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (qiaoDrvQueue queue : mine)
    stopQueue(queue);
  std::lock_guard lock(memoryMutex);
  for (auto it = allocations.begin(); it != allocations.end();) {
    if (it->second.device == device && it->second.kind != QIAO_DRV_MEM_REGISTERED) {
      std::free(reinterpret_cast<void *>(it->first));
      it = allocations.erase(it);
    } else {
      ++it;
    }
  }
  return kOk;
}

qiaoDrvStatus memAlloc(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                       void **ptr) {
  count("memAlloc");
  if (!ptr ||
      (kind != QIAO_DRV_MEM_DEVICE && kind != QIAO_DRV_MEM_HOST && kind != QIAO_DRV_MEM_MANAGED))
    return kInvalidValue;
  if (device < 0 || device >= kDevices)
    return kInvalidDevice;
  if (bytes > kTotalMemory)
    return kOutOfMemory;
  void *memory = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!memory)
    return kOutOfMemory;
  std::lock_guard lock(memoryMutex);
  allocations[reinterpret_cast<uint64_t>(memory)] = Allocation{bytes, kind, flags, device};
  *ptr = memory;
  return kOk;
}

qiaoDrvStatus memFree(void *ptr, qiaoDrvMemKind kind) {
  count("memFree");
  std::lock_guard lock(memoryMutex);
  auto it = allocations.find(reinterpret_cast<uint64_t>(ptr));
  if (it == allocations.end() || it->second.kind != kind || kind == QIAO_DRV_MEM_REGISTERED)
    return kInvalidValue;
  allocations.erase(it);
  std::free(ptr);
  return kOk;
}

qiaoDrvStatus memRegister(void *ptr, uint64_t bytes, uint32_t flags) {
  count("memRegister");
  std::lock_guard lock(memoryMutex);
  auto start = reinterpret_cast<uint64_t>(ptr);
  for (auto &[base, allocation] : allocations)
    if (start < base + allocation.size && base < start + bytes)
      return kAlreadyRegistered;
  allocations[start] = Allocation{bytes, QIAO_DRV_MEM_REGISTERED, flags, 0};
  return kOk;
}

qiaoDrvStatus memUnregister(void *ptr) {
  count("memUnregister");
  std::lock_guard lock(memoryMutex);
  auto it = allocations.find(reinterpret_cast<uint64_t>(ptr));
  if (it == allocations.end() || it->second.kind != QIAO_DRV_MEM_REGISTERED)
    return kNotRegistered;
  allocations.erase(it);
  return kOk;
}

qiaoDrvStatus pointerInfo(const void *ptr, qiaoDrvPointerInfo *info) {
  count("pointerInfo");
  QIAO_CHECK_SIZE(info, qiaoDrvPointerInfo);
  std::lock_guard lock(memoryMutex);
  uint64_t base = 0;
  const Allocation *allocation = findAllocation(reinterpret_cast<uint64_t>(ptr), &base);
  if (!allocation)
    return kInvalidValue;
  *info = qiaoDrvPointerInfo{sizeof(qiaoDrvPointerInfo), allocation->kind, allocation->device, base,
                             allocation->size,           allocation->flags};
  return kOk;
}

qiaoDrvStatus queueCreate(int32_t device, uint32_t flags, int32_t priority, qiaoDrvQueue *queue) {
  count("queueCreate");
  if (!queue || (flags & ~1u) != 0)
    return kInvalidValue;
  if (device < 0 || device >= kDevices)
    return qiaoDrvErrorInvalidDevice;
  auto *created = new qiaoDrvQueue_st();
  created->device = device;
  created->worker = std::thread([created] { created->serve(); });
  std::lock_guard lock(queuesMutex);
  liveQueues[created] = device;
  *queue = created;
  return kOk;
}

qiaoDrvStatus queueSynchronize(qiaoDrvQueue queue) {
  count("queueSynchronize");
  std::unique_lock lock(queue->mutex);
  queue->changed.wait(lock, [&] { return queue->work.empty() && !queue->busy; });
  return queue->sticky;
}

qiaoDrvStatus queueDestroy(qiaoDrvQueue queue) {
  count("queueDestroy");
  (void)queueSynchronize(queue);
  {
    std::lock_guard lock(queuesMutex);
    liveQueues.erase(queue);
  }
  stopQueue(queue);
  return kOk;
}

qiaoDrvStatus enqueueCopy(qiaoDrvQueue queue, void *dst, const void *src, uint64_t bytes,
                          qiaoDrvCopyDirection direction) {
  count("enqueueCopy");
  if ((bytes > 0 && (!dst || !src)) || direction < 0 || direction > 3)
    return kInvalidValue;
  noteDirection(direction);
  return queue->push([=] {
    std::memmove(dst, src, bytes);
    return kOk;
  });
}

qiaoDrvStatus enqueueCopy2D(qiaoDrvQueue queue, void *dst, uint64_t dstPitch, const void *src,
                            uint64_t srcPitch, uint64_t widthBytes, uint64_t height,
                            qiaoDrvCopyDirection direction) {
  count("enqueueCopy2D");
  if (widthBytes > dstPitch || widthBytes > srcPitch || direction < 0 || direction > 3 ||
      (height > 0 && widthBytes > 0 && (!dst || !src)))
    return kInvalidValue;
  noteDirection(direction);
  return queue->push([=] {
    for (uint64_t row = 0; row < height; ++row)
      std::memmove(static_cast<char *>(dst) + row * dstPitch,
                   static_cast<const char *>(src) + row * srcPitch, widthBytes);
    return kOk;
  });
}

qiaoDrvStatus enqueueFill(qiaoDrvQueue queue, void *dst, uint32_t pattern, uint32_t elementSize,
                          uint64_t count_) {
  count("enqueueFill");
  if (elementSize != 1 && elementSize != 2 && elementSize != 4)
    return kInvalidValue;
  return queue->push([=] {
    auto *bytes = static_cast<unsigned char *>(dst);
    for (uint64_t i = 0; i < count_; ++i)
      std::memcpy(bytes + i * elementSize, &pattern, elementSize); // little-endian pattern
    return kOk;
  });
}

qiaoDrvStatus enqueueLaunch(qiaoDrvQueue queue, qiaoDrvFunction function,
                            const qiaoDrvLaunch *launch) {
  count("enqueueLaunch");
  QIAO_CHECK_SIZE(launch, qiaoDrvLaunch);
  if (launch->paramBytes < function->kernel.paramBytes || (launch->flags & ~1u) != 0)
    return kInvalidValue;
  uint64_t threads = 1;
  for (int i = 0; i < 3; ++i) {
    if (launch->grid[i] == 0 || launch->block[i] == 0)
      return qiaoDrvErrorInvalidConfiguration;
    threads *= launch->block[i];
  }
  if (threads > 1024)
    return qiaoDrvErrorInvalidConfiguration;
  qiaoTestLaunchRecord record{};
  std::strncpy(record.kernel, function->kernel.name.c_str(), sizeof record.kernel - 1);
  for (int i = 0; i < 3; ++i) {
    record.grid[i] = launch->grid[i];
    record.block[i] = launch->block[i];
  }
  record.dynamicSharedBytes = launch->dynamicSharedBytes;
  record.paramBytes = static_cast<uint32_t>(launch->paramBytes);
  std::memcpy(record.params, launch->params,
              launch->paramBytes < sizeof record.params ? launch->paramBytes
                                                        : sizeof record.params);
  bool faults = function->kernel.name == "fault";
  return queue->push([=] {
    std::lock_guard lock(launchMutex);
    lastLaunch = record;
    launched = true;
    return faults ? kIllegalAddress : kOk;
  });
}

qiaoDrvStatus enqueueHostFn(qiaoDrvQueue queue, qiaoDrvHostFn fn, void *userData) {
  count("enqueueHostFn");
  if (!fn)
    return kInvalidValue;
  return queue->push([=] {
    fn(userData);
    return kOk;
  });
}

qiaoDrvStatus enqueueEventRecord(qiaoDrvQueue queue, qiaoDrvEvent event) {
  count("enqueueEventRecord");
  uint64_t generation = 0;
  {
    std::lock_guard lock(event->mutex);
    generation = ++event->recorded;
  }
  return queue->push([=] {
    std::lock_guard lock(event->mutex);
    if (generation > event->completed) {
      event->completed = generation;
      event->when = std::chrono::steady_clock::now();
    }
    event->changed.notify_all();
    return kOk;
  });
}

// The wait stands for the recording made before it, not later ones (CUDA's semantics).
qiaoDrvStatus enqueueEventWait(qiaoDrvQueue queue, qiaoDrvEvent event) {
  count("enqueueEventWait");
  uint64_t generation = 0;
  {
    std::lock_guard lock(event->mutex);
    generation = event->recorded;
  }
  return queue->push([=] {
    std::unique_lock lock(event->mutex);
    event->changed.wait(lock, [&] { return event->completed >= generation; });
    return kOk;
  });
}

qiaoDrvStatus queueQuery(qiaoDrvQueue queue) {
  count("queueQuery");
  std::lock_guard lock(queue->mutex);
  if (queue->sticky != kOk)
    return queue->sticky;
  return queue->work.empty() && !queue->busy ? kOk : kNotReady;
}

qiaoDrvStatus eventCreate(uint32_t flags, qiaoDrvEvent *event) {
  count("eventCreate");
  if (!event || (flags & ~7u) != 0)
    return kInvalidValue;
  auto *created = new qiaoDrvEvent_st();
  created->flags = flags;
  *event = created;
  return kOk;
}

qiaoDrvStatus eventDestroy(qiaoDrvEvent event) {
  count("eventDestroy");
  delete event;
  return kOk;
}

qiaoDrvStatus eventQuery(qiaoDrvEvent event) {
  count("eventQuery");
  std::lock_guard lock(event->mutex);
  return event->completed >= event->recorded ? kOk : kNotReady;
}

qiaoDrvStatus eventSynchronize(qiaoDrvEvent event) {
  count("eventSynchronize");
  std::unique_lock lock(event->mutex);
  event->changed.wait(lock, [&] { return event->completed >= event->recorded; });
  return kOk;
}

qiaoDrvStatus eventElapsed(qiaoDrvEvent start, qiaoDrvEvent end, float *ms) {
  count("eventElapsed");
  if (!ms)
    return kInvalidValue;
  if ((start->flags | end->flags) & 2u)
    return kInvalidHandle;
  if (eventQuery(start) != kOk || eventQuery(end) != kOk)
    return kNotReady;
  std::scoped_lock lock(start->mutex, end->mutex);
  *ms = std::chrono::duration<float, std::milli>(end->when - start->when).count();
  return kOk;
}

// Links as a summary can: the kernels and globals of every image, one module. What an image
// declares `.extern` and another defines is not checked (nothing runs).
qiaoDrvStatus loadImages(int32_t device, const qiaoDrvModuleImage *images, uint32_t count_,
                         qiaoDrvModule *module, char *log, size_t logBytes) {
  {
    std::lock_guard lock(linkMutex);
    lastLinkImages = count_;
  }
  if (!images || count_ == 0 || !module)
    return kInvalidValue;
  if (device < 0 || device >= kDevices)
    return kInvalidDevice;
  auto created = std::make_unique<qiaoDrvModule_st>();
  created->device = device;
  for (uint32_t i = 0; i < count_; ++i) {
    QIAO_CHECK_SIZE(&images[i], qiaoDrvModuleImage);
    if (images[i].format != QIAO_DRV_FORMAT_PTX)
      return qiaoDrvErrorInvalidKernelImage;
    const char *text = static_cast<const char *>(images[i].data);
    qiao::testdriver::PtxSummary unit;
    std::string error;
    if (!qiao::testdriver::summarizePtx(std::string(text, strnlen(text, images[i].bytes)), unit,
                                        error)) {
      if (log && logBytes)
        std::snprintf(log, logBytes, "image %u: %s", i + 1, error.c_str());
      return kInvalidPtx;
    }
    created->summary.kernels.merge(unit.kernels);
    created->summary.globals.merge(unit.globals);
  }
  for (auto &[name, bytes] : created->summary.globals) {
    void *memory = nullptr;
    memAlloc(device, bytes, QIAO_DRV_MEM_DEVICE, 0, &memory);
    std::memset(memory, 0, bytes);
    created->globals[name] = memory;
  }
  *module = created.release();
  return kOk;
}

qiaoDrvStatus moduleLoad(int32_t device, const qiaoDrvModuleImage *image, qiaoDrvModule *module,
                         char *log, size_t logBytes) {
  count("moduleLoad");
  return loadImages(device, image, 1, module, log, logBytes);
}

qiaoDrvStatus moduleLink(int32_t device, const qiaoDrvModuleImage *images, uint32_t count_,
                         qiaoDrvModule *module, char *log, size_t logBytes) {
  count("moduleLink");
  return loadImages(device, images, count_, module, log, logBytes);
}

qiaoDrvStatus moduleUnload(qiaoDrvModule module) {
  count("moduleUnload");
  for (auto &[name, memory] : module->globals)
    memFree(memory, QIAO_DRV_MEM_DEVICE);
  delete module;
  return kOk;
}

qiaoDrvStatus moduleGetFunction(qiaoDrvModule module, const char *name, qiaoDrvFunction *function) {
  count("moduleGetFunction");
  if (!name || !function)
    return kInvalidValue;
  auto found = module->summary.kernels.find(name);
  if (found == module->summary.kernels.end())
    return kSymbolNotFound;
  auto &slot = module->functions[name];
  if (!slot)
    slot.reset(new qiaoDrvFunction_st{found->second});
  *function = slot.get();
  return kOk;
}

qiaoDrvStatus moduleGetGlobal(qiaoDrvModule module, const char *name, void **ptr, uint64_t *bytes) {
  count("moduleGetGlobal");
  if (!name)
    return kInvalidValue;
  auto found = module->globals.find(name);
  if (found == module->globals.end())
    return kSymbolNotFound;
  if (ptr)
    *ptr = found->second;
  if (bytes)
    *bytes = module->summary.globals[name];
  return kOk;
}

qiaoDrvStatus functionInfo(qiaoDrvFunction function, qiaoDrvFunctionInfo *info) {
  count("functionInfo");
  QIAO_CHECK_SIZE(info, qiaoDrvFunctionInfo);
  const PtxKernel &k = function->kernel;
  const uint32_t theirs = info->structSize; // no byte past it is written
  std::memset(info, 0, theirs);
  info->structSize = theirs;
  info->sharedSizeBytes = k.sharedBytes;
  info->maxThreadsPerBlock = k.maxThreads;
  info->numRegs = k.registers;
  info->ptxVersion = 90;
  info->binaryVersion = 80;
  info->paramBytes = k.paramBytes;
  info->paramCount = static_cast<uint32_t>(k.params.size());
  return kOk;
}

qiaoDrvStatus functionParams(qiaoDrvFunction function, qiaoDrvParamInfo *params,
                             uint32_t capacity) {
  count("functionParams");
  if (!params && capacity > 0)
    return kInvalidValue;
  for (uint32_t i = 0; i < capacity && i < function->kernel.params.size(); ++i) {
    QIAO_CHECK_SIZE(&params[i], qiaoDrvParamInfo);
    params[i] = function->kernel.params[i];
  }
  return kOk;
}

qiaoDrvStatus functionName(qiaoDrvFunction function, const char **name) {
  count("functionName");
  if (!name)
    return kInvalidValue;
  *name = function->kernel.name.c_str();
  return kOk;
}

qiaoDriverTable makeTable() {
  qiaoDriverTable t{};
  t.struct_size = sizeof t;
  t.abi_version = QIAO_DRIVER_ABI_VERSION;
  t.name = "test";
  t.formats = QIAO_DRV_FORMAT_PTX;
  t.init = init;
  t.deviceCount = deviceCount;
  t.deviceInfo = deviceInfo;
  t.memInfo = memInfo;
  t.setLimit = setLimit;
  t.getLimit = getLimit;
  t.deviceReset = deviceReset;
  t.memAlloc = memAlloc;
  t.memFree = memFree;
  t.memRegister = memRegister;
  t.memUnregister = memUnregister;
  t.pointerInfo = pointerInfo;
  t.queueCreate = queueCreate;
  t.queueDestroy = queueDestroy;
  t.enqueueCopy = enqueueCopy;
  t.enqueueCopy2D = enqueueCopy2D;
  t.enqueueFill = enqueueFill;
  t.enqueueLaunch = enqueueLaunch;
  t.enqueueHostFn = enqueueHostFn;
  t.enqueueEventRecord = enqueueEventRecord;
  t.enqueueEventWait = enqueueEventWait;
  t.queueQuery = queueQuery;
  t.queueSynchronize = queueSynchronize;
  t.eventCreate = eventCreate;
  t.eventDestroy = eventDestroy;
  t.eventQuery = eventQuery;
  t.eventSynchronize = eventSynchronize;
  t.eventElapsed = eventElapsed;
  t.moduleLoad = moduleLoad;
  t.moduleUnload = moduleUnload;
  t.moduleGetFunction = moduleGetFunction;
  t.moduleGetGlobal = moduleGetGlobal;
  t.functionInfo = functionInfo;
  t.functionParams = functionParams;
  t.functionName = functionName;
  t.moduleLink = moduleLink;
  // enqueueHostKernel (it runs no host code) and the texture slots (no textures) stay NULL.
  return t;
}

const qiaoDriverTable table = makeTable();

} // namespace

extern "C" __attribute__((visibility("default"))) const qiaoDriverTable *
qiaoDriverGetTable(uint32_t abiVersion) {
  return abiVersion == QIAO_DRIVER_ABI_VERSION ? &table : nullptr;
}

extern "C" __attribute__((visibility("default"))) uint64_t qiaoTestDriverCalls(const char *entry) {
  std::lock_guard lock(countersMutex);
  auto found = counters.find(entry);
  return found == counters.end() ? 0 : found->second;
}

extern "C" __attribute__((visibility("default"))) void
qiaoTestDriverStructSizes(qiaoTestStructSizes *out) {
  std::lock_guard lock(sizesMutex);
  *out = sizes;
}

extern "C" __attribute__((visibility("default"))) int qiaoTestDriverLastCopyDirection(void) {
  std::lock_guard lock(copyMutex);
  return lastDirection;
}

extern "C" __attribute__((visibility("default"))) uint32_t qiaoTestDriverLastLinkImages(void) {
  std::lock_guard lock(linkMutex);
  return lastLinkImages;
}

extern "C" __attribute__((visibility("default"))) int
qiaoTestDriverLastLaunch(qiaoTestLaunchRecord *record) {
  std::lock_guard lock(launchMutex);
  if (!launched)
    return -1;
  *record = lastLaunch;
  return 0;
}
