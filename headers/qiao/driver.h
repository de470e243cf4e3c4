/*
 * Qiao driver seam: what an accelerator's driver implements so that the Qiao runtime (and with it
 * every CUDA program Qiao runs) drives the device.
 *
 * A driver is a shared library `libqiao-driver-NAME.so` exporting one symbol,
 * `qiaoDriverGetTable`, which returns a table of entry points. The runtime selects a driver with
 * the environment variable QIAO_DRIVER=NAME; `emu`, the software emulation backend, is built into
 * libqiao and is the default. The runtime never calls a device any other way.
 *
 * Versioning: the table starts with its size and ABI version. A runtime built against ABI N calls
 * `qiaoDriverGetTable(N)`; a driver returns a table whose abi_version is N (or NULL when it cannot
 * serve N). Slots are only ever appended, so a runtime reads struct_size before touching a slot.
 * Slots appended after the ABI 1 set (from enqueueHostKernel on) are optional: a driver may leave
 * them NULL or be built before they existed (a shorter struct_size).
 *
 * Conventions for every entry point:
 *   - returns a qiaoDrvStatus: 0 on success, otherwise a qiaoError_t value (the CUDA numbering);
 *   - never aborts the process and never throws across the seam;
 *   - handles are opaque pointers owned by the driver until the matching destroy call;
 *   - device pointers are 64-bit addresses in the device's unified address space.
 *
 * Queues are in-order work queues (a CUDA stream is one queue). Work submitted to a queue runs
 * after all earlier work of that queue; the enqueue_* calls return as soon as the work is queued.
 * A failure of queued work (a kernel fault) is reported by the next synchronize/query on that
 * queue and by every later one: the driver keeps it as the queue's sticky status.
 */
#ifndef QIAO_DRIVER_H
#define QIAO_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QIAO_DRIVER_ABI_VERSION 1u

typedef int32_t qiaoDrvStatus;

typedef struct qiaoDrvQueue_st *qiaoDrvQueue;
typedef struct qiaoDrvEvent_st *qiaoDrvEvent;
typedef struct qiaoDrvModule_st *qiaoDrvModule;
typedef struct qiaoDrvFunction_st *qiaoDrvFunction;

/* Static facts about a device, filled once (cf. Gallium's pipe_screen caps). */
typedef struct qiaoDrvDeviceInfo {
  char name[256];
  uint8_t uuid[16];
  int32_t computeMajor, computeMinor;
  uint64_t totalGlobalMem;
  uint64_t sharedMemPerBlock;       /* static limit without opt-in */
  uint64_t sharedMemPerBlockOptin;  /* with cudaFuncAttributeMaxDynamicSharedMemorySize */
  uint64_t sharedMemPerMultiprocessor;
  uint64_t totalConstMem;
  int32_t regsPerBlock, regsPerMultiprocessor;
  int32_t warpSize;
  int32_t maxThreadsPerBlock;
  int32_t maxThreadsDim[3];
  int32_t maxGridSize[3];
  int32_t maxThreadsPerMultiProcessor;
  int32_t maxBlocksPerMultiProcessor;
  int32_t multiProcessorCount;
  int32_t clockRateKHz;
  int32_t memoryClockRateKHz;
  int32_t memoryBusWidth;
  int32_t l2CacheSize;
  int32_t pciBusId, pciDeviceId, pciDomainId;
  int32_t asyncEngineCount;
  int32_t unifiedAddressing;
  int32_t managedMemory;
  int32_t concurrentManagedAccess;
  int32_t canMapHostMemory;
  int32_t concurrentKernels;
  int32_t integrated;
  uint64_t memPitchMax;
  uint64_t textureAlignment;
  uint64_t texturePitchAlignment;
  int32_t cooperativeLaunch; /* 1: honours QIAO_DRV_LAUNCH_COOPERATIVE */
} qiaoDrvDeviceInfo;

/* Kinds of memory a driver allocates. Every kind is addressable by kernels. */
typedef enum qiaoDrvMemKind {
  QIAO_DRV_MEM_DEVICE = 0,
  QIAO_DRV_MEM_HOST = 1,    /* pinned host memory, mapped into the device address space */
  QIAO_DRV_MEM_MANAGED = 2, /* one pointer valid on host and device */
  QIAO_DRV_MEM_REGISTERED = 3 /* host memory the user registered (memRegister) */
} qiaoDrvMemKind;

typedef struct qiaoDrvPointerInfo {
  int32_t kind; /* qiaoDrvMemKind */
  int32_t device;
  uint64_t base; /* start of the allocation holding the pointer */
  uint64_t size; /* its size in bytes */
  uint32_t flags; /* flags given at allocation */
} qiaoDrvPointerInfo;

/* A kernel's static facts, as cudaFuncAttributes reports them. */
typedef struct qiaoDrvFunctionInfo {
  uint64_t sharedSizeBytes; /* static shared memory */
  uint64_t constSizeBytes;
  uint64_t localSizeBytes; /* per thread */
  int32_t maxThreadsPerBlock;
  int32_t numRegs;
  int32_t ptxVersion;    /* major*10+minor */
  int32_t binaryVersion; /* target sm major*10+minor */
  uint32_t paramBytes;   /* size of the packed parameter buffer */
  uint32_t paramCount;
} qiaoDrvFunctionInfo;

/* Layout of one kernel parameter inside the packed parameter buffer. */
typedef struct qiaoDrvParamInfo {
  uint32_t offset;
  uint32_t size;
} qiaoDrvParamInfo;

typedef struct qiaoDrvLaunch {
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t dynamicSharedBytes;
  const void *params; /* packed parameter buffer, paramBytes long; copied at enqueue */
  size_t paramBytes;
  uint32_t flags; /* QIAO_DRV_LAUNCH_* */
} qiaoDrvLaunch;

/* A cooperative launch (cudaLaunchCooperativeKernel): every block of the grid must be resident at
 * once, so that grid-wide barriers complete, and the kernel finds the address of a zeroed grid
 * barrier workspace (at least 16 bytes of device memory, live for the launch) in %envreg1 (high
 * 32 bits) and %envreg2 (low 32 bits), where CUDA's cooperative groups look for it. The runtime
 * has already checked that the grid fits the device at once. */
#define QIAO_DRV_LAUNCH_COOPERATIVE 0x1u

typedef void (*qiaoDrvHostFn)(void *userData);

/* --- textures --------------------------------------------------------------------------------
 * A texture object: how kernels sample memory with tex instructions. Texel (x, y, z) lies at
 * data + z * slicePitch + y * pitch + x * texelBytes, texelBytes = channels * channelBits / 8;
 * every channel has the same width. Values as CUDA's (cudaTextureAddressMode, ...). */
typedef enum qiaoDrvChannelKind {
  QIAO_DRV_CHANNEL_SIGNED = 0,
  QIAO_DRV_CHANNEL_UNSIGNED = 1,
  QIAO_DRV_CHANNEL_FLOAT = 2 /* 32 bits, or 16 for half */
} qiaoDrvChannelKind;

typedef struct qiaoDrvTextureDesc {
  const void *data; /* device memory */
  uint64_t width;   /* in texels */
  uint64_t height;  /* 1 for 1D */
  uint64_t depth;   /* 1 for 1D and 2D */
  uint64_t pitch;   /* bytes between rows */
  uint64_t slicePitch;
  uint32_t channels;       /* 1 to 4 */
  uint32_t channelBits;    /* 8, 16 or 32 */
  uint32_t channelKind;    /* qiaoDrvChannelKind */
  uint32_t dimensions;     /* 1, 2 or 3: how many coordinates address it */
  uint32_t addressMode[3]; /* 0 wrap, 1 clamp, 2 mirror, 3 border */
  uint32_t filterLinear;   /* 0 nearest texel, 1 (bi/tri)linear interpolation */
  uint32_t readNormalized; /* 8/16-bit integer texels read as floats in [0,1] or [-1,1] */
  uint32_t normalizedCoords;
  float borderColor[4];
  uint32_t layered; /* depth counts layers of a 1D or 2D texture (tex.a1d, tex.a2d) */
} qiaoDrvTextureDesc;

/* --- host-compiled kernels ------------------------------------------------------------------
 * A host-compiled kernel (Qiao source built by qiao-c++) is host machine code: an entry point
 * that runs ONE thread of the kernel. The driver runs it for every thread of the grid and gives
 * each call the thread's qiaoDrvHostThread; the kernel's builtins (headers/qiao/device.h) read
 * the indices from it and reach barriers and warp collectives through its ops. The ops may
 * suspend the calling thread (the emu driver runs a block's threads as fibers), so a driver
 * calls them only from the thread running the kernel. */
typedef struct qiaoDrvHostThread qiaoDrvHostThread;

typedef struct qiaoDrvHostThreadOps {
  /* __syncthreads: waits until every thread of the block that has not exited arrives; returns
   * how many of them passed a non-zero predicate (__syncthreads_count/_and/_or). */
  int32_t (*barrier)(qiaoDrvHostThread *self, int32_t predicate);
  /* A warp collective with membermask mask: waits until every lane of mask that has not exited
   * arrives with the same mask. Each lane offers value and predicate and names srcLane, the lane
   * whose value it receives (its own when srcLane does not take part). Returns that value;
   * *ballot (when not NULL) receives the predicate bits of the lanes of mask. A caller outside
   * mask takes part without holding the others back, as a converged lane on hardware does. Mask
   * 0 is a convergence point: it returns once the lanes of the warp that run have all parked,
   * and *ballot names the lanes that wait at a convergence point with the same value. */
  uint64_t (*warpExchange)(qiaoDrvHostThread *self, uint32_t mask, uint64_t value,
                           uint32_t srcLane, int32_t predicate, uint32_t *ballot);
  /* The lanes of the caller's warp that have not exited. */
  uint32_t (*activeMask)(qiaoDrvHostThread *self);
  /* Ends the calling thread with a fault (code: a qiaoError_t value, e.g. qiaoErrorAssert; the
   * message is the one-line report). The grid stops; the launch fails with code. Never
   * returns. */
  void (*fault)(qiaoDrvHostThread *self, int32_t code, const char *message);
} qiaoDrvHostThreadOps;

struct qiaoDrvHostThread {
  const qiaoDrvHostThreadOps *ops;
  uint32_t threadIndex[3], blockIndex[3], blockSize[3], gridSize[3];
  uint32_t lane; /* linear thread index in the block % 32 */
  void *dynamicShared; /* the block's dynamic shared memory, launch->dynamicSharedBytes long */
  uint32_t dynamicSharedBytes;
  const void *params; /* the launch's parameter buffer, copied at enqueue, 64-byte aligned */
  void *driverData;   /* the driver's own */
};

typedef void (*qiaoDrvHostKernelEntry)(qiaoDrvHostThread *thread);

/* Device limits the runtime forwards (cudaLimit numbering). */
typedef enum qiaoDrvLimit {
  QIAO_DRV_LIMIT_STACK_SIZE = 0,
  QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE = 1,
  QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE = 2
} qiaoDrvLimit;

typedef struct qiaoDriverTable {
  uint32_t struct_size; /* sizeof(qiaoDriverTable) as the driver was built */
  uint32_t abi_version; /* QIAO_DRIVER_ABI_VERSION the driver implements */
  const char *name;     /* "emu", "trace", a vendor's name */

  /* --- devices ---------------------------------------------------------------------------- */
  qiaoDrvStatus (*init)(void);
  qiaoDrvStatus (*deviceCount)(int32_t *count);
  qiaoDrvStatus (*deviceInfo)(int32_t device, qiaoDrvDeviceInfo *info);
  qiaoDrvStatus (*memInfo)(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes);
  qiaoDrvStatus (*setLimit)(int32_t device, qiaoDrvLimit limit, uint64_t value);
  qiaoDrvStatus (*getLimit)(int32_t device, qiaoDrvLimit limit, uint64_t *value);
  /* Drops every allocation, module, queue and event of the device (cudaDeviceReset). */
  qiaoDrvStatus (*deviceReset)(int32_t device);

  /* --- memory ----------------------------------------------------------------------------- */
  qiaoDrvStatus (*memAlloc)(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                            void **ptr);
  qiaoDrvStatus (*memFree)(void *ptr, qiaoDrvMemKind kind);
  /* Makes [ptr, ptr+bytes) of host memory addressable by kernels. */
  qiaoDrvStatus (*memRegister)(void *ptr, uint64_t bytes, uint32_t flags);
  qiaoDrvStatus (*memUnregister)(void *ptr);
  /* qiaoErrorInvalidValue when ptr lies in no allocation the driver knows. */
  qiaoDrvStatus (*pointerInfo)(const void *ptr, qiaoDrvPointerInfo *info);

  /* --- queues (streams) ------------------------------------------------------------------- */
  qiaoDrvStatus (*queueCreate)(int32_t device, uint32_t flags, int32_t priority,
                               qiaoDrvQueue *queue);
  /* Waits for the queue's work, then frees it. */
  qiaoDrvStatus (*queueDestroy)(qiaoDrvQueue queue);
  qiaoDrvStatus (*enqueueCopy)(qiaoDrvQueue queue, void *dst, const void *src, uint64_t bytes);
  /* 2D copy: height rows of widthBytes, with the given pitches. */
  qiaoDrvStatus (*enqueueCopy2D)(qiaoDrvQueue queue, void *dst, uint64_t dstPitch,
                                 const void *src, uint64_t srcPitch, uint64_t widthBytes,
                                 uint64_t height);
  /* Fills bytes with a pattern of elementSize (1, 2 or 4) bytes. */
  qiaoDrvStatus (*enqueueFill)(qiaoDrvQueue queue, void *dst, uint32_t pattern,
                               uint32_t elementSize, uint64_t count);
  qiaoDrvStatus (*enqueueLaunch)(qiaoDrvQueue queue, qiaoDrvFunction function,
                                 const qiaoDrvLaunch *launch);
  qiaoDrvStatus (*enqueueHostFn)(qiaoDrvQueue queue, qiaoDrvHostFn fn, void *userData);
  qiaoDrvStatus (*enqueueEventRecord)(qiaoDrvQueue queue, qiaoDrvEvent event);
  /* The queue's later work waits for the event's most recent record made BEFORE this call (a
   * later re-record does not move the wait, as with cudaStreamWaitEvent); an event never
   * recorded is complete. */
  qiaoDrvStatus (*enqueueEventWait)(qiaoDrvQueue queue, qiaoDrvEvent event);
  /* qiaoSuccess when all work is done, qiaoErrorNotReady while some is pending. */
  qiaoDrvStatus (*queueQuery)(qiaoDrvQueue queue);
  qiaoDrvStatus (*queueSynchronize)(qiaoDrvQueue queue);

  /* --- events ----------------------------------------------------------------------------- */
  qiaoDrvStatus (*eventCreate)(uint32_t flags, qiaoDrvEvent *event);
  /* The runtime calls this once no queued work refers to the event any more. */
  qiaoDrvStatus (*eventDestroy)(qiaoDrvEvent event);
  qiaoDrvStatus (*eventQuery)(qiaoDrvEvent event);
  qiaoDrvStatus (*eventSynchronize)(qiaoDrvEvent event);
  /* Milliseconds between two completed events. */
  qiaoDrvStatus (*eventElapsed)(qiaoDrvEvent start, qiaoDrvEvent end, float *ms);

  /* --- modules and kernels ---------------------------------------------------------------- */
  /* Loads PTX text (image holds NUL-terminated text). On failure writes a one-line diagnostic
   * (file position and instruction) into log when log is not NULL. */
  qiaoDrvStatus (*moduleLoadPtx)(int32_t device, const char *image, size_t imageBytes,
                                 qiaoDrvModule *module, char *log, size_t logBytes);
  qiaoDrvStatus (*moduleUnload)(qiaoDrvModule module);
  qiaoDrvStatus (*moduleGetFunction)(qiaoDrvModule module, const char *name,
                                     qiaoDrvFunction *function);
  qiaoDrvStatus (*moduleGetGlobal)(qiaoDrvModule module, const char *name, void **ptr,
                                   uint64_t *bytes);
  qiaoDrvStatus (*functionInfo)(qiaoDrvFunction function, qiaoDrvFunctionInfo *info);
  /* params receives up to capacity entries; info->paramCount says how many exist. */
  qiaoDrvStatus (*functionParams)(qiaoDrvFunction function, qiaoDrvParamInfo *params,
                                  uint32_t capacity);
  qiaoDrvStatus (*functionName)(qiaoDrvFunction function, const char **name);

  /* --- optional slots: appended within ABI 1; NULL, or beyond struct_size, when absent ------ */
  /* Queues a host-compiled kernel: entry runs once per thread of launch's grid (see
   * qiaoDrvHostThread); launch->params is copied at enqueue. Validation and fault reporting as
   * enqueueLaunch: a fault is the queue's sticky status. A driver that cannot run host code
   * leaves this NULL (the runtime then reports qiaoErrorNoKernelImageForDevice). */
  qiaoDrvStatus (*enqueueHostKernel)(qiaoDrvQueue queue, qiaoDrvHostKernelEntry entry,
                                     const qiaoDrvLaunch *launch);
  /* A texture object over memory of `device` (qiaoDrvTextureDesc); *handle is what kernels
   * receive as their cudaTextureObject_t, never 0. Destroying it while a queued kernel may still
   * sample it is the caller's error, as in CUDA. A driver without textures leaves both NULL
   * (the runtime then reports qiaoErrorNotSupported). */
  qiaoDrvStatus (*textureCreate)(int device, const qiaoDrvTextureDesc *desc, uint64_t *handle);
  qiaoDrvStatus (*textureDestroy)(uint64_t handle);
} qiaoDriverTable;

/* The slots every ABI 1 driver fills; later ones are optional. */
#define QIAO_DRIVER_TABLE_REQUIRED_SIZE offsetof(qiaoDriverTable, enqueueHostKernel)
/* Whether table provides an optional slot. */
#define QIAO_DRIVER_HAS_SLOT(table, slot)                                                        \
  ((table)->struct_size >= offsetof(qiaoDriverTable, slot) + sizeof((table)->slot) &&            \
   (table)->slot != NULL)

typedef const qiaoDriverTable *(*qiaoDriverGetTableFn)(uint32_t abiVersion);

/* The one symbol a driver library exports. */
#define QIAO_DRIVER_ENTRY_SYMBOL "qiaoDriverGetTable"

#ifdef __cplusplus
}
#endif

#endif /* QIAO_DRIVER_H */
