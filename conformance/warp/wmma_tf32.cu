// nvcuda::wmma in tf32 (CUDA Programming Guide, "Warp Matrix Functions", sub-byte and alternate
// floating point): a 16x16 product over K = 16 in two m16n16k8 steps, the inputs rounded on the
// fragments by __float_to_tf32 (to nearest, ties away from zero, 10 mantissa bits; PTX
// cvt.rna.tf32.f32). A's elements are k * (1 + 2^-11), a tie that rounds to k * (1 + 2^-10); B's
// are small integers, so every product and sum is exact in float.
// conform: tags=warp,wmma,tensor-core,tf32
// expect: d[0][0] = 37.02734375, d[15][15] = 30.0234375, sum = 70.05859375
// expect: PASS wmma_tf32
#include "conform.h"

#include <mma.h>

using namespace nvcuda;

constexpr int kK = 16;

// D = A x B: A 16 x kK row-major, B kK x 16 column-major, D row-major.
__global__ void tile(const float *a, const float *b, float *d) {
  wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < kK; p += 8) {
    wmma::load_matrix_sync(fa, a + p, kK);
    wmma::load_matrix_sync(fb, b + p, kK);
    for (int i = 0; i < fa.num_elements; ++i)
      fa.x[i] = wmma::__float_to_tf32(fa.x[i]);
    for (int i = 0; i < fb.num_elements; ++i)
      fb.x[i] = wmma::__float_to_tf32(fb.x[i]);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
}

int main() {
  float a[16 * kK], b[16 * kK], d[256];
  for (int i = 0; i < 16 * kK; ++i) {
    a[i] = static_cast<float>((i * 3) % 7 - 3) * (1.0f + 0x1p-11f);
    b[i] = static_cast<float>((i * 5) % 7 - 3);
  }
  float *da, *db, *dd;
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
  std::printf("d[0][0] = %.10g, d[15][15] = %.10g, sum = %.10g\n", d[0], d[255], sum);
  std::printf("PASS wmma_tf32\n");
  return 0;
}
