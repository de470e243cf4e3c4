// Slots memAlloc, memFree, memRegister, memUnregister, pointerInfo.
#include "CtsDriver.h"

#include <cstring>
#include <vector>

namespace {

using qiao::cts::driver;
using qiao::cts::Memory;
using qiao::cts::Queue;

qiaoDrvPointerInfo infoOf(const void *ptr, qiaoDrvStatus *status) {
  qiaoDrvPointerInfo info{};
  info.structSize = sizeof info;
  *status = driver().pointerInfo(ptr, &info);
  return info;
}

TEST(memAlloc, DeviceMemoryHoldsWhatIsCopiedIn) {
  std::vector<uint32_t> in(1024), out(1024, 0);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = uint32_t(i * 2654435761u);
  Memory memory(in.size() * 4);
  ASSERT_NE(memory.ptr, nullptr);
  Queue queue;
  ASSERT_EQ(driver().enqueueCopy(queue.handle, memory.ptr, in.data(), in.size() * 4,
                                 QIAO_DRV_COPY_HOST_TO_DEVICE),
            qiaoDrvSuccess);
  ASSERT_EQ(driver().enqueueCopy(queue.handle, out.data(), memory.ptr, out.size() * 4,
                                 QIAO_DRV_COPY_DEVICE_TO_HOST),
            qiaoDrvSuccess);
  ASSERT_EQ(driver().queueSynchronize(queue.handle), qiaoDrvSuccess);
  EXPECT_EQ(in, out);
}

TEST(memAlloc, EveryKindIsKnownToPointerInfoWithItsKindAndSize) {
  for (qiaoDrvMemKind kind : {QIAO_DRV_MEM_DEVICE, QIAO_DRV_MEM_HOST, QIAO_DRV_MEM_MANAGED}) {
    Memory memory(1000, kind);
    ASSERT_NE(memory.ptr, nullptr) << kind;
    qiaoDrvStatus status;
    qiaoDrvPointerInfo info = infoOf(memory.as() + 999, &status);
    ASSERT_EQ(status, qiaoDrvSuccess) << kind;
    EXPECT_EQ(info.kind, kind);
    EXPECT_EQ(info.device, 0);
    EXPECT_EQ(info.base, reinterpret_cast<uint64_t>(memory.ptr));
    EXPECT_EQ(info.size, 1000u);
  }
}

TEST(memAlloc, AllocationsDoNotOverlap) {
  Memory a(4096), b(4096);
  ASSERT_NE(a.ptr, nullptr);
  ASSERT_NE(b.ptr, nullptr);
  EXPECT_TRUE(a.as() + 4096 <= b.as() || b.as() + 4096 <= a.as());
}

TEST(memAlloc, BadArgumentsAreRefused) {
  void *ptr = nullptr;
  int32_t devices = 0;
  ASSERT_EQ(driver().deviceCount(&devices), qiaoDrvSuccess);
  EXPECT_EQ(driver().memAlloc(0, 64, QIAO_DRV_MEM_DEVICE, 0, nullptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().memAlloc(0, 64, QIAO_DRV_MEM_REGISTERED, 0, &ptr), qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().memAlloc(0, 64, static_cast<qiaoDrvMemKind>(9), 0, &ptr),
            qiaoDrvErrorInvalidValue);
  EXPECT_EQ(driver().memAlloc(devices, 64, QIAO_DRV_MEM_DEVICE, 0, &ptr),
            qiaoDrvErrorInvalidDevice);
}

TEST(memAlloc, MoreThanTheDeviceHoldsIsMemoryAllocation) {
  qiaoDrvDeviceInfo info{};
  info.structSize = sizeof info;
  ASSERT_EQ(driver().deviceInfo(0, &info), qiaoDrvSuccess);
  void *ptr = nullptr;
  EXPECT_EQ(
      driver().memAlloc(0, info.totalGlobalMem + (uint64_t(1) << 40), QIAO_DRV_MEM_DEVICE, 0, &ptr),
      qiaoDrvErrorMemoryAllocation);
}

TEST(memFree, FreedMemoryIsUnknownToPointerInfo) {
  void *ptr = nullptr;
  ASSERT_EQ(driver().memAlloc(0, 128, QIAO_DRV_MEM_DEVICE, 0, &ptr), qiaoDrvSuccess);
  ASSERT_EQ(driver().memFree(ptr, QIAO_DRV_MEM_DEVICE), qiaoDrvSuccess);
  qiaoDrvStatus status;
  infoOf(ptr, &status);
  EXPECT_EQ(status, qiaoDrvErrorInvalidValue);
}

TEST(memFree, WhatIsNotAnAllocationsStartIsInvalidValue) {
  Memory memory(128);
  ASSERT_NE(memory.ptr, nullptr);
  EXPECT_EQ(driver().memFree(memory.as() + 8, QIAO_DRV_MEM_DEVICE), qiaoDrvErrorInvalidValue);
  int onTheStack = 0;
  EXPECT_EQ(driver().memFree(&onTheStack, QIAO_DRV_MEM_DEVICE), qiaoDrvErrorInvalidValue);
}

TEST(memRegister, RegisteredHostMemoryIsKnownUntilUnregistered) {
  std::vector<char> host(8192);
  ASSERT_EQ(driver().memRegister(host.data(), host.size(), 0), qiaoDrvSuccess);
  qiaoDrvStatus status;
  qiaoDrvPointerInfo info = infoOf(host.data() + 100, &status);
  EXPECT_EQ(status, qiaoDrvSuccess);
  EXPECT_EQ(info.kind, QIAO_DRV_MEM_REGISTERED);
  EXPECT_EQ(info.base, reinterpret_cast<uint64_t>(host.data()));
  EXPECT_EQ(info.size, host.size());
  ASSERT_EQ(driver().memUnregister(host.data()), qiaoDrvSuccess);
  infoOf(host.data() + 100, &status);
  EXPECT_EQ(status, qiaoDrvErrorInvalidValue);
}

TEST(memRegister, AnOverlappingRangeIsAlreadyRegistered) {
  std::vector<char> host(8192);
  ASSERT_EQ(driver().memRegister(host.data(), host.size(), 0), qiaoDrvSuccess);
  EXPECT_EQ(driver().memRegister(host.data() + 4096, 1024, 0),
            qiaoDrvErrorHostMemoryAlreadyRegistered);
  EXPECT_EQ(driver().memUnregister(host.data()), qiaoDrvSuccess);
}

TEST(memUnregister, WhatWasNotRegisteredIsHostMemoryNotRegistered) {
  std::vector<char> host(64);
  EXPECT_EQ(driver().memUnregister(host.data()), qiaoDrvErrorHostMemoryNotRegistered);
}

TEST(pointerInfo, UnknownMemoryIsInvalidValue) {
  int onTheStack = 0;
  qiaoDrvStatus status;
  infoOf(&onTheStack, &status);
  EXPECT_EQ(status, qiaoDrvErrorInvalidValue);
}

TEST(pointerInfo, BadArgumentsAreRefused) {
  Memory memory(64);
  EXPECT_EQ(driver().pointerInfo(memory.ptr, nullptr), qiaoDrvErrorInvalidValue);
  qiaoDrvPointerInfo info{};
  info.structSize = 4;
  EXPECT_EQ(driver().pointerInfo(memory.ptr, &info), qiaoDrvErrorInvalidValue);
}

TEST(pointerInfo, WritesNoBytePastTheCallersStruct) {
  Memory memory(64);
  std::vector<unsigned char> buffer(QIAO_DRV_SIZE_V2_POINTER_INFO + 32, 0xA5);
  auto *info = reinterpret_cast<qiaoDrvPointerInfo *>(buffer.data());
  info->structSize = QIAO_DRV_SIZE_V2_POINTER_INFO;
  ASSERT_EQ(driver().pointerInfo(memory.ptr, info), qiaoDrvSuccess);
  EXPECT_EQ(info->structSize, QIAO_DRV_SIZE_V2_POINTER_INFO);
  for (size_t i = QIAO_DRV_SIZE_V2_POINTER_INFO; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xA5) << "byte " << i << " past the struct was written";
}

} // namespace
