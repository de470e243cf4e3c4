// Slot peerAccess, and what every device-taking slot owes a driver of several devices: each
// device its own memory accounting, queues, modules and reset; copies and event waits across
// devices. Run with one device, the cases that need two are skipped and say so (CTest runs emu
// with QIAO_EMU_DEVICES=4 as driver_cts.emu_4_devices).
#include "CtsDriver.h"

#include <cstring>
#include <vector>

namespace {

using qiao::cts::driver;
using qiao::cts::Memory;
using qiao::cts::Module;
using qiao::cts::Queue;

int32_t devices() {
  int32_t count = 0;
  EXPECT_EQ(driver().deviceCount(&count), qiaoDrvSuccess);
  return count;
}

#define QIAO_CTS_REQUIRE_DEVICES(n)                                                                \
  do {                                                                                             \
    if (devices() < (n))                                                                           \
      GTEST_SKIP() << "the driver has fewer than " << (n) << " devices";                           \
  } while (0)

uint64_t freeBytes(int32_t device) {
  uint64_t freeNow = 0, total = 0;
  EXPECT_EQ(driver().memInfo(device, &freeNow, &total), qiaoDrvSuccess);
  return freeNow;
}

TEST(multipleDevices, EachDeviceHasItsOwnIdentity) {
  QIAO_CTS_REQUIRE_DEVICES(2);
  std::vector<qiaoDrvDeviceInfo> infos(static_cast<size_t>(devices()));
  for (int32_t d = 0; d < devices(); ++d) {
    infos[d].structSize = sizeof(qiaoDrvDeviceInfo);
    ASSERT_EQ(driver().deviceInfo(d, &infos[d]), qiaoDrvSuccess);
    for (int32_t e = 0; e < d; ++e) {
      EXPECT_NE(std::memcmp(infos[d].uuid, infos[e].uuid, 16), 0) << d << " and " << e;
      EXPECT_FALSE(infos[d].pciDomainId == infos[e].pciDomainId &&
                   infos[d].pciBusId == infos[e].pciBusId &&
                   infos[d].pciDeviceId == infos[e].pciDeviceId)
          << "devices " << d << " and " << e << " share a PCI address";
    }
  }
}

TEST(multipleDevices, MemoryIsAccountedPerDevice) {
  QIAO_CTS_REQUIRE_DEVICES(2);
  const int32_t last = devices() - 1;
  const uint64_t before0 = freeBytes(0), beforeLast = freeBytes(last);
  {
    Memory memory(1 << 20, QIAO_DRV_MEM_DEVICE, last);
    EXPECT_EQ(freeBytes(0), before0);
    EXPECT_LE(freeBytes(last), beforeLast - (1 << 20));
    auto info = qiaoDrvPointerInfo{};
    info.structSize = sizeof info;
    ASSERT_EQ(driver().pointerInfo(memory.ptr, &info), qiaoDrvSuccess);
    EXPECT_EQ(info.device, last);
  }
  EXPECT_EQ(freeBytes(last), beforeLast);
}

TEST(multipleDevices, AddressesAreUniqueAcrossDevicesAndCopiesCrossThem) {
  QIAO_CTS_REQUIRE_DEVICES(2);
  Memory on0(4096, QIAO_DRV_MEM_DEVICE, 0);
  Memory on1(4096, QIAO_DRV_MEM_DEVICE, 1);
  ASSERT_NE(on0.ptr, on1.ptr);
  Queue queue1(1);
  ASSERT_EQ(driver().enqueueFill(queue1.handle, on0.ptr, 0x5a, 1, 4096), qiaoDrvSuccess);
  ASSERT_EQ(
      driver().enqueueCopy(queue1.handle, on1.ptr, on0.ptr, 4096, QIAO_DRV_COPY_DEVICE_TO_DEVICE),
      qiaoDrvSuccess);
  std::vector<unsigned char> host(4096, 0);
  ASSERT_EQ(
      driver().enqueueCopy(queue1.handle, host.data(), on1.ptr, 4096, QIAO_DRV_COPY_DEVICE_TO_HOST),
      qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue1.handle), qiaoDrvSuccess);
  EXPECT_EQ(host.front(), 0x5a);
  EXPECT_EQ(host.back(), 0x5a);
}

TEST(multipleDevices, AQueueWaitsForAnEventRecordedOnAnotherDevice) {
  QIAO_CTS_REQUIRE_DEVICES(2);
  Queue queue0(0), queue1(1);
  qiao::cts::Event event;
  std::vector<uint32_t> host(1024, 0);
  Memory on0(4096, QIAO_DRV_MEM_DEVICE, 0);
  // Device 0 fills, device 1 waits for that and reads it.
  ASSERT_EQ(driver().enqueueFill(queue0.handle, on0.ptr, 0x01020304u, 4, 1024), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventRecord(queue0.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueEventWait(queue1.handle, event.handle), qiaoDrvSuccess);
  ASSERT_EQ(
      driver().enqueueCopy(queue1.handle, host.data(), on0.ptr, 4096, QIAO_DRV_COPY_DEVICE_TO_HOST),
      qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue1.handle), qiaoDrvSuccess);
  EXPECT_EQ(host[1023], 0x01020304u);
}

TEST(multipleDevices, ResetDropsOnlyThatDevicesObjects) {
  QIAO_CTS_REQUIRE_DEVICES(2);
  void *kept = nullptr, *dropped = nullptr;
  qiaoDrvQueue keptQueue = nullptr, droppedQueue = nullptr;
  ASSERT_EQ(driver().memAlloc(0, 512, QIAO_DRV_MEM_DEVICE, 0, &kept), qiaoDrvSuccess);
  ASSERT_EQ(driver().memAlloc(1, 512, QIAO_DRV_MEM_DEVICE, 0, &dropped), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueCreate(0, 0, 0, &keptQueue), qiaoDrvSuccess);
  ASSERT_EQ(driver().queueCreate(1, 0, 0, &droppedQueue), qiaoDrvSuccess);
  ASSERT_EQ(driver().deviceReset(1), qiaoDrvSuccess);
  auto info = qiaoDrvPointerInfo{};
  info.structSize = sizeof info;
  EXPECT_EQ(driver().pointerInfo(kept, &info), qiaoDrvSuccess);
  EXPECT_EQ(driver().pointerInfo(dropped, &info), qiaoDrvErrorInvalidValue);
  // The dropped queue is dead (driver.h: never used again); the kept one still works.
  ASSERT_EQ(driver().enqueueFill(keptQueue, kept, 7, 1, 512), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(keptQueue), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueDestroy(keptQueue), qiaoDrvSuccess);
  EXPECT_EQ(driver().memFree(kept, QIAO_DRV_MEM_DEVICE), qiaoDrvSuccess);
}

TEST(peerAccess, EnablesAndDisablesWithCudasCodes) {
  QIAO_CTS_REQUIRE_SLOT(peerAccess);
  EXPECT_EQ(driver().peerAccess(0, 0, 1), qiaoDrvErrorInvalidDevice);
  EXPECT_EQ(driver().peerAccess(0, devices(), 1), qiaoDrvErrorInvalidDevice);
  EXPECT_EQ(driver().peerAccess(-1, 0, 1), qiaoDrvErrorInvalidDevice);
  QIAO_CTS_REQUIRE_DEVICES(2);
  EXPECT_EQ(driver().peerAccess(0, 1, 2), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().peerAccess(0, 1, 0), qiaoDrvErrorPeerAccessNotEnabled);
  ASSERT_EQ(driver().peerAccess(0, 1, 1), qiaoDrvSuccess);
  EXPECT_EQ(driver().peerAccess(0, 1, 1), qiaoDrvErrorPeerAccessAlreadyEnabled);
  EXPECT_EQ(driver().peerAccess(1, 0, 0), qiaoDrvErrorPeerAccessNotEnabled) << "one way only";
  EXPECT_EQ(driver().peerAccess(0, 1, 0), qiaoDrvSuccess);
}

TEST(peerAccess, ResetOfEitherDeviceEndsIt) {
  QIAO_CTS_REQUIRE_SLOT(peerAccess);
  QIAO_CTS_REQUIRE_DEVICES(2);
  ASSERT_EQ(driver().peerAccess(0, 1, 1), qiaoDrvSuccess);
  ASSERT_EQ(driver().deviceReset(1), qiaoDrvSuccess);
  EXPECT_EQ(driver().peerAccess(0, 1, 0), qiaoDrvErrorPeerAccessNotEnabled);
  ASSERT_EQ(driver().peerAccess(1, 0, 1), qiaoDrvSuccess);
  ASSERT_EQ(driver().deviceReset(1), qiaoDrvSuccess);
  EXPECT_EQ(driver().peerAccess(1, 0, 0), qiaoDrvErrorPeerAccessNotEnabled);
}

struct StorePeerParams {
  uint64_t out;
  uint32_t value;
};

TEST(peerAccess, AKernelWritesPeerMemoryOnlyWhileEnabled) {
  QIAO_CTS_REQUIRE_SLOT(peerAccess);
  QIAO_CTS_REQUIRE("kernel-runs");
  QIAO_CTS_REQUIRE_DEVICES(2);
  Module module(qiao::cts::kStorePtx, 1);
  qiaoDrvFunction store = nullptr;
  ASSERT_EQ(driver().moduleGetFunction(module.handle, "store", &store), qiaoDrvSuccess);
  Memory onZero(4 * 32, QIAO_DRV_MEM_DEVICE, 0);
  StorePeerParams params{reinterpret_cast<uint64_t>(onZero.ptr), 0xBEEFu};
  qiaoDrvLaunch launch = qiao::cts::launchOf(1, 32, &params, 12);
  ASSERT_EQ(driver().peerAccess(1, 0, 1), qiaoDrvSuccess);
  {
    Queue queue(1);
    ASSERT_EQ(driver().enqueueLaunch(queue.handle, store, &launch), qiaoDrvSuccess);
    std::vector<uint32_t> host(32, 0);
    ASSERT_EQ(driver().enqueueCopy(queue.handle, host.data(), onZero.ptr, 4 * 32,
                                   QIAO_DRV_COPY_DEVICE_TO_HOST),
              qiaoDrvSuccess);
    ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
    EXPECT_EQ(host[31], 0xBEEFu);
  }
  ASSERT_EQ(driver().peerAccess(1, 0, 0), qiaoDrvSuccess);
  Queue queue(1);
  ASSERT_EQ(driver().enqueueLaunch(queue.handle, store, &launch), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvErrorIllegalAddress);
}

} // namespace
