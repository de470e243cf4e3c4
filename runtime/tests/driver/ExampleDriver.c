/* libqiao-driver-example.so: a small driver that keeps the seam's contract (docs/driver.md),
 * written in C from qiao/driver.h alone. One device; its memory is host memory; each queue is a
 * list of tasks that a thread of its own runs in order, so enqueue calls return at once. It takes
 * PTX modules but finds no kernels in them, so it serves the runtime's memory, copy, stream and
 * event calls, not kernels. */
#include <qiao/driver.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

/* Allocations and registered ranges, for pointerInfo. The runtime calls the memory slots from
 * any thread, so the list has a lock. */
enum { kMaxAllocations = 4096 };
static struct {
  char *base;
  uint64_t size;
  int32_t kind;
  uint32_t flags;
} allocations[kMaxAllocations];
static pthread_mutex_t allocationsLock = PTHREAD_MUTEX_INITIALIZER;

/* Events: how many records were queued and how many reached; one lock and condition for all. */
static pthread_mutex_t eventsLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t eventsChanged = PTHREAD_COND_INITIALIZER;
struct qiaoDrvEvent_st {
  uint32_t flags;
  uint64_t recorded, completed;
  double completedAtMs;
};

/* One piece of queued work: run() does it with the fields it needs. */
typedef struct Task {
  void (*run)(struct Task *);
  struct Task *next;
  char *dst;
  const char *src;
  uint64_t bytes, dstPitch, srcPitch, rows;
  uint32_t pattern, elementSize;
  qiaoDrvHostFn fn;
  void *userData;
  qiaoDrvEvent event;
  uint64_t generation;
} Task;

struct qiaoDrvQueue_st {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  Task *head, *tail;
  int busy, stopping;
  pthread_t worker;
};

static void *serve(void *argument) {
  qiaoDrvQueue queue = argument;
  pthread_mutex_lock(&queue->lock);
  for (;;) {
    while (!queue->head && !queue->stopping)
      pthread_cond_wait(&queue->changed, &queue->lock);
    if (!queue->head)
      break;
    Task *task = queue->head;
    queue->head = task->next;
    if (!queue->head)
      queue->tail = NULL;
    queue->busy = 1;
    pthread_mutex_unlock(&queue->lock); /* host functions may queue more work */
    task->run(task);
    free(task);
    pthread_mutex_lock(&queue->lock);
    queue->busy = 0;
    pthread_cond_broadcast(&queue->changed);
  }
  pthread_mutex_unlock(&queue->lock);
  return NULL;
}

/* Appends a task (a copy of *task) to the queue. */
static qiaoDrvStatus push(qiaoDrvQueue queue, const Task *task) {
  Task *copy = malloc(sizeof *copy);
  if (!copy)
    return qiaoDrvErrorMemoryAllocation;
  *copy = *task;
  copy->next = NULL;
  pthread_mutex_lock(&queue->lock);
  if (queue->tail)
    queue->tail->next = copy;
  else
    queue->head = copy;
  queue->tail = copy;
  pthread_cond_broadcast(&queue->changed);
  pthread_mutex_unlock(&queue->lock);
  return qiaoDrvSuccess;
}

struct qiaoDrvModule_st {
  int32_t device;
};

static double nowMs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static qiaoDrvStatus init(void) { return qiaoDrvSuccess; }

static qiaoDrvStatus deviceCount(int32_t *count) {
  if (!count)
    return qiaoDrvErrorInvalidValue;
  *count = 1;
  return qiaoDrvSuccess;
}

static qiaoDrvStatus deviceInfo(int32_t device, qiaoDrvDeviceInfo *info) {
  if (!info || info->structSize < QIAO_DRV_SIZE_V2_DEVICE_INFO)
    return qiaoDrvErrorInvalidValue;
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  uint32_t theirs = info->structSize; /* fill the ABI 2 fields; leave a newer tail alone */
  memset(info, 0, QIAO_DRV_SIZE_V2_DEVICE_INFO);
  info->structSize = theirs;
  strcpy(info->name, "Qiao example device");
  info->computeMajor = 8;
  info->totalGlobalMem = 1ull << 30;
  info->sharedMemPerBlock = info->sharedMemPerBlockOptin = 48 * 1024;
  info->sharedMemPerMultiprocessor = 64 * 1024;
  info->totalConstMem = 64 * 1024;
  info->regsPerBlock = info->regsPerMultiprocessor = 65536;
  info->warpSize = 32;
  info->maxThreadsPerBlock = 1024;
  info->maxThreadsDim[0] = info->maxThreadsDim[1] = 1024;
  info->maxThreadsDim[2] = 64;
  info->maxGridSize[0] = 2147483647;
  info->maxGridSize[1] = info->maxGridSize[2] = 65535;
  info->maxThreadsPerMultiProcessor = 2048;
  info->maxBlocksPerMultiProcessor = 32;
  info->multiProcessorCount = 1;
  info->clockRateKHz = info->memoryClockRateKHz = 1000000;
  info->memoryBusWidth = 64;
  info->unifiedAddressing = info->managedMemory = info->canMapHostMemory = 1;
  info->memPitchMax = 2147483647;
  info->textureAlignment = 512;
  info->texturePitchAlignment = 32;
  return qiaoDrvSuccess;
}

static qiaoDrvStatus memInfo(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes) {
  if (!freeBytes || !totalBytes)
    return qiaoDrvErrorInvalidValue;
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  *freeBytes = *totalBytes = 1ull << 30; /* host memory: nothing is counted */
  return qiaoDrvSuccess;
}

/* The limits the runtime forwards (qiaoDrvLimit order): kept, not enforced. */
static uint64_t limits[3] = {1024, 1 << 20, 8 << 20};

static qiaoDrvStatus setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value) {
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  if ((unsigned)limit > QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE)
    return qiaoDrvErrorUnsupportedLimit;
  limits[limit] = value;
  return qiaoDrvSuccess;
}

static qiaoDrvStatus getLimit(int32_t device, qiaoDrvLimit limit, uint64_t *value) {
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  if (!value || (unsigned)limit > QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE)
    return value ? qiaoDrvErrorUnsupportedLimit : qiaoDrvErrorInvalidValue;
  *value = limits[limit];
  return qiaoDrvSuccess;
}

/* Records [base, base+size) of `kind`; 0 when the table is full. */
static int remember(void *base, uint64_t size, int32_t kind, uint32_t flags) {
  pthread_mutex_lock(&allocationsLock);
  int slot = 0;
  while (slot < kMaxAllocations && allocations[slot].base)
    ++slot;
  if (slot < kMaxAllocations) {
    allocations[slot].base = base;
    allocations[slot].size = size;
    allocations[slot].kind = kind;
    allocations[slot].flags = flags;
  }
  pthread_mutex_unlock(&allocationsLock);
  return slot < kMaxAllocations;
}

/* Forgets the allocation starting at ptr if it is of `kind`; 0 when there is none. */
static int forget(void *ptr, int32_t kind) {
  int found = 0;
  pthread_mutex_lock(&allocationsLock);
  for (int i = 0; i < kMaxAllocations && !found; ++i)
    if (allocations[i].base == ptr && allocations[i].kind == kind) {
      allocations[i].base = NULL;
      found = 1;
    }
  pthread_mutex_unlock(&allocationsLock);
  return found;
}

static qiaoDrvStatus memAlloc(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                              void **ptr) {
  if (!ptr ||
      (kind != QIAO_DRV_MEM_DEVICE && kind != QIAO_DRV_MEM_HOST && kind != QIAO_DRV_MEM_MANAGED))
    return qiaoDrvErrorInvalidValue;
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  void *memory = aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!memory || !remember(memory, bytes, kind, flags)) {
    free(memory);
    return qiaoDrvErrorMemoryAllocation;
  }
  *ptr = memory;
  return qiaoDrvSuccess;
}

static qiaoDrvStatus memFree(void *ptr, qiaoDrvMemKind kind) {
  if (!forget(ptr, kind))
    return qiaoDrvErrorInvalidValue;
  free(ptr);
  return qiaoDrvSuccess;
}

/* The runtime has synchronised the device's queues and stops using its handles before it calls
 * this. The device's memory goes; registered host memory stays, as the contract says. */
static qiaoDrvStatus deviceReset(int32_t device) {
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  pthread_mutex_lock(&allocationsLock);
  for (int i = 0; i < kMaxAllocations; ++i)
    if (allocations[i].base && allocations[i].kind != QIAO_DRV_MEM_REGISTERED) {
      free(allocations[i].base);
      allocations[i].base = NULL;
    }
  pthread_mutex_unlock(&allocationsLock);
  return qiaoDrvSuccess;
}

static qiaoDrvStatus memRegister(void *ptr, uint64_t bytes, uint32_t flags) {
  const char *start = ptr;
  pthread_mutex_lock(&allocationsLock);
  int overlaps = 0;
  for (int i = 0; i < kMaxAllocations; ++i)
    overlaps |= allocations[i].base && start < allocations[i].base + allocations[i].size &&
                allocations[i].base < start + bytes;
  pthread_mutex_unlock(&allocationsLock);
  if (overlaps)
    return qiaoDrvErrorHostMemoryAlreadyRegistered;
  return remember(ptr, bytes, QIAO_DRV_MEM_REGISTERED, flags) ? qiaoDrvSuccess
                                                              : qiaoDrvErrorMemoryAllocation;
}

static qiaoDrvStatus memUnregister(void *ptr) {
  return forget(ptr, QIAO_DRV_MEM_REGISTERED) ? qiaoDrvSuccess
                                              : qiaoDrvErrorHostMemoryNotRegistered;
}

static qiaoDrvStatus pointerInfo(const void *ptr, qiaoDrvPointerInfo *info) {
  if (!info || info->structSize < QIAO_DRV_SIZE_V2_POINTER_INFO)
    return qiaoDrvErrorInvalidValue;
  qiaoDrvStatus status = qiaoDrvErrorInvalidValue;
  const char *address = ptr;
  pthread_mutex_lock(&allocationsLock);
  for (int i = 0; i < kMaxAllocations; ++i) {
    char *base = allocations[i].base;
    if (base && address >= base && address < base + allocations[i].size) {
      info->kind = allocations[i].kind;
      info->device = 0;
      info->base = (uint64_t)(uintptr_t)base;
      info->size = allocations[i].size;
      info->flags = allocations[i].flags;
      status = qiaoDrvSuccess;
      break;
    }
  }
  pthread_mutex_unlock(&allocationsLock);
  return status;
}

static qiaoDrvStatus queueCreate(int32_t device, uint32_t flags, int32_t priority,
                                 qiaoDrvQueue *queue) {
  if (!queue || (flags & ~1u))
    return qiaoDrvErrorInvalidValue;
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  qiaoDrvQueue made = calloc(1, sizeof *made);
  if (!made)
    return qiaoDrvErrorMemoryAllocation;
  pthread_mutex_init(&made->lock, NULL);
  pthread_cond_init(&made->changed, NULL);
  if (pthread_create(&made->worker, NULL, serve, made) != 0) {
    free(made);
    return qiaoDrvErrorOperatingSystem;
  }
  *queue = made;
  return qiaoDrvSuccess;
}

static qiaoDrvStatus queueSynchronize(qiaoDrvQueue queue) {
  pthread_mutex_lock(&queue->lock);
  while (queue->head || queue->busy)
    pthread_cond_wait(&queue->changed, &queue->lock);
  pthread_mutex_unlock(&queue->lock);
  return qiaoDrvSuccess;
}

static qiaoDrvStatus queueQuery(qiaoDrvQueue queue) {
  pthread_mutex_lock(&queue->lock);
  int pending = queue->head || queue->busy;
  pthread_mutex_unlock(&queue->lock);
  return pending ? qiaoDrvErrorNotReady : qiaoDrvSuccess;
}

static qiaoDrvStatus queueDestroy(qiaoDrvQueue queue) {
  pthread_mutex_lock(&queue->lock);
  queue->stopping = 1; /* the worker finishes the queued work first */
  pthread_cond_broadcast(&queue->changed);
  pthread_mutex_unlock(&queue->lock);
  pthread_join(queue->worker, NULL);
  pthread_mutex_destroy(&queue->lock);
  pthread_cond_destroy(&queue->changed);
  free(queue);
  return qiaoDrvSuccess;
}

static void runCopy(Task *t) {
  for (uint64_t row = 0; row < t->rows; ++row) /* one address space: every direction is memmove */
    memmove(t->dst + row * t->dstPitch, t->src + row * t->srcPitch, t->bytes);
}

static qiaoDrvStatus enqueueCopy2D(qiaoDrvQueue queue, void *dst, uint64_t dstPitch,
                                   const void *src, uint64_t srcPitch, uint64_t widthBytes,
                                   uint64_t height, qiaoDrvCopyDirection direction) {
  if ((widthBytes && height && (!dst || !src)) || widthBytes > dstPitch || widthBytes > srcPitch ||
      direction > QIAO_DRV_COPY_DEVICE_TO_DEVICE)
    return qiaoDrvErrorInvalidValue;
  Task task = {.run = runCopy,
               .dst = dst,
               .src = src,
               .bytes = widthBytes,
               .dstPitch = dstPitch,
               .srcPitch = srcPitch,
               .rows = height};
  return push(queue, &task);
}

static qiaoDrvStatus enqueueCopy(qiaoDrvQueue queue, void *dst, const void *src, uint64_t bytes,
                                 qiaoDrvCopyDirection direction) {
  return enqueueCopy2D(queue, dst, bytes, src, bytes, bytes, 1, direction);
}

static void runFill(Task *t) {
  for (uint64_t i = 0; i < t->bytes; ++i) /* little endian: the pattern's low bytes */
    memcpy(t->dst + i * t->elementSize, &t->pattern, t->elementSize);
}

static qiaoDrvStatus enqueueFill(qiaoDrvQueue queue, void *dst, uint32_t pattern,
                                 uint32_t elementSize, uint64_t count) {
  if (elementSize != 1 && elementSize != 2 && elementSize != 4)
    return qiaoDrvErrorInvalidValue;
  Task task = {
      .run = runFill, .dst = dst, .bytes = count, .pattern = pattern, .elementSize = elementSize};
  return push(queue, &task);
}

static qiaoDrvStatus enqueueLaunch(qiaoDrvQueue queue, qiaoDrvFunction function,
                                   const qiaoDrvLaunch *launch) {
  return qiaoDrvErrorInvalidResourceHandle; /* moduleGetFunction never hands one out */
}

static void runHostFn(Task *t) { t->fn(t->userData); }

static qiaoDrvStatus enqueueHostFn(qiaoDrvQueue queue, qiaoDrvHostFn fn, void *userData) {
  if (!fn)
    return qiaoDrvErrorInvalidValue;
  Task task = {.run = runHostFn, .fn = fn, .userData = userData};
  return push(queue, &task);
}

static void runRecord(Task *t) {
  pthread_mutex_lock(&eventsLock);
  if (t->generation > t->event->completed) {
    t->event->completed = t->generation;
    t->event->completedAtMs = nowMs();
  }
  pthread_cond_broadcast(&eventsChanged);
  pthread_mutex_unlock(&eventsLock);
}

static qiaoDrvStatus enqueueEventRecord(qiaoDrvQueue queue, qiaoDrvEvent event) {
  pthread_mutex_lock(&eventsLock);
  Task task = {.run = runRecord, .event = event, .generation = ++event->recorded};
  pthread_mutex_unlock(&eventsLock);
  return push(queue, &task);
}

static void runWait(Task *t) {
  pthread_mutex_lock(&eventsLock);
  while (t->event->completed < t->generation)
    pthread_cond_wait(&eventsChanged, &eventsLock);
  pthread_mutex_unlock(&eventsLock);
}

/* Waits for the record made before this call, not for later ones (driver.h). */
static qiaoDrvStatus enqueueEventWait(qiaoDrvQueue queue, qiaoDrvEvent event) {
  pthread_mutex_lock(&eventsLock);
  Task task = {.run = runWait, .event = event, .generation = event->recorded};
  pthread_mutex_unlock(&eventsLock);
  return push(queue, &task);
}

static qiaoDrvStatus eventCreate(uint32_t flags, qiaoDrvEvent *event) {
  if (!event || (flags & ~7u))
    return qiaoDrvErrorInvalidValue;
  *event = calloc(1, sizeof **event);
  if (!*event)
    return qiaoDrvErrorMemoryAllocation;
  (*event)->flags = flags;
  return qiaoDrvSuccess;
}

static qiaoDrvStatus eventDestroy(qiaoDrvEvent event) {
  free(event);
  return qiaoDrvSuccess;
}

static qiaoDrvStatus eventQuery(qiaoDrvEvent event) {
  pthread_mutex_lock(&eventsLock);
  int done = event->completed >= event->recorded;
  pthread_mutex_unlock(&eventsLock);
  return done ? qiaoDrvSuccess : qiaoDrvErrorNotReady;
}

static qiaoDrvStatus eventSynchronize(qiaoDrvEvent event) {
  pthread_mutex_lock(&eventsLock);
  while (event->completed < event->recorded)
    pthread_cond_wait(&eventsChanged, &eventsLock);
  pthread_mutex_unlock(&eventsLock);
  return qiaoDrvSuccess;
}

static qiaoDrvStatus eventElapsed(qiaoDrvEvent start, qiaoDrvEvent end, float *ms) {
  if (!ms)
    return qiaoDrvErrorInvalidValue;
  if ((start->flags | end->flags) & 2u) /* cudaEventDisableTiming */
    return qiaoDrvErrorInvalidResourceHandle;
  if (eventQuery(start) != qiaoDrvSuccess || eventQuery(end) != qiaoDrvSuccess)
    return qiaoDrvErrorNotReady;
  pthread_mutex_lock(&eventsLock);
  *ms = (float)(end->completedAtMs - start->completedAtMs);
  pthread_mutex_unlock(&eventsLock);
  return qiaoDrvSuccess;
}

static qiaoDrvStatus moduleLoad(int32_t device, const qiaoDrvModuleImage *image,
                                qiaoDrvModule *module, char *log, size_t logBytes) {
  if (!image || image->structSize < QIAO_DRV_SIZE_V2_MODULE_IMAGE || !module)
    return qiaoDrvErrorInvalidValue;
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  if (image->format != QIAO_DRV_FORMAT_PTX)
    return qiaoDrvErrorInvalidKernelImage;
  *module = calloc(1, sizeof **module);
  return *module ? qiaoDrvSuccess : qiaoDrvErrorMemoryAllocation;
}

static qiaoDrvStatus moduleUnload(qiaoDrvModule module) {
  free(module);
  return qiaoDrvSuccess;
}

static qiaoDrvStatus moduleGetFunction(qiaoDrvModule module, const char *name,
                                       qiaoDrvFunction *function) {
  if (!name || !function)
    return qiaoDrvErrorInvalidValue;
  return qiaoDrvErrorSymbolNotFound;
}

static qiaoDrvStatus moduleGetGlobal(qiaoDrvModule module, const char *name, void **ptr,
                                     uint64_t *bytes) {
  if (!name)
    return qiaoDrvErrorInvalidValue;
  return qiaoDrvErrorSymbolNotFound;
}

/* No function handle ever exists here, so every call about one names an unknown handle. */
static qiaoDrvStatus functionInfo(qiaoDrvFunction function, qiaoDrvFunctionInfo *info) {
  return qiaoDrvErrorInvalidResourceHandle;
}

static qiaoDrvStatus functionParams(qiaoDrvFunction function, qiaoDrvParamInfo *params,
                                    uint32_t capacity) {
  return qiaoDrvErrorInvalidResourceHandle;
}

static qiaoDrvStatus functionName(qiaoDrvFunction function, const char **name) {
  return qiaoDrvErrorInvalidResourceHandle;
}

EXPORT const qiaoDriverTable *qiaoDriverGetTable(uint32_t abiVersion) {
  static qiaoDriverTable table = {
      .struct_size = sizeof(qiaoDriverTable),
      .abi_version = QIAO_DRIVER_ABI_VERSION,
      .name = "example",
      .formats = QIAO_DRV_FORMAT_PTX,
      .init = init,
      .deviceCount = deviceCount,
      .deviceInfo = deviceInfo,
      .memInfo = memInfo,
      .setLimit = setLimit,
      .getLimit = getLimit,
      .deviceReset = deviceReset,
      .memAlloc = memAlloc,
      .memFree = memFree,
      .memRegister = memRegister,
      .memUnregister = memUnregister,
      .pointerInfo = pointerInfo,
      .queueCreate = queueCreate,
      .queueDestroy = queueDestroy,
      .enqueueCopy = enqueueCopy,
      .enqueueCopy2D = enqueueCopy2D,
      .enqueueFill = enqueueFill,
      .enqueueLaunch = enqueueLaunch,
      .enqueueHostFn = enqueueHostFn,
      .enqueueEventRecord = enqueueEventRecord,
      .enqueueEventWait = enqueueEventWait,
      .queueQuery = queueQuery,
      .queueSynchronize = queueSynchronize,
      .eventCreate = eventCreate,
      .eventDestroy = eventDestroy,
      .eventQuery = eventQuery,
      .eventSynchronize = eventSynchronize,
      .eventElapsed = eventElapsed,
      .moduleLoad = moduleLoad,
      .moduleUnload = moduleUnload,
      .moduleGetFunction = moduleGetFunction,
      .moduleGetGlobal = moduleGetGlobal,
      .functionInfo = functionInfo,
      .functionParams = functionParams,
      .functionName = functionName,
      /* Optional slots (moduleLink, enqueueHostKernel, textures) stay NULL. */
  };
  return abiVersion == QIAO_DRIVER_ABI_VERSION ? &table : NULL;
}
