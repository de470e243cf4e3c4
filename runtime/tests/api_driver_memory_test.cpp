// Driver-style memory (cuMemAlloc, cuMemFree, cuMemcpyHtoD/DtoH/DtoD and their Async forms,
// cuMemsetD8/D16/D32): integer device addresses, CUDA's results and codes.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

struct DeviceBuffer {
  qiaoDeviceptr_t address = 0;
  explicit DeviceBuffer(size_t bytes) { EXPECT_EQ(qiaoMemAlloc(&address, bytes), qiaoSuccess); }
  ~DeviceBuffer() { EXPECT_EQ(qiaoMemFree(address), qiaoSuccess); }
};

TEST(DriverMemory, AllocateCopyBackAndForth) {
  constexpr size_t n = 256;
  std::vector<uint32_t> in(n), out(n, 0);
  for (size_t i = 0; i < n; ++i)
    in[i] = static_cast<uint32_t>(i * 7 + 1);
  DeviceBuffer a(n * 4), b(n * 4);
  ASSERT_NE(a.address, 0u);
  EXPECT_EQ(qiaoMemcpyHtoD(a.address, in.data(), n * 4), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoD(b.address, a.address, n * 4), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoH(out.data(), b.address, n * 4), qiaoSuccess);
  EXPECT_EQ(out, in);
  // Device addresses are integers: the second half, by arithmetic on the address.
  std::vector<uint32_t> half(n / 2, 0);
  EXPECT_EQ(qiaoMemcpyDtoH(half.data(), a.address + n * 2, n * 2), qiaoSuccess);
  EXPECT_EQ(half, std::vector<uint32_t>(in.begin() + n / 2, in.end()));
}

TEST(DriverMemory, AsyncCopiesFollowTheStream) {
  constexpr size_t n = 1024;
  std::vector<uint8_t> in(n), out(n, 0);
  for (size_t i = 0; i < n; ++i)
    in[i] = static_cast<uint8_t>(i * 13);
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&stream, qiaoStreamNonBlocking), qiaoSuccess);
  DeviceBuffer a(n), b(n);
  EXPECT_EQ(qiaoMemcpyHtoDAsync(a.address, in.data(), n, stream), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoDAsync(b.address, a.address, n, stream), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoHAsync(out.data(), b.address, n, stream), qiaoSuccess);
  EXPECT_EQ(qiaoStreamSynchronize(stream), qiaoSuccess);
  EXPECT_EQ(out, in);
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
}

TEST(DriverMemory, MemsetFillsElementsOfEachWidth) {
  constexpr size_t n = 64;
  DeviceBuffer buffer(n * 4);
  std::vector<uint32_t> words(n);
  EXPECT_EQ(qiaoMemsetD32(buffer.address, 0x12345678u, n), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoH(words.data(), buffer.address, n * 4), qiaoSuccess);
  EXPECT_EQ(words, std::vector<uint32_t>(n, 0x12345678u));
  std::vector<uint16_t> halves(n * 2);
  EXPECT_EQ(qiaoMemsetD16(buffer.address, 0xbeef, n * 2), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoH(halves.data(), buffer.address, n * 4), qiaoSuccess);
  EXPECT_EQ(halves, std::vector<uint16_t>(n * 2, 0xbeef));
  // Only the elements asked for: the first byte of the D16 fill is overwritten, the rest kept.
  EXPECT_EQ(qiaoMemsetD8(buffer.address + 1, 0x5a, 2), qiaoSuccess);
  std::vector<uint8_t> bytes(4);
  EXPECT_EQ(qiaoMemcpyDtoH(bytes.data(), buffer.address, 4), qiaoSuccess);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0xef, 0x5a, 0x5a, 0xbe}));
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&stream), qiaoSuccess);
  EXPECT_EQ(qiaoMemsetD32Async(buffer.address, 7u, n, stream), qiaoSuccess);
  EXPECT_EQ(qiaoMemsetD16Async(buffer.address, 9, 1, stream), qiaoSuccess);
  EXPECT_EQ(qiaoMemsetD8Async(buffer.address + 4, 1, 1, stream), qiaoSuccess);
  EXPECT_EQ(qiaoStreamSynchronize(stream), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyDtoH(words.data(), buffer.address, n * 4), qiaoSuccess);
  EXPECT_EQ(words[0], 9u); // little-endian: 0x0009 over the low half of 7
  EXPECT_EQ(words[1], 1u); // its low byte set to 1, the rest of 7 being zeros
  EXPECT_EQ(words[n - 1], 7u);
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
}

TEST(DriverMemory, BadArguments) {
  qiaoDeviceptr_t p = 0;
  EXPECT_EQ(qiaoMemAlloc(nullptr, 16), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemAlloc(&p, 0), qiaoErrorInvalidValue); // cuMemAlloc: size 0 is invalid
  DeviceBuffer buffer(64);
  uint32_t host[16] = {};
  // Misaligned D16 and D32 fills, and fills or copies past the allocation.
  EXPECT_EQ(qiaoMemsetD32(buffer.address + 2, 0, 1), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemsetD16(buffer.address + 1, 0, 1), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemsetD32(buffer.address, 0, 17), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpyHtoD(buffer.address, host, 65), qiaoErrorInvalidValue);
  // A host address where a device address belongs is CUDA_ERROR_INVALID_VALUE, as is freeing
  // an address no allocation starts at.
  auto hostAddress = static_cast<qiaoDeviceptr_t>(reinterpret_cast<uintptr_t>(host));
  EXPECT_EQ(qiaoMemcpyDtoH(host, hostAddress, 4), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemFree(buffer.address + 4), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemFree(hostAddress), qiaoErrorInvalidValue);
}

} // namespace
