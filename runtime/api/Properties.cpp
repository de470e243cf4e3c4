#include "Properties.h"

#include "support/DeviceAttributes.h"

#include <cstring>

namespace qiao::rt {

qiaoDeviceProp_t makeProperties(const qiaoDrvDeviceInfo &info, int device) {
  qiaoDeviceProp_t p;
  std::memset(&p, 0, sizeof p);
  std::memcpy(p.name, info.name, sizeof p.name);
  p.name[sizeof p.name - 1] = '\0';
  std::memcpy(p.uuid.bytes, info.uuid, sizeof p.uuid.bytes);
  p.totalGlobalMem = info.totalGlobalMem;
  // Sizes past INT_MAX, which their attributes clamp.
  p.sharedMemPerBlock = info.sharedMemPerBlock;
  p.memPitch = info.memPitchMax;
  p.totalConstMem = info.totalConstMem;
  p.textureAlignment = info.textureAlignment;
  p.texturePitchAlignment = info.texturePitchAlignment;
  p.surfaceAlignment = info.textureAlignment;
  p.sharedMemPerMultiprocessor = info.sharedMemPerMultiprocessor;
  p.sharedMemPerBlockOptin = info.sharedMemPerBlockOptin;

  // Every other field has an attribute, so that the two answers cannot disagree.
  auto attribute = [&](int number) {
    int value = 0;
    deviceAttributeValue(info, device, number, value);
    return value;
  };
  p.regsPerBlock = attribute(qiaoDevAttrMaxRegistersPerBlock);
  p.warpSize = attribute(qiaoDevAttrWarpSize);
  p.maxThreadsPerBlock = attribute(qiaoDevAttrMaxThreadsPerBlock);
  for (int i = 0; i < 3; ++i) {
    p.maxThreadsDim[i] = attribute(qiaoDevAttrMaxBlockDimX + i);
    p.maxGridSize[i] = attribute(qiaoDevAttrMaxGridDimX + i);
    p.maxTexture3D[i] = attribute(qiaoDevAttrMaxTexture3DWidth + i);
    p.maxTexture3DAlt[i] = attribute(qiaoDevAttrMaxTexture3DWidthAlt + i);
    p.maxTexture2DLayered[i] = attribute(qiaoDevAttrMaxTexture2DLayeredWidth + i);
    p.maxTexture2DLinear[i] = attribute(qiaoDevAttrMaxTexture2DLinearWidth + i);
    p.maxSurface3D[i] = attribute(qiaoDevAttrMaxSurface3DWidth + i);
    p.maxSurface2DLayered[i] = attribute(qiaoDevAttrMaxSurface2DLayeredWidth + i);
  }
  for (int i = 0; i < 2; ++i) {
    p.maxTexture2D[i] = attribute(qiaoDevAttrMaxTexture2DWidth + i);
    p.maxTexture2DMipmap[i] = attribute(qiaoDevAttrMaxTexture2DMipmappedWidth + i);
    p.maxTexture2DGather[i] = attribute(qiaoDevAttrMaxTexture2DGatherWidth + i);
    p.maxTexture1DLayered[i] = attribute(qiaoDevAttrMaxTexture1DLayeredWidth + i);
    p.maxTextureCubemapLayered[i] = attribute(qiaoDevAttrMaxTextureCubemapLayeredWidth + i);
    p.maxSurface2D[i] = attribute(qiaoDevAttrMaxSurface2DWidth + i);
    p.maxSurface1DLayered[i] = attribute(qiaoDevAttrMaxSurface1DLayeredWidth + i);
    p.maxSurfaceCubemapLayered[i] = attribute(qiaoDevAttrMaxSurfaceCubemapLayeredWidth + i);
  }
  p.maxTexture1D = attribute(qiaoDevAttrMaxTexture1DWidth);
  p.maxTexture1DMipmap = attribute(qiaoDevAttrMaxTexture1DMipmappedWidth);
  p.maxTextureCubemap = attribute(qiaoDevAttrMaxTextureCubemapWidth);
  p.maxSurface1D = attribute(qiaoDevAttrMaxSurface1DWidth);
  p.maxSurfaceCubemap = attribute(qiaoDevAttrMaxSurfaceCubemapWidth);
  p.major = attribute(qiaoDevAttrComputeCapabilityMajor);
  p.minor = attribute(qiaoDevAttrComputeCapabilityMinor);
  p.multiProcessorCount = attribute(qiaoDevAttrMultiProcessorCount);
  p.integrated = attribute(qiaoDevAttrIntegrated);
  p.canMapHostMemory = attribute(qiaoDevAttrCanMapHostMemory);
  p.concurrentKernels = attribute(qiaoDevAttrConcurrentKernels);
  p.ECCEnabled = attribute(qiaoDevAttrEccEnabled);
  p.pciBusID = attribute(qiaoDevAttrPciBusId);
  p.pciDeviceID = attribute(qiaoDevAttrPciDeviceId);
  p.pciDomainID = attribute(qiaoDevAttrPciDomainId);
  p.tccDriver = attribute(qiaoDevAttrTccDriver);
  p.asyncEngineCount = attribute(qiaoDevAttrAsyncEngineCount);
  p.unifiedAddressing = attribute(qiaoDevAttrUnifiedAddressing);
  p.memoryBusWidth = attribute(qiaoDevAttrGlobalMemoryBusWidth);
  p.l2CacheSize = attribute(qiaoDevAttrL2CacheSize);
  p.persistingL2CacheMaxSize = attribute(qiaoDevAttrMaxPersistingL2CacheSize);
  p.maxThreadsPerMultiProcessor = attribute(qiaoDevAttrMaxThreadsPerMultiProcessor);
  p.streamPrioritiesSupported = attribute(qiaoDevAttrStreamPrioritiesSupported);
  p.globalL1CacheSupported = attribute(qiaoDevAttrGlobalL1CacheSupported);
  p.localL1CacheSupported = attribute(qiaoDevAttrLocalL1CacheSupported);
  p.regsPerMultiprocessor = attribute(qiaoDevAttrMaxRegistersPerMultiprocessor);
  p.managedMemory = attribute(qiaoDevAttrManagedMemory);
  p.isMultiGpuBoard = attribute(qiaoDevAttrIsMultiGpuBoard);
  p.multiGpuBoardGroupID = attribute(qiaoDevAttrMultiGpuBoardGroupID);
  p.hostNativeAtomicSupported = attribute(qiaoDevAttrHostNativeAtomicSupported);
  p.pageableMemoryAccess = attribute(qiaoDevAttrPageableMemoryAccess);
  p.concurrentManagedAccess = attribute(qiaoDevAttrConcurrentManagedAccess);
  p.computePreemptionSupported = attribute(qiaoDevAttrComputePreemptionSupported);
  p.canUseHostPointerForRegisteredMem = attribute(qiaoDevAttrCanUseHostPointerForRegisteredMem);
  p.cooperativeLaunch = attribute(qiaoDevAttrCooperativeLaunch);
  p.pageableMemoryAccessUsesHostPageTables =
      attribute(qiaoDevAttrPageableMemoryAccessUsesHostPageTables);
  p.directManagedMemAccessFromHost = attribute(qiaoDevAttrDirectManagedMemAccessFromHost);
  p.maxBlocksPerMultiProcessor = attribute(qiaoDevAttrMaxBlocksPerMultiprocessor);
  p.accessPolicyMaxWindowSize = attribute(qiaoDevAttrMaxAccessPolicyWindowSize);
  p.reservedSharedMemPerBlock = attribute(qiaoDevAttrReservedSharedMemoryPerBlock);
  p.hostRegisterSupported = attribute(qiaoDevAttrHostRegisterSupported);
  p.sparseCudaArraySupported = attribute(qiaoDevAttrSparseCudaArraySupported);
  p.hostRegisterReadOnlySupported = attribute(qiaoDevAttrHostRegisterReadOnlySupported);
  p.timelineSemaphoreInteropSupported = attribute(qiaoDevAttrTimelineSemaphoreInteropSupported);
  p.memoryPoolsSupported = attribute(qiaoDevAttrMemoryPoolsSupported);
  p.gpuDirectRDMASupported = attribute(qiaoDevAttrGPUDirectRDMASupported);
  p.gpuDirectRDMAFlushWritesOptions = attribute(qiaoDevAttrGPUDirectRDMAFlushWritesOptions);
  p.gpuDirectRDMAWritesOrdering = attribute(qiaoDevAttrGPUDirectRDMAWritesOrdering);
  p.memoryPoolSupportedHandleTypes = attribute(qiaoDevAttrMemoryPoolSupportedHandleTypes);
  p.deferredMappingCudaArraySupported = attribute(qiaoDevAttrDeferredMappingCudaArraySupported);
  p.ipcEventSupported = attribute(qiaoDevAttrIpcEventSupport);
  p.clusterLaunch = attribute(qiaoDevAttrClusterLaunch);
  p.unifiedFunctionPointers = attribute(129); // cudaDeviceAttr calls it Reserved129
  p.deviceNumaConfig = attribute(qiaoDevAttrNumaConfig);
  p.deviceNumaId = attribute(qiaoDevAttrNumaId);
  p.mpsEnabled = attribute(qiaoDevAttrMpsEnabled);
  p.hostNumaId = attribute(qiaoDevAttrHostNumaId);
  p.gpuPciDeviceID = attribute(qiaoDevAttrGpuPciDeviceId);
  p.gpuPciSubsystemID = attribute(qiaoDevAttrGpuPciSubsystemId);
  p.hostNumaMultinodeIpcSupported = attribute(qiaoDevAttrHostNumaMultinodeIpcSupported);
  return p;
}

Expected<int> attributeValue(const qiaoDrvDeviceInfo &info, int device, int attribute) {
  int value = 0;
  if (!deviceAttributeValue(info, device, attribute, value))
    return Error{1, "unknown device attribute"};
  return value;
}

} // namespace qiao::rt
