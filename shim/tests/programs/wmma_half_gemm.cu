// A half-precision GEMM on tensor cores through nvcuda::wmma: C = A x B + beta * C with f32
// accumulators, A row-major and B column-major, one warp per 16x16 tile of C, four warps a block;
// A's tiles go through shared memory (wmma.load from .shared). Checked against a CPU reference.
#include "check.h"

#include <cmath>
#include <cuda_fp16.h>
#include <mma.h>
#include <vector>

using namespace nvcuda;

constexpr int kM = 64, kN = 64, kK = 96;

__global__ void gemm(const half *a, const half *b, float *c, float beta) {
  __shared__ half aTile[4][16 * 16];
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const int tile = blockIdx.x * 4 + warp;
  const int tileRow = tile / (kN / 16), tileCol = tile % (kN / 16);
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc, fc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < kK; p += 16) {
    for (int i = lane; i < 256; i += 32)
      aTile[warp][i] = a[(tileRow * 16 + i / 16) * kK + p + i % 16];
    __syncwarp();
    wmma::load_matrix_sync(fa, aTile[warp], 16);
    wmma::load_matrix_sync(fb, b + tileCol * 16 * kK + p, kK);
    wmma::mma_sync(acc, fa, fb, acc);
    __syncwarp();
  }
  float *out = c + tileRow * 16 * kN + tileCol * 16;
  wmma::load_matrix_sync(fc, out, kN, wmma::mem_row_major);
  for (int i = 0; i < acc.num_elements; ++i)
    acc.x[i] += beta * fc.x[i];
  wmma::store_matrix_sync(out, acc, kN, wmma::mem_row_major);
}

// Values in [-1, 1) with eight significant bits: exact in half.
float sample(unsigned &state) {
  state = state * 1664525u + 1013904223u;
  return static_cast<float>(static_cast<int>(state >> 24) - 128) / 128.0f;
}

int main() {
  unsigned state = 2026;
  std::vector<float> a(kM * kK), b(kK * kN), c(kM * kN);
  std::vector<half> ha(a.size()), hb(b.size());
  for (size_t i = 0; i < a.size(); ++i)
    ha[i] = __float2half(a[i] = sample(state));
  for (size_t i = 0; i < b.size(); ++i) // column-major: b[col * kK + row]
    hb[i] = __float2half(b[i] = sample(state));
  for (float &x : c)
    x = sample(state);
  half *da, *db;
  float *dc;
  CHECK(cudaMalloc(&da, ha.size() * sizeof(half)));
  CHECK(cudaMalloc(&db, hb.size() * sizeof(half)));
  CHECK(cudaMalloc(&dc, c.size() * sizeof(float)));
  CHECK(cudaMemcpy(da, ha.data(), ha.size() * sizeof(half), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, hb.data(), hb.size() * sizeof(half), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dc, c.data(), c.size() * sizeof(float), cudaMemcpyHostToDevice));
  const float beta = 0.5f;
  gemm<<<(kM / 16) * (kN / 16) / 4, 128>>>(da, db, dc, beta);
  CHECK(cudaGetLastError());
  std::vector<float> result(c.size());
  CHECK(cudaMemcpy(result.data(), dc, result.size() * sizeof(float), cudaMemcpyDeviceToHost));
  // Products of halves are exact in f32; the sums round, in an order the hardware chooses.
  int bad = 0;
  for (int i = 0; i < kM; ++i)
    for (int j = 0; j < kN; ++j) {
      double expected = beta * c[i * kN + j], magnitude = std::fabs(expected);
      for (int p = 0; p < kK; ++p) {
        double product = double{a[i * kK + p]} * b[j * kK + p];
        expected += product;
        magnitude += std::fabs(product);
      }
      if (std::fabs(result[i * kN + j] - expected) > 1e-5 * magnitude + 1e-6 && bad++ < 5)
        std::printf("FAIL c[%d][%d] = %f, expected %f\n", i, j, result[i * kN + j], expected);
    }
  EXPECT(bad == 0);
  std::printf("gemm %dx%dx%d ok\n", kM, kN, kK);
  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  CHECK(cudaFree(dc));
  std::printf("PASS wmma_half_gemm\n");
  return 0;
}
