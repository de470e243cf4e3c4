// Slots init, deviceCount, deviceInfo, memInfo, setLimit, getLimit, deviceReset.
#include "CtsDriver.h"

#include <cstring>
#include <vector>

namespace {

using qiao::cts::driver;

int32_t devices() {
  int32_t count = 0;
  EXPECT_EQ(driver().deviceCount(&count), qiaoDrvSuccess);
  return count;
}

TEST(init, SucceedsOnceBeforeAnyOtherSlot) {
  EXPECT_EQ(qiao::cts::initStatus(), qiaoDrvSuccess);
  EXPECT_EQ(driver().abi_version, QIAO_DRIVER_ABI_VERSION);
  EXPECT_GE(driver().struct_size, QIAO_DRIVER_TABLE_REQUIRED_SIZE);
  EXPECT_NE(driver().formats, 0u);
  ASSERT_NE(driver().name, nullptr);
  EXPECT_GT(std::strlen(driver().name), 0u);
}

TEST(deviceCount, ReportsAtLeastOneDevice) { EXPECT_GE(devices(), 1); }

TEST(deviceCount, NullCountIsInvalidValue) {
  EXPECT_EQ(driver().deviceCount(nullptr), qiaoDrvErrorInvalidValue);
}

TEST(deviceInfo, DescribesEveryDevice) {
  for (int32_t device = 0; device < devices(); ++device) {
    qiaoDrvDeviceInfo info{};
    info.structSize = sizeof info;
    ASSERT_EQ(driver().deviceInfo(device, &info), qiaoDrvSuccess) << device;
    EXPECT_EQ(info.structSize, sizeof info) << "the driver keeps structSize as the caller set it";
    EXPECT_GT(std::strlen(info.name), 0u);
    EXPECT_LT(std::strlen(info.name), sizeof info.name);
    EXPECT_GT(info.totalGlobalMem, 0u);
    EXPECT_GT(info.warpSize, 0);
    EXPECT_GT(info.maxThreadsPerBlock, 0);
    for (int d = 0; d < 3; ++d) {
      EXPECT_GT(info.maxThreadsDim[d], 0);
      EXPECT_GT(info.maxGridSize[d], 0);
    }
    EXPECT_GT(info.multiProcessorCount, 0);
    EXPECT_GE(info.computeMajor, 1);
    EXPECT_GE(info.sharedMemPerBlockOptin, info.sharedMemPerBlock);
  }
}

TEST(deviceInfo, WritesNoBytePastTheCallersStruct) {
  // A caller built against ABI 2 exactly: the struct is followed by memory the driver must not
  // touch, even when it knows fields appended later.
  std::vector<unsigned char> buffer(QIAO_DRV_SIZE_V2_DEVICE_INFO + 64, 0xA5);
  auto *info = reinterpret_cast<qiaoDrvDeviceInfo *>(buffer.data());
  info->structSize = QIAO_DRV_SIZE_V2_DEVICE_INFO;
  ASSERT_EQ(driver().deviceInfo(0, info), qiaoDrvSuccess);
  EXPECT_EQ(info->structSize, QIAO_DRV_SIZE_V2_DEVICE_INFO);
  for (size_t i = QIAO_DRV_SIZE_V2_DEVICE_INFO; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xA5) << "byte " << i << " past the struct was written";
}

TEST(deviceInfo, BadArgumentsAreRefused) {
  qiaoDrvDeviceInfo info{};
  info.structSize = sizeof info;
  EXPECT_EQ(driver().deviceInfo(devices(), &info), qiaoDrvErrorInvalidDevice);
  EXPECT_EQ(driver().deviceInfo(-1, &info), qiaoDrvErrorInvalidDevice);
  EXPECT_EQ(driver().deviceInfo(0, nullptr), qiaoDrvErrorInvalidValue);
  info.structSize = 8; // below the ABI 2 size
  EXPECT_EQ(driver().deviceInfo(0, &info), qiaoDrvErrorInvalidValue);
}

TEST(memInfo, FreeIsAtMostTotal) {
  uint64_t freeBytes = 0, totalBytes = 0;
  ASSERT_EQ(driver().memInfo(0, &freeBytes, &totalBytes), qiaoDrvSuccess);
  EXPECT_GT(totalBytes, 0u);
  EXPECT_LE(freeBytes, totalBytes);
}

TEST(memInfo, BadArgumentsAreRefused) {
  uint64_t freeBytes = 0, totalBytes = 0;
  EXPECT_EQ(driver().memInfo(0, nullptr, &totalBytes), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().memInfo(0, &freeBytes, nullptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().memInfo(devices(), &freeBytes, &totalBytes), qiaoDrvErrorInvalidDevice);
}

TEST(setLimit, AKeptLimitReadsBackAtLeastAsLarge) {
  for (qiaoDrvLimit limit : {QIAO_DRV_LIMIT_STACK_SIZE, QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE,
                             QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE}) {
    uint64_t before = 0;
    qiaoDrvStatus status = driver().getLimit(0, limit, &before);
    if (status == qiaoDrvErrorUnsupportedLimit)
      continue; // the device keeps no such limit; setLimit must say so too
    ASSERT_EQ(status, qiaoDrvSuccess) << limit;
    uint64_t wanted = before + 4096;
    ASSERT_EQ(driver().setLimit(0, limit, wanted), qiaoDrvSuccess) << limit;
    uint64_t after = 0;
    ASSERT_EQ(driver().getLimit(0, limit, &after), qiaoDrvSuccess);
    EXPECT_GE(after, wanted) << limit;
    EXPECT_EQ(driver().setLimit(0, limit, before), qiaoDrvSuccess);
  }
}

TEST(setLimit, BadArgumentsAreRefused) {
  EXPECT_EQ(driver().setLimit(0, static_cast<qiaoDrvLimit>(99), 1), qiaoDrvErrorUnsupportedLimit);
  EXPECT_EQ(driver().setLimit(devices(), QIAO_DRV_LIMIT_STACK_SIZE, 1024),
            qiaoDrvErrorInvalidDevice);
}

TEST(getLimit, BadArgumentsAreRefused) {
  uint64_t value = 0;
  EXPECT_EQ(driver().getLimit(0, static_cast<qiaoDrvLimit>(99), &value),
            qiaoDrvErrorUnsupportedLimit);
  EXPECT_EQ(driver().getLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, nullptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().getLimit(devices(), QIAO_DRV_LIMIT_STACK_SIZE, &value),
            qiaoDrvErrorInvalidDevice);
}

TEST(deviceReset, DropsTheDevicesMemoryAndLeavesItUsable) {
  void *memory = nullptr;
  ASSERT_EQ(driver().memAlloc(0, 256, QIAO_DRV_MEM_DEVICE, 0, &memory), qiaoDrvSuccess);
  ASSERT_EQ(driver().deviceReset(0), qiaoDrvSuccess);
  qiaoDrvPointerInfo info{};
  info.structSize = sizeof info;
  EXPECT_EQ(driver().pointerInfo(memory, &info), qiaoDrvErrorInvalidValue)
      << "the allocation outlived deviceReset";
  // The device works after it.
  qiao::cts::Queue queue;
  qiao::cts::Memory fresh(64);
  ASSERT_NE(fresh.ptr, nullptr);
  EXPECT_EQ(driver().enqueueFill(queue.handle, fresh.ptr, 0x5A, 1, 64), qiaoDrvSuccess);
  EXPECT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
}

TEST(deviceReset, BadDeviceIsInvalidDevice) {
  EXPECT_EQ(driver().deviceReset(devices()), qiaoDrvErrorInvalidDevice);
}

} // namespace
