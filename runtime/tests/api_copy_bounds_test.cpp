// Copies and fills whose size reaches past the allocation they name, and array flags, found by
// qiao-api-fuzz:
// CUDA refuses them with cudaErrorInvalidValue before touching memory. Three ways used to slip
// through: a qiaoMemcpyDefault copy (whose sides the runtime classifies itself), a count so large
// that offset + count wraps around, and a pitch or height whose product wraps.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr size_t kBytes = 256;

class CopyBounds : public testing::Test {
protected:
  void SetUp() override { ASSERT_EQ(qiaoMalloc(&device_, kBytes), qiaoSuccess); }
  void TearDown() override {
    EXPECT_EQ(qiaoFree(device_), qiaoSuccess);
    qiaoGetLastError();
  }
  char *at(size_t offset) { return static_cast<char *>(device_) + offset; }

  void *device_ = nullptr;
  std::vector<char> host_ = std::vector<char>(4 * kBytes, 1);
};

TEST_F(CopyBounds, DefaultKindChecksTheDeviceSideAgainstItsAllocation) {
  EXPECT_EQ(qiaoMemcpy(at(200), host_.data(), 100, qiaoMemcpyDefault), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(host_.data(), at(200), 100, qiaoMemcpyDefault), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpyAsync(at(1), host_.data(), kBytes, qiaoMemcpyDefault, nullptr),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy2D(at(0), 128, host_.data(), 128, 64, 3, qiaoMemcpyDefault),
            qiaoErrorInvalidValue);
  // What fits is copied.
  EXPECT_EQ(qiaoMemcpy(at(200), host_.data(), 56, qiaoMemcpyDefault), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy2D(at(0), 128, host_.data(), 128, 64, 2, qiaoMemcpyDefault), qiaoSuccess);
}

TEST_F(CopyBounds, DefaultKindChecksPinnedMemoryAgainstItsAllocation) {
  void *pinned = nullptr;
  ASSERT_EQ(qiaoMallocHost(&pinned, 64), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy(pinned, host_.data(), 128, qiaoMemcpyDefault), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(pinned, host_.data(), 64, qiaoMemcpyDefault), qiaoSuccess);
  EXPECT_EQ(qiaoFreeHost(pinned), qiaoSuccess);
}

TEST_F(CopyBounds, CountsThatWrapAroundTheAddressSpaceAreRefused) {
  for (size_t count : {SIZE_MAX, SIZE_MAX - 15, SIZE_MAX - kBytes}) {
    EXPECT_EQ(qiaoMemcpy(at(16), host_.data(), count, qiaoMemcpyHostToDevice),
              qiaoErrorInvalidValue)
        << count;
    EXPECT_EQ(qiaoMemcpy(host_.data(), at(16), count, qiaoMemcpyDeviceToHost),
              qiaoErrorInvalidValue)
        << count;
    EXPECT_EQ(qiaoMemset(at(16), 0, count), qiaoErrorInvalidValue) << count;
  }
}

TEST_F(CopyBounds, PitchesAndHeightsWhoseSpanWrapsAreRefused) {
  size_t half = SIZE_MAX / 2 + 1; // 2 * half wraps to 0
  EXPECT_EQ(qiaoMemcpy2D(at(0), half, host_.data(), 16, 16, 3, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemset2D(at(0), half, 0, 16, 3), qiaoErrorInvalidValue);
  qiaoGraph_t graph = nullptr;
  ASSERT_EQ(qiaoGraphCreate(&graph, 0), qiaoSuccess);
  qiaoGraphNode_t node = nullptr;
  qiaoMemsetParams params{};
  params.dst = at(0);
  params.elementSize = 4;
  params.width = SIZE_MAX / 4 + 2; // width * 4 wraps to 4
  params.height = 1;
  EXPECT_EQ(qiaoGraphAddMemsetNode(&node, graph, nullptr, 0, &params), qiaoErrorInvalidValue);
  params.width = 4;
  params.pitch = half;
  params.height = 3;
  EXPECT_EQ(qiaoGraphAddMemsetNode(&node, graph, nullptr, 0, &params), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphDestroy(graph), qiaoSuccess);
}

TEST(ArrayBounds, SizesPastSixtyFourBitsAreOutOfMemory) {
  qiaoChannelFormatDesc desc = qiaoCreateChannelDesc(32, 32, 32, 32, qiaoChannelFormatKindFloat);
  qiaoArray_t array = nullptr;
  // 16-byte texels: a width of 2^60 is 2^64 bytes per row, which wraps to 0.
  EXPECT_EQ(qiaoMallocArray(&array, &desc, size_t{1} << 60, 0), qiaoErrorMemoryAllocation);
  EXPECT_EQ(qiaoMallocArray(&array, &desc, size_t{1} << 32, size_t{1} << 30),
            qiaoErrorMemoryAllocation);
  qiaoGetLastError();
}

TEST(PitchedAllocations, SizesPastSixtyFourBitsAreOutOfMemory) {
  void *pointer = nullptr;
  size_t pitch = 0;
  // The width rounded up to the pitch alignment wraps to 0; the product of pitch and rows wraps.
  EXPECT_EQ(qiaoMallocPitch(&pointer, &pitch, SIZE_MAX, 1), qiaoErrorMemoryAllocation);
  EXPECT_EQ(qiaoMallocPitch(&pointer, &pitch, 512, size_t{1} << 55), qiaoErrorMemoryAllocation);
  qiaoPitchedPtr pitched{};
  EXPECT_EQ(qiaoMalloc3D(&pitched, make_qiaoExtent(512, size_t{1} << 30, size_t{1} << 30)),
            qiaoErrorMemoryAllocation);
  qiaoGetLastError();
}

TEST(ArrayFlags, BitsCudaDoesNotDefineAreAWrongArgument) {
  qiaoChannelFormatDesc desc = qiaoCreateChannelDesc(8, 0, 0, 0, qiaoChannelFormatKindUnsigned);
  qiaoArray_t array = nullptr;
  EXPECT_EQ(qiaoMallocArray(&array, &desc, 16, 0, 0x10), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMallocArray(&array, &desc, 16, 0, 0x100 | qiaoArraySurfaceLoadStore),
            qiaoErrorInvalidValue);
  // CUDA's sparse-array flag exists; Qiao has no sparse arrays.
  EXPECT_EQ(qiaoMallocArray(&array, &desc, 16, 0, 0x40), qiaoErrorNotSupported);
  qiaoGetLastError();
}

TEST(ArrayBounds, RowOffsetsThatWrapAreRefused) {
  qiaoChannelFormatDesc desc = qiaoCreateChannelDesc(8, 0, 0, 0, qiaoChannelFormatKindUnsigned);
  qiaoArray_t array = nullptr;
  ASSERT_EQ(qiaoMallocArray(&array, &desc, 64, 4), qiaoSuccess);
  char host[64] = {};
  // hOffset * pitch (64) wraps to 0 when hOffset is 2^58.
  EXPECT_EQ(qiaoMemcpyToArray(array, 0, size_t{1} << 58, host, 16, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFreeArray(array), qiaoSuccess);
  qiaoGetLastError();
}

// CUDA pins the pages it registers: a range past the process's mappings fails. Accepted, a
// huge size made every later address look like registered memory, so that copies and fills to
// wild pointers passed their range checks (a crash the API fuzzer found).
TEST(HostRegisterBounds, RangesPastMappedMemoryAreRefused) {
  auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void *mapped =
      mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  ASSERT_EQ(munmap(static_cast<char *>(mapped) + page, page), 0); // a hole after the first page
  EXPECT_EQ(qiaoHostRegister(mapped, 2 * page, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoHostRegister(mapped, size_t{1} << 62, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoHostRegister(mapped, SIZE_MAX, 0), qiaoErrorInvalidValue);
  // The page that is there registers, and the copy checks then use its true size.
  ASSERT_EQ(qiaoHostRegister(mapped, page, 0), qiaoSuccess);
  std::vector<char> host(2 * page, 3);
  EXPECT_EQ(qiaoMemcpy(mapped, host.data(), 2 * page, qiaoMemcpyDefault), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoHostUnregister(mapped), qiaoSuccess);
  munmap(mapped, page);
  qiaoGetLastError();
}

} // namespace
