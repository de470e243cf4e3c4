// nvcuda::wmma with __nv_bfloat16 inputs and float accumulators (CUDA Programming Guide, "Warp
// Matrix Functions", alternate floating point), in the 8x32x16 shape: A 8x16 and B 16x32
// row-major, the accumulator filled with 0.5, D stored column-major. The inputs are small
// multiples of 1/2, so every product and sum is exact.
// conform: tags=warp,wmma,tensor-core,bfloat16
// expect: d[0][0] = -9.5, d[7][31] = -11, sum = 145.5
// expect: PASS wmma_bf16
#include "conform.h"

#include <cuda_bf16.h>
#include <mma.h>

using namespace nvcuda;

__global__ void tile(const __nv_bfloat16 *a, const __nv_bfloat16 *b, float *d) {
  wmma::fragment<wmma::matrix_a, 8, 32, 16, __nv_bfloat16, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 8, 32, 16, __nv_bfloat16, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 8, 32, 16, float> acc;
  wmma::fill_fragment(acc, 0.5f);
  wmma::load_matrix_sync(fa, a, 16);
  wmma::load_matrix_sync(fb, b, 32);
  wmma::mma_sync(acc, fa, fb, acc);
  wmma::store_matrix_sync(d, acc, 8, wmma::mem_col_major);
}

float value(int i, int salt) { return static_cast<float>((i * 5 + salt) % 9 - 4) * 0.5f; }

int main() {
  __nv_bfloat16 a[8 * 16], b[16 * 32];
  for (int i = 0; i < 8 * 16; ++i)
    a[i] = __float2bfloat16(value(i, 1));
  for (int i = 0; i < 16 * 32; ++i)
    b[i] = __float2bfloat16(value(i, 2));
  __nv_bfloat16 *da, *db;
  float *dd, d[8 * 32];
  CHECK(cudaMalloc(&da, sizeof a));
  CHECK(cudaMalloc(&db, sizeof b));
  CHECK(cudaMalloc(&dd, sizeof d));
  CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice));
  tile<<<1, 32>>>(da, db, dd);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(d, dd, sizeof d, cudaMemcpyDeviceToHost));
  double sum = 0;
  for (float x : d)
    sum += x;
  // Column-major: element (7, 31) is at 31 * 8 + 7.
  std::printf("d[0][0] = %g, d[7][31] = %g, sum = %g\n", d[0], d[31 * 8 + 7], sum);
  std::printf("PASS wmma_bf16\n");
  return 0;
}
