// Copies, 2D copies and fills, run by a queue.
#include "EmuDriver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <gtest/gtest.h>

#include <cstring>
#include <numeric>
#include <vector>

namespace {

using namespace qiao::errc;

const qiaoDriverTable &emu() { return *qiaoEmuDriverGetTable(QIAO_DRIVER_ABI_VERSION); }

class EmuCopyFill : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(emu().queueCreate(0, 0, 0, &queue), qiaoSuccess);
    ASSERT_EQ(emu().memAlloc(0, kBytes, QIAO_DRV_MEM_DEVICE, 0, &device), qiaoSuccess);
  }
  void TearDown() override {
    EXPECT_EQ(emu().queueDestroy(queue), qiaoSuccess);
    EXPECT_EQ(emu().memFree(device, QIAO_DRV_MEM_DEVICE), qiaoSuccess);
  }
  static constexpr uint64_t kBytes = 4096;
  qiaoDrvQueue queue = nullptr;
  void *device = nullptr;
};

TEST_F(EmuCopyFill, CopyRoundTrip) {
  std::vector<uint8_t> in(kBytes), out(kBytes, 0);
  std::iota(in.begin(), in.end(), uint8_t(3));
  ASSERT_EQ(emu().enqueueCopy(queue, device, in.data(), kBytes, QIAO_DRV_COPY_HOST_TO_DEVICE),
            qiaoSuccess);
  ASSERT_EQ(emu().enqueueCopy(queue, out.data(), device, kBytes, QIAO_DRV_COPY_DEVICE_TO_HOST),
            qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  EXPECT_EQ(out, in);
}

TEST_F(EmuCopyFill, OverlappingCopyHasMemmoveSemantics) {
  auto *bytes = static_cast<uint8_t *>(device);
  for (int i = 0; i < 16; ++i)
    bytes[i] = uint8_t(i);
  ASSERT_EQ(emu().enqueueCopy(queue, bytes + 4, bytes, 8, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoSuccess); // forward overlap
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  const uint8_t forward[16] = {0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15};
  EXPECT_EQ(std::memcmp(bytes, forward, 16), 0);
  ASSERT_EQ(emu().enqueueCopy(queue, bytes, bytes + 2, 8, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoSuccess); // backward overlap
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  const uint8_t backward[16] = {2, 3, 0, 1, 2, 3, 4, 5, 4, 5, 6, 7, 12, 13, 14, 15};
  EXPECT_EQ(std::memcmp(bytes, backward, 16), 0);
}

TEST_F(EmuCopyFill, Copy2DHonoursBothPitches) {
  // 3 rows of 5 bytes from a pitch-8 source into a pitch-16 destination.
  std::vector<uint8_t> src(24);
  std::iota(src.begin(), src.end(), uint8_t(1));
  auto *dst = static_cast<uint8_t *>(device);
  std::memset(dst, 0xee, 48);
  ASSERT_EQ(emu().enqueueCopy2D(queue, dst, 16, src.data(), 8, 5, 3, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 16; ++col) {
      const uint8_t expected = col < 5 ? uint8_t(1 + row * 8 + col) : uint8_t(0xee);
      EXPECT_EQ(dst[row * 16 + col], expected) << row << "," << col;
    }
}

TEST_F(EmuCopyFill, Copy2DRejectsBadPitches) {
  std::vector<uint8_t> src(64);
  EXPECT_EQ(emu().enqueueCopy2D(queue, device, 4, src.data(), 8, 5, 2, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueCopy2D(queue, device, 8, src.data(), 4, 5, 2, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueCopy2D(queue, nullptr, 8, src.data(), 8, 5, 2, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueCopy2D(queue, device, UINT64_MAX, src.data(), 8, 5, 3,
                                QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidPitchValue);
  EXPECT_EQ(emu().enqueueCopy2D(queue, device, 8, src.data(), uint64_t(1) << 31, 5, 2,
                                QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidPitchValue); // memPitch is 2^31 - 1
  EXPECT_EQ(emu().enqueueCopy2D(queue, device, 8, src.data(), 8, 0, 2, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoSuccess); // no-op
}

TEST_F(EmuCopyFill, FillWithOneTwoAndFourBytePatterns) {
  auto *bytes = static_cast<uint8_t *>(device);
  std::memset(bytes, 0, 64);
  ASSERT_EQ(emu().enqueueFill(queue, bytes, 0x1234abcd, 1, 7), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  for (int i = 0; i < 7; ++i)
    EXPECT_EQ(bytes[i], 0xcd) << i;
  EXPECT_EQ(bytes[7], 0);

  ASSERT_EQ(emu().enqueueFill(queue, bytes + 16, 0x1234abcd, 2, 3), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  uint16_t halves[4];
  std::memcpy(halves, bytes + 16, 8);
  EXPECT_EQ(halves[0], 0xabcd);
  EXPECT_EQ(halves[1], 0xabcd);
  EXPECT_EQ(halves[2], 0xabcd);
  EXPECT_EQ(halves[3], 0); // count is in elements

  ASSERT_EQ(emu().enqueueFill(queue, bytes + 32, 0x1234abcd, 4, 3), qiaoSuccess);
  ASSERT_EQ(emu().queueSynchronize(queue), qiaoSuccess);
  uint32_t words[4];
  std::memcpy(words, bytes + 32, 16);
  EXPECT_EQ(words[0], 0x1234abcdu);
  EXPECT_EQ(words[2], 0x1234abcdu);
  EXPECT_EQ(words[3], 0u);
}

TEST_F(EmuCopyFill, FillRejectsBadElementSizes) {
  EXPECT_EQ(emu().enqueueFill(queue, device, 0, 3, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueFill(queue, device, 0, 8, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueFill(queue, device, 0, 0, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueFill(queue, nullptr, 0, 4, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueFill(queue, device, 0, 4, UINT64_MAX / 2), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueFill(queue, device, 0, 4, 0), qiaoSuccess);
}

TEST_F(EmuCopyFill, CopyRejectsNullWithBytes) {
  std::vector<uint8_t> host(8);
  EXPECT_EQ(emu().enqueueCopy(queue, nullptr, host.data(), 8, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueCopy(queue, host.data(), nullptr, 8, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueCopy(queue, nullptr, nullptr, 0, QIAO_DRV_COPY_HOST_TO_HOST), qiaoSuccess);
}

TEST_F(EmuCopyFill, CopyRejectsAnUnknownDirection) {
  std::vector<uint8_t> host(8);
  const auto unknown = static_cast<qiaoDrvCopyDirection>(4); // cudaMemcpyDefault is no direction
  EXPECT_EQ(emu().enqueueCopy(queue, device, host.data(), 8, unknown), qiaoErrorInvalidValue);
  EXPECT_EQ(emu().enqueueCopy2D(queue, device, 8, host.data(), 8, 8, 1, unknown),
            qiaoErrorInvalidValue);
}

TEST_F(EmuCopyFill, UnknownQueueIsAnInvalidHandle) {
  std::vector<uint8_t> host(8);
  auto *bogus = reinterpret_cast<qiaoDrvQueue>(host.data());
  EXPECT_EQ(emu().enqueueCopy(bogus, device, host.data(), 8, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().enqueueFill(bogus, device, 0, 1, 8), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(emu().enqueueCopy(nullptr, device, host.data(), 8, QIAO_DRV_COPY_HOST_TO_HOST),
            qiaoErrorInvalidResourceHandle);
}

} // namespace
