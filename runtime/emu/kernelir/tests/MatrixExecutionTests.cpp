// The warp-level matrix instructions in Qiao kernel IR (wmma, mma.sync, ldmatrix, cvt to .tf32):
// nvcc's tensor-core kernels of the engine's tests run through the kir driver and through the
// interpreter on the same random operands, and every output byte must agree.
#include "KirDifferential.h"
#include "NvccPtx.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::KirModule;
using qiao::ptx::test::nvccPtx;
using qiao::ptx::test::ParamPack;
using qiao::ptx::test::PtxRunner;

using Bytes = std::vector<uint8_t>;

// Halves (f16 or bf16) with exponents over a wide range, so that the sums round.
Bytes randomHalves(size_t count, uint32_t seed, bool bf16) {
  Bytes out(count * 2);
  for (size_t i = 0; i < count; ++i) {
    seed = seed * 1664525u + 1013904223u;
    uint16_t sign = (seed >> 31) << 15, mantissa = (seed >> 8) & (bf16 ? 0x7f : 0x3ff);
    uint16_t exponent = bf16 ? 0x70 + (seed >> 20) % 32 : 0x8 + (seed >> 20) % 16;
    uint16_t bits = sign | static_cast<uint16_t>(exponent << (bf16 ? 7 : 10)) | mantissa;
    std::memcpy(&out[2 * i], &bits, 2);
  }
  return out;
}

Bytes randomFloats(size_t count, uint32_t seed) {
  Bytes out(count * 4);
  for (size_t i = 0; i < count; ++i) {
    seed = seed * 1664525u + 1013904223u;
    uint32_t bits = (seed & 0x807fffffu) | ((0x70u + (seed >> 24) % 24) << 23);
    std::memcpy(&out[4 * i], &bits, 4);
  }
  return out;
}

// Runs kernel (one warp) with one pointer argument per array and then the int scalars, both
// ways, and expects array `result` to hold the same bytes (the last array by default).
void expectSameResult(const std::string &text, const char *kernel, std::vector<Bytes> arrays,
                      std::vector<int32_t> scalars = {}, int result = -1) {
  const size_t out = result < 0 ? arrays.size() - 1 : static_cast<size_t>(result);
  PtxRunner r;
  r.interpretOnly = true;
  ASSERT_TRUE(r.load(text));
  ParamPack pack;
  std::vector<uint8_t *> reference;
  for (const Bytes &a : arrays) {
    reference.push_back(r.memory.array<uint8_t>(a));
    pack.add(reference.back());
  }
  for (int32_t v : scalars)
    pack.add(v);
  auto outcome = r.run(kernel, {1}, {32}, pack);
  ASSERT_EQ(outcome.code, 0) << outcome.report;

  KirModule module(text);
  ASSERT_TRUE(module.loaded());
  std::vector<void *> device(arrays.size());
  std::vector<void *> args;
  for (size_t i = 0; i < arrays.size(); ++i) {
    ASSERT_EQ(qiaoMalloc(&device[i], arrays[i].size()), qiaoSuccess);
    ASSERT_EQ(qiaoMemcpy(device[i], arrays[i].data(), arrays[i].size(), qiaoMemcpyHostToDevice),
              qiaoSuccess);
  }
  for (void *&p : device)
    args.push_back(&p);
  for (int32_t &v : scalars)
    args.push_back(&v);
  ASSERT_EQ(module.run(kernel, 1, 32, args.data()), qiaoSuccess);
  Bytes got(arrays[out].size());
  ASSERT_EQ(qiaoMemcpy(got.data(), device[out], got.size(), qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (void *p : device)
    EXPECT_EQ(qiaoFree(p), qiaoSuccess);
  const uint8_t *want = reference[out];
  size_t differing = 0;
  for (size_t i = 0; i < got.size(); ++i)
    if (got[i] != want[i] && differing++ < 8)
      ADD_FAILURE() << kernel << ": byte " << i << " is " << int(got[i]) << ", the interpreter's "
                    << int(want[i]);
  EXPECT_EQ(differing, 0u) << kernel;
}

class KernelIrMatrix : public ::testing::Test {
protected:
  static void SetUpTestSuite() { text_ = new std::string(nvccPtx("matrix.cu")); }
  static void TearDownTestSuite() { delete text_; }
  static std::string *text_;
};
std::string *KernelIrMatrix::text_ = nullptr;

TEST_F(KernelIrMatrix, MmaSyncHalfWithLdmatrixMatchesTheInterpreter) {
  expectSameResult(*text_, "mmaHalfLdmatrix",
                   {randomHalves(16 * 16, 1, false), randomHalves(16 * 8, 2, false),
                    randomFloats(16 * 8, 3), Bytes(16 * 8 * 4)});
}

TEST_F(KernelIrMatrix, MmaSyncHalfAccumulatorsMatchTheInterpreter) {
  expectSameResult(*text_, "mmaHalfAccumulate",
                   {randomHalves(16 * 16, 4, false), randomHalves(16 * 8, 5, false),
                    randomHalves(16 * 8, 6, false), Bytes(16 * 8 * 2)});
}

TEST_F(KernelIrMatrix, MmaSyncTf32MatchesTheInterpreter) {
  expectSameResult(*text_, "mmaTf32",
                   {randomFloats(16 * 8, 7), randomFloats(8 * 8, 8), randomFloats(16 * 8, 9),
                    Bytes(16 * 8 * 4)});
}

TEST_F(KernelIrMatrix, MmaSyncBf16WithLdmatrixX1AndX2MatchesTheInterpreter) {
  expectSameResult(
      *text_, "mmaBf16Ldmatrix",
      {randomHalves(16 * 8, 10, true), randomHalves(8 * 8, 11, true), Bytes(16 * 8 * 4)});
}

TEST_F(KernelIrMatrix, WmmaHalfAccumulate32x8MatchesTheInterpreter) {
  const int k = 32;
  expectSameResult(*text_, "wmmaHalfAccumulate32x8",
                   {randomHalves(32 * k, 12, false), randomHalves(k * 8, 13, false),
                    randomHalves(32 * 8, 14, false)},
                   {k});
}

TEST_F(KernelIrMatrix, WmmaBf16Tile8x32MatchesTheInterpreter) {
  const int k = 32;
  expectSameResult(
      *text_, "wmmaBf16Tile8x32",
      {randomHalves(8 * k, 15, true), randomHalves(k * 32, 16, true), Bytes(8 * 32 * 4)}, {k});
}

TEST_F(KernelIrMatrix, WmmaTf32TileMatchesTheInterpreter) {
  const int k = 24;
  expectSameResult(*text_, "wmmaTf32Tile",
                   {randomFloats(16 * k, 17), randomFloats(k * 16, 18), Bytes(16 * 16 * 4)}, {k});
}

} // namespace
