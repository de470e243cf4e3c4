// Warp-level matrix instructions: the documented fragment layouts of MatrixSemantics.h, the
// tensor-core kernels of kernels/matrix.cu (nvcuda::wmma, mma.sync, ldmatrix) compiled by nvcc
// at test time and compared with a CPU reference, hand-written PTX for the forms nvcc does not
// emit (.satfinite, the default stride, cvt to tf32), and the forms the decoder refuses.
#include "NvccPtx.h"
#include "PtxHarness.h"
#include "ptx/FloatSemantics.h"
#include "ptx/Ir.h"
#include "ptx/MatrixSemantics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";
std::string ptx(const std::string &body) { return kHeader + body; }

// ---- layouts ---------------------------------------------------------------------------------

// Every element of the matrix is held by exactly one (lane, element) of the fragment.
template <class Layout>
void expectPartition(const FragmentGeometry &g, Layout &&layout, const std::string &what) {
  std::set<std::pair<unsigned, unsigned>> seen;
  for (unsigned lane = 0; lane < 32; ++lane)
    for (unsigned i = 0; i < g.perLane; ++i) {
      ElementPosition p = layout(lane, i);
      EXPECT_LT(p.row, g.rows) << what;
      EXPECT_LT(p.col, g.cols) << what;
      EXPECT_TRUE(seen.insert({p.row, p.col}).second)
          << what << ": lane " << lane << " element " << i << " repeats (" << p.row << ", " << p.col
          << ")";
    }
  EXPECT_EQ(seen.size(), g.rows * g.cols) << what;
}

TEST(MatrixLayouts, MmaSyncFragmentsCoverTheirMatricesOnce) {
  struct Case {
    MatrixShape shape;
    MatrixElement element;
  };
  for (Case c : {Case{{16, 8, 16}, MatrixElement::F16}, Case{{16, 8, 16}, MatrixElement::BF16},
                 Case{{16, 8, 8}, MatrixElement::F16}, Case{{16, 8, 8}, MatrixElement::TF32}})
    for (MatrixRole role : {MatrixRole::A, MatrixRole::B, MatrixRole::Accumulator}) {
      FragmentGeometry g = mmaSyncGeometry(c.shape, role, c.element);
      expectPartition(
          g,
          [&](unsigned lane, unsigned i) {
            return mmaSyncElement(c.shape, role, c.element, lane, i);
          },
          "k" + std::to_string(c.shape.k) + " role " + std::to_string(static_cast<int>(role)));
    }
}

TEST(MatrixLayouts, MmaSyncPositionsAsTheIsaListsThem) {
  // Lane 6: groupID 1, threadID_in_group 2.
  auto at = [](MatrixShape s, MatrixRole r, MatrixElement e, unsigned i) {
    ElementPosition p = mmaSyncElement(s, r, e, 6, i);
    return std::make_pair(p.row, p.col);
  };
  using P = std::pair<unsigned, unsigned>;
  const MatrixShape k16{16, 8, 16}, k8{16, 8, 8};
  EXPECT_EQ(at(k16, MatrixRole::A, MatrixElement::F16, 0), P(1, 4));
  EXPECT_EQ(at(k16, MatrixRole::A, MatrixElement::F16, 3), P(9, 5));
  EXPECT_EQ(at(k16, MatrixRole::A, MatrixElement::F16, 4), P(1, 12));
  EXPECT_EQ(at(k16, MatrixRole::A, MatrixElement::F16, 7), P(9, 13));
  EXPECT_EQ(at(k16, MatrixRole::B, MatrixElement::F16, 1), P(5, 1));
  EXPECT_EQ(at(k16, MatrixRole::B, MatrixElement::F16, 2), P(12, 1));
  EXPECT_EQ(at(k16, MatrixRole::Accumulator, MatrixElement::F32, 3), P(9, 5));
  EXPECT_EQ(at(k8, MatrixRole::A, MatrixElement::F16, 2), P(9, 4));
  EXPECT_EQ(at(k8, MatrixRole::B, MatrixElement::F16, 1), P(5, 1));
  EXPECT_EQ(at(k8, MatrixRole::A, MatrixElement::TF32, 1), P(9, 2));
  EXPECT_EQ(at(k8, MatrixRole::A, MatrixElement::TF32, 2), P(1, 6));
  EXPECT_EQ(at(k8, MatrixRole::B, MatrixElement::TF32, 1), P(6, 1));
}

TEST(MatrixLayouts, WmmaFragmentsHoldEveryElement) {
  struct Case {
    MatrixShape shape;
    MatrixElement element;
    unsigned aRegs, bRegs;
  };
  // Register counts as nvcc's PTX gives them for each fragment.
  for (Case c :
       {Case{{16, 16, 16}, MatrixElement::F16, 8, 8}, Case{{32, 8, 16}, MatrixElement::F16, 8, 8},
        Case{{8, 32, 16}, MatrixElement::F16, 8, 8}, Case{{16, 16, 16}, MatrixElement::BF16, 4, 4},
        Case{{32, 8, 16}, MatrixElement::BF16, 8, 2}, Case{{8, 32, 16}, MatrixElement::BF16, 2, 8},
        Case{{16, 16, 8}, MatrixElement::TF32, 4, 4}}) {
    FragmentGeometry a = wmmaGeometry(c.shape, MatrixRole::A, c.element);
    FragmentGeometry b = wmmaGeometry(c.shape, MatrixRole::B, c.element);
    EXPECT_EQ(a.registers(), c.aRegs);
    EXPECT_EQ(b.registers(), c.bRegs);
    for (MatrixElement acc : {MatrixElement::F16, MatrixElement::F32}) {
      FragmentGeometry g = wmmaGeometry(c.shape, MatrixRole::Accumulator, acc);
      EXPECT_EQ(g.registers(), acc == MatrixElement::F16 ? 4u : 8u);
      expectPartition(
          g, [&](unsigned lane, unsigned i) { return wmmaElement(g, lane, i); }, "accumulator");
    }
    // A and B: every element at least once (f16 fragments hold copies).
    for (const FragmentGeometry &g : {a, b}) {
      std::set<std::pair<unsigned, unsigned>> seen;
      for (unsigned lane = 0; lane < 32; ++lane)
        for (unsigned i = 0; i < g.perLane; ++i) {
          ElementPosition p = wmmaElement(g, lane, i);
          seen.insert({p.row, p.col});
        }
      EXPECT_EQ(seen.size(), g.rows * g.cols);
    }
  }
}

TEST(MatrixLayouts, LdmatrixGivesRowsOrTheirTranspose) {
  ElementPosition p = ldmatrixElement(13, 1, false); // group 3, pair 2
  EXPECT_EQ(p.row, 3u);
  EXPECT_EQ(p.col, 3u);
  p = ldmatrixElement(13, 0, true);
  EXPECT_EQ(p.row, 2u);
  EXPECT_EQ(p.col, 3u);
}

TEST(MatrixSemantics, SatfiniteClampsInfinitiesOnly) {
  EXPECT_EQ(resultBits(1.0e6f, MatrixElement::F16, false), 0x7c00u);
  EXPECT_EQ(resultBits(1.0e6f, MatrixElement::F16, true), 0x7bffu);
  EXPECT_EQ(resultBits(-1.0e6f, MatrixElement::F16, true), 0xfbffu);
  EXPECT_EQ(resultBits(1.5f, MatrixElement::F16, true), 0x3e00u);
  EXPECT_EQ(resultBits(INFINITY, MatrixElement::F32, true), 0x7f7fffffu);
  EXPECT_TRUE(std::isnan(std::bit_cast<float>(resultBits(NAN, MatrixElement::F32, true))));
}

TEST(MatrixSemantics, Tf32OperandsDropTheirLowThirteenBits) {
  EXPECT_EQ(elementValue(std::bit_cast<uint32_t>(1.0f) | 0x1fffu, MatrixElement::TF32), 1.0f);
  EXPECT_EQ(elementValue(std::bit_cast<uint32_t>(1.0f) | 0x2000u, MatrixElement::TF32),
            1.0f + 0x1p-10f);
}

// ---- CUDA kernels compiled by nvcc -----------------------------------------------------------

// Small multiples of 1/2: products and sums stay exact in f32 (and in f16 for these sizes), so
// the result does not depend on the order of the additions.
float sample(int i, int salt) { return static_cast<float>((i * 7 + salt * 3) % 9 - 4) * 0.5f; }

std::vector<uint16_t> halves(const std::vector<float> &v) {
  std::vector<uint16_t> out;
  for (float x : v)
    out.push_back(floatToHalf(x));
  return out;
}
std::vector<uint16_t> bf16s(const std::vector<float> &v) {
  std::vector<uint16_t> out;
  for (float x : v)
    out.push_back(floatToBf16(x));
  return out;
}
std::vector<float> samples(int count, int salt) {
  std::vector<float> v;
  for (int i = 0; i < count; ++i)
    v.push_back(sample(i, salt));
  return v;
}

// row-major A (m x k) times B given by element function, plus C, in double.
template <class AAt, class BAt, class CAt>
double referenceAt(int i, int j, int k, AAt &&a, BAt &&b, CAt &&c) {
  double sum = c(i, j);
  for (int p = 0; p < k; ++p)
    sum += double{a(i, p)} * double{b(p, j)};
  return sum;
}

class MatrixCuda : public ::testing::Test {
protected:
  void SetUp() override {
    static const std::string text = nvccPtx("matrix.cu");
    ASSERT_FALSE(text.empty());
    ASSERT_TRUE(runner.load(text));
  }
  PtxRunner runner;
};

TEST_F(MatrixCuda, WmmaHalfGemmWithElementwiseEpilogue) {
  const int m = 32, n = 32, k = 48;
  std::vector<float> a = samples(m * k, 1), b = samples(k * n, 2), c = samples(m * n, 3);
  auto *da = runner.memory.array<uint16_t>(halves(a));
  auto *db = runner.memory.array<uint16_t>(halves(b)); // column-major: b[j * k + p]
  auto *dc = runner.memory.array<float>(c);
  auto *dd = runner.memory.array<float>(m * n);
  const float alpha = 0.5f;
  auto outcome = runner.runChecked(
      "wmmaHalfGemm", {1}, {128},
      ParamPack().add(da).add(db).add(dc).add(dd).add(m).add(n).add(k).add(alpha));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(outcome.checkDifference, "");
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double product = referenceAt(
          i, j, k, [&](int r, int p) { return a[r * k + p]; },
          [&](int p, int col) { return b[col * k + p]; }, [](int, int) { return 0.0; });
      ASSERT_EQ(dd[i * n + j], alpha * product + c[i * n + j]) << i << ", " << j;
    }
}

TEST_F(MatrixCuda, WmmaHalfAccumulationThroughSharedMemory) {
  const int k = 32;
  std::vector<float> a = samples(32 * k, 4), b = samples(k * 8, 5), c = samples(32 * 8, 6);
  auto *da = runner.memory.array<uint16_t>(halves(a)); // column-major: a[p * 32 + row]
  auto *db = runner.memory.array<uint16_t>(halves(b)); // row-major: b[p * 8 + col]
  auto *dc = runner.memory.array<uint16_t>(halves(c)); // column-major: c[col * 32 + row]
  auto outcome =
      runner.run("wmmaHalfAccumulate32x8", {1}, {32}, ParamPack().add(da).add(db).add(dc).add(k));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int row = 0; row < 32; ++row)
    for (int col = 0; col < 8; ++col) {
      double expected = referenceAt(
          row, col, k, [&](int r, int p) { return a[p * 32 + r]; },
          [&](int p, int j) { return b[p * 8 + j]; },
          [&](int r, int j) { return double{c[j * 32 + r]}; });
      ASSERT_EQ(halfToFloat(dc[col * 32 + row]), expected) << row << ", " << col;
    }
}

TEST_F(MatrixCuda, WmmaBf16Tile) {
  const int k = 32;
  std::vector<float> a = samples(8 * k, 7), b = samples(k * 32, 8);
  auto *da = runner.memory.array<uint16_t>(bf16s(a));
  auto *db = runner.memory.array<uint16_t>(bf16s(b));
  auto *dd = runner.memory.array<float>(8 * 32);
  auto outcome =
      runner.runChecked("wmmaBf16Tile8x32", {1}, {32}, ParamPack().add(da).add(db).add(dd).add(k));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(outcome.checkDifference, "");
  for (int row = 0; row < 8; ++row)
    for (int col = 0; col < 32; ++col) {
      double expected = referenceAt(
          row, col, k, [&](int r, int p) { return a[r * k + p]; },
          [&](int p, int j) { return b[p * 32 + j]; }, [](int, int) { return 1.0; });
      ASSERT_EQ(dd[col * 8 + row], expected) << row << ", " << col;
    }
}

// cvt.rna.tf32.f32 as the ISA defines it: nearest, ties away from zero, 10 mantissa bits.
float roundToTf32(float x) {
  uint32_t bits = std::bit_cast<uint32_t>(x);
  return std::bit_cast<float>((bits + 0x1000u) & ~0x1fffu);
}

// Values with bits below tf32's precision: the kernels must round them, then sum in f32.
std::vector<float> tf32Samples(int count, int salt) {
  std::vector<float> v;
  for (int i = 0; i < count; ++i)
    v.push_back(sample(i, salt) * (1.0f + 0x1p-11f) + static_cast<float>(i % 5) * 0x1p-14f);
  return v;
}

void expectNear(double got, double expected, double scale, const std::string &where) {
  EXPECT_NEAR(got, expected, 1e-6 * scale + 1e-30) << where;
}

TEST_F(MatrixCuda, WmmaTf32Tile) {
  const int k = 24;
  std::vector<float> a = tf32Samples(16 * k, 9), b = tf32Samples(16 * k, 10);
  auto *da = runner.memory.array<float>(a);
  auto *db = runner.memory.array<float>(b); // column-major: b[col * k + p]
  auto *dd = runner.memory.array<float>(16 * 16);
  auto outcome =
      runner.runChecked("wmmaTf32Tile", {1}, {32}, ParamPack().add(da).add(db).add(dd).add(k));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(outcome.checkDifference, "");
  for (int row = 0; row < 16; ++row)
    for (int col = 0; col < 16; ++col) {
      double scale = 0;
      for (int p = 0; p < k; ++p)
        scale += std::fabs(double{a[row * k + p]} * b[col * k + p]);
      double expected = referenceAt(
          row, col, k, [&](int r, int p) { return roundToTf32(a[r * k + p]); },
          [&](int p, int j) { return roundToTf32(b[j * k + p]); }, [](int, int) { return 0.0; });
      expectNear(dd[row * 16 + col], expected, scale,
                 std::to_string(row) + ", " + std::to_string(col));
    }
}

TEST_F(MatrixCuda, MmaSyncHalfWithLdmatrix) {
  std::vector<float> a = samples(16 * 16, 11), b = samples(16 * 8, 12), c = samples(16 * 8, 13);
  auto *da = runner.memory.array<uint16_t>(halves(a));
  auto *db = runner.memory.array<uint16_t>(halves(b));
  auto *dc = runner.memory.array<float>(c);
  auto *dd = runner.memory.array<float>(16 * 8);
  auto outcome =
      runner.runChecked("mmaHalfLdmatrix", {1}, {32}, ParamPack().add(da).add(db).add(dc).add(dd));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(outcome.checkDifference, "");
  for (int row = 0; row < 16; ++row)
    for (int col = 0; col < 8; ++col) {
      double expected = referenceAt(
          row, col, 16, [&](int r, int p) { return a[r * 16 + p]; },
          [&](int p, int j) { return b[p * 8 + j]; },
          [&](int r, int j) { return double{c[r * 8 + j]}; });
      ASSERT_EQ(dd[row * 8 + col], expected) << row << ", " << col;
    }
}

TEST_F(MatrixCuda, MmaSyncHalfAccumulators) {
  std::vector<float> a = samples(16 * 16, 14), b = samples(16 * 8, 15), c = samples(16 * 8, 16);
  auto *da = runner.memory.array<uint16_t>(halves(a));
  auto *db = runner.memory.array<uint16_t>(halves(b));
  auto *dc = runner.memory.array<uint16_t>(halves(c));
  auto *dd = runner.memory.array<uint16_t>(16 * 8);
  auto outcome =
      runner.run("mmaHalfAccumulate", {1}, {32}, ParamPack().add(da).add(db).add(dc).add(dd));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (int row = 0; row < 16; ++row)
    for (int col = 0; col < 8; ++col) {
      double expected = referenceAt(
          row, col, 16, [&](int r, int p) { return a[r * 16 + p]; },
          [&](int p, int j) { return b[p * 8 + j]; },
          [&](int r, int j) { return double{c[r * 8 + j]}; });
      ASSERT_EQ(halfToFloat(dd[row * 8 + col]), expected) << row << ", " << col;
    }
}

TEST_F(MatrixCuda, MmaSyncTf32) {
  std::vector<float> a = tf32Samples(16 * 8, 17), b = tf32Samples(8 * 8, 18),
                     c = samples(16 * 8, 19);
  auto *da = runner.memory.array<float>(a);
  auto *db = runner.memory.array<float>(b);
  auto *dc = runner.memory.array<float>(c);
  auto *dd = runner.memory.array<float>(16 * 8);
  auto outcome =
      runner.runChecked("mmaTf32", {1}, {32}, ParamPack().add(da).add(db).add(dc).add(dd));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(outcome.checkDifference, "");
  for (int row = 0; row < 16; ++row)
    for (int col = 0; col < 8; ++col) {
      double scale = std::fabs(c[row * 8 + col]);
      for (int p = 0; p < 8; ++p)
        scale += std::fabs(double{a[row * 8 + p]} * b[p * 8 + col]);
      double expected = referenceAt(
          row, col, 8, [&](int r, int p) { return roundToTf32(a[r * 8 + p]); },
          [&](int p, int j) { return roundToTf32(b[p * 8 + j]); },
          [&](int r, int j) { return double{c[r * 8 + j]}; });
      expectNear(dd[row * 8 + col], expected, scale,
                 std::to_string(row) + ", " + std::to_string(col));
    }
}

TEST_F(MatrixCuda, MmaSyncBf16WithLdmatrixX1AndX2) {
  std::vector<float> a = samples(16 * 8, 20), b = samples(8 * 8, 21);
  auto *da = runner.memory.array<uint16_t>(bf16s(a));
  auto *db = runner.memory.array<uint16_t>(bf16s(b));
  auto *dd = runner.memory.array<float>(16 * 8);
  auto outcome =
      runner.runChecked("mmaBf16Ldmatrix", {1}, {32}, ParamPack().add(da).add(db).add(dd));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(outcome.checkDifference, "");
  for (int row = 0; row < 16; ++row)
    for (int col = 0; col < 8; ++col) {
      double expected = referenceAt(
          row, col, 8, [&](int r, int p) { return a[r * 8 + p]; },
          [&](int p, int j) { return b[p * 8 + j]; }, [](int, int) { return 0.0; });
      ASSERT_EQ(dd[row * 8 + col], expected) << row << ", " << col;
    }
}

// ---- hand-written PTX ------------------------------------------------------------------------

// A x A^T + 0 with every element of A 64: each sum is 16 * 4096 = 65536, past f16's largest
// finite value. The loads take the default stride (16, the rows are dense).
std::string saturatingKernel(bool satfinite) {
  return ptx(
      std::string(R"(
.visible .entry k(.param .u64 pa, .param .u64 pd)
{
  .reg .b32 %r<32>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [pa];
  ld.param.u64 %rd2, [pd];
  wmma.load.a.sync.aligned.row.m16n16k16.global.f16 {%r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8}, [%rd1];
  wmma.load.b.sync.aligned.col.m16n16k16.global.f16 {%r9, %r10, %r11, %r12, %r13, %r14, %r15, %r16}, [%rd1];
  mov.b32 %r17, 0;
  wmma.mma.sync.aligned.row.col.m16n16k16.f16.f16)") +
      (satfinite ? ".satfinite" : "") +
      R"( {%r20, %r21, %r22, %r23}, {%r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8}, {%r9, %r10, %r11, %r12, %r13, %r14, %r15, %r16}, {%r17, %r17, %r17, %r17};
  wmma.store.d.sync.aligned.row.m16n16k16.global.f16 [%rd2], {%r20, %r21, %r22, %r23}, 16;
  ret;
})");
}

TEST(MatrixPtx, SatfiniteClampsHalfOverflowToTheLargestFiniteValue) {
  for (bool satfinite : {false, true}) {
    PtxRunner runner;
    ASSERT_TRUE(runner.load(saturatingKernel(satfinite)));
    auto *a = runner.memory.array<uint16_t>(std::vector<uint16_t>(256, floatToHalf(64.0f)));
    auto *d = runner.memory.array<uint16_t>(256);
    auto outcome = runner.run("k", {1}, {32}, ParamPack().add(a).add(d));
    ASSERT_EQ(outcome.code, 0) << outcome.report;
    for (int i = 0; i < 256; ++i)
      ASSERT_EQ(d[i], satfinite ? 0x7bffu : 0x7c00u) << i;
  }
}

// Under QIAO_MEMCHECK=1: by default the bytes just past an allocation are mapped slack, as on a
// GPU, and the short read goes on.
TEST(MatrixPtx, WmmaLoadOutsideAnAllocationFaults) {
  PtxRunner runner;
  runner.memoryCheck = MemoryCheck::Precise;
  ASSERT_TRUE(runner.load(saturatingKernel(false)));
  auto *a = runner.memory.array<uint16_t>(200); // 56 elements short of the 16x16 tile
  auto *d = runner.memory.array<uint16_t>(256);
  auto outcome = runner.run("k", {1}, {32}, ParamPack().add(a).add(d));
  EXPECT_NE(outcome.code, 0);
  EXPECT_NE(outcome.report.find("wmma.load"), std::string::npos) << outcome.report;
}

TEST(MatrixPtx, CvtToTf32RoundsToTenMantissaBits) {
  PtxRunner runner;
  ASSERT_TRUE(runner.load(ptx(R"(
.visible .entry k(.param .u64 pin, .param .u64 pna, .param .u64 pz)
{
  .reg .b32 %r<4>; .reg .f32 %f<2>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [pin];
  ld.param.u64 %rd2, [pna];
  ld.param.u64 %rd3, [pz];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd4, %r1, 4;
  add.s64 %rd5, %rd1, %rd4;
  ld.global.f32 %f1, [%rd5];
  cvt.rna.tf32.f32 %r2, %f1;
  cvt.rz.tf32.f32 %r3, %f1;
  add.s64 %rd6, %rd2, %rd4;
  st.global.b32 [%rd6], %r2;
  add.s64 %rd7, %rd3, %rd4;
  st.global.b32 [%rd7], %r3;
  ret;
})")));
  const std::vector<float> in = {1.0f + 0x1p-11f,   -(1.0f + 0x1p-11f), 1.0f + 0x1p-12f,
                                 1.0f + 0x1.8p-11f, 3.4028235e38f,      NAN};
  const std::vector<uint32_t> nearestAway = {0x3f802000u, 0xbf802000u, 0x3f800000u,
                                             0x3f802000u, 0x7f800000u, 0x7fffffffu};
  const std::vector<uint32_t> towardZero = {0x3f800000u, 0xbf800000u, 0x3f800000u,
                                            0x3f800000u, 0x7f7fe000u, 0x7fffffffu};
  auto *din = runner.memory.array<float>(in);
  auto *na = runner.memory.array<uint32_t>(in.size());
  auto *z = runner.memory.array<uint32_t>(in.size());
  auto outcome =
      runner.run("k", {1}, {static_cast<uint32_t>(in.size())}, ParamPack().add(din).add(na).add(z));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(na[i], nearestAway[i]) << i;
    EXPECT_EQ(z[i], towardZero[i]) << i;
  }
}

std::string loadError(const std::string &instruction) {
  HostDeviceMemory memory;
  auto loaded = Module::load(ptx(R"(
.visible .entry k(.param .u64 p)
{
  .reg .b32 %r<40>; .reg .f32 %f<40>; .reg .b64 %rd<4>;
  )" + instruction + R"(
  ret;
})"),
                             memory);
  return loaded ? std::string() : loaded.error().message;
}

const std::string kA8 = "{%r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8}";
const std::string kB8 = "{%r9, %r10, %r11, %r12, %r13, %r14, %r15, %r16}";
const std::string kB4 = "{%r9, %r10, %r11, %r12}";
const std::string kF8 = "{%f1, %f2, %f3, %f4, %f5, %f6, %f7, %f8}";
const std::string kD8 = "{%f11, %f12, %f13, %f14, %f15, %f16, %f17, %f18}";

TEST(MatrixPtx, MalformedMatrixInstructionsAreRejectedAtLoad) {
  EXPECT_EQ(
      loadError("wmma.load.a.sync.aligned.row.m16n16k16.global.f16 " + kA8 + ", [%rd1], %r20;"),
      "");
  EXPECT_EQ(loadError("wmma.mma.sync.aligned.row.col.m16n16k16.f32.f32 " + kD8 + ", " + kA8 + ", " +
                      kB8 + ", " + kF8 + ";"),
            "");
  // Eight registers where the bf16 m16n16k16 fragment has four.
  EXPECT_NE(loadError("wmma.load.a.sync.aligned.row.m16n16k16.bf16 " + kA8 + ", [%rd1], %r20;"),
            "");
  EXPECT_NE(loadError("wmma.load.a.row.m16n16k16.f16 " + kA8 + ", [%rd1];"), ""); // no .sync
  EXPECT_NE(loadError("wmma.load.d.sync.aligned.row.m16n16k16.f16 {%r1, %r2, %r3, %r4}, [%rd1];"),
            "");
  // A bf16 multiply accumulates in f32 only, and takes no .satfinite.
  EXPECT_NE(loadError("wmma.mma.sync.aligned.row.col.m16n16k16.f16.bf16.bf16.f32 "
                      "{%r20, %r21, %r22, %r23}, {%r1, %r2, %r3, %r4}, " +
                      kB4 + ", " + kF8 + ";"),
            "");
  EXPECT_NE(loadError("wmma.mma.sync.aligned.row.col.m16n16k16.f32.bf16.bf16.f32.satfinite " + kD8 +
                      ", {%r1, %r2, %r3, %r4}, " + kB4 + ", " + kF8 + ";"),
            "");
  // Integer and double forms are named as unsupported.
  std::string message =
      loadError("wmma.load.a.sync.aligned.row.m16n16k16.global.s8 {%r1, %r2}, [%rd1], %r20;");
  EXPECT_NE(message.find("unsupported PTX"), std::string::npos) << message;
  EXPECT_NE(message.find(".s8"), std::string::npos) << message;
  message = loadError("wmma.load.a.sync.aligned.row.m8n8k4.f64 {%fd1}, [%rd1];");
  EXPECT_NE(message, "");
  // mma.sync m16n8k16 is .row.col only; ldmatrix takes x1, x2 or x4 and as many registers.
  EXPECT_EQ(loadError("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%f1, %f2, %f3, %f4}, "
                      "{%r1, %r2, %r3, %r4}, {%r5, %r6}, {%f5, %f6, %f7, %f8};"),
            "");
  EXPECT_NE(loadError("mma.sync.aligned.m16n8k16.col.row.f32.f16.f16.f32 {%f1, %f2, %f3, %f4}, "
                      "{%r1, %r2, %r3, %r4}, {%r5, %r6}, {%f5, %f6, %f7, %f8};"),
            "");
  EXPECT_NE(loadError("mma.sync.aligned.m16n8k16.row.col.f32.tf32.tf32.f32 {%f1, %f2, %f3, %f4}, "
                      "{%r1, %r2, %r3, %r4}, {%r5, %r6}, {%f5, %f6, %f7, %f8};"),
            "");
  EXPECT_EQ(
      loadError("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%r1, %r2, %r3, %r4}, [%r5];"), "");
  EXPECT_NE(loadError("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%r1, %r2}, [%r5];"), "");
  EXPECT_NE(loadError("ldmatrix.sync.aligned.m8n8.x3.shared.b16 {%r1, %r2, %r3}, [%r5];"), "");
  EXPECT_NE(loadError("ldmatrix.sync.aligned.m8n8.x1.global.b16 {%r1}, [%rd1];"), "");
  EXPECT_EQ(loadError("cvt.rna.tf32.f32 %r1, %f1;"), "");
  EXPECT_NE(loadError("cvt.rni.tf32.f32 %r1, %f1;"), "");
}

TEST(MatrixPtx, EveryOpcodeSpellingFindsItsOpcode) {
  EXPECT_EQ(opcodeFromName("abs"), Opcode::Abs);
  EXPECT_EQ(opcodeFromName("xor"), Opcode::Xor);
  EXPECT_EQ(opcodeFromName("wmma"), Opcode::Wmma);
  EXPECT_EQ(opcodeFromName("mma"), Opcode::Mma);
  EXPECT_EQ(opcodeFromName("ldmatrix"), Opcode::Ldmatrix);
  EXPECT_EQ(opcodeFromName("nosuch"), Opcode::Unknown);
}

} // namespace
} // namespace qiao::ptx::test
