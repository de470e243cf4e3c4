/*
 * The Qiao runtime API: every CUDA runtime call cudaX has qiaoX with the same meaning, argument
 * order and error codes (CUDA 13.0). Module calls follow HIP (qiaoModuleLoadData, ...).
 * Include with -I headers as <qiao/qiao_runtime.h>; link with -lqiao.
 */
#ifndef QIAO_RUNTIME_H
#define QIAO_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
/* What CUDA's cuda_runtime.h brings in with it (its common and math function headers), and
 * programs therefore call without including: malloc, exit, memcpy, printf, clock, sqrt, assert. */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __cplusplus
#include <cmath>
#include <cstdlib>
#include <new>
#endif

/* A C++ default argument where CUDA's header gives one (its __dv()); nothing in C. */
#ifdef __cplusplus
#define QIAO_DEFAULT(value) = value
#else
#define QIAO_DEFAULT(value)
#endif

/* Every enum of this API has the fixed underlying type int in C++. C callers, and the shims,
 * which receive CUDA's enums as plain integers, may pass any value; the runtime checks it. Without
 * a fixed type, an enum holding a value outside its enumerators' range would be undefined
 * behaviour in the C++ that implements the checks (UBSan reports the load). */
#ifdef __cplusplus
#define QIAO_ENUM(name) enum name : int
#else
#define QIAO_ENUM(name) enum name
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* --- errors --------------------------------------------------------------------------------- */
typedef QIAO_ENUM(qiaoError_t) {
#define QIAO_ERROR(name, value, description) name = value,
#include <qiao/qiao_errors.def>
#undef QIAO_ERROR
} qiaoError_t;

/* --- handles -------------------------------------------------------------------------------- */
typedef struct qiaoStream_st *qiaoStream_t;
typedef struct qiaoEvent_st *qiaoEvent_t;
typedef struct qiaoModule_st *qiaoModule_t;
typedef struct qiaoFunction_st *qiaoFunction_t;

/* The CUDA runtime API level Qiao implements: translated code that tests CUDART_VERSION or
 * CUDA_VERSION against CUDA versions keeps choosing the same branches. */
#define QIAO_CUDA_VERSION 13000
/* The calling convention of stream callbacks and host functions (CUDART_CB): the platform's. */
#define QIAO_CB

#define qiaoStreamLegacy ((qiaoStream_t)0x1)
#define qiaoStreamPerThread ((qiaoStream_t)0x2)

/* --- flags (values as CUDA's) --------------------------------------------------------------- */
#define qiaoHostAllocDefault 0x00
#define qiaoHostAllocPortable 0x01
#define qiaoHostAllocMapped 0x02
#define qiaoHostAllocWriteCombined 0x04
#define qiaoHostRegisterDefault 0x00
#define qiaoHostRegisterPortable 0x01
#define qiaoHostRegisterMapped 0x02
#define qiaoHostRegisterIoMemory 0x04
#define qiaoHostRegisterReadOnly 0x08
#define qiaoStreamDefault 0x00
#define qiaoStreamNonBlocking 0x01
#define qiaoEventDefault 0x00
#define qiaoEventBlockingSync 0x01
#define qiaoEventDisableTiming 0x02
#define qiaoEventInterprocess 0x04
#define qiaoEventRecordDefault 0x00
#define qiaoEventRecordExternal 0x01
#define qiaoEventWaitDefault 0x00
#define qiaoEventWaitExternal 0x01
#define qiaoDeviceScheduleAuto 0x00
#define qiaoDeviceScheduleSpin 0x01
#define qiaoDeviceScheduleYield 0x02
#define qiaoDeviceScheduleBlockingSync 0x04
#define qiaoDeviceBlockingSync 0x04
#define qiaoDeviceScheduleMask 0x07
#define qiaoDeviceMapHost 0x08
#define qiaoDeviceLmemResizeToMax 0x10
#define qiaoDeviceSyncMemops 0x80
#define qiaoDeviceMask 0xff
#define qiaoMemAttachGlobal 0x01
#define qiaoMemAttachHost 0x02
#define qiaoMemAttachSingle 0x04
#define qiaoCpuDeviceId ((int)-1)
#define qiaoInvalidDeviceId ((int)-2)

/* The `extra` convention of qiaoModuleLaunchKernel (values as CUDA's CU_LAUNCH_PARAM_*). */
#define QIAO_LAUNCH_PARAM_END ((void *)0x00)
#define QIAO_LAUNCH_PARAM_BUFFER_POINTER ((void *)0x01)
#define QIAO_LAUNCH_PARAM_BUFFER_SIZE ((void *)0x02)

/* --- plain types ---------------------------------------------------------------------------- */
/* Guarded: CUDA's declaration headers for the translator (headers/cuda) define the same dim3. */
#ifndef QIAO_DIM3_DEFINED
#define QIAO_DIM3_DEFINED
struct dim3 {
  unsigned int x, y, z;
#ifdef __cplusplus
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1)
      : x(vx), y(vy), z(vz) {}
#endif
};
typedef struct dim3 dim3;
#endif

typedef QIAO_ENUM(qiaoMemcpyKind) {
  qiaoMemcpyHostToHost = 0,
  qiaoMemcpyHostToDevice = 1,
  qiaoMemcpyDeviceToHost = 2,
  qiaoMemcpyDeviceToDevice = 3,
  qiaoMemcpyDefault = 4
} qiaoMemcpyKind;

typedef QIAO_ENUM(qiaoMemoryType) {
  qiaoMemoryTypeUnregistered = 0,
  qiaoMemoryTypeHost = 1,
  qiaoMemoryTypeDevice = 2,
  qiaoMemoryTypeManaged = 3
} qiaoMemoryType;

typedef struct qiaoPointerAttributes {
  enum qiaoMemoryType type;
  int device;
  void *devicePointer;
  void *hostPointer;
} qiaoPointerAttributes;

typedef struct qiaoPitchedPtr {
  void *ptr;
  size_t pitch;
  size_t xsize;
  size_t ysize;
} qiaoPitchedPtr;

typedef struct qiaoExtent {
  size_t width; /* bytes, for linear memory */
  size_t height;
  size_t depth;
} qiaoExtent;

typedef struct qiaoPos {
  size_t x; /* bytes, for linear memory */
  size_t y;
  size_t z;
} qiaoPos;

/* CUDA arrays (qiaoMallocArray): texel storage for texture objects. A 3D copy may name one on
 * either side instead of a pitched pointer. */
typedef struct qiaoArray *qiaoArray_t;
typedef const struct qiaoArray *qiaoArray_const_t;
typedef struct qiaoMemcpy3DParms {
  qiaoArray_t srcArray;
  struct qiaoPos srcPos;
  struct qiaoPitchedPtr srcPtr;
  qiaoArray_t dstArray;
  struct qiaoPos dstPos;
  struct qiaoPitchedPtr dstPtr;
  struct qiaoExtent extent;
  enum qiaoMemcpyKind kind;
} qiaoMemcpy3DParms;

/* CUDA's builders of the 3D copy descriptors (make_cudaPitchedPtr ...). */
static inline qiaoPitchedPtr make_qiaoPitchedPtr(void *d, size_t p, size_t xsz, size_t ysz) {
  qiaoPitchedPtr s = {d, p, xsz, ysz};
  return s;
}
static inline qiaoPos make_qiaoPos(size_t x, size_t y, size_t z) {
  qiaoPos s = {x, y, z};
  return s;
}
static inline qiaoExtent make_qiaoExtent(size_t w, size_t h, size_t d) {
  qiaoExtent s = {w, h, d};
  return s;
}

typedef QIAO_ENUM(qiaoLimit) {
  qiaoLimitStackSize = 0x00,
  qiaoLimitPrintfFifoSize = 0x01,
  qiaoLimitMallocHeapSize = 0x02,
  qiaoLimitDevRuntimeSyncDepth = 0x03,
  qiaoLimitDevRuntimePendingLaunchCount = 0x04,
  qiaoLimitMaxL2FetchGranularity = 0x05,
  qiaoLimitPersistingL2CacheSize = 0x06
} qiaoLimit;

typedef QIAO_ENUM(qiaoFuncCache) {
  qiaoFuncCachePreferNone = 0,
  qiaoFuncCachePreferShared = 1,
  qiaoFuncCachePreferL1 = 2,
  qiaoFuncCachePreferEqual = 3
} qiaoFuncCache;

typedef QIAO_ENUM(qiaoMemLocationType) {
  qiaoMemLocationTypeInvalid = 0,
  qiaoMemLocationTypeNone = 0,
  qiaoMemLocationTypeDevice = 1,
  qiaoMemLocationTypeHost = 2,
  qiaoMemLocationTypeHostNuma = 3,
  qiaoMemLocationTypeHostNumaCurrent = 4
} qiaoMemLocationType;

typedef struct qiaoMemLocation {
  enum qiaoMemLocationType type;
  int id;
} qiaoMemLocation;

typedef QIAO_ENUM(qiaoMemoryAdvise) {
  qiaoMemAdviseSetReadMostly = 1,
  qiaoMemAdviseUnsetReadMostly = 2,
  qiaoMemAdviseSetPreferredLocation = 3,
  qiaoMemAdviseUnsetPreferredLocation = 4,
  qiaoMemAdviseSetAccessedBy = 5,
  qiaoMemAdviseUnsetAccessedBy = 6
} qiaoMemoryAdvise;

typedef struct qiaoUUID_t {
  char bytes[16];
} qiaoUUID_t;

/* Same fields, order and meaning as CUDA 13's cudaDeviceProp. */
typedef struct qiaoDeviceProp_t {
  char name[256];
  qiaoUUID_t uuid;
  char luid[8];
  unsigned int luidDeviceNodeMask;
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int regsPerBlock;
  int warpSize;
  size_t memPitch;
  int maxThreadsPerBlock;
  int maxThreadsDim[3];
  int maxGridSize[3];
  size_t totalConstMem;
  int major;
  int minor;
  size_t textureAlignment;
  size_t texturePitchAlignment;
  int multiProcessorCount;
  int integrated;
  int canMapHostMemory;
  int maxTexture1D;
  int maxTexture1DMipmap;
  int maxTexture2D[2];
  int maxTexture2DMipmap[2];
  int maxTexture2DLinear[3];
  int maxTexture2DGather[2];
  int maxTexture3D[3];
  int maxTexture3DAlt[3];
  int maxTextureCubemap;
  int maxTexture1DLayered[2];
  int maxTexture2DLayered[3];
  int maxTextureCubemapLayered[2];
  int maxSurface1D;
  int maxSurface2D[2];
  int maxSurface3D[3];
  int maxSurface1DLayered[2];
  int maxSurface2DLayered[3];
  int maxSurfaceCubemap;
  int maxSurfaceCubemapLayered[2];
  size_t surfaceAlignment;
  int concurrentKernels;
  int ECCEnabled;
  int pciBusID;
  int pciDeviceID;
  int pciDomainID;
  int tccDriver;
  int asyncEngineCount;
  int unifiedAddressing;
  int memoryBusWidth;
  int l2CacheSize;
  int persistingL2CacheMaxSize;
  int maxThreadsPerMultiProcessor;
  int streamPrioritiesSupported;
  int globalL1CacheSupported;
  int localL1CacheSupported;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor;
  int managedMemory;
  int isMultiGpuBoard;
  int multiGpuBoardGroupID;
  int hostNativeAtomicSupported;
  int pageableMemoryAccess;
  int concurrentManagedAccess;
  int computePreemptionSupported;
  int canUseHostPointerForRegisteredMem;
  int cooperativeLaunch;
  size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables;
  int directManagedMemAccessFromHost;
  int maxBlocksPerMultiProcessor;
  int accessPolicyMaxWindowSize;
  size_t reservedSharedMemPerBlock;
  int hostRegisterSupported;
  int sparseCudaArraySupported;
  int hostRegisterReadOnlySupported;
  int timelineSemaphoreInteropSupported;
  int memoryPoolsSupported;
  int gpuDirectRDMASupported;
  unsigned int gpuDirectRDMAFlushWritesOptions;
  int gpuDirectRDMAWritesOrdering;
  unsigned int memoryPoolSupportedHandleTypes;
  int deferredMappingCudaArraySupported;
  int ipcEventSupported;
  int clusterLaunch;
  int unifiedFunctionPointers;
  int deviceNumaConfig;
  int deviceNumaId;
  int mpsEnabled;
  int hostNumaId;
  unsigned int gpuPciDeviceID;
  unsigned int gpuPciSubsystemID;
  int hostNumaMultinodeIpcSupported;
  int reserved[56];
} qiaoDeviceProp_t;

/* Values as CUDA 13's cudaDeviceAttr. */
typedef QIAO_ENUM(qiaoDeviceAttr) {
  qiaoDevAttrMaxThreadsPerBlock = 1,
  qiaoDevAttrMaxBlockDimX = 2,
  qiaoDevAttrMaxBlockDimY = 3,
  qiaoDevAttrMaxBlockDimZ = 4,
  qiaoDevAttrMaxGridDimX = 5,
  qiaoDevAttrMaxGridDimY = 6,
  qiaoDevAttrMaxGridDimZ = 7,
  qiaoDevAttrMaxSharedMemoryPerBlock = 8,
  qiaoDevAttrTotalConstantMemory = 9,
  qiaoDevAttrWarpSize = 10,
  qiaoDevAttrMaxPitch = 11,
  qiaoDevAttrMaxRegistersPerBlock = 12,
  qiaoDevAttrClockRate = 13,
  qiaoDevAttrTextureAlignment = 14,
  qiaoDevAttrGpuOverlap = 15,
  qiaoDevAttrMultiProcessorCount = 16,
  qiaoDevAttrKernelExecTimeout = 17,
  qiaoDevAttrIntegrated = 18,
  qiaoDevAttrCanMapHostMemory = 19,
  qiaoDevAttrComputeMode = 20,
  qiaoDevAttrMaxTexture1DWidth = 21,
  qiaoDevAttrMaxTexture2DWidth = 22,
  qiaoDevAttrMaxTexture2DHeight = 23,
  qiaoDevAttrMaxTexture3DWidth = 24,
  qiaoDevAttrMaxTexture3DHeight = 25,
  qiaoDevAttrMaxTexture3DDepth = 26,
  qiaoDevAttrMaxTexture2DLayeredWidth = 27,
  qiaoDevAttrMaxTexture2DLayeredHeight = 28,
  qiaoDevAttrMaxTexture2DLayeredLayers = 29,
  qiaoDevAttrSurfaceAlignment = 30,
  qiaoDevAttrConcurrentKernels = 31,
  qiaoDevAttrEccEnabled = 32,
  qiaoDevAttrPciBusId = 33,
  qiaoDevAttrPciDeviceId = 34,
  qiaoDevAttrTccDriver = 35,
  qiaoDevAttrMemoryClockRate = 36,
  qiaoDevAttrGlobalMemoryBusWidth = 37,
  qiaoDevAttrL2CacheSize = 38,
  qiaoDevAttrMaxThreadsPerMultiProcessor = 39,
  qiaoDevAttrAsyncEngineCount = 40,
  qiaoDevAttrUnifiedAddressing = 41,
  qiaoDevAttrMaxTexture1DLayeredWidth = 42,
  qiaoDevAttrMaxTexture1DLayeredLayers = 43,
  qiaoDevAttrMaxTexture2DGatherWidth = 45,
  qiaoDevAttrMaxTexture2DGatherHeight = 46,
  qiaoDevAttrMaxTexture3DWidthAlt = 47,
  qiaoDevAttrMaxTexture3DHeightAlt = 48,
  qiaoDevAttrMaxTexture3DDepthAlt = 49,
  qiaoDevAttrPciDomainId = 50,
  qiaoDevAttrTexturePitchAlignment = 51,
  qiaoDevAttrMaxTextureCubemapWidth = 52,
  qiaoDevAttrMaxTextureCubemapLayeredWidth = 53,
  qiaoDevAttrMaxTextureCubemapLayeredLayers = 54,
  qiaoDevAttrMaxSurface1DWidth = 55,
  qiaoDevAttrMaxSurface2DWidth = 56,
  qiaoDevAttrMaxSurface2DHeight = 57,
  qiaoDevAttrMaxSurface3DWidth = 58,
  qiaoDevAttrMaxSurface3DHeight = 59,
  qiaoDevAttrMaxSurface3DDepth = 60,
  qiaoDevAttrMaxSurface1DLayeredWidth = 61,
  qiaoDevAttrMaxSurface1DLayeredLayers = 62,
  qiaoDevAttrMaxSurface2DLayeredWidth = 63,
  qiaoDevAttrMaxSurface2DLayeredHeight = 64,
  qiaoDevAttrMaxSurface2DLayeredLayers = 65,
  qiaoDevAttrMaxSurfaceCubemapWidth = 66,
  qiaoDevAttrMaxSurfaceCubemapLayeredWidth = 67,
  qiaoDevAttrMaxSurfaceCubemapLayeredLayers = 68,
  qiaoDevAttrMaxTexture1DLinearWidth = 69,
  qiaoDevAttrMaxTexture2DLinearWidth = 70,
  qiaoDevAttrMaxTexture2DLinearHeight = 71,
  qiaoDevAttrMaxTexture2DLinearPitch = 72,
  qiaoDevAttrMaxTexture2DMipmappedWidth = 73,
  qiaoDevAttrMaxTexture2DMipmappedHeight = 74,
  qiaoDevAttrComputeCapabilityMajor = 75,
  qiaoDevAttrComputeCapabilityMinor = 76,
  qiaoDevAttrMaxTexture1DMipmappedWidth = 77,
  qiaoDevAttrStreamPrioritiesSupported = 78,
  qiaoDevAttrGlobalL1CacheSupported = 79,
  qiaoDevAttrLocalL1CacheSupported = 80,
  qiaoDevAttrMaxSharedMemoryPerMultiprocessor = 81,
  qiaoDevAttrMaxRegistersPerMultiprocessor = 82,
  qiaoDevAttrManagedMemory = 83,
  qiaoDevAttrIsMultiGpuBoard = 84,
  qiaoDevAttrMultiGpuBoardGroupID = 85,
  qiaoDevAttrHostNativeAtomicSupported = 86,
  qiaoDevAttrSingleToDoublePrecisionPerfRatio = 87,
  qiaoDevAttrPageableMemoryAccess = 88,
  qiaoDevAttrConcurrentManagedAccess = 89,
  qiaoDevAttrComputePreemptionSupported = 90,
  qiaoDevAttrCanUseHostPointerForRegisteredMem = 91,
  qiaoDevAttrReserved92 = 92,
  qiaoDevAttrReserved93 = 93,
  qiaoDevAttrReserved94 = 94,
  qiaoDevAttrCooperativeLaunch = 95,
  qiaoDevAttrReserved96 = 96,
  qiaoDevAttrMaxSharedMemoryPerBlockOptin = 97,
  qiaoDevAttrCanFlushRemoteWrites = 98,
  qiaoDevAttrHostRegisterSupported = 99,
  qiaoDevAttrPageableMemoryAccessUsesHostPageTables = 100,
  qiaoDevAttrDirectManagedMemAccessFromHost = 101,
  qiaoDevAttrMaxBlocksPerMultiprocessor = 106,
  qiaoDevAttrMaxPersistingL2CacheSize = 108,
  qiaoDevAttrMaxAccessPolicyWindowSize = 109,
  qiaoDevAttrReservedSharedMemoryPerBlock = 111,
  qiaoDevAttrSparseCudaArraySupported = 112,
  qiaoDevAttrHostRegisterReadOnlySupported = 113,
  qiaoDevAttrTimelineSemaphoreInteropSupported = 114,
  qiaoDevAttrMemoryPoolsSupported = 115,
  qiaoDevAttrGPUDirectRDMASupported = 116,
  qiaoDevAttrGPUDirectRDMAFlushWritesOptions = 117,
  qiaoDevAttrGPUDirectRDMAWritesOrdering = 118,
  qiaoDevAttrMemoryPoolSupportedHandleTypes = 119,
  qiaoDevAttrClusterLaunch = 120,
  qiaoDevAttrDeferredMappingCudaArraySupported = 121,
  qiaoDevAttrReserved122 = 122,
  qiaoDevAttrReserved123 = 123,
  qiaoDevAttrReserved124 = 124,
  qiaoDevAttrIpcEventSupport = 125,
  qiaoDevAttrMemSyncDomainCount = 126,
  qiaoDevAttrReserved127 = 127,
  qiaoDevAttrReserved128 = 128,
  qiaoDevAttrReserved129 = 129,
  qiaoDevAttrNumaConfig = 130,
  qiaoDevAttrNumaId = 131,
  qiaoDevAttrReserved132 = 132,
  qiaoDevAttrMpsEnabled = 133,
  qiaoDevAttrHostNumaId = 134,
  qiaoDevAttrD3D12CigSupported = 135,
  qiaoDevAttrVulkanCigSupported = 138,
  qiaoDevAttrGpuPciDeviceId = 139,
  qiaoDevAttrGpuPciSubsystemId = 140,
  qiaoDevAttrReserved141 = 141,
  qiaoDevAttrHostNumaMemoryPoolsSupported = 142,
  qiaoDevAttrHostNumaMultinodeIpcSupported = 143,
  qiaoDevAttrHostMemoryPoolsSupported = 144,
  qiaoDevAttrReserved145 = 145,
  qiaoDevAttrOnlyPartialHostNativeAtomicSupported = 147
} qiaoDeviceAttr;

/* What qiaoDeviceGetAttribute(qiaoDevAttrComputeMode) answers: the emulated device is always in
 * the default mode (any number of processes and threads may use it). */
typedef QIAO_ENUM(qiaoComputeMode) {
  qiaoComputeModeDefault = 0,
  qiaoComputeModeExclusive = 1,
  qiaoComputeModeProhibited = 2,
  qiaoComputeModeExclusiveProcess = 3
} qiaoComputeMode;

/* Same fields as cudaFuncAttributes. */
typedef struct qiaoFuncAttributes {
  size_t sharedSizeBytes;
  size_t constSizeBytes;
  size_t localSizeBytes;
  int maxThreadsPerBlock;
  int numRegs;
  int ptxVersion;
  int binaryVersion;
  int cacheModeCA;
  int maxDynamicSharedSizeBytes;
  int preferredShmemCarveout;
  int clusterDimMustBeSet;
  int requiredClusterWidth;
  int requiredClusterHeight;
  int requiredClusterDepth;
  int clusterSchedulingPolicyPreference;
  int nonPortableClusterSizeAllowed;
  int reserved[16];
} qiaoFuncAttributes;

/* Values as cudaFuncAttribute. */
typedef QIAO_ENUM(qiaoFuncAttribute) {
  qiaoFuncAttributeMaxDynamicSharedMemorySize = 8,
  qiaoFuncAttributePreferredSharedMemoryCarveout = 9,
  qiaoFuncAttributeClusterDimMustBeSet = 10,
  qiaoFuncAttributeRequiredClusterWidth = 11,
  qiaoFuncAttributeRequiredClusterHeight = 12,
  qiaoFuncAttributeRequiredClusterDepth = 13,
  qiaoFuncAttributeNonPortableClusterSizeAllowed = 14,
  qiaoFuncAttributeClusterSchedulingPolicyPreference = 15
} qiaoFuncAttribute;

/* Launch attributes of qiaoLaunchKernelEx (values and layout as cudaLaunchAttribute*). On the
 * emulated device hints about caches, scheduling and synchronisation change nothing. A cluster
 * dimension groups the grid's blocks into thread block clusters on a device of compute capability
 * 9.0 or later (qiaoDevAttrClusterLaunch): see qiaoLaunchKernelExC. */
typedef QIAO_ENUM(qiaoLaunchAttributeID) {
  qiaoLaunchAttributeIgnore = 0,
  qiaoLaunchAttributeAccessPolicyWindow = 1,
  qiaoLaunchAttributeCooperative = 2,
  qiaoLaunchAttributeSynchronizationPolicy = 3,
  qiaoLaunchAttributeClusterDimension = 4,
  qiaoLaunchAttributeClusterSchedulingPolicyPreference = 5,
  qiaoLaunchAttributeProgrammaticStreamSerialization = 6,
  qiaoLaunchAttributeProgrammaticEvent = 7,
  qiaoLaunchAttributePriority = 8,
  qiaoLaunchAttributeMemSyncDomainMap = 9,
  qiaoLaunchAttributeMemSyncDomain = 10
} qiaoLaunchAttributeID;

typedef union qiaoLaunchAttributeValue {
  char pad[64];
  int cooperative;
  int syncPolicy;
  struct {
    unsigned int x, y, z;
  } clusterDim;
  int clusterSchedulingPolicyPreference;
  int programmaticStreamSerializationAllowed;
  int priority;
  unsigned char memSyncDomain;
} qiaoLaunchAttributeValue;

typedef struct qiaoLaunchAttribute {
  qiaoLaunchAttributeID id;
  char pad[8 - sizeof(qiaoLaunchAttributeID)];
  qiaoLaunchAttributeValue val;
} qiaoLaunchAttribute;

typedef struct qiaoLaunchConfig_t {
  dim3 gridDim;
  dim3 blockDim;
  size_t dynamicSmemBytes;
  qiaoStream_t stream;
  qiaoLaunchAttribute *attrs;
  unsigned int numAttrs;
} qiaoLaunchConfig_t;

/* For qiaoFuncGetAttribute on module functions (as HIP's hipFunction_attribute; values as
 * CUfunction_attribute). */
typedef QIAO_ENUM(qiaoFunction_attribute) {
  QIAO_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 0,
  QIAO_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES = 1,
  QIAO_FUNC_ATTRIBUTE_CONST_SIZE_BYTES = 2,
  QIAO_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES = 3,
  QIAO_FUNC_ATTRIBUTE_NUM_REGS = 4,
  QIAO_FUNC_ATTRIBUTE_PTX_VERSION = 5,
  QIAO_FUNC_ATTRIBUTE_BINARY_VERSION = 6,
  QIAO_FUNC_ATTRIBUTE_CACHE_MODE_CA = 7,
  QIAO_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  QIAO_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT = 9,
  QIAO_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET = 10,
  QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH = 11,
  QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT = 12,
  QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH = 13,
  QIAO_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED = 14,
  QIAO_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE = 15
} qiaoFunction_attribute;

#define qiaoOccupancyDefault 0x00
#define qiaoOccupancyDisableCachingOverride 0x01

typedef void (*qiaoHostFn_t)(void *userData);
typedef void (*qiaoStreamCallback_t)(qiaoStream_t stream, qiaoError_t status, void *userData);

/* --- versions and errors -------------------------------------------------------------------- */
qiaoError_t qiaoDriverGetVersion(int *driverVersion);
qiaoError_t qiaoRuntimeGetVersion(int *runtimeVersion);
qiaoError_t qiaoGetLastError(void);
qiaoError_t qiaoPeekAtLastError(void);
const char *qiaoGetErrorName(qiaoError_t error);
const char *qiaoGetErrorString(qiaoError_t error);
/* cudaProfilerStart/Stop (cuda_profiler_api.h) and cuProfilerStart/Stop: successful no-ops that
 * initialise the runtime; Qiao's timeline is the trace layer (qiao-run --trace), always on. */
qiaoError_t qiaoProfilerStart(void);
qiaoError_t qiaoProfilerStop(void);

/* --- devices -------------------------------------------------------------------------------- */
qiaoError_t qiaoGetDeviceCount(int *count);
qiaoError_t qiaoSetDevice(int device);
qiaoError_t qiaoGetDevice(int *device);
qiaoError_t qiaoGetDeviceProperties(qiaoDeviceProp_t *prop, int device);
qiaoError_t qiaoDeviceGetAttribute(int *value, qiaoDeviceAttr attr, int device);
qiaoError_t qiaoChooseDevice(int *device, const qiaoDeviceProp_t *prop);
qiaoError_t qiaoDeviceSynchronize(void);
qiaoError_t qiaoDeviceReset(void);
qiaoError_t qiaoDeviceSetLimit(qiaoLimit limit, size_t value);
qiaoError_t qiaoDeviceGetLimit(size_t *value, qiaoLimit limit);
qiaoError_t qiaoDeviceGetCacheConfig(qiaoFuncCache *cacheConfig);
qiaoError_t qiaoDeviceSetCacheConfig(qiaoFuncCache cacheConfig);
qiaoError_t qiaoSetDeviceFlags(unsigned int flags);
qiaoError_t qiaoGetDeviceFlags(unsigned int *flags);
qiaoError_t qiaoDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority);
qiaoError_t qiaoDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice);
qiaoError_t qiaoDeviceEnablePeerAccess(int peerDevice, unsigned int flags);
qiaoError_t qiaoDeviceDisablePeerAccess(int peerDevice);
qiaoError_t qiaoDeviceGetPCIBusId(char *pciBusId, int len, int device);
qiaoError_t qiaoDeviceGetByPCIBusId(int *device, const char *pciBusId);

/* --- memory --------------------------------------------------------------------------------- */
qiaoError_t qiaoMalloc(void **devPtr, size_t size);
qiaoError_t qiaoFree(void *devPtr);
qiaoError_t qiaoMallocHost(void **ptr, size_t size);
qiaoError_t qiaoHostAlloc(void **pHost, size_t size, unsigned int flags);
qiaoError_t qiaoFreeHost(void *ptr);
qiaoError_t qiaoHostRegister(void *ptr, size_t size, unsigned int flags);
qiaoError_t qiaoHostUnregister(void *ptr);
qiaoError_t qiaoHostGetDevicePointer(void **pDevice, void *pHost, unsigned int flags);
qiaoError_t qiaoHostGetFlags(unsigned int *pFlags, void *pHost);
qiaoError_t qiaoMallocManaged(void **devPtr, size_t size,
                              unsigned int flags QIAO_DEFAULT(qiaoMemAttachGlobal));
qiaoError_t qiaoMallocPitch(void **devPtr, size_t *pitch, size_t width, size_t height);
qiaoError_t qiaoMalloc3D(qiaoPitchedPtr *pitchedDevPtr, qiaoExtent extent);
qiaoError_t qiaoMallocAsync(void **devPtr, size_t size, qiaoStream_t stream);
qiaoError_t qiaoFreeAsync(void *devPtr, qiaoStream_t stream);
qiaoError_t qiaoMemGetInfo(size_t *free, size_t *total);

/* --- stream-ordered memory pools ------------------------------------------------------------ *
 * A pool hands out device memory in stream order (qiaoMallocAsync, qiaoMallocFromPoolAsync) and
 * keeps what is freed reserved for later allocations until its reserve passes the release
 * threshold. Each device has a default pool and a current pool (qiaoDeviceSetMemPool), from which
 * qiaoMallocAsync allocates. Values and layouts as CUDA's. */
typedef struct qiaoMemPool_st *qiaoMemPool_t;

typedef QIAO_ENUM(qiaoMemAllocationType) {
  qiaoMemAllocationTypeInvalid = 0,
  qiaoMemAllocationTypePinned = 1
} qiaoMemAllocationType;

typedef QIAO_ENUM(qiaoMemAllocationHandleType) {
  qiaoMemHandleTypeNone = 0,
  qiaoMemHandleTypePosixFileDescriptor = 1,
  qiaoMemHandleTypeWin32 = 2,
  qiaoMemHandleTypeWin32Kmt = 4,
  qiaoMemHandleTypeFabric = 8
} qiaoMemAllocationHandleType;

typedef struct qiaoMemPoolProps {
  enum qiaoMemAllocationType allocType;         /* qiaoMemAllocationTypePinned */
  enum qiaoMemAllocationHandleType handleTypes; /* qiaoMemHandleTypeNone: no IPC */
  struct qiaoMemLocation location;              /* a device */
  void *win32SecurityAttributes;                /* must be NULL */
  size_t maxSize;                               /* 0: as much as the device has */
  unsigned short usage;
  unsigned char reserved[54]; /* must be 0 */
} qiaoMemPoolProps;

typedef QIAO_ENUM(qiaoMemPoolAttr) {
  qiaoMemPoolReuseFollowEventDependencies = 1,   /* int */
  qiaoMemPoolReuseAllowOpportunistic = 2,        /* int */
  qiaoMemPoolReuseAllowInternalDependencies = 3, /* int */
  qiaoMemPoolAttrReleaseThreshold = 4,           /* uint64_t */
  qiaoMemPoolAttrReservedMemCurrent = 5,         /* uint64_t, read only */
  qiaoMemPoolAttrReservedMemHigh = 6,            /* uint64_t, may be reset to 0 */
  qiaoMemPoolAttrUsedMemCurrent = 7,             /* uint64_t, read only */
  qiaoMemPoolAttrUsedMemHigh = 8                 /* uint64_t, may be reset to 0 */
} qiaoMemPoolAttr;

typedef QIAO_ENUM(qiaoMemAccessFlags) {
  qiaoMemAccessFlagsProtNone = 0,
  qiaoMemAccessFlagsProtRead = 1,
  qiaoMemAccessFlagsProtReadWrite = 3
} qiaoMemAccessFlags;

typedef struct qiaoMemAccessDesc {
  struct qiaoMemLocation location;
  enum qiaoMemAccessFlags flags;
} qiaoMemAccessDesc;

qiaoError_t qiaoDeviceGetDefaultMemPool(qiaoMemPool_t *memPool, int device);
qiaoError_t qiaoDeviceGetMemPool(qiaoMemPool_t *memPool, int device);
qiaoError_t qiaoDeviceSetMemPool(int device, qiaoMemPool_t memPool);
qiaoError_t qiaoMemPoolCreate(qiaoMemPool_t *memPool, const qiaoMemPoolProps *poolProps);
/* A pool with allocations still out goes away when the last of them is freed. A device's default
 * pool cannot be destroyed (qiaoErrorInvalidValue). */
qiaoError_t qiaoMemPoolDestroy(qiaoMemPool_t memPool);
qiaoError_t qiaoMemPoolSetAttribute(qiaoMemPool_t memPool, qiaoMemPoolAttr attr, void *value);
qiaoError_t qiaoMemPoolGetAttribute(qiaoMemPool_t memPool, qiaoMemPoolAttr attr, void *value);
/* Releases reserved memory that no allocation uses until at most minBytesToKeep stay reserved. */
qiaoError_t qiaoMemPoolTrimTo(qiaoMemPool_t memPool, size_t minBytesToKeep);
/* The pool's own device has read-write access; other devices none (one device per pool). */
qiaoError_t qiaoMemPoolSetAccess(qiaoMemPool_t memPool, const qiaoMemAccessDesc *descList,
                                 size_t count);
qiaoError_t qiaoMemPoolGetAccess(qiaoMemAccessFlags *flags, qiaoMemPool_t memPool,
                                 qiaoMemLocation *location);
qiaoError_t qiaoMallocFromPoolAsync(void **ptr, size_t size, qiaoMemPool_t memPool,
                                    qiaoStream_t stream);
qiaoError_t qiaoPointerGetAttributes(qiaoPointerAttributes *attributes, const void *ptr);
qiaoError_t qiaoMemPrefetchAsync(const void *devPtr, size_t count, qiaoMemLocation location,
                                 unsigned int flags, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemAdvise(const void *devPtr, size_t count, qiaoMemoryAdvise advice,
                          qiaoMemLocation location);

qiaoError_t qiaoMemset(void *devPtr, int value, size_t count);
qiaoError_t qiaoMemsetAsync(void *devPtr, int value, size_t count,
                            qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemset2D(void *devPtr, size_t pitch, int value, size_t width, size_t height);
qiaoError_t qiaoMemset2DAsync(void *devPtr, size_t pitch, int value, size_t width, size_t height,
                              qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemset3D(qiaoPitchedPtr pitchedDevPtr, int value, qiaoExtent extent);
qiaoError_t qiaoMemset3DAsync(qiaoPitchedPtr pitchedDevPtr, int value, qiaoExtent extent,
                              qiaoStream_t stream QIAO_DEFAULT(0));

qiaoError_t qiaoMemcpy(void *dst, const void *src, size_t count, qiaoMemcpyKind kind);
qiaoError_t qiaoMemcpyAsync(void *dst, const void *src, size_t count, qiaoMemcpyKind kind,
                            qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                         size_t height, qiaoMemcpyKind kind);
qiaoError_t qiaoMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
                              size_t width, size_t height, qiaoMemcpyKind kind,
                              qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpy3D(const qiaoMemcpy3DParms *p);
qiaoError_t qiaoMemcpy3DAsync(const qiaoMemcpy3DParms *p, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice, size_t count);
qiaoError_t qiaoMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice,
                                size_t count, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpyToSymbol(const void *symbol, const void *src, size_t count,
                               size_t offset QIAO_DEFAULT(0),
                               qiaoMemcpyKind kind QIAO_DEFAULT(qiaoMemcpyHostToDevice));
qiaoError_t qiaoMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count,
                                    size_t offset, qiaoMemcpyKind kind,
                                    qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                 size_t offset QIAO_DEFAULT(0),
                                 qiaoMemcpyKind kind QIAO_DEFAULT(qiaoMemcpyDeviceToHost));
qiaoError_t qiaoMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count, size_t offset,
                                      qiaoMemcpyKind kind, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoGetSymbolAddress(void **devPtr, const void *symbol);
qiaoError_t qiaoGetSymbolSize(size_t *size, const void *symbol);

/* --- streams -------------------------------------------------------------------------------- */
qiaoError_t qiaoStreamCreate(qiaoStream_t *pStream);
qiaoError_t qiaoStreamCreateWithFlags(qiaoStream_t *pStream, unsigned int flags);
qiaoError_t qiaoStreamCreateWithPriority(qiaoStream_t *pStream, unsigned int flags, int priority);
qiaoError_t qiaoStreamDestroy(qiaoStream_t stream);
qiaoError_t qiaoStreamQuery(qiaoStream_t stream);
qiaoError_t qiaoStreamSynchronize(qiaoStream_t stream);
qiaoError_t qiaoStreamWaitEvent(qiaoStream_t stream, qiaoEvent_t event,
                                unsigned int flags QIAO_DEFAULT(0));
qiaoError_t qiaoStreamAddCallback(qiaoStream_t stream, qiaoStreamCallback_t callback,
                                  void *userData, unsigned int flags);
qiaoError_t qiaoLaunchHostFunc(qiaoStream_t stream, qiaoHostFn_t fn, void *userData);
qiaoError_t qiaoStreamGetFlags(qiaoStream_t stream, unsigned int *flags);
/* Device memory is host memory here, visible to every stream and to the host alike: attaching
 * managed memory to a stream checks the arguments and changes nothing else. */
qiaoError_t qiaoStreamAttachMemAsync(qiaoStream_t stream, void *devPtr,
                                     size_t length QIAO_DEFAULT(0),
                                     unsigned int flags QIAO_DEFAULT(qiaoMemAttachSingle));
qiaoError_t qiaoStreamGetPriority(qiaoStream_t stream, int *priority);
qiaoError_t qiaoStreamGetDevice(qiaoStream_t stream, int *device);

/* --- events --------------------------------------------------------------------------------- */
qiaoError_t qiaoEventCreate(qiaoEvent_t *event);
qiaoError_t qiaoEventCreateWithFlags(qiaoEvent_t *event, unsigned int flags);
qiaoError_t qiaoEventRecord(qiaoEvent_t event, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoEventRecordWithFlags(qiaoEvent_t event, qiaoStream_t stream QIAO_DEFAULT(0),
                                     unsigned int flags QIAO_DEFAULT(0));
qiaoError_t qiaoEventQuery(qiaoEvent_t event);
qiaoError_t qiaoEventSynchronize(qiaoEvent_t event);
qiaoError_t qiaoEventElapsedTime(float *ms, qiaoEvent_t start, qiaoEvent_t end);
qiaoError_t qiaoEventDestroy(qiaoEvent_t event);

/* --- modules (as HIP) ----------------------------------------------------------------------- */
/* The options of qiaoModuleLoadDataEx and qiaoModuleLinkDataEx (the driver API's CUjit_option,
 * the runtime API's cudaJitOption), named and numbered as cudaJitOption. The log buffers and
 * their sizes act: the error log gets the reason a module did not load; the rest steer NVIDIA's
 * compiler and are accepted. */
typedef QIAO_ENUM(qiaoJitOption) {
  qiaoJitMaxRegisters = 0,
  qiaoJitThreadsPerBlock = 1,
  qiaoJitWallTime = 2,
  qiaoJitInfoLogBuffer = 3,
  qiaoJitInfoLogBufferSizeBytes = 4,
  qiaoJitErrorLogBuffer = 5,
  qiaoJitErrorLogBufferSizeBytes = 6,
  qiaoJitOptimizationLevel = 7,
  qiaoJitTargetFromCucontext = 8,
  qiaoJitTarget = 9,
  qiaoJitFallbackStrategy = 10,
  qiaoJitGenerateDebugInfo = 11,
  qiaoJitLogVerbose = 12,
  qiaoJitGenerateLineInfo = 13,
  qiaoJitCacheMode = 14,
  qiaoJitNewSm3xOpt = 15,
  qiaoJitFastCompile = 16,
  qiaoJitGlobalSymbolNames = 17,
  qiaoJitGlobalSymbolAddresses = 18,
  qiaoJitGlobalSymbolCount = 19,
  qiaoJitLto = 20,
  qiaoJitFtz = 21,
  qiaoJitPrecDiv = 22,
  qiaoJitPrecSqrt = 23,
  qiaoJitFma = 24,
  qiaoJitReferencedKernelNames = 25,
  qiaoJitReferencedKernelCount = 26,
  qiaoJitReferencedVariableNames = 27,
  qiaoJitReferencedVariableCount = 28,
  qiaoJitOptimizeUnusedDeviceVariables = 29,
  qiaoJitPositionIndependentCode = 30,
  qiaoJitMinCtaPerSm = 31,
  qiaoJitMaxThreadsPerBlock = 32,
  qiaoJitOverrideDirectiveValues = 33,
  qiaoJitSplitCompile = 34,
  qiaoJitNumOptions = 35
} qiaoJitOption;

qiaoError_t qiaoModuleLoadData(qiaoModule_t *module, const void *image);
qiaoError_t qiaoModuleLoadDataEx(qiaoModule_t *module, const void *image, unsigned int numOptions,
                                 int *options, void **optionValues);
qiaoError_t qiaoModuleLoad(qiaoModule_t *module, const char *path);
/* Qiao: one module linked from the PTX texts (NUL-terminated) of several translation units, as
 * nvlink links a program built with relocatable device code (nvcc -rdc=true): `.extern` symbols
 * of one unit resolve to another's visible definitions. Options as qiaoModuleLoadDataEx's. A
 * driver that cannot link (driver.h: moduleLink) gives qiaoErrorNotSupported for several units. */
qiaoError_t qiaoModuleLinkDataEx(qiaoModule_t *module, unsigned int numImages,
                                 const char *const *images, unsigned int numOptions, int *options,
                                 void **optionValues);
qiaoError_t qiaoModuleUnload(qiaoModule_t module);
qiaoError_t qiaoModuleGetFunction(qiaoFunction_t *function, qiaoModule_t module, const char *name);
qiaoError_t qiaoModuleGetGlobal(void **dptr, size_t *bytes, qiaoModule_t module, const char *name);
qiaoError_t qiaoModuleLaunchKernel(qiaoFunction_t f, unsigned int gridDimX, unsigned int gridDimY,
                                   unsigned int gridDimZ, unsigned int blockDimX,
                                   unsigned int blockDimY, unsigned int blockDimZ,
                                   unsigned int sharedMemBytes, qiaoStream_t stream,
                                   void **kernelParams, void **extra);

/* --- registration (used by the shim and by code qiao-c++ generates) ------------------------- */
qiaoError_t qiaoRegisterFunction(const void *hostFunction, qiaoFunction_t function);
qiaoError_t qiaoRegisterVar(const void *hostVar, void *deviceAddress, size_t bytes);
/* A __device__ or __constant__ variable of a host-compiled program (qiao-c++), bytes long: on a
 * device that runs host code its own address is its device address. Registered by the symbol
 * templates below on first use; a variable already registered by the shim keeps its entry. */
qiaoError_t qiaoRegisterHostVar(const void *var, size_t bytes);
/* A host-compiled kernel, so that the attribute and occupancy queries know it (the templates
 * below register it before asking). */
qiaoError_t qiaoRegisterHostKernel(const void *func);
/* The static __shared__ bytes of a host-compiled kernel (what qiaoFuncGetAttributes reports as
 * sharedSizeBytes), declared before main by translated code; needs no initialised runtime. */
qiaoError_t qiaoDeclareHostKernelSharedBytes(const void *func, size_t bytes);
/* The maxThreadsPerBlock of a host-compiled kernel's __launch_bounds__, declared before main by
 * translated code (QIAO_KERNEL_LAUNCH_BOUNDS): qiaoFuncGetAttributes and occupancy report it,
 * and a launch with more threads per block fails with qiaoErrorLaunchOutOfResources, as CUDA's
 * does. A kernel declared either way is known by its address (`(void *)kernel`) before its first
 * launch. qiaoErrorInvalidValue for a null kernel or a bound below 1. */
qiaoError_t qiaoDeclareHostKernelLaunchBounds(const void *func, int maxThreadsPerBlock);
/* A host-compiled kernel with nothing else to declare, known by its address from now on
 * (QIAO_KERNEL_DECLARE); qiaoErrorInvalidValue for a null kernel. */
qiaoError_t qiaoDeclareHostKernel(const void *func);

/* A kernel or __device__/__constant__ variable of a translation unit's device code, as qiao-c++
 * registers it: the host-compiled kernel or the host variable (null when the host compiler kept
 * none) and its name in the PTX. */
typedef QIAO_ENUM(qiaoDeviceCodeSymbolKind) {
  qiaoDeviceCodeKernel = 0,
  qiaoDeviceCodeVariable = 1
} qiaoDeviceCodeSymbolKind;
typedef struct qiaoDeviceCodeSymbol {
  const void *host;
  const char *name;
  qiaoDeviceCodeSymbolKind kind;
} qiaoDeviceCodeSymbol;
/* The PTX of a translation unit's kernels (qiao-c++ compiles it with clang and registers it
 * before main; ptx, NUL-terminated, and the names must outlive every launch): from then on a
 * launch or attribute query of one of its host-compiled kernels uses the PTX kernel, and the
 * symbol calls on one of its variables (qiaoMemcpyToSymbol, qiaoGetSymbolAddress, ...) the
 * module's copy, the module loaded on first use for the calling thread's device; the launch
 * runs through the device's module path. If the PTX does not load there (the reason is printed
 * once), the unit's host-compiled kernels and host variables serve instead. The environment
 * variable QIAO_DEVICE_CODE=host ignores every such registration. A null ptx with no symbols
 * registers a unit whose kernels stay host-compiled (its device pass failed): its kernels may
 * use an extern __device__ variable of another unit, so from then on no unit whose PTX defines
 * a variable with external linkage runs as PTX (each unit's kernels and that variable stay on
 * one side). Needs no initialised runtime. qiaoErrorInvalidValue for a null ptx with symbols,
 * null symbols with a count, a null name or an unknown kind. */
qiaoError_t qiaoRegisterDeviceCode(const char *ptx, const qiaoDeviceCodeSymbol *symbols,
                                   size_t count);

/* --- launch and kernel attributes ----------------------------------------------------------- */
/* qiaoErrorNotSupported for attributes a host-compiled kernel cannot honour (clusters of several
 * blocks run only for PTX kernels), qiaoErrorInvalidValue for a malformed configuration (a
 * cluster dimension of 0); else qiaoSuccess. */
qiaoError_t qiaoLaunchConfigCheck(const qiaoLaunchConfig_t *config);
/* A launch with attributes. With qiaoLaunchAttributeClusterDimension (or for a kernel compiled
 * with a cluster shape, __cluster_dims__) the blocks run in thread block clusters: the blocks of
 * a cluster run together, reach each other's shared memory and meet at cluster barriers.
 * Errors: qiaoErrorInvalidValue for a cluster dimension of 0; qiaoErrorInvalidClusterSize when
 * a grid dimension is not a multiple of the cluster's, the cluster has more than 8 blocks (16
 * with qiaoFuncAttributeNonPortableClusterSizeAllowed) or more than the kernel's
 * .maxclusterrank, the shape differs from the kernel's compiled one, or a kernel that must be
 * launched with a cluster shape gets none; qiaoErrorNotSupported on a device without clusters
 * (compute capability below 9.0) for clusters of several blocks. */
qiaoError_t qiaoLaunchKernelExC(const qiaoLaunchConfig_t *config, const void *func, void **args);
/* The same for a module function, its arguments given as qiaoModuleLaunchKernel takes them. */
qiaoError_t qiaoModuleLaunchKernelExC(const qiaoLaunchConfig_t *config, qiaoFunction_t f,
                                      void **kernelParams, void **extra);
qiaoError_t qiaoLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                             size_t sharedMem, qiaoStream_t stream);
/* A cooperative launch: all blocks resident at once, so that grid-wide synchronisation
 * (cooperative groups' this_grid().sync()) completes. qiaoErrorCooperativeLaunchTooLarge when
 * the grid exceeds what the device holds at once (occupancy x multiprocessors). The attribute
 * qiaoLaunchAttributeCooperative of qiaoLaunchKernelExC does the same. */
qiaoError_t qiaoLaunchCooperativeKernel(const void *func, dim3 gridDim, dim3 blockDim,
                                        void **args, size_t sharedMem, qiaoStream_t stream);
qiaoError_t qiaoModuleLaunchCooperativeKernel(qiaoFunction_t f, unsigned int gridDimX,
                                              unsigned int gridDimY, unsigned int gridDimZ,
                                              unsigned int blockDimX, unsigned int blockDimY,
                                              unsigned int blockDimZ, unsigned int sharedMemBytes,
                                              qiaoStream_t stream, void **kernelParams);
/* Launches a kernel given both ways: when func is registered for a PTX kernel, as
 * qiaoLaunchKernel with args; otherwise as a host-compiled kernel (qiao-c++): entry runs one
 * thread of it (driver.h: qiaoDrvHostThread) and finds its arguments in a copy of argBuffer,
 * argBytes long, taken at this call (bitwise, as CUDA copies kernel arguments). Written for the
 * qiaoLaunchKernelGGL template below, which builds entry and argBuffer from the kernel's type.
 * qiaoErrorNoKernelImageForDevice when the device's driver cannot run host code. */
struct qiaoDrvHostThread;
typedef void (*qiaoHostKernelEntry)(struct qiaoDrvHostThread *thread);
qiaoError_t qiaoLaunchHostKernel(const void *func, qiaoHostKernelEntry entry, dim3 gridDim,
                                 dim3 blockDim, void **args, const void *argBuffer,
                                 size_t argBytes, size_t sharedMem, qiaoStream_t stream);
qiaoError_t qiaoFuncGetAttributes(qiaoFuncAttributes *attr, const void *func);
qiaoError_t qiaoFuncGetAttribute(int *value, qiaoFunction_attribute attrib,
                                 qiaoFunction_t function);
qiaoError_t qiaoFuncSetAttribute(const void *func, qiaoFuncAttribute attr, int value);
qiaoError_t qiaoFuncSetCacheConfig(const void *func, qiaoFuncCache cacheConfig);
/* The same settings on a module's function (cuFuncSetAttribute, cuFuncSetCacheConfig). */
qiaoError_t qiaoModuleFuncSetAttribute(qiaoFunction_t function, qiaoFuncAttribute attr, int value);
qiaoError_t qiaoModuleFuncSetCacheConfig(qiaoFunction_t function, qiaoFuncCache cacheConfig);

/* --- CUDA arrays and texture objects ----------------------------------------------------------
 * Values and layouts as CUDA's. An array holds width x height x depth texels of one channel
 * format; a texture object samples an array, linear memory or pitched 2D memory in kernels. */
typedef QIAO_ENUM(qiaoChannelFormatKind) {
  qiaoChannelFormatKindSigned = 0,
  qiaoChannelFormatKindUnsigned = 1,
  qiaoChannelFormatKindFloat = 2,
  qiaoChannelFormatKindNone = 3
} qiaoChannelFormatKind;

typedef struct qiaoChannelFormatDesc {
  int x, y, z, w; /* bits per channel */
  qiaoChannelFormatKind f;
} qiaoChannelFormatDesc;

#define qiaoArrayDefault 0x00
#define qiaoArrayLayered 0x01
#define qiaoArraySurfaceLoadStore 0x02
#define qiaoArrayCubemap 0x04
#define qiaoArrayTextureGather 0x08

typedef QIAO_ENUM(qiaoResourceType) {
  qiaoResourceTypeArray = 0,
  qiaoResourceTypeMipmappedArray = 1,
  qiaoResourceTypeLinear = 2,
  qiaoResourceTypePitch2D = 3
} qiaoResourceType;

typedef struct qiaoResourceDesc {
  qiaoResourceType resType;
  union {
    struct {
      qiaoArray_t array;
    } array;
    struct {
      void *mipmap; /* mipmapped arrays are not supported */
    } mipmap;
    struct {
      void *devPtr;
      qiaoChannelFormatDesc desc;
      size_t sizeInBytes;
    } linear;
    struct {
      void *devPtr;
      qiaoChannelFormatDesc desc;
      size_t width;
      size_t height;
      size_t pitchInBytes;
    } pitch2D;
    struct {
      int reserved[32];
    } reserved;
  } res;
  unsigned int flags;
} qiaoResourceDesc;

typedef QIAO_ENUM(qiaoTextureAddressMode) {
  qiaoAddressModeWrap = 0,
  qiaoAddressModeClamp = 1,
  qiaoAddressModeMirror = 2,
  qiaoAddressModeBorder = 3
} qiaoTextureAddressMode;

typedef QIAO_ENUM(qiaoTextureFilterMode) {
  qiaoFilterModePoint = 0,
  qiaoFilterModeLinear = 1
} qiaoTextureFilterMode;

typedef QIAO_ENUM(qiaoTextureReadMode) {
  qiaoReadModeElementType = 0,
  qiaoReadModeNormalizedFloat = 1
} qiaoTextureReadMode;

typedef struct qiaoTextureDesc {
  qiaoTextureAddressMode addressMode[3];
  qiaoTextureFilterMode filterMode;
  qiaoTextureReadMode readMode;
  int sRGB;
  float borderColor[4];
  int normalizedCoords;
  unsigned int maxAnisotropy;
  qiaoTextureFilterMode mipmapFilterMode;
  float mipmapLevelBias;
  float minMipmapLevelClamp;
  float maxMipmapLevelClamp;
  int disableTrilinearOptimization;
  int seamlessCubemap;
} qiaoTextureDesc;

/* Views are not supported: pass NULL. */
typedef struct qiaoResourceViewDesc {
  int format;
  size_t width;
  size_t height;
  size_t depth;
  unsigned int firstMipmapLevel;
  unsigned int lastMipmapLevel;
  unsigned int firstLayer;
  unsigned int lastLayer;
  unsigned int reserved[16];
} qiaoResourceViewDesc;

typedef unsigned long long qiaoTextureObject_t;

qiaoChannelFormatDesc qiaoCreateChannelDesc(int x, int y, int z, int w, qiaoChannelFormatKind f);
/* height 0 makes a 1D array. With qiaoArrayLayered (qiaoMalloc3DArray), depth counts layers of a
 * 1D or 2D array. Cubemap arrays are not supported. */
qiaoError_t qiaoMallocArray(qiaoArray_t *array, const qiaoChannelFormatDesc *desc, size_t width,
                            size_t height QIAO_DEFAULT(0), unsigned int flags QIAO_DEFAULT(0));
/* extent in texels; height and depth 0 for fewer dimensions. */
qiaoError_t qiaoMalloc3DArray(qiaoArray_t *array, const qiaoChannelFormatDesc *desc,
                              qiaoExtent extent, unsigned int flags QIAO_DEFAULT(0));
qiaoError_t qiaoFreeArray(qiaoArray_t array);
qiaoError_t qiaoArrayGetInfo(qiaoChannelFormatDesc *desc, qiaoExtent *extent, unsigned int *flags,
                             qiaoArray_t array);
/* Offsets and widths in bytes, heights in rows, as CUDA's. */
qiaoError_t qiaoMemcpy2DToArray(qiaoArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                                size_t spitch, size_t width, size_t height, qiaoMemcpyKind kind);
qiaoError_t qiaoMemcpy2DToArrayAsync(qiaoArray_t dst, size_t wOffset, size_t hOffset,
                                     const void *src, size_t spitch, size_t width, size_t height,
                                     qiaoMemcpyKind kind, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpy2DFromArray(void *dst, size_t dpitch, qiaoArray_const_t src, size_t wOffset,
                                  size_t hOffset, size_t width, size_t height,
                                  qiaoMemcpyKind kind);
qiaoError_t qiaoMemcpy2DFromArrayAsync(void *dst, size_t dpitch, qiaoArray_const_t src,
                                       size_t wOffset, size_t hOffset, size_t width, size_t height,
                                       qiaoMemcpyKind kind, qiaoStream_t stream QIAO_DEFAULT(0));
qiaoError_t qiaoMemcpyToArray(qiaoArray_t dst, size_t wOffset, size_t hOffset, const void *src,
                              size_t count, qiaoMemcpyKind kind);
qiaoError_t qiaoMemcpyFromArray(void *dst, qiaoArray_const_t src, size_t wOffset, size_t hOffset,
                                size_t count, qiaoMemcpyKind kind);
qiaoError_t qiaoCreateTextureObject(qiaoTextureObject_t *pTexObject,
                                    const qiaoResourceDesc *pResDesc,
                                    const qiaoTextureDesc *pTexDesc,
                                    const qiaoResourceViewDesc *pResViewDesc);
qiaoError_t qiaoDestroyTextureObject(qiaoTextureObject_t texObject);
/* A surface object over an array made with qiaoArraySurfaceLoadStore: kernels read and write it
 * with surf*Dread / surf*Dwrite, x counted in bytes. */
typedef unsigned long long qiaoSurfaceObject_t;
qiaoError_t qiaoCreateSurfaceObject(qiaoSurfaceObject_t *pSurfObject,
                                    const qiaoResourceDesc *pResDesc);
qiaoError_t qiaoDestroySurfaceObject(qiaoSurfaceObject_t surfObject);

/* --- graphs -------------------------------------------------------------------------------- *
 * Work recorded once and launched many times. A stream in capture records what is submitted to it
 * (kernels, copies, memsets, host functions) instead of running it; streams that wait on an event
 * recorded during the capture join it. Graphs run their nodes in an order that respects their
 * dependencies, on the stream they are launched into. Values and layouts as CUDA's. */
typedef struct qiaoGraph_st *qiaoGraph_t;
typedef struct qiaoGraphExec_st *qiaoGraphExec_t;
typedef struct qiaoGraphNode_st *qiaoGraphNode_t;

typedef QIAO_ENUM(qiaoStreamCaptureMode) {
  qiaoStreamCaptureModeGlobal = 0,
  qiaoStreamCaptureModeThreadLocal = 1,
  qiaoStreamCaptureModeRelaxed = 2
} qiaoStreamCaptureMode;

typedef QIAO_ENUM(qiaoStreamCaptureStatus) {
  qiaoStreamCaptureStatusNone = 0,
  qiaoStreamCaptureStatusActive = 1,
  qiaoStreamCaptureStatusInvalidated = 2
} qiaoStreamCaptureStatus;

typedef QIAO_ENUM(qiaoGraphNodeType) {
  qiaoGraphNodeTypeKernel = 0x00,
  qiaoGraphNodeTypeMemcpy = 0x01,
  qiaoGraphNodeTypeMemset = 0x02,
  qiaoGraphNodeTypeHost = 0x03,
  qiaoGraphNodeTypeGraph = 0x04,
  qiaoGraphNodeTypeEmpty = 0x05,
  qiaoGraphNodeTypeWaitEvent = 0x06,
  qiaoGraphNodeTypeEventRecord = 0x07,
  qiaoGraphNodeTypeExtSemaphoreSignal = 0x08,
  qiaoGraphNodeTypeExtSemaphoreWait = 0x09,
  qiaoGraphNodeTypeMemAlloc = 0x0a,
  qiaoGraphNodeTypeMemFree = 0x0b
} qiaoGraphNodeType;

typedef struct qiaoKernelNodeParams {
  void *func; /* the kernel's host function, as for qiaoLaunchKernel */
  dim3 gridDim;
  dim3 blockDim;
  unsigned int sharedMemBytes;
  void **kernelParams;
  void **extra;
} qiaoKernelNodeParams;

typedef struct qiaoMemsetParams {
  void *dst;
  size_t pitch;
  unsigned int value;
  unsigned int elementSize; /* 1, 2 or 4 */
  size_t width;             /* in elements */
  size_t height;
} qiaoMemsetParams;

typedef struct qiaoHostNodeParams {
  qiaoHostFn_t fn;
  void *userData;
} qiaoHostNodeParams;

qiaoError_t qiaoStreamBeginCapture(qiaoStream_t stream, qiaoStreamCaptureMode mode);
qiaoError_t qiaoStreamEndCapture(qiaoStream_t stream, qiaoGraph_t *pGraph);
qiaoError_t qiaoStreamIsCapturing(qiaoStream_t stream, qiaoStreamCaptureStatus *pCaptureStatus);
/* The capture's unique id (nonzero) while the stream captures. */
qiaoError_t qiaoStreamGetCaptureId(qiaoStream_t stream, unsigned long long *id);
/* Swaps the calling thread's capture interaction mode with *mode (qiaoStreamCaptureModeGlobal
 * until changed): which calls that are unsafe during a capture this thread may make while
 * captures are open. qiaoErrorInvalidValue for a NULL or unknown mode. */
qiaoError_t qiaoThreadExchangeStreamCaptureMode(qiaoStreamCaptureMode *mode);
qiaoError_t qiaoGraphCreate(qiaoGraph_t *pGraph, unsigned int flags);
qiaoError_t qiaoGraphDestroy(qiaoGraph_t graph);
qiaoError_t qiaoGraphGetNodes(qiaoGraph_t graph, qiaoGraphNode_t *nodes, size_t *numNodes);
qiaoError_t qiaoGraphNodeGetType(qiaoGraphNode_t node, qiaoGraphNodeType *pType);
qiaoError_t qiaoGraphAddKernelNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                   const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                   const qiaoKernelNodeParams *pNodeParams);
/* A kernel node for a module's function (cuGraphAddKernelNode). */
qiaoError_t qiaoGraphAddModuleKernelNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                         const qiaoGraphNode_t *pDependencies,
                                         size_t numDependencies, qiaoFunction_t f, dim3 gridDim,
                                         dim3 blockDim, unsigned int sharedMemBytes,
                                         void **kernelParams, void **extra);
qiaoError_t qiaoGraphAddMemcpyNode1D(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                     const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                     void *dst, const void *src, size_t count,
                                     qiaoMemcpyKind kind);
qiaoError_t qiaoGraphAddMemsetNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                   const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                   const qiaoMemsetParams *pMemsetParams);
qiaoError_t qiaoGraphAddHostNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                 const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                 const qiaoHostNodeParams *pNodeParams);
qiaoError_t qiaoGraphAddEmptyNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                  const qiaoGraphNode_t *pDependencies, size_t numDependencies);
/* Edges: a dependency from `from[i]` to `to[i]`. Edge data other than the default (all zero) is
 * refused; reading edges fills it with zeros. */
typedef struct qiaoGraphEdgeData {
  unsigned char from_port;
  unsigned char to_port;
  unsigned char type;
  unsigned char reserved[5];
} qiaoGraphEdgeData;
qiaoError_t qiaoGraphGetRootNodes(qiaoGraph_t graph, qiaoGraphNode_t *pRootNodes,
                                  size_t *pNumRootNodes);
qiaoError_t qiaoGraphGetEdges(qiaoGraph_t graph, qiaoGraphNode_t *from, qiaoGraphNode_t *to,
                              qiaoGraphEdgeData *edgeData, size_t *numEdges);
qiaoError_t qiaoGraphAddDependencies(qiaoGraph_t graph, const qiaoGraphNode_t *from,
                                     const qiaoGraphNode_t *to,
                                     const qiaoGraphEdgeData *edgeData, size_t numDependencies);
/* A kernel node's parameters; kernelParams points at the node's own copy of the arguments, valid
 * until its parameters change. The Module forms take and give a module's function. */
qiaoError_t qiaoGraphKernelNodeGetParams(qiaoGraphNode_t node, qiaoKernelNodeParams *pNodeParams);
qiaoError_t qiaoGraphKernelNodeSetParams(qiaoGraphNode_t node,
                                         const qiaoKernelNodeParams *pNodeParams);
qiaoError_t qiaoGraphModuleKernelNodeGetParams(qiaoGraphNode_t node, qiaoFunction_t *f,
                                               dim3 *gridDim, dim3 *blockDim,
                                               unsigned int *sharedMemBytes, void ***kernelParams);
qiaoError_t qiaoGraphModuleKernelNodeSetParams(qiaoGraphNode_t node, qiaoFunction_t f,
                                               dim3 gridDim, dim3 blockDim,
                                               unsigned int sharedMemBytes, void **kernelParams,
                                               void **extra);
/* New parameters for a kernel node of an instantiated graph (the graph itself is unchanged). */
qiaoError_t qiaoGraphExecKernelNodeSetParams(qiaoGraphExec_t hGraphExec, qiaoGraphNode_t node,
                                             const qiaoKernelNodeParams *pNodeParams);
/* The same with a module's function (cuGraphExecKernelNodeSetParams). */
qiaoError_t qiaoGraphExecModuleKernelNodeSetParams(qiaoGraphExec_t hGraphExec,
                                                   qiaoGraphNode_t node, qiaoFunction_t f,
                                                   dim3 gridDim, dim3 blockDim,
                                                   unsigned int sharedMemBytes,
                                                   void **kernelParams, void **extra);
/* A copy of a 3D region (as qiaoMemcpy3DAsync) as a node. */
qiaoError_t qiaoGraphAddMemcpyNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                   const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                   const qiaoMemcpy3DParms *pCopyParams);
/* A node that runs a copy of childGraph, taken now; qiaoGraphChildGraphNodeGetGraph names it. */
qiaoError_t qiaoGraphAddChildGraphNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                       const qiaoGraphNode_t *pDependencies,
                                       size_t numDependencies, qiaoGraph_t childGraph);
qiaoError_t qiaoGraphChildGraphNodeGetGraph(qiaoGraphNode_t node, qiaoGraph_t *pGraph);
/* Nodes that record an event, or make the graph's later work wait for its last record. */
qiaoError_t qiaoGraphAddEventRecordNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                        const qiaoGraphNode_t *pDependencies,
                                        size_t numDependencies, qiaoEvent_t event);
qiaoError_t qiaoGraphAddEventWaitNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                      const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                      qiaoEvent_t event);
/* Memory nodes. The allocation's address (dptr, set when the node is added) stays the same on
 * every launch of the graph; its memory lives as long as the process, so freeing it outside the
 * graph (qiaoFree, qiaoFreeAsync) is accepted and keeps it for the next launch. A graph holding
 * memory nodes cannot be cloned or become a child graph (qiaoErrorNotSupported), as in CUDA. */
typedef struct qiaoMemAllocNodeParams {
  struct qiaoMemPoolProps poolProps; /* in: a device location, no IPC handle types */
  const struct qiaoMemAccessDesc *accessDescs;
  size_t accessDescCount;
  size_t bytesize; /* in */
  void *dptr;      /* out */
} qiaoMemAllocNodeParams;
qiaoError_t qiaoGraphAddMemAllocNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                     const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                     qiaoMemAllocNodeParams *nodeParams);
/* dptr must come from a memory allocation node. */
qiaoError_t qiaoGraphAddMemFreeNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                    const qiaoGraphNode_t *pDependencies, size_t numDependencies,
                                    void *dptr);
qiaoError_t qiaoGraphMemAllocNodeGetParams(qiaoGraphNode_t node,
                                           qiaoMemAllocNodeParams *params_out);
/* dptr_out points at the void * that receives the address, as in CUDA. */
qiaoError_t qiaoGraphMemFreeNodeGetParams(qiaoGraphNode_t node, void *dptr_out);
/* Bytes of graph memory nodes' allocations on a device; since they live as long as the process,
 * used and reserved memory are the same and trimming has nothing to give back. Only the high
 * watermarks can be set, to 0 (qiaoErrorInvalidValue otherwise). */
typedef QIAO_ENUM(qiaoGraphMemAttributeType) {
  qiaoGraphMemAttrUsedMemCurrent = 0x0,
  qiaoGraphMemAttrUsedMemHigh = 0x1,
  qiaoGraphMemAttrReservedMemCurrent = 0x2,
  qiaoGraphMemAttrReservedMemHigh = 0x3
} qiaoGraphMemAttributeType;
qiaoError_t qiaoDeviceGetGraphMemAttribute(int device, qiaoGraphMemAttributeType attr,
                                           void *value);
qiaoError_t qiaoDeviceSetGraphMemAttribute(int device, qiaoGraphMemAttributeType attr,
                                           void *value);
qiaoError_t qiaoDeviceGraphMemTrim(int device);
/* Edges and nodes one by one (edge data is always the default, read as zeros). A graph holding
 * memory nodes cannot lose nodes or edges (qiaoErrorNotSupported), as in CUDA. */
qiaoError_t qiaoGraphNodeGetDependencies(qiaoGraphNode_t node, qiaoGraphNode_t *pDependencies,
                                         qiaoGraphEdgeData *edgeData, size_t *pNumDependencies);
qiaoError_t qiaoGraphNodeGetDependentNodes(qiaoGraphNode_t node, qiaoGraphNode_t *pDependentNodes,
                                           qiaoGraphEdgeData *edgeData,
                                           size_t *pNumDependentNodes);
qiaoError_t qiaoGraphRemoveDependencies(qiaoGraph_t graph, const qiaoGraphNode_t *from,
                                        const qiaoGraphNode_t *to,
                                        const qiaoGraphEdgeData *edgeData, size_t numDependencies);
qiaoError_t qiaoGraphDestroyNode(qiaoGraphNode_t node);
/* The event of an event record or wait node, in a graph or in an instantiated graph. */
qiaoError_t qiaoGraphEventRecordNodeGetEvent(qiaoGraphNode_t node, qiaoEvent_t *event_out);
qiaoError_t qiaoGraphEventRecordNodeSetEvent(qiaoGraphNode_t node, qiaoEvent_t event);
qiaoError_t qiaoGraphEventWaitNodeGetEvent(qiaoGraphNode_t node, qiaoEvent_t *event_out);
qiaoError_t qiaoGraphEventWaitNodeSetEvent(qiaoGraphNode_t node, qiaoEvent_t event);
qiaoError_t qiaoGraphExecEventRecordNodeSetEvent(qiaoGraphExec_t hGraphExec, qiaoGraphNode_t hNode,
                                                 qiaoEvent_t event);
qiaoError_t qiaoGraphExecEventWaitNodeSetEvent(qiaoGraphExec_t hGraphExec, qiaoGraphNode_t hNode,
                                               qiaoEvent_t event);
/* Accepted for any instantiated graph: its work is ready to launch without an upload. */
qiaoError_t qiaoGraphUpload(qiaoGraphExec_t graphExec, qiaoStream_t stream);
/* A copy of the graph, its nodes and edges; nodes of the copy map back with FindInClone. */
qiaoError_t qiaoGraphClone(qiaoGraph_t *pGraphClone, qiaoGraph_t originalGraph);
qiaoError_t qiaoGraphNodeFindInClone(qiaoGraphNode_t *pNode, qiaoGraphNode_t originalNode,
                                     qiaoGraph_t clonedGraph);
/* New parameters for a memcpy node of an instantiated graph. */
qiaoError_t qiaoGraphExecMemcpyNodeSetParams(qiaoGraphExec_t hGraphExec, qiaoGraphNode_t node,
                                             const qiaoMemcpy3DParms *pNodeParams);
qiaoError_t qiaoGraphExecMemcpyNodeSetParams1D(qiaoGraphExec_t hGraphExec, qiaoGraphNode_t node,
                                               void *dst, const void *src, size_t count,
                                               qiaoMemcpyKind kind);
/* Takes every node's parameters from hGraph into the instantiated graph when hGraph has the same
 * topology as the graph it was instantiated from (nodes paired in the order they were added):
 * qiaoErrorGraphExecUpdateFailure otherwise, with the reason and the node in resultInfo. */
typedef QIAO_ENUM(qiaoGraphExecUpdateResult) {
  qiaoGraphExecUpdateSuccess = 0x0,
  qiaoGraphExecUpdateError = 0x1,
  qiaoGraphExecUpdateErrorTopologyChanged = 0x2,
  qiaoGraphExecUpdateErrorNodeTypeChanged = 0x3,
  qiaoGraphExecUpdateErrorFunctionChanged = 0x4,
  qiaoGraphExecUpdateErrorParametersChanged = 0x5,
  qiaoGraphExecUpdateErrorNotSupported = 0x6,
  qiaoGraphExecUpdateErrorUnsupportedFunctionChange = 0x7,
  qiaoGraphExecUpdateErrorAttributesChanged = 0x8
} qiaoGraphExecUpdateResult;
typedef struct qiaoGraphExecUpdateResultInfo {
  enum qiaoGraphExecUpdateResult result;
  qiaoGraphNode_t errorNode;     /* the node of hGraph the failure is about, or NULL */
  qiaoGraphNode_t errorFromNode; /* for a changed edge: the dependency that differs */
} qiaoGraphExecUpdateResultInfo;
qiaoError_t qiaoGraphExecUpdate(qiaoGraphExec_t hGraphExec, qiaoGraph_t hGraph,
                                qiaoGraphExecUpdateResultInfo *resultInfo);
qiaoError_t qiaoGraphInstantiate(qiaoGraphExec_t *pGraphExec, qiaoGraph_t graph,
                                 unsigned long long flags QIAO_DEFAULT(0));
qiaoError_t qiaoGraphInstantiateWithFlags(qiaoGraphExec_t *pGraphExec, qiaoGraph_t graph,
                                          unsigned long long flags QIAO_DEFAULT(0));
qiaoError_t qiaoGraphLaunch(qiaoGraphExec_t graphExec, qiaoStream_t stream);
qiaoError_t qiaoGraphExecDestroy(qiaoGraphExec_t graphExec);

/* --- occupancy ------------------------------------------------------------------------------ */
qiaoError_t qiaoOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, const void *func,
                                                          int blockSize, size_t dynamicSMemSize);
qiaoError_t qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int *numBlocks, const void *func,
                                                                   int blockSize,
                                                                   size_t dynamicSMemSize,
                                                                   unsigned int flags);
qiaoError_t qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, qiaoFunction_t f,
                                                                int blockSize,
                                                                size_t dynamicSMemSize);
qiaoError_t qiaoOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize, const void *func,
                                               size_t dynamicSMemSize, int blockSizeLimit);
qiaoError_t qiaoOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize, const void *func,
                                                      int numBlocks, int blockSize);
qiaoError_t qiaoModuleOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                            qiaoFunction_t f, int numBlocks,
                                                            int blockSize);
/* Thread block clusters (as cudaOccupancyMaxPotentialClusterSize and
 * cudaOccupancyMaxActiveClusters): the largest cluster a launch of config may use (the kernel's
 * compiled shape when it has one; else 8, or 16 with
 * qiaoFuncAttributeNonPortableClusterSizeAllowed), and how many clusters of config's shape (or
 * the kernel's) the device holds at once. qiaoErrorInvalidValue for a null argument or a
 * malformed config, qiaoErrorInvalidClusterSize for a shape the launch would refuse,
 * qiaoErrorNotSupported on a device without clusters. */
qiaoError_t qiaoOccupancyMaxPotentialClusterSize(int *clusterSize, const void *func,
                                                 const qiaoLaunchConfig_t *config);
qiaoError_t qiaoOccupancyMaxActiveClusters(int *numClusters, const void *func,
                                           const qiaoLaunchConfig_t *config);
qiaoError_t qiaoModuleOccupancyMaxPotentialClusterSize(int *clusterSize, qiaoFunction_t f,
                                                       const qiaoLaunchConfig_t *config);
qiaoError_t qiaoModuleOccupancyMaxActiveClusters(int *numClusters, qiaoFunction_t f,
                                                 const qiaoLaunchConfig_t *config);

/* --- driver-style API (as HIP's: what CUDA's driver API, cuda.h, offers) ----------------------
 * Names: a driver call cuName becomes qiaoName: qiaoCtxCreate, qiaoMemAlloc, qiaoMemcpyHtoD; where
 * that is already a runtime call of another signature, qiaoDrvName: qiaoDrvGetErrorName,
 * qiaoDrvModuleGetGlobal. Driver calls that have a runtime call of the same shape use it
 * (cuModuleLoadData: qiaoModuleLoadData, cuLaunchKernel: qiaoModuleLaunchKernel, cuStreamCreate:
 * qiaoStreamCreateWithFlags). Results are qiaoError_t values numbered as CUresult: every CUresult
 * but CUDA_ERROR_CONTEXT_ALREADY_CURRENT (202, deprecated) and CUDA_ERROR_KEY_ROTATION (916) has
 * the qiaoError_t of the same number (CUDA_ERROR_INVALID_CONTEXT is qiaoErrorDeviceUninitialized,
 * CUDA_ERROR_NOT_FOUND qiaoErrorSymbolNotFound, CUDA_ERROR_INVALID_HANDLE
 * qiaoErrorInvalidResourceHandle), and these calls report the codes cuda.h documents.
 *
 * Contexts: a context names a device; memory, modules and streams belong to the device, shared
 * by all its contexts (device memory is one address space here). Each thread has a context stack;
 * its top is the current context and selects the thread's device, as qiaoSetDevice does. A thread
 * with an empty stack works in the primary context of its current device, as CUDA's runtime API
 * leaves a thread. Calls that need a context report qiaoErrorContextIsDestroyed while the current
 * one has been destroyed; a destroyed context passed as an argument is
 * qiaoErrorDeviceUninitialized (CUDA_ERROR_INVALID_CONTEXT). Every call initialises the runtime,
 * so qiaoInit is optional, as hipInit is. */
typedef unsigned long long qiaoDeviceptr_t; /* CUdeviceptr: a device address as an integer */
typedef int qiaoDevice_t;                   /* CUdevice: a device ordinal */
typedef struct qiaoCtx_st *qiaoCtx_t;       /* CUcontext */

/* qiaoErrorInvalidValue for flags other than 0. */
qiaoError_t qiaoInit(unsigned int flags);
qiaoError_t qiaoDeviceGet(qiaoDevice_t *device, int ordinal);
/* The device's name, cut to len - 1 characters and NUL-terminated. */
qiaoError_t qiaoDeviceGetName(char *name, int len, qiaoDevice_t device);
qiaoError_t qiaoDeviceTotalMem(size_t *bytes, qiaoDevice_t device);
qiaoError_t qiaoDeviceComputeCapability(int *major, int *minor, qiaoDevice_t device);
/* As qiaoGetErrorName/String, the driver's way: the text through pStr; a value that is no
 * qiaoError_t sets *pStr to NULL and gives qiaoErrorInvalidValue. */
qiaoError_t qiaoDrvGetErrorName(qiaoError_t error, const char **pStr);
qiaoError_t qiaoDrvGetErrorString(qiaoError_t error, const char **pStr);

/* Creates a context on device and pushes it onto the calling thread's stack. params is CUDA 13's
 * CUctxCreateParams (execution affinity, graphics interop): only NULL is supported
 * (qiaoErrorNotSupported otherwise). flags as qiaoSetDeviceFlags' (scheduling, map host, ...). */
qiaoError_t qiaoCtxCreate(qiaoCtx_t *ctx, void *params, unsigned int flags, qiaoDevice_t device);
/* Waits for the device's work, then destroys ctx and takes it off the calling thread's stack.
 * A primary context is released, never destroyed (qiaoErrorDeviceUninitialized). */
qiaoError_t qiaoCtxDestroy(qiaoCtx_t ctx);
/* Replaces the top of the calling thread's stack; NULL takes the top off. */
qiaoError_t qiaoCtxSetCurrent(qiaoCtx_t ctx);
qiaoError_t qiaoCtxGetCurrent(qiaoCtx_t *ctx);
qiaoError_t qiaoCtxPushCurrent(qiaoCtx_t ctx);
/* Takes the top off the stack (qiaoErrorDeviceUninitialized when empty); ctx may be NULL. */
qiaoError_t qiaoCtxPopCurrent(qiaoCtx_t *ctx);
qiaoError_t qiaoCtxGetDevice(qiaoDevice_t *device);
qiaoError_t qiaoCtxGetFlags(unsigned int *flags);
/* Waits for all work of the current context's device. */
qiaoError_t qiaoCtxSynchronize(void);
/* The context's API version, 13000 (CUDA 13.0). */
qiaoError_t qiaoCtxGetApiVersion(qiaoCtx_t ctx, unsigned int *version);
/* Peer access from the current context's device to peerContext's (cuCtxEnablePeerAccess): as
 * qiaoDeviceEnablePeerAccess / qiaoDeviceDisablePeerAccess on those devices;
 * qiaoErrorDeviceUninitialized for a context that is not live. */
qiaoError_t qiaoCtxEnablePeerAccess(qiaoCtx_t peerContext, unsigned int flags);
qiaoError_t qiaoCtxDisablePeerAccess(qiaoCtx_t peerContext);
/* cuMemcpyPeer / cuMemcpyPeerAsync: bytes from src of srcContext's device to dst of dstContext's,
 * as qiaoMemcpyPeer / qiaoMemcpyPeerAsync. */
qiaoError_t qiaoCtxMemcpyPeer(qiaoDeviceptr_t dst, qiaoCtx_t dstContext, qiaoDeviceptr_t src,
                              qiaoCtx_t srcContext, size_t bytes);
qiaoError_t qiaoCtxMemcpyPeerAsync(qiaoDeviceptr_t dst, qiaoCtx_t dstContext, qiaoDeviceptr_t src,
                                   qiaoCtx_t srcContext, size_t bytes, qiaoStream_t stream);
/* The device's primary context, counted: each retain needs a release. */
qiaoError_t qiaoDevicePrimaryCtxRetain(qiaoCtx_t *ctx, qiaoDevice_t device);
qiaoError_t qiaoDevicePrimaryCtxRelease(qiaoDevice_t device);
/* Frees the device's memory and state, as qiaoDeviceReset on that device. */
qiaoError_t qiaoDevicePrimaryCtxReset(qiaoDevice_t device);
qiaoError_t qiaoDevicePrimaryCtxGetState(qiaoDevice_t device, unsigned int *flags, int *active);
qiaoError_t qiaoDevicePrimaryCtxSetFlags(qiaoDevice_t device, unsigned int flags);

/* Device memory through integer addresses. A size of 0 is qiaoErrorInvalidValue, as cuMemAlloc
 * documents; an address outside every allocation is qiaoErrorInvalidValue. */
qiaoError_t qiaoMemAlloc(qiaoDeviceptr_t *dptr, size_t bytes);
qiaoError_t qiaoMemFree(qiaoDeviceptr_t dptr);
qiaoError_t qiaoMemAllocManaged(qiaoDeviceptr_t *dptr, size_t bytes, unsigned int flags);
qiaoError_t qiaoMemAllocAsync(qiaoDeviceptr_t *dptr, size_t bytes, qiaoStream_t stream);
qiaoError_t qiaoMemFreeAsync(qiaoDeviceptr_t dptr, qiaoStream_t stream);
qiaoError_t qiaoMemHostGetDevicePointer(qiaoDeviceptr_t *dptr, void *host, unsigned int flags);
qiaoError_t qiaoDrvMemPrefetchAsync(qiaoDeviceptr_t dptr, size_t count, qiaoMemLocation location,
                                    unsigned int flags, qiaoStream_t stream);
qiaoError_t qiaoDrvMemAdvise(qiaoDeviceptr_t dptr, size_t count, qiaoMemoryAdvise advice,
                             qiaoMemLocation location);
qiaoError_t qiaoDrvModuleGetGlobal(qiaoDeviceptr_t *dptr, size_t *bytes, qiaoModule_t module,
                                   const char *name);
/* Copies: synchronous ones wait for the copy, as CUDA's; Async ones are ordered in stream. */
qiaoError_t qiaoMemcpyHtoD(qiaoDeviceptr_t dst, const void *src, size_t bytes);
qiaoError_t qiaoMemcpyDtoH(void *dst, qiaoDeviceptr_t src, size_t bytes);
qiaoError_t qiaoMemcpyDtoD(qiaoDeviceptr_t dst, qiaoDeviceptr_t src, size_t bytes);
qiaoError_t qiaoMemcpyHtoDAsync(qiaoDeviceptr_t dst, const void *src, size_t bytes,
                                qiaoStream_t stream);
qiaoError_t qiaoMemcpyDtoHAsync(void *dst, qiaoDeviceptr_t src, size_t bytes, qiaoStream_t stream);
qiaoError_t qiaoMemcpyDtoDAsync(qiaoDeviceptr_t dst, qiaoDeviceptr_t src, size_t bytes,
                                qiaoStream_t stream);
/* Fills count elements of 1, 2 or 4 bytes; D16 and D32 need an address aligned to the element
 * (qiaoErrorInvalidValue otherwise). */
qiaoError_t qiaoMemsetD8(qiaoDeviceptr_t dst, unsigned char value, size_t count);
qiaoError_t qiaoMemsetD16(qiaoDeviceptr_t dst, unsigned short value, size_t count);
qiaoError_t qiaoMemsetD32(qiaoDeviceptr_t dst, unsigned int value, size_t count);
qiaoError_t qiaoMemsetD8Async(qiaoDeviceptr_t dst, unsigned char value, size_t count,
                              qiaoStream_t stream);
qiaoError_t qiaoMemsetD16Async(qiaoDeviceptr_t dst, unsigned short value, size_t count,
                               qiaoStream_t stream);
qiaoError_t qiaoMemsetD32Async(qiaoDeviceptr_t dst, unsigned int value, size_t count,
                               qiaoStream_t stream);

#ifdef __cplusplus
} /* extern "C" */

#include <qiao/driver.h>
#include <qiao/std_compat.h>

#include <tuple>
#include <type_traits>
#include <utility>

/* The options typed as cuModuleLoadDataEx types them (CUjit_option). A template, so that a null
 * options argument still means the C function alone. */
template <class Option,
          typename std::enable_if<std::is_same<Option, qiaoJitOption>::value, int>::type = 0>
inline qiaoError_t qiaoModuleLoadDataEx(qiaoModule_t *module, const void *image,
                                        unsigned int numOptions, Option *options,
                                        void **optionValues) {
  static_assert(sizeof(qiaoJitOption) == sizeof(int), "qiaoJitOption is an int");
  return qiaoModuleLoadDataEx(module, image, numOptions, reinterpret_cast<int *>(options),
                              optionValues);
}

/* cuCtxCreate as CUDA before 13.0 declared it (no creation parameters). */
inline qiaoError_t qiaoCtxCreate(qiaoCtx_t *ctx, unsigned int flags, qiaoDevice_t device) {
  return qiaoCtxCreate(ctx, nullptr, flags, device);
}

/* The channel descriptor of a texel type, as CUDA's cudaCreateChannelDesc<T>() (scalar types;
 * others give qiaoChannelFormatKindNone). */
template <class T> inline qiaoChannelFormatDesc qiaoCreateChannelDesc() {
  return qiaoCreateChannelDesc(0, 0, 0, 0, qiaoChannelFormatKindNone);
}
#define QIAO_CHANNEL_DESC(type, kind)                                                              \
  template <> inline qiaoChannelFormatDesc qiaoCreateChannelDesc<type>() {                         \
    return qiaoCreateChannelDesc(int(sizeof(type) * 8), 0, 0, 0, kind);                           \
  }
QIAO_CHANNEL_DESC(char, qiaoChannelFormatKindSigned)
QIAO_CHANNEL_DESC(signed char, qiaoChannelFormatKindSigned)
QIAO_CHANNEL_DESC(unsigned char, qiaoChannelFormatKindUnsigned)
QIAO_CHANNEL_DESC(short, qiaoChannelFormatKindSigned)
QIAO_CHANNEL_DESC(unsigned short, qiaoChannelFormatKindUnsigned)
QIAO_CHANNEL_DESC(int, qiaoChannelFormatKindSigned)
QIAO_CHANNEL_DESC(unsigned int, qiaoChannelFormatKindUnsigned)
QIAO_CHANNEL_DESC(float, qiaoChannelFormatKindFloat)
#undef QIAO_CHANNEL_DESC

/* Typed allocation overloads, as CUDA's runtime header has them for C++. */
template <class T> inline qiaoError_t qiaoMalloc(T **devPtr, size_t size) {
  return qiaoMalloc(reinterpret_cast<void **>(devPtr), size);
}
/* CUDA's C++ overloads of cudaMallocHost take flags (cudaHostAlloc's). */
inline qiaoError_t qiaoMallocHost(void **ptr, size_t size, unsigned int flags) {
  return qiaoHostAlloc(ptr, size, flags);
}
template <class T> inline qiaoError_t qiaoMallocHost(T **ptr, size_t size, unsigned int flags = 0) {
  return qiaoHostAlloc(reinterpret_cast<void **>(ptr), size, flags);
}
template <class T> inline qiaoError_t qiaoHostAlloc(T **ptr, size_t size, unsigned int flags) {
  return qiaoHostAlloc(reinterpret_cast<void **>(ptr), size, flags);
}
template <class T>
inline qiaoError_t qiaoHostGetDevicePointer(T **pDevice, void *pHost, unsigned int flags) {
  return qiaoHostGetDevicePointer(reinterpret_cast<void **>(pDevice), pHost, flags);
}
template <class T>
inline qiaoError_t qiaoMallocManaged(T **devPtr, size_t size,
                                     unsigned int flags = qiaoMemAttachGlobal) {
  return qiaoMallocManaged(reinterpret_cast<void **>(devPtr), size, flags);
}
template <class T>
inline qiaoError_t qiaoStreamAttachMemAsync(qiaoStream_t stream, T *devPtr, size_t length = 0,
                                            unsigned int flags = qiaoMemAttachSingle) {
  return qiaoStreamAttachMemAsync(stream, static_cast<void *>(devPtr), length, flags);
}
template <class T>
inline qiaoError_t qiaoMallocPitch(T **devPtr, size_t *pitch, size_t width, size_t height) {
  return qiaoMallocPitch(reinterpret_cast<void **>(devPtr), pitch, width, height);
}
template <class T> inline qiaoError_t qiaoMallocAsync(T **devPtr, size_t size, qiaoStream_t s) {
  return qiaoMallocAsync(reinterpret_cast<void **>(devPtr), size, s);
}

/* Symbols named by the variable itself, as CUDA's runtime header has them for C++: a variable
 * of a host-compiled program is registered (with its size, for bounds) the first time. Taken by
 * lvalue reference, so that a pointer value (&shadow, as the shim passes) still reaches the C
 * functions above, while a pointer-typed __device__ variable is a symbol like any other. */
namespace qiao_detail {
template <class T> inline const void *symbolOf(T &symbol) {
  qiaoRegisterHostVar(&symbol, sizeof(T));
  return &symbol;
}
} // namespace qiao_detail
template <class T>
inline qiaoError_t qiaoMemcpyToSymbol(T &symbol, const void *src, size_t count,
                                      size_t offset = 0,
                                      qiaoMemcpyKind kind = qiaoMemcpyHostToDevice) {
  return qiaoMemcpyToSymbol(qiao_detail::symbolOf(symbol), src, count, offset, kind);
}
template <class T>
inline qiaoError_t qiaoMemcpyToSymbolAsync(T &symbol, const void *src, size_t count,
                                           size_t offset = 0,
                                           qiaoMemcpyKind kind = qiaoMemcpyHostToDevice,
                                           qiaoStream_t stream = 0) {
  return qiaoMemcpyToSymbolAsync(qiao_detail::symbolOf(symbol), src, count, offset, kind, stream);
}
template <class T>
inline qiaoError_t qiaoMemcpyFromSymbol(void *dst, T &symbol, size_t count,
                                        size_t offset = 0,
                                        qiaoMemcpyKind kind = qiaoMemcpyDeviceToHost) {
  return qiaoMemcpyFromSymbol(dst, qiao_detail::symbolOf(symbol), count, offset, kind);
}
template <class T>
inline qiaoError_t qiaoMemcpyFromSymbolAsync(void *dst, T &symbol, size_t count,
                                             size_t offset = 0,
                                             qiaoMemcpyKind kind = qiaoMemcpyDeviceToHost,
                                             qiaoStream_t stream = 0) {
  return qiaoMemcpyFromSymbolAsync(dst, qiao_detail::symbolOf(symbol), count, offset, kind,
                                   stream);
}
template <class T> inline qiaoError_t qiaoGetSymbolAddress(void **devPtr, T &symbol) {
  return qiaoGetSymbolAddress(devPtr, qiao_detail::symbolOf(symbol));
}
template <class T> inline qiaoError_t qiaoGetSymbolSize(size_t *size, T &symbol) {
  return qiaoGetSymbolSize(size, qiao_detail::symbolOf(symbol));
}

/* Attributes and occupancy of a kernel named by itself, as CUDA's header has them for C++. */
namespace qiao_detail {
template <class... Params> inline const void *kernelOf(void (*kernel)(Params...)) {
  qiaoRegisterHostKernel(reinterpret_cast<const void *>(kernel));
  return reinterpret_cast<const void *>(kernel);
}
} // namespace qiao_detail
template <class... Params>
inline qiaoError_t qiaoFuncGetAttributes(qiaoFuncAttributes *attr, void (*kernel)(Params...)) {
  return qiaoFuncGetAttributes(attr, qiao_detail::kernelOf(kernel));
}
template <class... Params>
inline qiaoError_t qiaoFuncSetAttribute(void (*kernel)(Params...), qiaoFuncAttribute attr,
                                        int value) {
  return qiaoFuncSetAttribute(qiao_detail::kernelOf(kernel), attr, value);
}
template <class... Params>
inline qiaoError_t qiaoFuncSetCacheConfig(void (*kernel)(Params...), qiaoFuncCache config) {
  return qiaoFuncSetCacheConfig(qiao_detail::kernelOf(kernel), config);
}
template <class... Params>
inline qiaoError_t qiaoOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks,
                                                                 void (*kernel)(Params...),
                                                                 int blockSize,
                                                                 size_t dynamicSMemSize) {
  return qiaoOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, qiao_detail::kernelOf(kernel),
                                                       blockSize, dynamicSMemSize);
}
template <class... Params>
inline qiaoError_t qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, void (*kernel)(Params...), int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  return qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, qiao_detail::kernelOf(kernel), blockSize, dynamicSMemSize, flags);
}
template <class... Params>
inline qiaoError_t qiaoOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize,
                                                      void (*kernel)(Params...),
                                                      size_t dynamicSMemSize = 0,
                                                      int blockSizeLimit = 0) {
  return qiaoOccupancyMaxPotentialBlockSize(minGridSize, blockSize, qiao_detail::kernelOf(kernel),
                                            dynamicSMemSize, blockSizeLimit);
}
template <class... Params>
inline qiaoError_t qiaoOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                             void (*kernel)(Params...),
                                                             int numBlocks, int blockSize) {
  return qiaoOccupancyAvailableDynamicSMemPerBlock(dynamicSmemSize, qiao_detail::kernelOf(kernel),
                                                   numBlocks, blockSize);
}

/* The block size with the most resident threads per multiprocessor when the dynamic shared
 * memory depends on the block size: every multiple of the warp size up to the kernel's (and the
 * caller's) limit is tried, largest first, as CUDA's header does; the grid that fills the device
 * at that size is minGridSize. */
template <class... Params, class UnaryFunction>
inline qiaoError_t qiaoOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
    int *minGridSize, int *blockSize, void (*kernel)(Params...),
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0,
    unsigned int flags = qiaoOccupancyDefault) {
  if (!minGridSize || !blockSize || !kernel)
    return qiaoErrorInvalidValue;
  int device = 0, multiprocessors = 0, warp = 0, perMultiprocessor = 0;
  qiaoFuncAttributes attributes;
  qiaoError_t status = qiaoGetDevice(&device);
  if (!status)
    status = qiaoDeviceGetAttribute(&multiprocessors, qiaoDevAttrMultiProcessorCount, device);
  if (!status)
    status = qiaoDeviceGetAttribute(&warp, qiaoDevAttrWarpSize, device);
  if (!status)
    status =
        qiaoDeviceGetAttribute(&perMultiprocessor, qiaoDevAttrMaxThreadsPerMultiProcessor, device);
  if (!status)
    status = qiaoFuncGetAttributes(&attributes, qiao_detail::kernelOf(kernel));
  if (status)
    return status;
  int limit = attributes.maxThreadsPerBlock;
  if (blockSizeLimit > 0 && blockSizeLimit < limit)
    limit = blockSizeLimit;
  int bestBlocks = 0, bestSize = 0, bestThreads = 0;
  for (int aligned = (limit + warp - 1) / warp * warp; aligned > 0; aligned -= warp) {
    const int size = aligned < limit ? aligned : limit;
    int blocks = 0;
    status = qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &blocks, qiao_detail::kernelOf(kernel), size,
        static_cast<size_t>(blockSizeToDynamicSMemSize(size)), flags);
    if (status)
      return status;
    if (blocks * size > bestThreads) {
      bestBlocks = blocks, bestSize = size, bestThreads = blocks * size;
      if (bestThreads == perMultiprocessor)
        break; // nothing smaller can do better
    }
  }
  *minGridSize = bestBlocks * multiprocessors;
  *blockSize = bestSize;
  return qiaoSuccess;
}
template <class... Params, class UnaryFunction>
inline qiaoError_t qiaoOccupancyMaxPotentialBlockSizeVariableSMem(
    int *minGridSize, int *blockSize, void (*kernel)(Params...),
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0) {
  return qiaoOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, kernel, blockSizeToDynamicSMemSize, blockSizeLimit);
}
template <class... Params>
inline qiaoError_t qiaoOccupancyMaxPotentialBlockSizeWithFlags(
    int *minGridSize, int *blockSize, void (*kernel)(Params...), size_t dynamicSMemSize = 0,
    int blockSizeLimit = 0, unsigned int flags = qiaoOccupancyDefault) {
  return qiaoOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, kernel, [=](int) { return dynamicSMemSize; }, blockSizeLimit, flags);
}

/* CUDA's C++ overload of cudaEventCreate with flags. */
inline qiaoError_t qiaoEventCreate(qiaoEvent_t *event, unsigned int flags) {
  return qiaoEventCreateWithFlags(event, flags);
}

/* qiaoLaunchKernelGGL(kernel, grid, block, sharedBytes, stream, args...): converts each argument
 * to the kernel's parameter type and launches: the PTX kernel registered for `kernel` when there
 * is one, otherwise `kernel` itself as a host-compiled kernel, through a trampoline instantiated
 * for its parameter types (qiao_detail::hostEntry). Errors are left for qiaoGetLastError, as
 * with a <<<>>> launch. The typed qiaoLaunchKernel overload does the same for a launch written
 * with an argument-pointer array (cudaLaunchKernel translated). */
namespace qiao_detail {
template <class Tuple, size_t... I>
inline void qiaoArgPointers(Tuple &values, void **out, std::index_sequence<I...>) {
  ((out[I] = const_cast<void *>(static_cast<const void *>(&std::get<I>(values)))), ...);
}

/* The thread of a host-compiled kernel the calling host thread runs now (set by the
 * trampoline; the builtins of qiao/device.h read it). */
inline thread_local qiaoDrvHostThread *currentThread = nullptr;

/* Loads CUDA's built-in variables (threadIdx ...) for a thread; qiao/device.h, which defines
 * them, installs it. */
inline void (*loadBuiltins)(qiaoDrvHostThread *thread) = nullptr;

/* The calling host thread starts or resumes running `t`. */
inline void enterThread(qiaoDrvHostThread *t) {
  currentThread = t;
  if (loadBuiltins)
    loadBuiltins(t);
}
/* The builtins of qiao/device.h that may suspend the calling thread (barriers, warp
 * collectives) store it back here before returning, since the fibers of a block share the host
 * thread. */

/* The argument buffer of a host-compiled launch: the kernel and its arguments. */
template <class... Params> struct HostLaunchPack {
  void (*kernel)(Params...);
  std::tuple<std::decay_t<Params>...> args;
};

template <class... Params> void hostEntry(qiaoDrvHostThread *thread) {
  enterThread(thread);
  const auto *pack = static_cast<const HostLaunchPack<Params...> *>(thread->params);
  /* Each thread gets its own copy of the arguments, as each CUDA thread reads them from
   * parameter space into its own registers. */
  ::qiao_std::apply([&](const auto &...values) { pack->kernel(values...); }, pack->args);
  currentThread = nullptr;
}

template <class... Params>
inline qiaoError_t launchPack(HostLaunchPack<Params...> &pack, dim3 grid, dim3 block,
                              size_t sharedBytes, qiaoStream_t stream) {
  void *pointers[sizeof...(Params) + 1] = {nullptr};
  qiaoArgPointers(pack.args, pointers, std::index_sequence_for<Params...>{});
  return qiaoLaunchHostKernel(reinterpret_cast<const void *>(pack.kernel), &hostEntry<Params...>,
                              grid, block, pointers, &pack, sizeof(pack), sharedBytes, stream);
}
} // namespace qiao_detail

template <class... Params, class... Args>
inline void qiaoLaunchKernelGGL(void (*kernel)(Params...), dim3 grid, dim3 block,
                                size_t sharedBytes, qiaoStream_t stream, Args &&...args) {
  static_assert(sizeof...(Params) == sizeof...(Args), "wrong number of kernel arguments");
  qiao_detail::HostLaunchPack<Params...> pack{kernel, {std::forward<Args>(args)...}};
  qiao_detail::launchPack(pack, grid, block, sharedBytes, stream);
}

namespace qiao_detail {
/* A cooperative launch of a kernel whose device code qiao-c++ registered (PTX): every block
 * resident at once and the grid's barrier workspace, which grid.sync() needs. A host-compiled
 * kernel has no grid barrier (qiao/cooperative_groups_grid.h): the device code path refuses it
 * (qiaoErrorInvalidDeviceFunction, not left as the last error unless an earlier one was) and
 * `plain` launches it as any other. */
template <class Plain>
inline qiaoError_t launchCooperative(const void *kernel, dim3 grid, dim3 block, void **args,
                                     size_t sharedBytes, qiaoStream_t stream, Plain plain) {
  const qiaoError_t earlier = qiaoPeekAtLastError();
  const qiaoError_t error =
      qiaoLaunchCooperativeKernel(kernel, grid, block, args, sharedBytes, stream);
  if (error != qiaoErrorInvalidDeviceFunction)
    return error;
  if (earlier == qiaoSuccess)
    qiaoGetLastError();
  return plain();
}
} // namespace qiao_detail

/* qiaoLaunchKernelEx(config, kernel, args...): a launch with its configuration in a struct,
 * attributes checked; returns the launch's error, as cudaLaunchKernelEx. */
template <class... Params, class... Args>
inline qiaoError_t qiaoLaunchKernelEx(const qiaoLaunchConfig_t *config, void (*kernel)(Params...),
                                      Args &&...args) {
  static_assert(sizeof...(Params) == sizeof...(Args), "wrong number of kernel arguments");
  if (qiaoError_t bad = qiaoLaunchConfigCheck(config))
    return bad;
  qiao_detail::HostLaunchPack<Params...> pack{kernel, {std::forward<Args>(args)...}};
  auto plain = [&] {
    return qiao_detail::launchPack(pack, config->gridDim, config->blockDim,
                                   config->dynamicSmemBytes, config->stream);
  };
  bool cooperative = false;
  for (unsigned i = 0; i < config->numAttrs; ++i)
    if (config->attrs[i].id == qiaoLaunchAttributeCooperative)
      cooperative = config->attrs[i].val.cooperative != 0;
  if (!cooperative)
    return plain();
  void *pointers[sizeof...(Params) + 1] = {nullptr};
  qiao_detail::qiaoArgPointers(pack.args, pointers, std::index_sequence_for<Params...>{});
  return qiao_detail::launchCooperative(reinterpret_cast<const void *>(kernel), config->gridDim,
                                        config->blockDim, pointers, config->dynamicSmemBytes,
                                        config->stream, plain);
}

/* A kernel template whose template arguments cannot be written out (a lambda's closure type):
 * qiaoLaunchKernelGGL(QIAO_KERNEL_TEMPLATE(forEach), grid, block, shared, stream, n, lambda)
 * deduces them from the arguments, as the <<<>>> launch did. qiao-translate writes this form. */
#if defined(__CUDA_ARCH__)
/* qiao-c++'s device pass (qiao/device.h): a kernel launched so stays host-compiled, since its
 * launch runs the trampoline below, not the kernel; the pass need not instantiate it. */
#define QIAO_KERNEL_TEMPLATE(kernel) [](auto...) {}
#else
#define QIAO_KERNEL_TEMPLATE(kernel) [](auto... qiaoKernelArguments) { kernel(qiaoKernelArguments...); }
#endif

template <
    class Launcher, class... Args,
    std::enable_if_t<std::is_empty<Launcher>::value && std::is_class<Launcher>::value, int> = 0>
inline void qiaoLaunchKernelGGL(Launcher launcher, dim3 grid, dim3 block, size_t sharedBytes,
                                qiaoStream_t stream, Args &&...args) {
  /* One trampoline per launcher and argument types: the kernel template is instantiated by the
   * call inside, with the arguments' types. The launcher is stateless, so one copy kept for the
   * trampoline is every launcher of its type (a lambda has no default constructor before
   * C++20). */
  static const Launcher held = launcher;
  void (*kernel)(std::decay_t<Args>...) = [](std::decay_t<Args>... values) { held(values...); };
  qiaoLaunchKernelGGL(kernel, grid, block, sharedBytes, stream, std::forward<Args>(args)...);
}

template <class... Params>
inline qiaoError_t qiaoLaunchKernel(void (*kernel)(Params...), dim3 grid, dim3 block, void **args,
                                    size_t sharedBytes = 0, qiaoStream_t stream = 0) {
  if (sizeof...(Params) != 0 && !args)
    return qiaoLaunchKernel(reinterpret_cast<const void *>(kernel), grid, block, args,
                            sharedBytes, stream);
  [[maybe_unused]] size_t i = 0;
  qiao_detail::HostLaunchPack<Params...> pack{
      kernel, {*static_cast<std::decay_t<Params> *>(args[i++])...}};
  return qiao_detail::launchPack(pack, grid, block, sharedBytes, stream);
}

template <class... Params>
inline qiaoError_t qiaoLaunchCooperativeKernel(void (*kernel)(Params...), dim3 grid, dim3 block,
                                               void **args, size_t sharedBytes = 0,
                                               qiaoStream_t stream = 0) {
  return qiao_detail::launchCooperative(
      reinterpret_cast<const void *>(kernel), grid, block, args, sharedBytes, stream,
      [&] { return qiaoLaunchKernel(kernel, grid, block, args, sharedBytes, stream); });
}
#endif

#endif /* QIAO_RUNTIME_H */
