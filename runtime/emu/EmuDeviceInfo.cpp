#include "EmuDeviceInfo.h"

#include "support/SeamStructs.h"

#include <algorithm>
#include <cstring>
#include <thread>
#include <unistd.h>

namespace qiao::emu {
namespace {

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;

// Fixed, so that programs which key caches or logs on the device UUID see the same device every
// run. Version 4 / RFC 4122 variant bits are set so tools that parse it accept it. The last byte
// is the device's index added to '0'.
constexpr uint8_t kUuid[16] = {0x71, 0x69, 0x61, 0x6f, 0x2d, 0x65, 0x4d, 0x75,
                               0x8d, 0x65, 0x76, 0x69, 0x63, 0x65, 0x2d, 0x30};

} // namespace

uint64_t hostMemoryBudget() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long pageSize = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || pageSize <= 0)
    return 1024 * kMiB;
  const uint64_t half = uint64_t(pages) * uint64_t(pageSize) / 2;
  return half / kMiB * kMiB;
}

qiaoDrvDeviceInfo makeEmuDeviceInfo(uint64_t totalGlobalMem, int32_t index,
                                    const EmuArchitecture &architecture) {
  auto info = seamStruct<qiaoDrvDeviceInfo>();
  std::strncpy(info.name, "Qiao Emulated Device (CPU)", sizeof(info.name) - 1);
  std::memcpy(info.uuid, kUuid, sizeof(info.uuid));
  info.uuid[15] = uint8_t(kUuid[15] + index);
  info.computeMajor = architecture.major;
  info.computeMinor = architecture.minor;
  info.totalGlobalMem = totalGlobalMem;
  // Shared-memory limits are those of the compute capability: 48 KiB without opt-in, more per
  // block with cudaFuncAttributeMaxDynamicSharedMemorySize (163 KiB on 8.0).
  info.sharedMemPerBlock = 48 * kKiB;
  info.sharedMemPerBlockOptin = architecture.sharedKiBPerBlockOptin * kKiB;
  info.sharedMemPerMultiprocessor = architecture.sharedKiBPerSm * kKiB;
  info.totalConstMem = 64 * kKiB;
  info.regsPerBlock = 65536;
  info.regsPerMultiprocessor = 65536;
  info.warpSize = 32;
  info.maxThreadsPerBlock = 1024;
  info.maxThreadsDim[0] = 1024;
  info.maxThreadsDim[1] = 1024;
  info.maxThreadsDim[2] = 64;
  info.maxGridSize[0] = 2147483647;
  info.maxGridSize[1] = 65535;
  info.maxGridSize[2] = 65535;
  info.maxThreadsPerMultiProcessor = architecture.threadsPerSm;
  info.maxBlocksPerMultiProcessor = architecture.blocksPerSm;
  // Blocks run on a pool of one host thread per hardware thread: each is one multiprocessor.
  info.multiProcessorCount = int32_t(std::max(1u, std::thread::hardware_concurrency()));
  info.clockRateKHz = 1410000;
  info.memoryClockRateKHz = 1215000;
  info.memoryBusWidth = 5120;
  info.l2CacheSize = int32_t(40 * kMiB);
  // One bus per device, as in a machine with a GPU per PCIe slot; device 0 keeps bus 0.
  info.pciBusId = index;
  info.pciDeviceId = 0;
  info.pciDomainId = 0;
  info.asyncEngineCount = 1;
  info.unifiedAddressing = 1;
  info.managedMemory = 1;
  info.concurrentManagedAccess = 1;
  info.canMapHostMemory = 1;
  info.concurrentKernels = 1;
  // Reported as a discrete device so programs take their ordinary copy paths, which the
  // conformance suite compares against real GPUs; mapped memory works either way.
  info.integrated = 0;
  info.memPitchMax = 2147483647;
  info.textureAlignment = 512;
  info.texturePitchAlignment = 32;
  info.cooperativeLaunch = 1; // cooperative grids get a thread per block (GridExecutor)
  // Thread block clusters, as on hardware of compute capability 9.0 and later: each cluster's
  // blocks run together on one host thread (GridExecutor).
  info.clusterLaunch = info.computeMajor >= 9 ? 1 : 0;
  return info;
}

} // namespace qiao::emu
