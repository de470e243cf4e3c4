// Device selection, properties and attributes, limits, flags, peers, PCI ids.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstring>
#include <thread>

namespace {

TEST(Device, CountAndSelection) {
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  ASSERT_GE(count, 1);
  EXPECT_EQ(qiaoGetDeviceCount(nullptr), qiaoErrorInvalidValue);
  int device = -1;
  EXPECT_EQ(qiaoGetDevice(&device), qiaoSuccess);
  EXPECT_EQ(device, 0);
  EXPECT_EQ(qiaoSetDevice(count), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoSetDevice(-1), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoGetDevice(&device), qiaoSuccess);
  EXPECT_EQ(device, 0);
  EXPECT_EQ(qiaoSetDevice(count - 1), qiaoSuccess);
  EXPECT_EQ(qiaoGetDevice(&device), qiaoSuccess);
  EXPECT_EQ(device, count - 1);
  // The current device is per host thread.
  int seen = -1;
  std::thread([&] { qiaoGetDevice(&seen); }).join();
  EXPECT_EQ(seen, 0);
  EXPECT_EQ(qiaoSetDevice(0), qiaoSuccess);
  EXPECT_EQ(qiaoGetDevice(nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Device, PropertiesDescribeACudaDevice) {
  qiaoDeviceProp_t prop;
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  EXPECT_GE(prop.major, 8);
  EXPECT_EQ(prop.warpSize, 32);
  EXPECT_EQ(prop.maxThreadsPerBlock, 1024);
  EXPECT_EQ(prop.sharedMemPerBlock, 48u * 1024);
  EXPECT_GE(prop.sharedMemPerBlockOptin, prop.sharedMemPerBlock);
  EXPECT_EQ(prop.unifiedAddressing, 1);
  EXPECT_EQ(prop.managedMemory, 1);
  EXPECT_GT(std::strlen(prop.name), 0u);
  EXPECT_EQ(qiaoGetDeviceProperties(nullptr, 0), qiaoErrorInvalidValue);
  int count = 0;
  qiaoGetDeviceCount(&count);
  EXPECT_EQ(qiaoGetDeviceProperties(&prop, count), qiaoErrorInvalidDevice);
  qiaoGetLastError();
}

TEST(Device, AttributesAgreeWithProperties) {
  qiaoDeviceProp_t prop;
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  struct {
    qiaoDeviceAttr attr;
    int expected;
  } cases[] = {
      {qiaoDevAttrMaxThreadsPerBlock, prop.maxThreadsPerBlock},
      {qiaoDevAttrMaxBlockDimX, prop.maxThreadsDim[0]},
      {qiaoDevAttrMaxBlockDimZ, prop.maxThreadsDim[2]},
      {qiaoDevAttrMaxGridDimX, prop.maxGridSize[0]},
      {qiaoDevAttrMaxGridDimY, prop.maxGridSize[1]},
      {qiaoDevAttrWarpSize, 32},
      {qiaoDevAttrMultiProcessorCount, prop.multiProcessorCount},
      {qiaoDevAttrComputeCapabilityMajor, prop.major},
      {qiaoDevAttrComputeCapabilityMinor, prop.minor},
      {qiaoDevAttrMaxSharedMemoryPerBlock, int(prop.sharedMemPerBlock)},
      {qiaoDevAttrMaxSharedMemoryPerBlockOptin, int(prop.sharedMemPerBlockOptin)},
      {qiaoDevAttrUnifiedAddressing, 1},
      {qiaoDevAttrPciBusId, prop.pciBusID},
      {qiaoDevAttrMaxTexture1DWidth, prop.maxTexture1D},
      {qiaoDevAttrMaxTexture2DHeight, prop.maxTexture2D[1]},
      {qiaoDevAttrMaxTexture3DDepthAlt, prop.maxTexture3DAlt[2]},
      {qiaoDevAttrMaxTexture2DLinearPitch, prop.maxTexture2DLinear[2]},
      {qiaoDevAttrMaxSurface2DLayeredLayers, prop.maxSurface2DLayered[2]},
      {qiaoDevAttrMaxTextureCubemapWidth, prop.maxTextureCubemap},
      {qiaoDevAttrEccEnabled, prop.ECCEnabled},
      {qiaoDevAttrHostNativeAtomicSupported, prop.hostNativeAtomicSupported},
      {qiaoDevAttrComputePreemptionSupported, prop.computePreemptionSupported},
      {qiaoDevAttrDirectManagedMemAccessFromHost, prop.directManagedMemAccessFromHost},
      {qiaoDevAttrMaxAccessPolicyWindowSize, prop.accessPolicyMaxWindowSize},
      {qiaoDevAttrMemoryPoolsSupported, prop.memoryPoolsSupported},
      {qiaoDevAttrClusterLaunch, prop.clusterLaunch},
      {qiaoDevAttrHostNumaId, prop.hostNumaId},
  };
  for (auto &c : cases) {
    int value = -12345;
    EXPECT_EQ(qiaoDeviceGetAttribute(&value, c.attr, 0), qiaoSuccess) << c.attr;
    EXPECT_EQ(value, c.expected) << c.attr;
  }
  qiaoGetLastError();
}

// What the emulated device is: textures and surfaces of 1 to 3 dimensions and layers with the
// limits of compute capability 8.x; no cubemaps, mipmaps, gathers, virtual memory management,
// stream memory operations or interop; host atomics and managed memory shared with the host.
TEST(Device, AttributesDescribeTheEmulatedDevice) {
  struct {
    int attr, expected;
  } cases[] = {
      {qiaoDevAttrMaxTexture1DWidth, 131072},
      {qiaoDevAttrMaxTexture2DWidth, 131072},
      {qiaoDevAttrMaxTexture2DHeight, 65536},
      {qiaoDevAttrMaxTexture3DDepth, 16384},
      {qiaoDevAttrMaxTexture2DLayeredLayers, 2048},
      {qiaoDevAttrMaxSurface2DWidth, 131072},
      {qiaoDevAttrMaxTextureCubemapWidth, 0},
      {qiaoDevAttrMaxTexture2DMipmappedWidth, 0},
      {qiaoDevAttrMaxTexture2DGatherWidth, 0},
      {qiaoDevAttrKernelExecTimeout, 0},
      {qiaoDevAttrComputeMode, 0},
      {qiaoDevAttrHostNativeAtomicSupported, 1},
      {qiaoDevAttrPageableMemoryAccess, 0},
      {qiaoDevAttrDirectManagedMemAccessFromHost, 1},
      {qiaoDevAttrMemSyncDomainCount, 1},
      // The numbers cudaDeviceAttr leaves out, which CUdevice_attribute names (CAN_TEX2D_GATHER,
      // virtual memory management and its handle types, compression, RDMA with VMM, memory
      // decompression, dma_buf of host allocations): features this device does not have.
      {44, 0},
      {102, 0},
      {103, 0},
      {104, 0},
      {105, 0},
      {107, 0},
      {110, 0},
      {136, 0},
      {137, 0},
      {146, 0},
  };
  for (auto &c : cases) {
    int value = -12345;
    EXPECT_EQ(qiaoDeviceGetAttribute(&value, static_cast<qiaoDeviceAttr>(c.attr), 0), qiaoSuccess)
        << c.attr;
    EXPECT_EQ(value, c.expected) << c.attr;
  }
  // Every number from 1 to 147 answers; 0 and numbers past 147 name nothing.
  for (int n = 0; n < 200; ++n) {
    int value = -12345;
    qiaoError_t code = qiaoDeviceGetAttribute(&value, static_cast<qiaoDeviceAttr>(n), 0);
    EXPECT_EQ(code, n >= 1 && n <= 147 ? qiaoSuccess : qiaoErrorInvalidValue) << n;
  }
  int value = 0;
  EXPECT_EQ(qiaoDeviceGetAttribute(&value, static_cast<qiaoDeviceAttr>(-1), 0),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGetAttribute(&value, static_cast<qiaoDeviceAttr>(100000), 0),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGetAttribute(nullptr, qiaoDevAttrWarpSize, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGetAttribute(&value, qiaoDevAttrWarpSize, 999), qiaoErrorInvalidDevice);
  qiaoGetLastError();
}

TEST(Device, ChooseDeviceAndPciBusIdRoundTrip) {
  qiaoDeviceProp_t want{};
  want.major = 8;
  int device = -1;
  EXPECT_EQ(qiaoChooseDevice(&device, &want), qiaoSuccess);
  EXPECT_EQ(device, 0);
  EXPECT_EQ(qiaoChooseDevice(nullptr, &want), qiaoErrorInvalidValue);
  char id[32];
  ASSERT_EQ(qiaoDeviceGetPCIBusId(id, sizeof id, 0), qiaoSuccess);
  qiaoDeviceProp_t prop;
  qiaoGetDeviceProperties(&prop, 0);
  char expected[32];
  std::snprintf(expected, sizeof expected, "%04x:%02x:%02x.0", prop.pciDomainID, prop.pciBusID,
                prop.pciDeviceID);
  EXPECT_STREQ(id, expected);
  int found = -1;
  EXPECT_EQ(qiaoDeviceGetByPCIBusId(&found, id), qiaoSuccess);
  EXPECT_EQ(found, 0);
  EXPECT_EQ(qiaoDeviceGetByPCIBusId(&found, "ffff:ff:1f.0"), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDeviceGetByPCIBusId(&found, "garbage"), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGetPCIBusId(id, 0, 0), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Device, LimitsCacheConfigAndFlags) {
  ASSERT_EQ(qiaoDeviceSetLimit(qiaoLimitStackSize, 4096), qiaoSuccess);
  size_t value = 0;
  ASSERT_EQ(qiaoDeviceGetLimit(&value, qiaoLimitStackSize), qiaoSuccess);
  EXPECT_EQ(value, 4096u);
  ASSERT_EQ(qiaoDeviceSetLimit(qiaoLimitMallocHeapSize, 1 << 24), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceGetLimit(&value, qiaoLimitMallocHeapSize), qiaoSuccess);
  EXPECT_EQ(value, size_t(1) << 24);
  // Dynamic parallelism's limits: a device of compute capability 8.0 keeps both.
  ASSERT_EQ(qiaoDeviceSetLimit(qiaoLimitDevRuntimeSyncDepth, 4), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceGetLimit(&value, qiaoLimitDevRuntimeSyncDepth), qiaoSuccess);
  EXPECT_EQ(value, 4u);
  ASSERT_EQ(qiaoDeviceSetLimit(qiaoLimitDevRuntimePendingLaunchCount, 32768), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceGetLimit(&value, qiaoLimitDevRuntimePendingLaunchCount), qiaoSuccess);
  EXPECT_EQ(value, 32768u);
  EXPECT_EQ(qiaoDeviceSetLimit(static_cast<qiaoLimit>(99), 2), qiaoErrorUnsupportedLimit);
  EXPECT_EQ(qiaoDeviceGetLimit(nullptr, qiaoLimitStackSize), qiaoErrorInvalidValue);

  qiaoFuncCache config = qiaoFuncCachePreferL1;
  EXPECT_EQ(qiaoDeviceGetCacheConfig(&config), qiaoSuccess);
  EXPECT_EQ(config, qiaoFuncCachePreferNone);
  EXPECT_EQ(qiaoDeviceSetCacheConfig(qiaoFuncCachePreferShared), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceGetCacheConfig(&config), qiaoSuccess);
  EXPECT_EQ(config, qiaoFuncCachePreferShared);
  EXPECT_EQ(qiaoDeviceSetCacheConfig(static_cast<qiaoFuncCache>(4)), qiaoErrorInvalidValue);
  qiaoDeviceSetCacheConfig(qiaoFuncCachePreferNone);

  EXPECT_EQ(qiaoSetDeviceFlags(qiaoDeviceScheduleBlockingSync | qiaoDeviceMapHost), qiaoSuccess);
  unsigned flags = 0;
  EXPECT_EQ(qiaoGetDeviceFlags(&flags), qiaoSuccess);
  EXPECT_EQ(flags, unsigned(qiaoDeviceScheduleBlockingSync | qiaoDeviceMapHost));
  EXPECT_EQ(qiaoSetDeviceFlags(qiaoDeviceScheduleSpin | qiaoDeviceScheduleYield),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoSetDeviceFlags(0x100), qiaoErrorInvalidValue);
  qiaoSetDeviceFlags(0);
  qiaoGetLastError();
}

TEST(Device, StreamPriorityRange) {
  int least = 99, greatest = 99;
  EXPECT_EQ(qiaoDeviceGetStreamPriorityRange(&least, &greatest), qiaoSuccess);
  EXPECT_EQ(least, 0);
  EXPECT_EQ(greatest, -5);
  EXPECT_EQ(qiaoDeviceGetStreamPriorityRange(nullptr, &greatest), qiaoSuccess);
}

TEST(Device, PeerAccess) {
  int count = 0;
  qiaoGetDeviceCount(&count);
  int can = -1;
  EXPECT_EQ(qiaoDeviceCanAccessPeer(&can, 0, 0), qiaoSuccess);
  EXPECT_EQ(can, 0);
  EXPECT_EQ(qiaoDeviceCanAccessPeer(&can, 0, count), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDeviceEnablePeerAccess(0, 0), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDeviceDisablePeerAccess(count), qiaoErrorInvalidDevice);
  if (count > 1) {
    EXPECT_EQ(qiaoDeviceCanAccessPeer(&can, 0, 1), qiaoSuccess);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 1), qiaoErrorInvalidValue);
  }
  if (count > 1 && can == 0) {
    // A driver without the peerAccess slot (the test driver) has no peers.
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoErrorPeerAccessUnsupported);
    EXPECT_EQ(qiaoDeviceDisablePeerAccess(1), qiaoErrorPeerAccessNotEnabled);
  }
  if (count > 1 && can == 1) {
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoSuccess);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoErrorPeerAccessAlreadyEnabled);
    EXPECT_EQ(qiaoDeviceDisablePeerAccess(1), qiaoSuccess);
    EXPECT_EQ(qiaoDeviceDisablePeerAccess(1), qiaoErrorPeerAccessNotEnabled);
  }
  qiaoGetLastError();
}

} // namespace
