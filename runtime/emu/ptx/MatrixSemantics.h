// What the warp-level matrix instructions compute, apart from registers and memory: the shapes
// and element types of their fragments, which lane holds which matrix element, and the
// multiply-accumulate itself (PTX ISA 9.0, sections 9.7.14 "Warp Level Matrix Multiply-Accumulate
// Instructions" and 9.7.14.5.15 ldmatrix).
//
// Two kinds of fragment layout:
// - mma.sync and ldmatrix fragments are documented lane by lane; mmaSyncElement follows the ISA.
// - wmma fragments are left unspecified by the ISA. Here lane l holds the elements
//   l*perLane .. l*perLane+perLane-1 of the matrix in row-major order, the same for every memory
//   layout (.row or .col) so that load, mma and store agree, and element-wise work on frag.x[i]
//   touches each element. The f16 A and B fragments have 16 elements a lane whatever the shape,
//   more than the matrix has: they hold the matrix two or four times over (lane l's elements
//   continue at element (l*perLane) mod size), as they do on hardware.
#pragma once

#include "FloatSemantics.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace qiao::ptx {

enum class MatrixElement : uint8_t { F16, BF16, TF32, F32 };
enum class MatrixRole : uint8_t { A, B, Accumulator }; // A is M x K, B is K x N, C and D M x N

struct MatrixShape {
  unsigned m = 0, n = 0, k = 0;
};

constexpr unsigned elementBits(MatrixElement e) {
  return e == MatrixElement::F16 || e == MatrixElement::BF16 ? 16 : 32;
}
constexpr unsigned roleRows(MatrixShape s, MatrixRole r) { return r == MatrixRole::B ? s.k : s.m; }
constexpr unsigned roleCols(MatrixShape s, MatrixRole r) { return r == MatrixRole::A ? s.k : s.n; }

// What a decoded matrix instruction keeps in Inst::aux (read by every backend).
struct MatrixInfo {
  MatrixShape shape;
  MatrixRole role = MatrixRole::A;                              // wmma.load/store
  MatrixElement element = MatrixElement::F16;                   // wmma.load/store; A and B of mma
  MatrixElement c = MatrixElement::F32, d = MatrixElement::F32; // mma accumulators
  bool colMajor = false;                                        // wmma.load/store memory layout
  bool satfinite = false;                                       // wmma.mma
  bool transposed = false;                                      // ldmatrix .trans
  unsigned matrices = 1;                                        // ldmatrix .x1/.x2/.x4
};

inline uint32_t packMatrixInfo(const MatrixInfo &i) {
  auto bits = [](unsigned v, unsigned shift) { return static_cast<uint32_t>(v) << shift; };
  return bits(i.shape.m, 0) | bits(i.shape.n, 6) | bits(i.shape.k, 12) |
         bits(static_cast<unsigned>(i.role), 18) | bits(static_cast<unsigned>(i.element), 20) |
         bits(static_cast<unsigned>(i.c), 22) | bits(static_cast<unsigned>(i.d), 24) |
         bits(i.colMajor, 26) | bits(i.satfinite, 27) | bits(i.transposed, 28) |
         bits(static_cast<unsigned>(std::countr_zero(i.matrices)), 29);
}

inline MatrixInfo unpackMatrixInfo(uint32_t aux) {
  auto field = [&](unsigned shift, unsigned width) { return (aux >> shift) & ((1u << width) - 1); };
  MatrixInfo i;
  i.shape = {field(0, 6), field(6, 6), field(12, 6)};
  i.role = static_cast<MatrixRole>(field(18, 2));
  i.element = static_cast<MatrixElement>(field(20, 2));
  i.c = static_cast<MatrixElement>(field(22, 2));
  i.d = static_cast<MatrixElement>(field(24, 2));
  i.colMajor = field(26, 1);
  i.satfinite = field(27, 1);
  i.transposed = field(28, 1);
  i.matrices = 1u << field(29, 2);
  return i;
}

// How one lane's part of a fragment sits in its 32-bit registers: element i in register
// i / perRegister, the lower half first for 16-bit elements.
struct FragmentGeometry {
  unsigned rows = 0, cols = 0;
  unsigned perLane = 0;     // elements a lane holds
  unsigned perRegister = 1; // elements a 32-bit register holds
  unsigned registers() const { return perLane / perRegister; }
};

inline FragmentGeometry wmmaGeometry(MatrixShape s, MatrixRole r, MatrixElement e) {
  FragmentGeometry g;
  g.rows = roleRows(s, r);
  g.cols = roleCols(s, r);
  g.perRegister = 32 / elementBits(e);
  g.perLane = e == MatrixElement::F16 && r != MatrixRole::Accumulator ? 16 : g.rows * g.cols / 32;
  return g;
}

struct ElementPosition {
  unsigned row = 0, col = 0;
};

// The matrix element that element i of lane's wmma fragment holds.
inline ElementPosition wmmaElement(const FragmentGeometry &g, unsigned lane, unsigned i) {
  unsigned q = (lane * g.perLane + i) % (g.rows * g.cols);
  return {q / g.cols, q % g.cols};
}

// The mma.sync shapes the engine runs: m16n8k16 (f16, bf16) and m16n8k8 (f16, bf16, tf32).
inline FragmentGeometry mmaSyncGeometry(MatrixShape s, MatrixRole r, MatrixElement e) {
  FragmentGeometry g;
  g.rows = roleRows(s, r);
  g.cols = roleCols(s, r);
  g.perRegister = 32 / elementBits(e);
  g.perLane = g.rows * g.cols / 32;
  return g;
}

// The documented mma.sync layouts (ISA 9.7.14.5.7 and 9.7.14.5.8): with groupID = lane / 4 and
// threadID_in_group = lane % 4.
inline ElementPosition mmaSyncElement(MatrixShape s, MatrixRole r, MatrixElement e, unsigned lane,
                                      unsigned i) {
  const unsigned group = lane >> 2, thread = lane & 3;
  if (r == MatrixRole::Accumulator) // c0,c1 in row groupID, c2,c3 eight rows below
    return {group + 8 * (i >> 1), thread * 2 + (i & 1)};
  if (e == MatrixElement::TF32) { // m16n8k8
    if (r == MatrixRole::A)
      return {group + 8 * (i & 1), thread + 4 * (i >> 1)};
    return {thread + 4 * i, group};
  }
  if (s.k == 16) {
    if (r == MatrixRole::A)
      return {group + 8 * ((i >> 1) & 1), thread * 2 + (i & 1) + 8 * (i >> 2)};
    return {thread * 2 + (i & 1) + 8 * (i >> 1), group};
  }
  if (r == MatrixRole::A) // m16n8k8 f16/bf16
    return {group + 8 * (i >> 1), thread * 2 + (i & 1)};
  return {thread * 2 + i, group};
}

// ldmatrix .m8n8 .b16: lane l receives, of each 8x8 matrix, row l/4 and columns 2*(l%4) and
// 2*(l%4)+1; with .trans it receives the transposed matrix's (rows 2*(l%4) and 2*(l%4)+1 of
// column l/4).
inline ElementPosition ldmatrixElement(unsigned lane, unsigned half, bool transposed) {
  unsigned group = lane >> 2, pair = (lane & 3) * 2 + half;
  return transposed ? ElementPosition{pair, group} : ElementPosition{group, pair};
}

// The bits of element i of a lane's fragment, from its register cells.
inline uint32_t fragmentBits(const uint64_t *const *cells, const FragmentGeometry &g, unsigned i,
                             unsigned lane) {
  const uint64_t cell = cells[i / g.perRegister][lane];
  if (g.perRegister == 1)
    return static_cast<uint32_t>(cell);
  return static_cast<uint32_t>(cell >> (16 * (i % 2))) & 0xffffu;
}

// The value an element's bits stand for. A .tf32 operand is an f32 register of which the
// multiplier reads the upper 19 bits (sign, exponent, 10 bits of mantissa): the low 13 are dropped.
inline float elementValue(uint32_t bits, MatrixElement e) {
  switch (e) {
  case MatrixElement::F16:
    return halfToFloat(static_cast<uint16_t>(bits));
  case MatrixElement::BF16:
    return bf16ToFloat(static_cast<uint16_t>(bits));
  case MatrixElement::TF32:
    return std::bit_cast<float>(bits & ~uint32_t{0x1fff});
  case MatrixElement::F32:
    return std::bit_cast<float>(bits);
  }
  return 0.0f;
}

// An f32 result as the destination type (f16 or f32) stores it, rounded to nearest even.
// .satfinite turns an infinity into the largest finite value of its sign (NaN stays NaN).
inline uint32_t resultBits(float x, MatrixElement e, bool satfinite) {
  if (e == MatrixElement::F16) {
    uint16_t h = floatToHalf(x);
    if (satfinite && (h & 0x7fffu) == 0x7c00u)
      h = static_cast<uint16_t>((h & 0x8000u) | 0x7bffu);
    return h;
  }
  if (satfinite && std::isinf(x))
    x = std::copysign(std::numeric_limits<float>::max(), x);
  return std::bit_cast<uint32_t>(x);
}

// D = A x B + C over row-major arrays (A m x k, B k x n, C and D m x n), in f32: D(i,j) starts
// as C(i,j) and adds A(i,0)*B(0,j), A(i,1)*B(1,j), ... in that order, each sum rounded to
// nearest even. Products of f16, bf16 and tf32 values are exact in f32, so only the order of the
// sums is a choice; hardware adds in an order of its own, so results may differ from it in the
// last bits. d may alias c.
inline void multiplyAccumulate(const float *a, const float *b, const float *c, float *d,
                               MatrixShape s) {
  for (unsigned i = 0; i < s.m; ++i)
    for (unsigned j = 0; j < s.n; ++j) {
      float sum = c[i * s.n + j];
      for (unsigned p = 0; p < s.k; ++p) {
        float product = a[i * s.k + p] * b[p * s.n + j];
        sum += product;
      }
      d[i * s.n + j] = sum;
    }
}

} // namespace qiao::ptx
