/*
 * Qiao driver seam: what an accelerator's driver implements so that the Qiao runtime (and with it
 * every CUDA program Qiao runs) drives the device. docs/driver.md walks through writing one.
 *
 * A driver is a shared library `libqiao-driver-NAME.so` exporting one symbol,
 * `qiaoDriverGetTable`, which returns a table of entry points. The runtime selects a driver with
 * the environment variable QIAO_DRIVER=NAME; `emu`, the software emulation backend, is built into
 * libqiao and is the default. The runtime never calls a device any other way.
 *
 * Versioning (ABI 2):
 *   - The runtime calls `qiaoDriverGetTable(QIAO_DRIVER_ABI_VERSION)`; a driver returns a table
 *     whose abi_version is that number, or NULL when it cannot serve it. The runtime refuses a
 *     table of another ABI (an ABI 1 driver: rebuild it against this header).
 *   - Every struct that crosses the seam starts with `uint32_t structSize`, set by whoever fills
 *     the struct's inputs: sizeof(struct) as that side was built. The fields declared in ABI 2
 *     are always there (a structSize smaller than the ABI 2 size, QIAO_DRV_SIZE_V2_*, is
 *     qiaoDrvErrorInvalidValue); a field appended later is read or written only when
 *     QIAO_DRV_HAS_FIELD says the other side's struct holds it. An output struct (deviceInfo,
 *     pointerInfo, functionInfo, functionParams) comes with structSize set by the runtime; the
 *     driver writes no byte past it and leaves structSize as it is.
 *   - Table slots and struct fields are only ever appended. Slots after the required set are
 *     optional: NULL, or beyond a shorter table's struct_size (QIAO_DRIVER_HAS_SLOT).
 *
 * Conventions for every entry point:
 *   - returns a qiaoDrvStatus: 0 (qiaoDrvSuccess) or a code of qiao/driver_errors.h (CUDA's
 *     cudaError_t numbering); each slot below lists the codes it may return, and every slot may
 *     also return qiaoDrvErrorMemoryAllocation (host memory ran out), qiaoDrvErrorOperatingSystem
 *     (a thread or mapping could not be made) and qiaoDrvErrorUnknown (anything else);
 *   - never aborts the process and never throws or longjmps across the seam;
 *   - never calls back into the runtime (qiao* / cuda* functions): the runtime may hold its lock;
 *   - handles are opaque pointers owned by the driver from the call that returns them until the
 *     matching destroy call (or deviceReset of their device); the runtime never uses a handle
 *     after that, and never passes a queue, module or function of one device to a call about
 *     another device (an event is made for no device: a queue may wait on one recorded elsewhere);
 *   - device pointers are 64-bit addresses in one unified address space shared with the host
 *     (unified addressing): the same number names the same byte on every device and the host.
 *
 * Threads: the runtime calls init once, before any other slot, and then calls every slot from
 * any host thread, concurrently (a CUDA program uses the runtime from as many threads as it
 * likes), unless a slot says otherwise. The runtime keeps one process-wide lock, "the runtime
 * lock", around its own bookkeeping. Each slot says whether it is called with that lock held:
 *   - "lock: never held": the slot may block for as long as queued work takes;
 *   - "lock: may be held": the slot must not wait for queued work to finish (it would stall every
 *     other thread of the program, and a host function queued earlier that calls the runtime
 *     would deadlock). Queueing work, creating objects and answering queries never need to.
 *
 * Queues are in-order work queues (a CUDA stream is one queue). Work submitted to a queue runs
 * after all earlier work of that queue; the enqueue* calls return as soon as the work is queued
 * and copy what they are given (parameter buffers, descriptors), never the memory it points at.
 * A failure of queued work (a kernel fault) is reported by the next queueSynchronize/queueQuery
 * of that queue and by every later one: the driver keeps it as the queue's sticky status.
 */
#ifndef QIAO_DRIVER_H
#define QIAO_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "driver_errors.h" /* beside this header */

#ifdef __cplusplus
extern "C" {
#endif

#define QIAO_DRIVER_ABI_VERSION 2u

typedef int32_t qiaoDrvStatus;

typedef struct qiaoDrvQueue_st *qiaoDrvQueue;
typedef struct qiaoDrvEvent_st *qiaoDrvEvent;
typedef struct qiaoDrvModule_st *qiaoDrvModule;
typedef struct qiaoDrvFunction_st *qiaoDrvFunction;

/* Whether the struct at ptr (of type `type`, as the other side built it) holds `field`. */
#define QIAO_DRV_HAS_FIELD(ptr, type, field)                                                       \
  ((ptr)->structSize >= offsetof(type, field) + sizeof(((const type *)0)->field))

/* --- module formats ----------------------------------------------------------------------------
 * What a module image holds. The table's `formats` field is the set (bits) a driver accepts in
 * moduleLoad and moduleLink; the runtime hands each driver an image in a format it accepts (PTX
 * when it takes PTX, else kernel IR lowered from the PTX), or reports
 * qiaoErrorNoKernelImageForDevice naming both sides' formats. */
typedef enum qiaoDrvModuleFormat {
  QIAO_DRV_FORMAT_PTX = 0x1,    /* PTX assembly text (ISA 9.0 and older), NUL-terminated */
  QIAO_DRV_FORMAT_LLVM_IR = 0x2 /* Qiao kernel IR: LLVM 19 bitcode of per-thread functions
                                 * (docs/kernel-ir.md); given to a driver that takes no PTX, one
                                 * image per module (linked units lowered together) */
} qiaoDrvModuleFormat;

/* One image of a module: a whole program (moduleLoad) or one translation unit of a program built
 * with relocatable device code (moduleLink). The runtime keeps data alive only for the call. */
typedef struct qiaoDrvModuleImage {
  uint32_t structSize;
  uint32_t format;  /* one qiaoDrvModuleFormat */
  const void *data; /* for PTX: text, NUL-terminated within `bytes`; for LLVM_IR: bitcode */
  size_t bytes;     /* size of data, the NUL of PTX text included */
  const char *name; /* where it came from, for messages ("unit 2 of app", a file); may be NULL */
} qiaoDrvModuleImage;

/* Static facts about a device, filled once (cf. Gallium's pipe_screen caps). */
typedef struct qiaoDrvDeviceInfo {
  uint32_t structSize;
  char name[256];
  uint8_t uuid[16];
  int32_t computeMajor, computeMinor;
  uint64_t totalGlobalMem;
  uint64_t sharedMemPerBlock;      /* static limit without opt-in */
  uint64_t sharedMemPerBlockOptin; /* with cudaFuncAttributeMaxDynamicSharedMemorySize */
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
  /* Appended after ABI 2 (QIAO_DRV_HAS_FIELD): */
  int32_t clusterLaunch; /* 1: honours qiaoDrvLaunch.clusterDim (thread block clusters) */
} qiaoDrvDeviceInfo;

/* Kinds of memory a driver allocates. Every kind is addressable by kernels. */
typedef enum qiaoDrvMemKind {
  QIAO_DRV_MEM_DEVICE = 0,
  QIAO_DRV_MEM_HOST = 1,      /* pinned host memory, mapped into the device address space */
  QIAO_DRV_MEM_MANAGED = 2,   /* one pointer valid on host and device */
  QIAO_DRV_MEM_REGISTERED = 3 /* host memory the user registered (memRegister) */
} qiaoDrvMemKind;

typedef struct qiaoDrvPointerInfo {
  uint32_t structSize;
  int32_t kind; /* qiaoDrvMemKind */
  int32_t device;
  uint64_t base;  /* start of the allocation holding the pointer */
  uint64_t size;  /* its size in bytes */
  uint32_t flags; /* flags given at allocation */
} qiaoDrvPointerInfo;

/* Which side of the machine each end of a copy lies on. "Device" is memory the driver allocated
 * as QIAO_DRV_MEM_DEVICE or QIAO_DRV_MEM_MANAGED; every other address (pageable host memory,
 * pinned or registered host memory) is "host". The runtime works it out from the pointers
 * (pointerInfo), whatever cudaMemcpyKind the program gave; values are cudaMemcpyKind's. */
typedef enum qiaoDrvCopyDirection {
  QIAO_DRV_COPY_HOST_TO_HOST = 0,
  QIAO_DRV_COPY_HOST_TO_DEVICE = 1,
  QIAO_DRV_COPY_DEVICE_TO_HOST = 2,
  QIAO_DRV_COPY_DEVICE_TO_DEVICE = 3
} qiaoDrvCopyDirection;

/* A kernel's static facts, as cudaFuncAttributes reports them. */
typedef struct qiaoDrvFunctionInfo {
  uint32_t structSize;
  uint64_t sharedSizeBytes; /* static shared memory */
  uint64_t constSizeBytes;
  uint64_t localSizeBytes; /* per thread */
  int32_t maxThreadsPerBlock;
  int32_t numRegs;
  int32_t ptxVersion;    /* major*10+minor */
  int32_t binaryVersion; /* target sm major*10+minor */
  uint32_t paramBytes;   /* size of the packed parameter buffer */
  uint32_t paramCount;
  /* Appended after ABI 2 (QIAO_DRV_HAS_FIELD): the cluster shape the kernel was compiled with
   * (CUDA's __cluster_dims__, PTX .reqnctapercluster; all 0 when none), the most blocks its
   * clusters may have (.maxclusterrank; 0 when the kernel sets none), and whether it must be
   * launched with a cluster shape (.explicitcluster). */
  uint32_t requiredClusterDim[3];
  uint32_t maxClusterRank;
  int32_t explicitCluster;
} qiaoDrvFunctionInfo;

/* Layout of one kernel parameter inside the packed parameter buffer. In an array (functionParams)
 * element i lies i * structSize bytes after the first: every element has the same structSize. */
typedef struct qiaoDrvParamInfo {
  uint32_t structSize;
  uint32_t offset;
  uint32_t size;
} qiaoDrvParamInfo;

typedef struct qiaoDrvLaunch {
  uint32_t structSize;
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t dynamicSharedBytes;
  const void *params; /* packed parameter buffer, paramBytes long; copied at enqueue */
  size_t paramBytes;
  uint32_t flags; /* QIAO_DRV_LAUNCH_* */
  /* Appended after ABI 2 (QIAO_DRV_HAS_FIELD): thread block clusters of clusterDim[0] x [1] x
   * [2] blocks, whose blocks run together, reach each other's shared memory (.shared::cluster,
   * mapa) and meet at barrier.cluster; every grid dimension divides by the cluster's. All 0:
   * the shape the kernel was compiled with, or clusters of one block. The runtime sets it only
   * when the device's qiaoDrvDeviceInfo.clusterLaunch is 1. */
  uint32_t clusterDim[3];
} qiaoDrvLaunch;

/* A cooperative launch (cudaLaunchCooperativeKernel): every block of the grid must be resident at
 * once, so that grid-wide barriers complete, and the kernel finds the address of a zeroed grid
 * barrier workspace (at least 16 bytes of device memory, live for the launch) in %envreg1 (high
 * 32 bits) and %envreg2 (low 32 bits), where CUDA's cooperative groups look for it. The runtime
 * has already checked that the grid fits the device at once, and sets it only when the device's
 * qiaoDrvDeviceInfo.cooperativeLaunch is 1. */
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
  uint32_t structSize;
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
 * each call the thread's qiaoDrvHostThread (structSize set by the driver); the kernel's builtins
 * (headers/qiao/device.h) read the indices from it and reach barriers and warp collectives
 * through its ops. The ops may suspend the calling thread (the emu driver runs a block's threads
 * as fibers), so a driver calls them only from the thread running the kernel. */
typedef struct qiaoDrvHostThread qiaoDrvHostThread;

typedef struct qiaoDrvHostThreadOps {
  uint32_t structSize;
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
  /* Lets the block's other threads run before the caller goes on: what a thread that polls
   * memory another thread of its block will write calls between polls (a split arrive/wait
   * barrier's wait). Returns at once when no other thread of the block may run. Added after
   * ABI 2's first release: a caller checks QIAO_DRV_HAS_FIELD(ops, qiaoDrvHostThreadOps, yield)
   * and for NULL. */
  void (*yield)(qiaoDrvHostThread *self);
} qiaoDrvHostThreadOps;

struct qiaoDrvHostThread {
  uint32_t structSize;
  const qiaoDrvHostThreadOps *ops;
  uint32_t threadIndex[3], blockIndex[3], blockSize[3], gridSize[3];
  uint32_t lane;       /* linear thread index in the block % 32 */
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
  QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE = 2,
  /* Device-side launches (dynamic parallelism): a driver without them answers
   * qiaoDrvErrorUnsupportedLimit. */
  QIAO_DRV_LIMIT_DEV_RUNTIME_SYNC_DEPTH = 3,
  QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT = 4,
  /* Not a cudaLimit: the device's preferred cache configuration (cudaFuncCache, 0 to 3), which
   * the runtime forwards from cudaDeviceSetCacheConfig so that device code's
   * cudaDeviceGetCacheConfig reads what the host set. A driver without a device runtime answers
   * qiaoDrvErrorUnsupportedLimit, and the runtime keeps the preference alone. */
  QIAO_DRV_LIMIT_CACHE_CONFIG = 0x100
} qiaoDrvLimit;

/* The sizes of the ABI 2 structs: the least structSize a driver or the runtime accepts (a
 * struct with fields appended since is larger as this header builds it). */
#define QIAO_DRV_SIZE_V2_MODULE_IMAGE ((uint32_t)sizeof(qiaoDrvModuleImage))
#define QIAO_DRV_SIZE_V2_DEVICE_INFO ((uint32_t)offsetof(qiaoDrvDeviceInfo, clusterLaunch))
#define QIAO_DRV_SIZE_V2_POINTER_INFO ((uint32_t)sizeof(qiaoDrvPointerInfo))
#define QIAO_DRV_SIZE_V2_FUNCTION_INFO ((uint32_t)offsetof(qiaoDrvFunctionInfo, requiredClusterDim))
#define QIAO_DRV_SIZE_V2_PARAM_INFO ((uint32_t)sizeof(qiaoDrvParamInfo))
#define QIAO_DRV_SIZE_V2_LAUNCH ((uint32_t)offsetof(qiaoDrvLaunch, clusterDim))
#define QIAO_DRV_SIZE_V2_TEXTURE_DESC ((uint32_t)sizeof(qiaoDrvTextureDesc))

/* In the slot comments below: "Errors" lists the codes a slot returns besides qiaoDrvSuccess and
 * the three every slot may return (see Conventions); "Lock" says whether the runtime lock may be
 * held during the call (see Threads). */
typedef struct qiaoDriverTable {
  uint32_t struct_size; /* sizeof(qiaoDriverTable) as the driver was built */
  uint32_t abi_version; /* QIAO_DRIVER_ABI_VERSION the driver implements */
  const char *name;     /* "emu", "test", a vendor's name; a static string */
  uint32_t formats;     /* qiaoDrvModuleFormat bits moduleLoad/moduleLink accept; not 0 */

  /* --- devices ---------------------------------------------------------------------------- */
  /* Prepares the driver. Called once per process, before any other slot, from the first thread
   * that uses the runtime, which other threads wait for. Lock: never held.
   * Errors: qiaoDrvErrorNoDevice, qiaoDrvErrorInitializationError, qiaoDrvErrorInsufficientDriver
   * (the device's kernel driver is missing or too old). */
  qiaoDrvStatus (*init)(void);
  /* How many devices; devices are numbered 0..count-1 in every other slot. Called once.
   * Lock: never held. Errors: qiaoDrvErrorInvalidValue (count NULL). */
  qiaoDrvStatus (*deviceCount)(int32_t *count);
  /* Fills *info (info->structSize set by the runtime). Called once per device. Lock: never held.
   * Errors: qiaoDrvErrorInvalidValue (info NULL or structSize below the ABI 2 size),
   * qiaoDrvErrorInvalidDevice. */
  qiaoDrvStatus (*deviceInfo)(int32_t device, qiaoDrvDeviceInfo *info);
  /* Free and total device memory in bytes. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (an output NULL), qiaoDrvErrorInvalidDevice. */
  qiaoDrvStatus (*memInfo)(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes);
  /* cudaDeviceSetLimit / cudaDeviceGetLimit for the limits the device keeps. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (value out of range, value NULL),
   * qiaoDrvErrorInvalidDevice, qiaoDrvErrorUnsupportedLimit (a limit the device does not keep,
   * or one qiaoDrvLimit does not name, as cudaDeviceSetLimit answers). */
  qiaoDrvStatus (*setLimit)(int32_t device, qiaoDrvLimit limit, uint64_t value);
  qiaoDrvStatus (*getLimit)(int32_t device, qiaoDrvLimit limit, uint64_t *value);
  /* cudaDeviceReset: waits for the device's queued work, then drops every allocation (but
   * registered host memory), module, queue and event of the device; their handles are dead after
   * it. The runtime stops using them first. Lock: may be held (the one slot that may wait while
   * it is). Errors: qiaoDrvErrorInvalidDevice. */
  qiaoDrvStatus (*deviceReset)(int32_t device);

  /* --- memory ----------------------------------------------------------------------------- */
  /* Allocates `bytes` of memory of `kind` (never QIAO_DRV_MEM_REGISTERED) for `device`; flags as
   * the CUDA call's (cudaHostAlloc*, cudaMemAttach*). *ptr lives until memFree or deviceReset;
   * 0 bytes may give NULL or a unique pointer. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (ptr NULL, unknown kind or flags),
   * qiaoDrvErrorInvalidDevice, qiaoDrvErrorMemoryAllocation (the device memory is exhausted). */
  qiaoDrvStatus (*memAlloc)(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                            void **ptr);
  /* Frees what memAlloc returned with the same kind. The runtime has waited for every queue that
   * may touch it. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (not an allocation's start, or of another kind). */
  qiaoDrvStatus (*memFree)(void *ptr, qiaoDrvMemKind kind);
  /* Makes [ptr, ptr+bytes) of host memory addressable by kernels (cudaHostRegister) until
   * memUnregister. Lock: may be held. Errors: qiaoDrvErrorInvalidValue,
   * qiaoDrvErrorHostMemoryAlreadyRegistered (overlaps a registered range). */
  qiaoDrvStatus (*memRegister)(void *ptr, uint64_t bytes, uint32_t flags);
  /* Lock: may be held. Errors: qiaoDrvErrorHostMemoryNotRegistered (ptr starts no registered
   * range). */
  qiaoDrvStatus (*memUnregister)(void *ptr);
  /* The allocation holding ptr (any byte of it): fills *info (structSize set by the runtime).
   * Lock: may be held. Errors: qiaoDrvErrorInvalidValue (info NULL, structSize too small, or ptr
   * in no allocation or registered range the driver knows: then the runtime treats it as
   * pageable host memory). */
  qiaoDrvStatus (*pointerInfo)(const void *ptr, qiaoDrvPointerInfo *info);

  /* --- queues (streams) ------------------------------------------------------------------- */
  /* Creates an in-order queue on `device`. flags: 0 or 0x1 (cudaStreamNonBlocking, which the
   * runtime implements itself: the driver only accepts it); priority as CUDA's, clamped to the
   * device's range. *queue lives until queueDestroy or deviceReset. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (queue NULL, unknown flags), qiaoDrvErrorInvalidDevice. */
  qiaoDrvStatus (*queueCreate)(int32_t device, uint32_t flags, int32_t priority,
                               qiaoDrvQueue *queue);
  /* Waits for the queue's work, then frees it. Lock: never held.
   * Errors: qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*queueDestroy)(qiaoDrvQueue queue);
  /* Queues a copy of `bytes` from src to dst; `direction` says which side each lies on
   * (qiaoDrvCopyDirection). The ranges may overlap only when dst == src. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (a NULL pointer with bytes > 0, unknown direction),
   * qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueCopy)(qiaoDrvQueue queue, void *dst, const void *src, uint64_t bytes,
                               qiaoDrvCopyDirection direction);
  /* 2D copy: height rows of widthBytes, with the given pitches; direction as enqueueCopy.
   * Lock: may be held. Errors: qiaoDrvErrorInvalidValue (NULL pointers, widthBytes above a
   * pitch, a span that overflows), qiaoDrvErrorInvalidPitchValue (a pitch above memPitchMax),
   * qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueCopy2D)(qiaoDrvQueue queue, void *dst, uint64_t dstPitch, const void *src,
                                 uint64_t srcPitch, uint64_t widthBytes, uint64_t height,
                                 qiaoDrvCopyDirection direction);
  /* Fills count elements of elementSize (1, 2 or 4) bytes at dst (memory kernels can address)
   * with the low elementSize bytes of pattern. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue, qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueFill)(qiaoDrvQueue queue, void *dst, uint32_t pattern,
                               uint32_t elementSize, uint64_t count);
  /* Queues a kernel launch; launch (structSize set by the runtime) and its parameter buffer are
   * copied before the call returns. The function's module stays loaded until the launch is done
   * (the runtime waits before moduleUnload). A fault while it runs becomes the queue's sticky
   * status (qiaoDrvErrorIllegalAddress, ...LaunchFailure, ...Assert, ...LaunchTimeout,
   * ...MisalignedAddress, ...IllegalInstruction). Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (launch NULL, structSize too small, a parameter buffer
   * shorter than the kernel's, unknown flags), qiaoDrvErrorInvalidConfiguration (a zero or
   * oversized dimension), qiaoDrvErrorInvalidResourceHandle,
   * qiaoDrvErrorCooperativeLaunchTooLarge. */
  qiaoDrvStatus (*enqueueLaunch)(qiaoDrvQueue queue, qiaoDrvFunction function,
                                 const qiaoDrvLaunch *launch);
  /* Queues fn(userData), run on a driver thread once the queue's earlier work is done; the
   * queue's later work waits for it to return. The driver holds none of its own locks that its
   * enqueue* and query slots take while fn runs (fn may queue work). Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (fn NULL), qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueHostFn)(qiaoDrvQueue queue, qiaoDrvHostFn fn, void *userData);
  /* Queues a record of event: it completes (and takes its timestamp) when the queue reaches it.
   * Lock: may be held. Errors: qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueEventRecord)(qiaoDrvQueue queue, qiaoDrvEvent event);
  /* The queue's later work waits for the event's most recent record made BEFORE this call (a
   * later re-record does not move the wait, as with cudaStreamWaitEvent); an event never
   * recorded is complete. The event may be of a queue of another device. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueEventWait)(qiaoDrvQueue queue, qiaoDrvEvent event);
  /* qiaoDrvSuccess when all work is done, qiaoDrvErrorNotReady while some is pending, the
   * sticky status after a fault. Lock: may be held.
   * Errors: qiaoDrvErrorNotReady, qiaoDrvErrorInvalidResourceHandle, a sticky fault code. */
  qiaoDrvStatus (*queueQuery)(qiaoDrvQueue queue);
  /* Waits for all work queued so far. Lock: never held.
   * Errors: qiaoDrvErrorInvalidResourceHandle, a sticky fault code (see enqueueLaunch). */
  qiaoDrvStatus (*queueSynchronize)(qiaoDrvQueue queue);

  /* --- events ----------------------------------------------------------------------------- */
  /* flags: cudaEventDisableTiming (0x2), cudaEventBlockingSync (0x1), cudaEventInterprocess
   * (0x4; may be refused). *event lives until eventDestroy or deviceReset of the device whose
   * queues recorded it. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (event NULL, unknown flags). */
  qiaoDrvStatus (*eventCreate)(uint32_t flags, qiaoDrvEvent *event);
  /* The runtime calls this once no queued work refers to the event any more. Lock: may be
   * held. Errors: qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*eventDestroy)(qiaoDrvEvent event);
  /* qiaoDrvSuccess when the latest record has completed (or there was none), else
   * qiaoDrvErrorNotReady. Lock: may be held.
   * Errors: qiaoDrvErrorNotReady, qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*eventQuery)(qiaoDrvEvent event);
  /* Waits for the latest record. Lock: never held.
   * Errors: qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*eventSynchronize)(qiaoDrvEvent event);
  /* Milliseconds between two completed events. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (ms NULL), qiaoDrvErrorInvalidResourceHandle (an event
   * made with cudaEventDisableTiming, or unknown), qiaoDrvErrorNotReady (one not completed). */
  qiaoDrvStatus (*eventElapsed)(qiaoDrvEvent start, qiaoDrvEvent end, float *ms);

  /* --- modules and kernels ---------------------------------------------------------------- */
  /* Loads one image (image->format is in the table's formats) for `device`: its globals are
   * allocated and zeroed or initialised. *module, its functions and its globals live until
   * moduleUnload or deviceReset. On failure writes a one-line diagnostic (position and
   * instruction) into log, NUL-terminated and truncated to logBytes, when log is not NULL.
   * Lock: never held. Errors: qiaoDrvErrorInvalidValue (NULL image or module, structSize too
   * small), qiaoDrvErrorInvalidDevice, qiaoDrvErrorInvalidKernelImage (a format the driver does not
   * accept), qiaoDrvErrorInvalidPtx (text the driver cannot compile),
   * qiaoDrvErrorUnsupportedPtxVersion (an ISA or .target newer than the device),
   * qiaoDrvErrorNoKernelImageForDevice. */
  qiaoDrvStatus (*moduleLoad)(int32_t device, const qiaoDrvModuleImage *image,
                              qiaoDrvModule *module, char *log, size_t logBytes);
  /* Unloads a module: its functions and globals are dead after it. The runtime has waited for
   * the launches that use it. Lock: may be held. Errors: qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*moduleUnload)(qiaoDrvModule module);
  /* The kernel (a .entry) called name; the handle lives as long as its module, and the same
   * name gives the same handle. Lock: may be held. Errors: qiaoDrvErrorInvalidValue (NULL
   * arguments), qiaoDrvErrorInvalidResourceHandle, qiaoDrvErrorSymbolNotFound. */
  qiaoDrvStatus (*moduleGetFunction)(qiaoDrvModule module, const char *name,
                                     qiaoDrvFunction *function);
  /* The device address and size of the module's global (.global or .const) variable called
   * name; either output may be NULL. Lock: may be held. Errors: qiaoDrvErrorInvalidValue (name
   * NULL), qiaoDrvErrorInvalidResourceHandle, qiaoDrvErrorSymbolNotFound. */
  qiaoDrvStatus (*moduleGetGlobal)(qiaoDrvModule module, const char *name, void **ptr,
                                   uint64_t *bytes);
  /* Fills *info (structSize set by the runtime). Lock: may be held. Errors:
   * qiaoDrvErrorInvalidValue (info NULL, structSize too small), ...InvalidResourceHandle. */
  qiaoDrvStatus (*functionInfo)(qiaoDrvFunction function, qiaoDrvFunctionInfo *info);
  /* Fills up to capacity elements of params (each element's structSize set by the runtime, see
   * qiaoDrvParamInfo); info->paramCount says how many exist. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (params NULL with capacity > 0, structSize too small),
   * qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*functionParams)(qiaoDrvFunction function, qiaoDrvParamInfo *params,
                                  uint32_t capacity);
  /* The kernel's (mangled) name, a string that lives as long as its module. Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (name NULL), qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*functionName)(qiaoDrvFunction function, const char **name);

  /* --- optional slots: NULL, or beyond struct_size, when absent ---------------------------- */
  /* Links count images (each in one of the table's formats; count >= 1) into one module, as
   * nvlink links the translation units of a program built with relocatable device code
   * (nvcc -rdc=true): `.extern` functions and variables of one image resolve to the visible
   * definitions of another; names an image keeps to itself stay its own. The result is a module
   * as moduleLoad's. A driver without it cannot run -rdc programs: the runtime reports
   * qiaoErrorNotSupported for a link of several images (one image goes to moduleLoad).
   * Lock: never held. Errors: as moduleLoad; qiaoDrvErrorInvalidValue (images NULL, count 0);
   * an unresolved or twice-defined symbol is qiaoDrvErrorInvalidPtx, the log names it and the
   * image. */
  qiaoDrvStatus (*moduleLink)(int32_t device, const qiaoDrvModuleImage *images, uint32_t count,
                              qiaoDrvModule *module, char *log, size_t logBytes);
  /* Queues a host-compiled kernel: entry runs once per thread of launch's grid (see
   * qiaoDrvHostThread); launch->params is copied at enqueue. Validation and fault reporting as
   * enqueueLaunch: a fault is the queue's sticky status. A driver that cannot run host code
   * leaves this NULL (the runtime then reports qiaoErrorNoKernelImageForDevice). Lock: may be
   * held. Errors: qiaoDrvErrorInvalidValue, qiaoDrvErrorInvalidConfiguration,
   * qiaoDrvErrorInvalidResourceHandle. */
  qiaoDrvStatus (*enqueueHostKernel)(qiaoDrvQueue queue, qiaoDrvHostKernelEntry entry,
                                     const qiaoDrvLaunch *launch);
  /* A texture object over memory of `device` (qiaoDrvTextureDesc, structSize set by the
   * runtime; copied by the call); *handle is what kernels receive as their cudaTextureObject_t,
   * never 0, and lives until textureDestroy or deviceReset. Destroying it while a queued kernel
   * may still sample it is the caller's error, as in CUDA. A driver without textures leaves both
   * NULL (the runtime then reports qiaoErrorNotSupported). Lock: may be held.
   * Errors: qiaoDrvErrorInvalidValue (NULL arguments, a description the driver cannot sample,
   * an unknown handle to destroy), qiaoDrvErrorInvalidDevice. */
  qiaoDrvStatus (*textureCreate)(int32_t device, const qiaoDrvTextureDesc *desc, uint64_t *handle);
  qiaoDrvStatus (*textureDestroy)(uint64_t handle);
  /* Peer access (cudaDeviceEnablePeerAccess, cuCtxEnablePeerAccess): enable 1 lets kernels of
   * `device` reach memory allocated for `peer` as QIAO_DRV_MEM_DEVICE (module globals included);
   * enable 0 takes that back. Without it such an access faults as any illegal address does
   * (qiaoDrvErrorIllegalAddress as the queue's sticky status); host, pinned, registered and
   * managed memory need no peer access, and neither do copies between devices (enqueueCopy* of
   * a queue of either device moves bytes of both, since addresses are unified). Access is one
   * way: device 1 reaching device 0 needs its own call. deviceReset of either device ends it.
   * A driver that leaves this NULL has no peer access between its devices: the runtime then
   * answers cudaDeviceCanAccessPeer with 0 and cudaDeviceEnablePeerAccess with
   * qiaoErrorPeerAccessUnsupported. Lock: may be held. Errors: qiaoDrvErrorInvalidDevice (either
   * device unknown, or device == peer), qiaoDrvErrorInvalidValue (enable not 0 or 1),
   * qiaoDrvErrorPeerAccessUnsupported (the pair cannot be peers),
   * qiaoDrvErrorPeerAccessAlreadyEnabled, qiaoDrvErrorPeerAccessNotEnabled. */
  qiaoDrvStatus (*peerAccess)(int32_t device, int32_t peer, int32_t enable);
} qiaoDriverTable;

/* The slots every ABI 2 driver fills; later ones are optional. */
#define QIAO_DRIVER_TABLE_REQUIRED_SIZE offsetof(qiaoDriverTable, moduleLink)
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
