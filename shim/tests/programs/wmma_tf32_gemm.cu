// A single-precision GEMM on tensor cores in tf32 through nvcuda::wmma (16x16x8 tiles): the
// fragments' elements are rounded with __float_to_tf32 (cvt.rna.tf32.f32) before each multiply,
// accumulation is in f32. Checked against a CPU reference of the tf32-rounded inputs.
#include "check.h"

#include <cmath>
#include <cstring>
#include <mma.h>
#include <vector>

using namespace nvcuda;

constexpr int kM = 32, kN = 48, kK = 64;

// One warp per 16x16 tile: A kM x kK row-major, B kK x kN column-major, D row-major.
__global__ void gemm(const float *a, const float *b, float *d) {
  const int tile = blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
  const int tileRow = tile / (kN / 16), tileCol = tile % (kN / 16);
  wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < kK; p += 8) {
    wmma::load_matrix_sync(fa, a + tileRow * 16 * kK + p, kK);
    wmma::load_matrix_sync(fb, b + tileCol * 16 * kK + p, kK);
    for (int i = 0; i < fa.num_elements; ++i)
      fa.x[i] = wmma::__float_to_tf32(fa.x[i]);
    for (int i = 0; i < fb.num_elements; ++i)
      fb.x[i] = wmma::__float_to_tf32(fb.x[i]);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(d + tileRow * 16 * kN + tileCol * 16, acc, kN, wmma::mem_row_major);
}

// cvt.rna.tf32.f32: nearest with ties away from zero, to 10 mantissa bits.
float toTf32(float x) {
  unsigned bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits = (bits + 0x1000u) & ~0x1fffu;
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

float sample(unsigned &state) {
  state = state * 1664525u + 1013904223u;
  return static_cast<float>(state >> 8) / 16777216.0f * 2.0f - 1.0f; // full f32 precision
}

int main() {
  unsigned state = 11;
  std::vector<float> a(kM * kK), b(kK * kN);
  for (float &x : a)
    x = sample(state);
  for (float &x : b) // column-major: b[col * kK + row]
    x = sample(state);
  float *da, *db, *dd;
  CHECK(cudaMalloc(&da, a.size() * sizeof(float)));
  CHECK(cudaMalloc(&db, b.size() * sizeof(float)));
  CHECK(cudaMalloc(&dd, kM * kN * sizeof(float)));
  CHECK(cudaMemcpy(da, a.data(), a.size() * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b.data(), b.size() * sizeof(float), cudaMemcpyHostToDevice));
  const int tiles = (kM / 16) * (kN / 16);
  gemm<<<tiles / 2, 64>>>(da, db, dd);
  CHECK(cudaGetLastError());
  std::vector<float> d(kM * kN);
  CHECK(cudaMemcpy(d.data(), dd, d.size() * sizeof(float), cudaMemcpyDeviceToHost));
  int bad = 0;
  double worstUnrounded = 0;
  for (int i = 0; i < kM; ++i)
    for (int j = 0; j < kN; ++j) {
      double expected = 0, unrounded = 0, magnitude = 0;
      for (int p = 0; p < kK; ++p) {
        double product = double{toTf32(a[i * kK + p])} * toTf32(b[j * kK + p]);
        expected += product;
        unrounded += double{a[i * kK + p]} * b[j * kK + p];
        magnitude += std::fabs(product);
      }
      float got = d[i * kN + j];
      worstUnrounded = std::fmax(worstUnrounded, std::fabs(got - unrounded));
      if (std::fabs(got - expected) > 1e-5 * magnitude + 1e-6 && bad++ < 5)
        std::printf("FAIL d[%d][%d] = %.7f, expected %.7f\n", i, j, got, expected);
    }
  EXPECT(bad == 0);
  // The inputs carry bits tf32 does not keep: a result equal to the f32 product would mean the
  // rounding never happened.
  EXPECT(worstUnrounded > 1e-5);
  std::printf("tf32 %dx%dx%d ok\n", kM, kN, kK);
  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  CHECK(cudaFree(dd));
  std::printf("PASS wmma_tf32_gemm\n");
  return 0;
}
