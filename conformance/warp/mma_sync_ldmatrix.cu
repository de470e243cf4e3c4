// The warp-level mma.sync.m16n8k16 (f16 inputs, f32 accumulators) with its A and B fragments
// loaded from shared memory by ldmatrix (.x4 for A, .x2.trans for B), in the fragment layouts
// the PTX ISA documents lane by lane ("Matrix Fragments for mma.m16n8k16", "ldmatrix"), written
// as inline PTX. The inputs are small multiples of 1/4, so every product and sum is exact.
// conform: tags=warp,mma,tensor-core,inline-ptx modes=shim,shim-static,native
// expect: d[0][0] = 0.4375, d[15][7] = -1.25, sum = -0.8125
// expect: PASS mma_sync_ldmatrix
#include "conform.h"

#include <cuda_fp16.h>

// D = A x B + C: A 16x16 and B 16x8 (K x N) row-major; C and D 16x8 row-major.
__global__ void tile(const half *a, const half *b, const float *c, float *d) {
  __shared__ alignas(16) half sa[16 * 16];
  __shared__ alignas(16) half sb[16 * 8];
  const unsigned lane = threadIdx.x;
  for (unsigned i = lane; i < 256; i += 32)
    sa[i] = a[i];
  for (unsigned i = lane; i < 128; i += 32)
    sb[i] = b[i];
  __syncwarp();
  unsigned ra[4], rb[2];
  unsigned aRow =
      static_cast<unsigned>(__cvta_generic_to_shared(&sa[(lane % 16) * 16 + (lane / 16) * 8]));
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];"
               : "=r"(ra[0]), "=r"(ra[1]), "=r"(ra[2]), "=r"(ra[3])
               : "r"(aRow));
  unsigned bRow = static_cast<unsigned>(__cvta_generic_to_shared(&sb[(lane % 16) * 8]));
  asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0, %1}, [%2];"
               : "=r"(rb[0]), "=r"(rb[1])
               : "r"(bRow));
  // Accumulator layout: c0, c1 at row lane/4, columns 2*(lane%4) + {0, 1}; c2, c3 eight rows on.
  const unsigned row = lane / 4, col = (lane % 4) * 2;
  float acc[4];
  for (int i = 0; i < 4; ++i)
    acc[i] = c[(row + 8 * (i / 2)) * 8 + col + i % 2];
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, "
               "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
               : "+f"(acc[0]), "+f"(acc[1]), "+f"(acc[2]), "+f"(acc[3])
               : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]), "r"(rb[0]), "r"(rb[1]));
  for (int i = 0; i < 4; ++i)
    d[(row + 8 * (i / 2)) * 8 + col + i % 2] = acc[i];
}

float value(int i, int salt) { return static_cast<float>((i * 5 + salt) % 7 - 3) * 0.25f; }

int main() {
  half a[256], b[128];
  float c[128], d[128];
  for (int i = 0; i < 256; ++i)
    a[i] = __float2half(value(i, 1));
  for (int i = 0; i < 128; ++i) {
    b[i] = __float2half(value(i, 2));
    c[i] = value(i, 3);
  }
  half *da, *db;
  float *dc, *dd;
  CHECK(cudaMalloc(&da, sizeof a));
  CHECK(cudaMalloc(&db, sizeof b));
  CHECK(cudaMalloc(&dc, sizeof c));
  CHECK(cudaMalloc(&dd, sizeof d));
  CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dc, c, sizeof c, cudaMemcpyHostToDevice));
  tile<<<1, 32>>>(da, db, dc, dd);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(d, dd, sizeof d, cudaMemcpyDeviceToHost));
  double sum = 0;
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 8; ++j) {
      float expected = c[i * 8 + j];
      for (int p = 0; p < 16; ++p)
        expected += value(i * 16 + p, 1) * value(p * 8 + j, 2);
      EXPECT(d[i * 8 + j] == expected);
      sum += d[i * 8 + j];
    }
  std::printf("d[0][0] = %g, d[15][7] = %g, sum = %g\n", d[0], d[127], sum);
  std::printf("PASS mma_sync_ldmatrix\n");
  return 0;
}
