// cudaGetDeviceProperties, cudaDeviceGetAttribute and cudaChooseDevice. qiaoDeviceProp_t mirrors
// CUDA 13's cudaDeviceProp field by field; the asserts below prove it, offset by offset, so the
// structs are copied whole.
#include "QiaoCuda.h"

#include <cstddef>
#include <cstring>

using namespace qiao::cudart;

namespace {

#define QIAO_PROP_FIELDS(X)                                                                                        \
  X(name)                                                                                                          \
  X(uuid)                                                                                                          \
  X(luid) X(luidDeviceNodeMask) X(totalGlobalMem) X(sharedMemPerBlock) X(regsPerBlock) X(                          \
      warpSize) X(memPitch) X(maxThreadsPerBlock) X(maxThreadsDim) X(maxGridSize) X(totalConstMem)                 \
      X(major) X(minor) X(textureAlignment) X(texturePitchAlignment) X(multiProcessorCount) X(                     \
          integrated) X(canMapHostMemory) X(maxTexture1D) X(maxTexture1DMipmap) X(maxTexture2D)                    \
          X(maxTexture2DMipmap) X(maxTexture2DLinear) X(maxTexture2DGather) X(maxTexture3D) X(                     \
              maxTexture3DAlt) X(maxTextureCubemap) X(maxTexture1DLayered) X(maxTexture2DLayered)                  \
              X(maxTextureCubemapLayered) X(maxSurface1D) X(maxSurface2D) X(maxSurface3D) X(                       \
                  maxSurface1DLayered) X(maxSurface2DLayered) X(maxSurfaceCubemap)                                 \
                  X(maxSurfaceCubemapLayered) X(surfaceAlignment) X(concurrentKernels) X(                          \
                      ECCEnabled) X(pciBusID) X(pciDeviceID) X(pciDomainID) X(tccDriver)                           \
                      X(asyncEngineCount) X(unifiedAddressing) X(memoryBusWidth) X(l2CacheSize) X(                 \
                          persistingL2CacheMaxSize) X(maxThreadsPerMultiProcessor)                                 \
                          X(streamPrioritiesSupported) X(globalL1CacheSupported) X(                                \
                              localL1CacheSupported) X(sharedMemPerMultiprocessor)                                 \
                              X(regsPerMultiprocessor) X(managedMemory) X(isMultiGpuBoard) X(                      \
                                  multiGpuBoardGroupID) X(hostNativeAtomicSupported)                               \
                                  X(pageableMemoryAccess) X(concurrentManagedAccess) X(                            \
                                      computePreemptionSupported) X(canUseHostPointerForRegisteredMem)             \
                                      X(cooperativeLaunch) X(sharedMemPerBlockOptin) X(                            \
                                          pageableMemoryAccessUsesHostPageTables)                                  \
                                          X(directManagedMemAccessFromHost) X(                                     \
                                              maxBlocksPerMultiProcessor) X(accessPolicyMaxWindowSize)             \
                                              X(reservedSharedMemPerBlock) X(                                      \
                                                  hostRegisterSupported) X(sparseCudaArraySupported)               \
                                                  X(hostRegisterReadOnlySupported) X(                              \
                                                      timelineSemaphoreInteropSupported)                           \
                                                      X(memoryPoolsSupported) X(                                   \
                                                          gpuDirectRDMASupported)                                  \
                                                          X(gpuDirectRDMAFlushWritesOptions) X(                    \
                                                              gpuDirectRDMAWritesOrdering)                         \
                                                              X(memoryPoolSupportedHandleTypes) X(                 \
                                                                  deferredMappingCudaArraySupported)               \
                                                                  X(ipcEventSupported) X(                          \
                                                                      clusterLaunch)                               \
                                                                      X(unifiedFunctionPointers) X(                \
                                                                          deviceNumaConfig)                        \
                                                                          X(deviceNumaId) X(                       \
                                                                              mpsEnabled) X(hostNumaId)            \
                                                                              X(gpuPciDeviceID) X(                 \
                                                                                  gpuPciSubsystemID)               \
                                                                                  X(hostNumaMultinodeIpcSupported) \
                                                                                      X(reserved)

#define QIAO_SAME_FIELD(field)                                                                     \
  static_assert(offsetof(cudaDeviceProp, field) == offsetof(qiaoDeviceProp_t, field));             \
  static_assert(sizeof(cudaDeviceProp::field) == sizeof(qiaoDeviceProp_t::field));
QIAO_PROP_FIELDS(QIAO_SAME_FIELD)
#undef QIAO_SAME_FIELD
static_assert(sizeof(cudaDeviceProp) == sizeof(qiaoDeviceProp_t));

static_assert(int(qiaoDevAttrMaxThreadsPerBlock) == int(cudaDevAttrMaxThreadsPerBlock));
static_assert(int(qiaoDevAttrComputeCapabilityMajor) == int(cudaDevAttrComputeCapabilityMajor));
static_assert(int(qiaoDevAttrHostNumaMultinodeIpcSupported) ==
              int(cudaDevAttrHostNumaMultinodeIpcSupported));

} // namespace

extern "C" {

// CUDA 13's header declares cudaGetDeviceProperties itself (no _v2 alias); the library exports
// that name.
cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device) {
  cudaError_t result = cudaErrorInvalidValue;
  if (prop != nullptr) {
    qiaoDeviceProp_t props{};
    result = toCuda(qiaoGetDeviceProperties(&props, device));
    if (result == cudaSuccess)
      std::memcpy(prop, &props, sizeof props);
  } else {
    result = toCuda(qiaoGetDeviceProperties(nullptr, device));
  }
  return QIAO_TRACED(result, prop, device);
}

cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device) {
  return QIAO_TRACED(
      toCuda(qiaoDeviceGetAttribute(value, static_cast<qiaoDeviceAttr>(attr), device)), value, attr,
      device);
}

cudaError_t cudaChooseDevice(int *device, const cudaDeviceProp *prop) {
  cudaError_t result;
  if (prop == nullptr) {
    result = toCuda(qiaoChooseDevice(device, nullptr));
  } else {
    qiaoDeviceProp_t wanted;
    std::memcpy(&wanted, prop, sizeof wanted);
    result = toCuda(qiaoChooseDevice(device, &wanted));
  }
  return QIAO_TRACED(result, device, prop);
}

} // extern "C"
