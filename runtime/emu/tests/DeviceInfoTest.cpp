// The emu driver's table and the device it describes.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <unistd.h>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

TEST(EmuDriverTable, ServesItsAbiOnly) {
  const qiaoDriverTable *table = qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->struct_size, sizeof(qiaoDriverTable));
  EXPECT_EQ(table->abi_version, QIAO_DRIVER_ABI_VERSION);
  EXPECT_STREQ(table->name, "emu");
  EXPECT_EQ(qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION + 1), nullptr);
  EXPECT_EQ(qiaoEmuDriverGetTable(0), nullptr);
}

TEST(EmuDriverTable, FillsEverySlot) {
  const qiaoDriverTable &table = emu();
  // Every slot after the header is a function pointer.
  const size_t header = offsetof(qiaoDriverTable, init);
  const size_t slots = (sizeof(qiaoDriverTable) - header) / sizeof(void *);
  for (size_t i = 0; i < slots; ++i) {
    void *slot = nullptr;
    std::memcpy(&slot, reinterpret_cast<const char *>(&table) + header + i * sizeof(void *),
                sizeof(void *));
    EXPECT_NE(slot, nullptr) << "slot " << i;
  }
}

TEST(EmuDevice, IsOneDevice) {
  int32_t count = -1;
  EXPECT_EQ(emu().init(), qiaoSuccess);
  EXPECT_EQ(emu().deviceCount(&count), qiaoSuccess);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(emu().deviceCount(nullptr), qiaoErrorInvalidValue);
  auto info = qiao::seamStruct<qiaoDrvDeviceInfo>();
  EXPECT_EQ(emu().deviceInfo(1, &info), qiaoErrorInvalidDevice);
  EXPECT_EQ(emu().deviceInfo(-1, &info), qiaoErrorInvalidDevice);
  EXPECT_EQ(emu().deviceInfo(0, nullptr), qiaoErrorInvalidValue);
}

TEST(EmuDevice, ReportsComputeCapability80Limits) {
  auto info = qiao::seamStruct<qiaoDrvDeviceInfo>();
  ASSERT_EQ(emu().deviceInfo(0, &info), qiaoSuccess);
  EXPECT_STREQ(info.name, "Qiao Emulated Device (CPU)");
  EXPECT_EQ(info.computeMajor, 8);
  EXPECT_EQ(info.computeMinor, 0);
  EXPECT_EQ(info.warpSize, 32);
  EXPECT_EQ(info.maxThreadsPerBlock, 1024);
  EXPECT_EQ(info.maxThreadsDim[0], 1024);
  EXPECT_EQ(info.maxThreadsDim[1], 1024);
  EXPECT_EQ(info.maxThreadsDim[2], 64);
  EXPECT_EQ(info.maxGridSize[0], 2147483647);
  EXPECT_EQ(info.maxGridSize[1], 65535);
  EXPECT_EQ(info.maxGridSize[2], 65535);
  EXPECT_EQ(info.sharedMemPerBlock, 48u * 1024);
  EXPECT_EQ(info.sharedMemPerBlockOptin, 163u * 1024);
  EXPECT_EQ(info.sharedMemPerMultiprocessor, 164u * 1024);
  EXPECT_EQ(info.totalConstMem, 64u * 1024);
  EXPECT_EQ(info.regsPerBlock, 65536);
  EXPECT_EQ(info.regsPerMultiprocessor, 65536);
  EXPECT_EQ(info.maxThreadsPerMultiProcessor, 2048);
  EXPECT_EQ(info.maxBlocksPerMultiProcessor, 32);
  EXPECT_EQ(info.multiProcessorCount, int32_t(std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_EQ(info.unifiedAddressing, 1);
  EXPECT_EQ(info.managedMemory, 1);
  EXPECT_EQ(info.concurrentManagedAccess, 1);
  EXPECT_EQ(info.canMapHostMemory, 1);
  EXPECT_EQ(info.concurrentKernels, 1);
  EXPECT_EQ(info.asyncEngineCount, 1);
  EXPECT_EQ(info.textureAlignment, 512u);
  EXPECT_EQ(info.texturePitchAlignment, 32u);
  EXPECT_EQ(info.memPitchMax, 2147483647u);
  EXPECT_GT(info.clockRateKHz, 0);
  EXPECT_GT(info.l2CacheSize, 0);
  const uint64_t physical = uint64_t(sysconf(_SC_PHYS_PAGES)) * uint64_t(sysconf(_SC_PAGE_SIZE));
  EXPECT_EQ(info.totalGlobalMem, physical / 2 / (1 << 20) * (1 << 20));
}

TEST(EmuDevice, UuidIsStableAndVersion4) {
  auto first = qiao::seamStruct<qiaoDrvDeviceInfo>(), second = first;
  ASSERT_EQ(emu().deviceInfo(0, &first), qiaoSuccess);
  ASSERT_EQ(emu().deviceInfo(0, &second), qiaoSuccess);
  EXPECT_EQ(std::memcmp(first.uuid, second.uuid, 16), 0);
  EXPECT_EQ(first.uuid[6] >> 4, 4);
  EXPECT_EQ(first.uuid[8] >> 6, 2);
}

TEST(EmuDevice, LimitsHaveCudaDefaultsAndCanBeSet) {
  uint64_t value = 0;
  ASSERT_EQ(emu().deviceReset(0), qiaoSuccess);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, &value), qiaoSuccess);
  EXPECT_EQ(value, 1024u);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_PRINTF_FIFO_SIZE, &value), qiaoSuccess);
  EXPECT_EQ(value, 1u << 20);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE, &value), qiaoSuccess);
  EXPECT_EQ(value, 8u << 20);

  EXPECT_EQ(emu().setLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, 4096), qiaoSuccess);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, &value), qiaoSuccess);
  EXPECT_EQ(value, 4096u);
  EXPECT_EQ(emu().setLimit(0, QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE, 32u << 20), qiaoSuccess);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_MALLOC_HEAP_SIZE, &value), qiaoSuccess);
  EXPECT_EQ(value, 32u << 20);
  EXPECT_EQ(emu().setLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, uint64_t(1) << 40), qiaoErrorInvalidValue);

  // Device-side launches: CUDA's defaults (sync depth 2, 2048 pending launches), and the pending
  // count is kept in 32 bits.
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_DEV_RUNTIME_SYNC_DEPTH, &value), qiaoSuccess);
  EXPECT_EQ(value, 2u);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT, &value),
            qiaoSuccess);
  EXPECT_EQ(value, 2048u);
  EXPECT_EQ(emu().setLimit(0, QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT, uint64_t(1) << 40),
            qiaoSuccess);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT, &value),
            qiaoSuccess);
  EXPECT_EQ(value, UINT32_MAX);

  EXPECT_EQ(emu().setLimit(0, qiaoDrvLimit(5), 1), qiaoErrorUnsupportedLimit);
  EXPECT_EQ(emu().getLimit(0, qiaoDrvLimit(5), &value), qiaoErrorUnsupportedLimit);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().setLimit(1, QIAO_DRV_LIMIT_STACK_SIZE, 1024), qiaoErrorInvalidDevice);
  ASSERT_EQ(emu().deviceReset(0), qiaoSuccess);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_STACK_SIZE, &value), qiaoSuccess);
  EXPECT_EQ(value, 1024u);
  EXPECT_EQ(emu().getLimit(0, QIAO_DRV_LIMIT_DEV_RUNTIME_PENDING_LAUNCH_COUNT, &value),
            qiaoSuccess);
  EXPECT_EQ(value, 2048u);
}

} // namespace
