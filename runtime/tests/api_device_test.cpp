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
      {qiaoDevAttrMaxTexture1DWidth, 0},
  };
  for (auto &c : cases) {
    int value = -12345;
    EXPECT_EQ(qiaoDeviceGetAttribute(&value, c.attr, 0), qiaoSuccess) << c.attr;
    EXPECT_EQ(value, c.expected) << c.attr;
  }
  int value = 0;
  EXPECT_EQ(qiaoDeviceGetAttribute(&value, static_cast<qiaoDeviceAttr>(44), 0),
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
