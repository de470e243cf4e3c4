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
  p.sharedMemPerBlock = info.sharedMemPerBlock;
  p.regsPerBlock = info.regsPerBlock;
  p.warpSize = info.warpSize;
  p.memPitch = info.memPitchMax;
  p.maxThreadsPerBlock = info.maxThreadsPerBlock;
  for (int i = 0; i < 3; ++i) {
    p.maxThreadsDim[i] = info.maxThreadsDim[i];
    p.maxGridSize[i] = info.maxGridSize[i];
  }
  p.totalConstMem = info.totalConstMem;
  p.major = info.computeMajor;
  p.minor = info.computeMinor;
  p.textureAlignment = info.textureAlignment;
  p.texturePitchAlignment = info.texturePitchAlignment;
  p.multiProcessorCount = info.multiProcessorCount;
  p.integrated = info.integrated;
  p.canMapHostMemory = info.canMapHostMemory;
  p.surfaceAlignment = info.textureAlignment;
  p.concurrentKernels = info.concurrentKernels;
  p.pciBusID = info.pciBusId;
  p.pciDeviceID = info.pciDeviceId;
  p.pciDomainID = info.pciDomainId;
  p.asyncEngineCount = info.asyncEngineCount;
  p.unifiedAddressing = info.unifiedAddressing;
  p.memoryBusWidth = info.memoryBusWidth;
  p.l2CacheSize = info.l2CacheSize;
  p.maxThreadsPerMultiProcessor = info.maxThreadsPerMultiProcessor;
  p.streamPrioritiesSupported = 1;
  p.cooperativeLaunch = info.cooperativeLaunch;
  p.clusterLaunch = info.clusterLaunch;
  p.globalL1CacheSupported = 1;
  p.localL1CacheSupported = 1;
  p.sharedMemPerMultiprocessor = info.sharedMemPerMultiprocessor;
  p.regsPerMultiprocessor = info.regsPerMultiprocessor;
  p.managedMemory = info.managedMemory;
  p.hostNativeAtomicSupported = 0;
  p.pageableMemoryAccess = 0;
  p.concurrentManagedAccess = info.concurrentManagedAccess;
  p.canUseHostPointerForRegisteredMem = info.unifiedAddressing;
  p.sharedMemPerBlockOptin = info.sharedMemPerBlockOptin;
  // Compute capability 8.0 and later reserve 1 KiB of every block's shared memory for the system
  // (cooperative groups' scratch, %reserved_smem_offset_*); Qiao presents such devices only.
  p.reservedSharedMemPerBlock = 1024;
  p.directManagedMemAccessFromHost = 0;
  p.maxBlocksPerMultiProcessor = info.maxBlocksPerMultiProcessor;
  p.hostRegisterSupported = 1;
  p.hostRegisterReadOnlySupported = 1;
  p.memoryPoolsSupported = 1;
  p.deviceNumaId = -1;
  p.hostNumaId = -1;
  p.multiGpuBoardGroupID = device;
  return p;
}

Expected<int> attributeValue(const qiaoDrvDeviceInfo &info, int device, int attribute) {
  int value = 0;
  if (!deviceAttributeValue(info, device, attribute, value))
    return Error{1, "unknown device attribute"};
  return value;
}

} // namespace qiao::rt
