// Copies of every kind with exact bytes, 2D/3D layouts, kind validation, symbols.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace {

std::vector<unsigned char> counting(size_t n, int start = 0) {
  std::vector<unsigned char> v(n);
  std::iota(v.begin(), v.end(), static_cast<unsigned char>(start));
  return v;
}

TEST(Memcpy, EveryKindMovesExactBytes) {
  auto src = counting(300, 7);
  std::vector<unsigned char> host(300, 0), other(300, 0);
  void *a = nullptr, *b = nullptr;
  ASSERT_EQ(qiaoMalloc(&a, 300), qiaoSuccess);
  ASSERT_EQ(qiaoMalloc(&b, 300), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(a, src.data(), 300, qiaoMemcpyHostToDevice), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(b, a, 300, qiaoMemcpyDeviceToDevice), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(host.data(), b, 300, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(host, src);
  ASSERT_EQ(qiaoMemcpy(other.data(), host.data(), 300, qiaoMemcpyHostToHost), qiaoSuccess);
  EXPECT_EQ(other, src);
  // Default infers the direction from the pointers (unified addressing).
  auto second = counting(300, 100);
  ASSERT_EQ(qiaoMemcpy(a, second.data(), 300, qiaoMemcpyDefault), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(host.data(), a, 300, qiaoMemcpyDefault), qiaoSuccess);
  EXPECT_EQ(host, second);
  ASSERT_EQ(qiaoMemcpyAsync(b, second.data(), 300, qiaoMemcpyHostToDevice, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpyAsync(other.data(), b, 300, qiaoMemcpyDeviceToHost, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  EXPECT_EQ(other, second);
  EXPECT_EQ(qiaoFree(a), qiaoSuccess);
  EXPECT_EQ(qiaoFree(b), qiaoSuccess);
}

TEST(Memcpy, KindIsCheckedAgainstThePointers) {
  std::vector<unsigned char> host(64), host2(64);
  void *d = nullptr;
  ASSERT_EQ(qiaoMalloc(&d, 64), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpy(d, host.data(), 64, static_cast<qiaoMemcpyKind>(5)),
            qiaoErrorInvalidMemcpyDirection);
  EXPECT_EQ(qiaoMemcpy(host2.data(), host.data(), 64, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(host2.data(), host.data(), 64, qiaoMemcpyDeviceToHost),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(d, host.data(), 64, qiaoMemcpyDeviceToDevice), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(d, host.data(), 65, qiaoMemcpyHostToDevice), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(nullptr, host.data(), 4, qiaoMemcpyHostToHost), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpy(nullptr, nullptr, 0, qiaoMemcpyHostToHost), qiaoSuccess);
  EXPECT_EQ(qiaoMemcpyAsync(d, host.data(), 4, qiaoMemcpyHostToDevice,
                            reinterpret_cast<qiaoStream_t>(0x1234)),
            qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoFree(d), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Memcpy, TwoDimensionalLayout) {
  // 4 rows of 6 bytes from a host array of pitch 10 into device rows of pitch 16.
  auto src = counting(40, 1);
  unsigned char *d = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&d), 64), qiaoSuccess);
  ASSERT_EQ(qiaoMemset(d, 0xee, 64), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy2D(d, 16, src.data(), 10, 6, 4, qiaoMemcpyHostToDevice), qiaoSuccess);
  std::vector<unsigned char> back(64);
  ASSERT_EQ(qiaoMemcpy(back.data(), d, 64, qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (size_t i = 0; i < 64; ++i) {
    size_t row = i / 16, column = i % 16;
    unsigned char expected = column < 6 ? src[row * 10 + column] : 0xee;
    EXPECT_EQ(back[i], expected) << i;
  }
  // And back out with a different pitch.
  std::vector<unsigned char> out(4 * 8, 0);
  ASSERT_EQ(qiaoMemcpy2DAsync(out.data(), 8, d, 16, 6, 4, qiaoMemcpyDeviceToHost, nullptr),
            qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  for (size_t i = 0; i < out.size(); ++i)
    EXPECT_EQ(out[i], i % 8 < 6 ? src[(i / 8) * 10 + i % 8] : 0) << i;
  EXPECT_EQ(qiaoMemcpy2D(d, 4, src.data(), 10, 6, 4, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidPitchValue);
  EXPECT_EQ(qiaoMemcpy2D(d, 16, src.data(), 10, 6, 5, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidValue); // rows run past the allocation
  EXPECT_EQ(qiaoFree(d), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Memcpy, ThreeDimensionalLayoutWithOffsets) {
  // Source: host block 8 x 3 rows x 2 slices (pitch 8, ysize 3). Copy extent 4 x 2 x 2 from
  // position (1,1,0) to device position (2,0,1) in a 16-pitch, 4-row-per-slice, 3-slice block.
  auto src = counting(8 * 3 * 2, 0);
  qiaoPitchedPtr dst{};
  ASSERT_EQ(qiaoMalloc(&dst.ptr, 16 * 4 * 3), qiaoSuccess);
  dst.pitch = 16;
  dst.xsize = 16;
  dst.ysize = 4;
  ASSERT_EQ(qiaoMemset(dst.ptr, 0, 16 * 4 * 3), qiaoSuccess);
  qiaoMemcpy3DParms p{};
  p.srcPtr = qiaoPitchedPtr{src.data(), 8, 8, 3};
  p.srcPos = qiaoPos{1, 1, 0};
  p.dstPtr = dst;
  p.dstPos = qiaoPos{2, 0, 1};
  p.extent = qiaoExtent{4, 2, 2};
  p.kind = qiaoMemcpyHostToDevice;
  ASSERT_EQ(qiaoMemcpy3D(&p), qiaoSuccess);
  std::vector<unsigned char> back(16 * 4 * 3);
  ASSERT_EQ(qiaoMemcpy(back.data(), dst.ptr, back.size(), qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (size_t i = 0; i < back.size(); ++i) {
    size_t z = i / 64, y = (i / 16) % 4, x = i % 16;
    unsigned char expected = 0;
    if (z >= 1 && z < 3 && y < 2 && x >= 2 && x < 6)
      expected = src[(z - 1) * 24 + (y + 1) * 8 + (x - 2 + 1)];
    EXPECT_EQ(back[i], expected) << i;
  }
  // A side naming something that is no CUDA array (api_array_test.cpp copies real ones).
  p.srcArray = reinterpret_cast<qiaoArray_t>(0x10);
  EXPECT_EQ(qiaoMemcpy3D(&p), qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoMemcpy3D(nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFree(dst.ptr), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Memcpy, PeerCopies) {
  int count = 0;
  qiaoGetDeviceCount(&count);
  auto src = counting(32, 3);
  void *a = nullptr, *b = nullptr;
  ASSERT_EQ(qiaoMalloc(&a, 32), qiaoSuccess);
  ASSERT_EQ(qiaoMalloc(&b, 32), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(a, src.data(), 32, qiaoMemcpyHostToDevice), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpyPeer(b, count - 1, a, 0, 32), qiaoSuccess);
  std::vector<unsigned char> back(32);
  ASSERT_EQ(qiaoMemcpy(back.data(), b, 32, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(back, src);
  EXPECT_EQ(qiaoMemcpyPeer(b, count, a, 0, 32), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoFree(a), qiaoSuccess);
  EXPECT_EQ(qiaoFree(b), qiaoSuccess);
  qiaoGetLastError();
}

int hostSymbol; // stands for a __device__ variable's host shadow

TEST(Symbols, RegisteredVariablesAreCopyTargets) {
  void *storage = nullptr;
  ASSERT_EQ(qiaoMalloc(&storage, 16), qiaoSuccess);
  ASSERT_EQ(qiaoRegisterVar(&hostSymbol, storage, 16), qiaoSuccess);
  void *address = nullptr;
  ASSERT_EQ(qiaoGetSymbolAddress(&address, &hostSymbol), qiaoSuccess);
  EXPECT_EQ(address, storage);
  size_t size = 0;
  ASSERT_EQ(qiaoGetSymbolSize(&size, &hostSymbol), qiaoSuccess);
  EXPECT_EQ(size, 16u);
  const unsigned values[2] = {0xdeadbeef, 0x01020304};
  ASSERT_EQ(qiaoMemcpyToSymbol(&hostSymbol, values, 8, 4, qiaoMemcpyHostToDevice), qiaoSuccess);
  unsigned back[4] = {1, 1, 1, 1};
  ASSERT_EQ(qiaoMemcpyFromSymbol(back, &hostSymbol, 12, 0, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(back[1], 0xdeadbeefu);
  EXPECT_EQ(back[2], 0x01020304u);
  ASSERT_EQ(qiaoMemcpyToSymbolAsync(&hostSymbol, values, 4, 12, qiaoMemcpyDefault, nullptr),
            qiaoSuccess);
  ASSERT_EQ(qiaoMemcpyFromSymbolAsync(back, &hostSymbol, 4, 12, qiaoMemcpyDefault, nullptr),
            qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  EXPECT_EQ(back[0], 0xdeadbeefu);
  EXPECT_EQ(qiaoMemcpyToSymbol(&hostSymbol, values, 8, 12, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemcpyToSymbol(&hostSymbol, values, 4, 0, qiaoMemcpyDeviceToHost),
            qiaoErrorInvalidMemcpyDirection);
  int unknown = 0;
  EXPECT_EQ(qiaoMemcpyToSymbol(&unknown, values, 4, 0, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidSymbol);
  EXPECT_EQ(qiaoGetSymbolAddress(&address, &unknown), qiaoErrorInvalidSymbol);
  EXPECT_EQ(qiaoGetSymbolSize(&size, &unknown), qiaoErrorInvalidSymbol);
  EXPECT_EQ(qiaoFree(storage), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace
