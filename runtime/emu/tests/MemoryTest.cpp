// Memory through the driver table: allocation kinds, frees, registration, pointer queries.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

uint64_t address(const void *p) { return reinterpret_cast<uint64_t>(p); }

TEST(EmuMemory, AllocFreeEachKind) {
  for (qiaoDrvMemKind kind : {QIAO_DRV_MEM_DEVICE, QIAO_DRV_MEM_HOST, QIAO_DRV_MEM_MANAGED}) {
    void *p = nullptr;
    ASSERT_EQ(emu().memAlloc(0, 1000, kind, 5, &p), qiaoSuccess) << kind;
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(address(p) % 256, 0u);
    static_cast<char *>(p)[999] = 1; // host-addressable, whole size
    auto info = qiao::seamStruct<qiaoDrvPointerInfo>();
    ASSERT_EQ(emu().pointerInfo(static_cast<char *>(p) + 999, &info), qiaoSuccess);
    EXPECT_EQ(info.kind, kind);
    EXPECT_EQ(info.device, 0);
    EXPECT_EQ(info.base, address(p));
    EXPECT_EQ(info.size, 1000u);
    EXPECT_EQ(info.flags, 5u);
    EXPECT_EQ(emu().memFree(p, kind), qiaoSuccess);
    EXPECT_EQ(emu().pointerInfo(p, &info), qiaoErrorInvalidValue);
  }
}

// Fresh memory reads zero even where the same addresses held data before (small blocks are
// reused by the heap; large ones come mapped from the kernel).
TEST(EmuMemory, FreshAllocationsReadZero) {
  for (uint64_t bytes : {uint64_t{4096}, uint64_t{3} << 20}) {
    for (int round = 0; round < 2; ++round) {
      void *p = nullptr;
      ASSERT_EQ(emu().memAlloc(0, bytes, QIAO_DRV_MEM_MANAGED, 0, &p), qiaoSuccess);
      const auto *bytesRead = static_cast<const unsigned char *>(p);
      for (uint64_t i = 0; i < bytes; i += 509)
        ASSERT_EQ(bytesRead[i], 0) << bytes << " bytes, offset " << i;
      std::memset(p, 0xAB, bytes); // what the next round's block must not show
      ASSERT_EQ(emu().memFree(p, QIAO_DRV_MEM_MANAGED), qiaoSuccess);
    }
  }
}

TEST(EmuMemory, ZeroBytesGivesNull) {
  void *p = reinterpret_cast<void *>(0x1234);
  EXPECT_EQ(emu().memAlloc(0, 0, QIAO_DRV_MEM_DEVICE, 0, &p), qiaoSuccess);
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(emu().memFree(nullptr, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
}

TEST(EmuMemory, BadArguments) {
  void *p = nullptr;
  EXPECT_EQ(emu().memAlloc(0, 16, QIAO_DRV_MEM_DEVICE, 0, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memAlloc(1, 16, QIAO_DRV_MEM_DEVICE, 0, &p), qiaoErrorInvalidDevice);
  EXPECT_EQ(emu().memAlloc(0, 16, QIAO_DRV_MEM_REGISTERED, 0, &p), qiaoErrorInvalidValue);
  int local = 0;
  EXPECT_EQ(emu().memFree(&local, QIAO_DRV_MEM_DEVICE), qiaoErrorInvalidValue);
  auto info = qiao::seamStruct<qiaoDrvPointerInfo>();
  EXPECT_EQ(emu().pointerInfo(&local, &info), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().pointerInfo(&local, nullptr), qiaoErrorInvalidValue);
}

TEST(EmuMemory, FreeOfInteriorOrFreedPointerIsInvalid) {
  void *p = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 512, QIAO_DRV_MEM_DEVICE, 0, &p), qiaoSuccess);
  EXPECT_EQ(emu().memFree(static_cast<char *>(p) + 256, QIAO_DRV_MEM_DEVICE),
            qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memFree(p, QIAO_DRV_MEM_HOST), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memFree(p, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
  EXPECT_EQ(emu().memFree(p, QIAO_DRV_MEM_DEVICE), qiaoErrorInvalidValue);
}

TEST(EmuMemory, MemInfoTracksDeviceAllocations) {
  uint64_t freeBefore = 0, total = 0, freeAfter = 0, totalAfter = 0;
  ASSERT_EQ(emu().memInfo(0, &freeBefore, &total), qiaoSuccess);
  auto info = qiao::seamStruct<qiaoDrvDeviceInfo>();
  ASSERT_EQ(emu().deviceInfo(0, &info), qiaoSuccess);
  EXPECT_EQ(total, info.totalGlobalMem);
  void *p = nullptr;
  ASSERT_EQ(emu().memAlloc(0, 1 << 20, QIAO_DRV_MEM_DEVICE, 0, &p), qiaoSuccess);
  ASSERT_EQ(emu().memInfo(0, &freeAfter, &totalAfter), qiaoSuccess);
  EXPECT_EQ(totalAfter, total);
  EXPECT_EQ(freeBefore - freeAfter, uint64_t(1) << 20);
  ASSERT_EQ(emu().memFree(p, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
  ASSERT_EQ(emu().memInfo(0, &freeAfter, &totalAfter), qiaoSuccess);
  EXPECT_EQ(freeAfter, freeBefore);
  EXPECT_EQ(emu().memInfo(0, nullptr, &total), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memInfo(2, &freeAfter, &total), qiaoErrorInvalidDevice);
}

TEST(EmuMemory, AllocationBeyondTheBudgetFails) {
  uint64_t freeBytes = 0, total = 0;
  ASSERT_EQ(emu().memInfo(0, &freeBytes, &total), qiaoSuccess);
  void *p = reinterpret_cast<void *>(0x1);
  EXPECT_EQ(emu().memAlloc(0, total + 1, QIAO_DRV_MEM_DEVICE, 0, &p), qiaoErrorMemoryAllocation);
  EXPECT_EQ(emu().memAlloc(0, freeBytes + 1, QIAO_DRV_MEM_MANAGED, 0, &p),
            qiaoErrorMemoryAllocation);
  EXPECT_EQ(emu().memAlloc(0, UINT64_MAX, QIAO_DRV_MEM_DEVICE, 0, &p), qiaoErrorMemoryAllocation);
}

TEST(EmuMemory, RegisterAndUnregisterUserMemory) {
  std::vector<char> host(4096);
  ASSERT_EQ(emu().memRegister(host.data(), host.size(), 2), qiaoSuccess);
  EXPECT_EQ(emu().memRegister(host.data() + 100, 10, 0), qiaoErrorHostMemoryAlreadyRegistered);
  auto info = qiao::seamStruct<qiaoDrvPointerInfo>();
  ASSERT_EQ(emu().pointerInfo(host.data() + 4095, &info), qiaoSuccess);
  EXPECT_EQ(info.kind, QIAO_DRV_MEM_REGISTERED);
  EXPECT_EQ(info.base, address(host.data()));
  EXPECT_EQ(info.size, 4096u);
  EXPECT_EQ(info.flags, 2u);
  EXPECT_EQ(emu().memFree(host.data(), QIAO_DRV_MEM_HOST), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memUnregister(host.data() + 1), qiaoErrorHostMemoryNotRegistered);
  EXPECT_EQ(emu().memUnregister(host.data()), qiaoSuccess);
  EXPECT_EQ(emu().memUnregister(host.data()), qiaoErrorHostMemoryNotRegistered);
  EXPECT_EQ(emu().pointerInfo(host.data(), &info), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memRegister(nullptr, 16, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memRegister(host.data(), 0, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().memUnregister(nullptr), qiaoErrorHostMemoryNotRegistered);
}

} // namespace
