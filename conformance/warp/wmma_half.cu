// nvcuda::wmma (CUDA Programming Guide, "Warp Matrix Functions") with __half inputs: a 16x16x16
// product accumulated in float and a 32x8x16 one accumulated in __half, with row- and column-major
// loads and stores, fill_fragment, and element-wise work on the accumulator's x[] (which touches
// every element once, whatever the layout). The inputs are small multiples of 1/4, so every
// product and sum is exact and the results do not depend on the order of the additions.
// conform: tags=warp,wmma,tensor-core,half
// expect: m16n16k16 f32: d[0][0] = 1.875, d[15][15] = 3, sum = 253.375
// expect: m32n8k16 f16: d[0][0] = 2.4375, d[31][7] = 0.6875, sum = 2.75
// expect: PASS wmma_half
#include "conform.h"

#include <cuda_fp16.h>
#include <mma.h>

using namespace nvcuda;

// D = 2 * (A x B) + 1: A 16x16 row-major, B 16x16 column-major, D row-major.
__global__ void squareTile(const half *a, const half *b, float *d) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  wmma::load_matrix_sync(fa, a, 16);
  wmma::load_matrix_sync(fb, b, 16);
  wmma::mma_sync(acc, fa, fb, acc);
  for (int i = 0; i < acc.num_elements; ++i)
    acc.x[i] = 2.0f * acc.x[i] + 1.0f;
  wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
}

// C += A x B in half: A 32x16 column-major, B 16x8 row-major, C 32x8 column-major.
__global__ void tallTile(const half *a, const half *b, half *c) {
  wmma::fragment<wmma::matrix_a, 32, 8, 16, half, wmma::col_major> fa;
  wmma::fragment<wmma::matrix_b, 32, 8, 16, half, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 32, 8, 16, half> acc;
  wmma::load_matrix_sync(acc, c, 32, wmma::mem_col_major);
  wmma::load_matrix_sync(fa, a, 32);
  wmma::load_matrix_sync(fb, b, 8);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::store_matrix_sync(c, acc, 32, wmma::mem_col_major);
}

float value(int i, int salt) { return static_cast<float>((i * 5 + salt) % 7 - 3) * 0.25f; }

int main() {
  half ha[512], hb[256], hc[256];
  for (int i = 0; i < 512; ++i)
    ha[i] = __float2half(value(i, 1));
  for (int i = 0; i < 256; ++i) {
    hb[i] = __float2half(value(i, 2));
    hc[i] = __float2half(value(i, 3));
  }
  half *da, *db, *dc;
  float *dd;
  CHECK(cudaMalloc(&da, sizeof ha));
  CHECK(cudaMalloc(&db, sizeof hb));
  CHECK(cudaMalloc(&dc, sizeof hc));
  CHECK(cudaMalloc(&dd, 256 * sizeof(float)));
  CHECK(cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice));
  squareTile<<<1, 32>>>(da, db, dd);
  CHECK_LAUNCH();
  float d[256];
  CHECK(cudaMemcpy(d, dd, sizeof d, cudaMemcpyDeviceToHost));
  double sum = 0;
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 16; ++j) {
      float expected = 1.0f;
      for (int p = 0; p < 16; ++p)
        expected += 2.0f * value(i * 16 + p, 1) * value(j * 16 + p, 2);
      EXPECT(d[i * 16 + j] == expected);
      sum += d[i * 16 + j];
    }
  std::printf("m16n16k16 f32: d[0][0] = %g, d[15][15] = %g, sum = %g\n", d[0], d[255], sum);

  tallTile<<<1, 32>>>(da, db, dc);
  CHECK_LAUNCH();
  half c[256];
  CHECK(cudaMemcpy(c, dc, sizeof c, cudaMemcpyDeviceToHost));
  sum = 0;
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 8; ++j) {
      float expected = value(j * 32 + i, 3);
      for (int p = 0; p < 16; ++p)
        expected += value(p * 32 + i, 1) * value(p * 8 + j, 2);
      EXPECT(__half2float(c[j * 32 + i]) == expected);
      sum += __half2float(c[j * 32 + i]);
    }
  std::printf("m32n8k16 f16: d[0][0] = %g, d[31][7] = %g, sum = %g\n", __half2float(c[0]),
              __half2float(c[255]), sum);
  std::printf("PASS wmma_half\n");
  return 0;
}
