// A bfloat16 GEMM on tensor cores through nvcuda::wmma with f32 accumulators, in two of the
// shapes sm_80 offers: 16x16x16 tiles (A row-major, B row-major) and 32x8x16 tiles (A
// column-major, B column-major), each stored column-major. Checked against a CPU reference.
#include "check.h"

#include <cmath>
#include <cuda_bf16.h>
#include <mma.h>
#include <vector>

using namespace nvcuda;

constexpr int kM = 64, kN = 32, kK = 64;

// One warp per tile of D = A x B, A kM x kK row-major, B kK x kN row-major; D column-major.
__global__ void gemm16x16(const __nv_bfloat16 *a, const __nv_bfloat16 *b, float *d) {
  const int tile = blockIdx.x;
  const int tileRow = tile / (kN / 16), tileCol = tile % (kN / 16);
  wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < kK; p += 16) {
    wmma::load_matrix_sync(fa, a + tileRow * 16 * kK + p, kK);
    wmma::load_matrix_sync(fb, b + p * kN + tileCol * 16, kN);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(d + tileCol * 16 * kM + tileRow * 16, acc, kM, wmma::mem_col_major);
}

// The same product from 32x8 tiles, with A and B read as their transposes' row-major storage
// (A^T kK x kM row-major is A column-major; likewise B).
__global__ void gemm32x8(const __nv_bfloat16 *aT, const __nv_bfloat16 *bT, float *d) {
  const int tile = blockIdx.x;
  const int tileRow = tile / (kN / 8), tileCol = tile % (kN / 8);
  wmma::fragment<wmma::matrix_a, 32, 8, 16, __nv_bfloat16, wmma::col_major> fa;
  wmma::fragment<wmma::matrix_b, 32, 8, 16, __nv_bfloat16, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 32, 8, 16, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < kK; p += 16) {
    wmma::load_matrix_sync(fa, aT + p * kM + tileRow * 32, kM);
    wmma::load_matrix_sync(fb, bT + tileCol * 8 * kK + p, kK);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(d + tileCol * 8 * kM + tileRow * 32, acc, kM, wmma::mem_col_major);
}

// Values in [-1, 1) with eight significant bits: exact in bfloat16.
float sample(unsigned &state) {
  state = state * 1664525u + 1013904223u;
  return static_cast<float>(static_cast<int>(state >> 24) - 128) / 128.0f;
}

int main() {
  unsigned state = 7;
  std::vector<float> a(kM * kK), b(kK * kN);
  for (float &x : a)
    x = sample(state);
  for (float &x : b)
    x = sample(state);
  std::vector<__nv_bfloat16> ha(a.size()), hb(b.size()), haT(a.size()), hbT(b.size());
  for (int i = 0; i < kM; ++i)
    for (int p = 0; p < kK; ++p) {
      ha[i * kK + p] = __float2bfloat16(a[i * kK + p]);
      haT[p * kM + i] = ha[i * kK + p];
    }
  for (int p = 0; p < kK; ++p)
    for (int j = 0; j < kN; ++j) {
      hb[p * kN + j] = __float2bfloat16(b[p * kN + j]);
      hbT[j * kK + p] = hb[p * kN + j];
    }
  __nv_bfloat16 *da, *db, *daT, *dbT;
  float *d1, *d2;
  const size_t aBytes = a.size() * sizeof(__nv_bfloat16), bBytes = b.size() * sizeof(__nv_bfloat16);
  CHECK(cudaMalloc(&da, aBytes));
  CHECK(cudaMalloc(&db, bBytes));
  CHECK(cudaMalloc(&daT, aBytes));
  CHECK(cudaMalloc(&dbT, bBytes));
  CHECK(cudaMalloc(&d1, kM * kN * sizeof(float)));
  CHECK(cudaMalloc(&d2, kM * kN * sizeof(float)));
  CHECK(cudaMemcpy(da, ha.data(), aBytes, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, hb.data(), bBytes, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(daT, haT.data(), aBytes, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dbT, hbT.data(), bBytes, cudaMemcpyHostToDevice));
  gemm16x16<<<(kM / 16) * (kN / 16), 32>>>(da, db, d1);
  CHECK(cudaGetLastError());
  gemm32x8<<<(kM / 32) * (kN / 8), 32>>>(daT, dbT, d2);
  CHECK(cudaGetLastError());
  std::vector<float> r1(kM * kN), r2(kM * kN);
  CHECK(cudaMemcpy(r1.data(), d1, r1.size() * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(r2.data(), d2, r2.size() * sizeof(float), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int i = 0; i < kM; ++i)
    for (int j = 0; j < kN; ++j) {
      double expected = 0, magnitude = 0;
      for (int p = 0; p < kK; ++p) {
        double product = double{a[i * kK + p]} * b[p * kN + j];
        expected += product;
        magnitude += std::fabs(product);
      }
      for (const std::vector<float> *r : {&r1, &r2}) {
        float got = (*r)[j * kM + i];
        if (std::fabs(got - expected) > 1e-5 * magnitude + 1e-6 && bad++ < 5)
          std::printf("FAIL d[%d][%d] = %f, expected %f (%s)\n", i, j, got, expected,
                      r == &r1 ? "16x16x16" : "32x8x16");
      }
    }
  EXPECT(bad == 0);
  std::printf("bf16 16x16x16 and 32x8x16 ok\n");
  for (void *p : {static_cast<void *>(da), static_cast<void *>(db), static_cast<void *>(daT),
                  static_cast<void *>(dbT), static_cast<void *>(d1), static_cast<void *>(d2)})
    CHECK(cudaFree(p));
  std::printf("PASS wmma_bf16_gemm\n");
  return 0;
}
