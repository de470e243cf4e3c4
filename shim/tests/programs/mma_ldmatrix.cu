// The warp-level tensor-core instructions written as inline PTX, in the fragment layouts the PTX
// ISA documents: a 32x32x32 half GEMM from mma.sync.m16n8k16 with f32 accumulators, its A and B
// tiles loaded from shared memory by ldmatrix (.x4 for A, .x4.trans for B), and one m16n8k8 tile
// in tf32. Checked against a CPU reference.
#include "check.h"

#include <cmath>
#include <cstring>
#include <cuda_fp16.h>
#include <vector>

constexpr int kSize = 32; // M = N = K

__device__ unsigned sharedAddress(const void *p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

// C = A x B, all row-major kSize x kSize; four warps, each a 16x16 tile of C as two 16x8 halves.
__global__ void halfGemm(const half *a, const half *b, float *c) {
  __shared__ alignas(16) half sa[kSize * kSize];
  __shared__ alignas(16) half sb[kSize * kSize];
  for (int i = threadIdx.x; i < kSize * kSize; i += blockDim.x) {
    sa[i] = a[i];
    sb[i] = b[i];
  }
  __syncthreads();
  const unsigned warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const unsigned tileRow = (warp / 2) * 16, tileCol = (warp % 2) * 16;
  float acc[2][4] = {};
  for (unsigned p = 0; p < kSize; p += 16) {
    unsigned ra[4], rb[4];
    // A: lanes 0-15 address rows 0-15 of the 16x16 block at column p, lanes 16-31 at column p+8.
    unsigned aAddress = sharedAddress(&sa[(tileRow + lane % 16) * kSize + p + (lane / 16) * 8]);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];"
                 : "=r"(ra[0]), "=r"(ra[1]), "=r"(ra[2]), "=r"(ra[3])
                 : "r"(aAddress));
    // B: matrices k 0-7 and 8-15 of columns tileCol..+7, then of columns tileCol+8..+15.
    unsigned bAddress =
        sharedAddress(&sb[(p + lane % 8 + ((lane / 8) % 2) * 8) * kSize + tileCol + (lane / 16) * 8]);
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];"
                 : "=r"(rb[0]), "=r"(rb[1]), "=r"(rb[2]), "=r"(rb[3])
                 : "r"(bAddress));
    for (int half8 = 0; half8 < 2; ++half8)
      asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, "
                   "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
                   : "+f"(acc[half8][0]), "+f"(acc[half8][1]), "+f"(acc[half8][2]),
                     "+f"(acc[half8][3])
                   : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]), "r"(rb[2 * half8]),
                     "r"(rb[2 * half8 + 1]));
  }
  const unsigned group = lane / 4, pair = (lane % 4) * 2;
  for (int half8 = 0; half8 < 2; ++half8)
    for (int i = 0; i < 4; ++i)
      c[(tileRow + group + 8 * (i / 2)) * kSize + tileCol + half8 * 8 + pair + i % 2] =
          acc[half8][i];
}

// D = A x B + C for one m16n8k8 tile in tf32: A 16x8, B 8x8, C and D 16x8, row-major.
__global__ void tf32Tile(const float *a, const float *b, const float *c, float *d) {
  const unsigned lane = threadIdx.x, group = lane / 4, thread = lane % 4;
  unsigned ra[4], rb[2];
  for (int i = 0; i < 4; ++i)
    asm("cvt.rna.tf32.f32 %0, %1;"
        : "=r"(ra[i])
        : "f"(a[(group + 8 * (i % 2)) * 8 + thread + 4 * (i / 2)]));
  for (int i = 0; i < 2; ++i)
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(rb[i]) : "f"(b[(thread + 4 * i) * 8 + group]));
  float acc[4];
  for (int i = 0; i < 4; ++i)
    acc[i] = c[(group + 8 * (i / 2)) * 8 + thread * 2 + i % 2];
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, "
               "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
               : "+f"(acc[0]), "+f"(acc[1]), "+f"(acc[2]), "+f"(acc[3])
               : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]), "r"(rb[0]), "r"(rb[1]));
  for (int i = 0; i < 4; ++i)
    d[(group + 8 * (i / 2)) * 8 + thread * 2 + i % 2] = acc[i];
}

float sample(unsigned &state) {
  state = state * 1664525u + 1013904223u;
  return static_cast<float>(static_cast<int>(state >> 24) - 128) / 128.0f;
}

float toTf32(float x) {
  unsigned bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits = (bits + 0x1000u) & ~0x1fffu;
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

int main() {
  unsigned state = 99;
  const int n = kSize * kSize;
  std::vector<float> a(n), b(n);
  std::vector<half> ha(n), hb(n);
  for (int i = 0; i < n; ++i) {
    ha[i] = __float2half(a[i] = sample(state));
    hb[i] = __float2half(b[i] = sample(state));
  }
  half *da, *db;
  float *dc;
  CHECK(cudaMalloc(&da, n * sizeof(half)));
  CHECK(cudaMalloc(&db, n * sizeof(half)));
  CHECK(cudaMalloc(&dc, n * sizeof(float)));
  CHECK(cudaMemcpy(da, ha.data(), n * sizeof(half), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, hb.data(), n * sizeof(half), cudaMemcpyHostToDevice));
  halfGemm<<<1, 128>>>(da, db, dc);
  CHECK(cudaGetLastError());
  std::vector<float> c(n);
  CHECK(cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int i = 0; i < kSize; ++i)
    for (int j = 0; j < kSize; ++j) {
      double expected = 0, magnitude = 0;
      for (int p = 0; p < kSize; ++p) {
        double product = double{a[i * kSize + p]} * b[p * kSize + j];
        expected += product;
        magnitude += std::fabs(product);
      }
      if (std::fabs(c[i * kSize + j] - expected) > 1e-5 * magnitude + 1e-6 && bad++ < 5)
        std::printf("FAIL c[%d][%d] = %f, expected %f\n", i, j, c[i * kSize + j], expected);
    }
  EXPECT(bad == 0);
  std::printf("mma.m16n8k16 with ldmatrix ok\n");

  std::vector<float> ta(16 * 8), tb(8 * 8), tc(16 * 8);
  for (float &x : ta)
    x = sample(state) * (1.0f + 0x1p-11f); // bits below tf32's precision
  for (float &x : tb)
    x = sample(state) * (1.0f + 0x1p-11f);
  for (float &x : tc)
    x = sample(state);
  float *fa, *fb, *fc, *fd;
  CHECK(cudaMalloc(&fa, ta.size() * sizeof(float)));
  CHECK(cudaMalloc(&fb, tb.size() * sizeof(float)));
  CHECK(cudaMalloc(&fc, tc.size() * sizeof(float)));
  CHECK(cudaMalloc(&fd, tc.size() * sizeof(float)));
  CHECK(cudaMemcpy(fa, ta.data(), ta.size() * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(fb, tb.data(), tb.size() * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(fc, tc.data(), tc.size() * sizeof(float), cudaMemcpyHostToDevice));
  tf32Tile<<<1, 32>>>(fa, fb, fc, fd);
  CHECK(cudaGetLastError());
  std::vector<float> td(tc.size());
  CHECK(cudaMemcpy(td.data(), fd, td.size() * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 8; ++j) {
      double expected = tc[i * 8 + j], magnitude = std::fabs(expected);
      for (int p = 0; p < 8; ++p) {
        double product = double{toTf32(ta[i * 8 + p])} * toTf32(tb[p * 8 + j]);
        expected += product;
        magnitude += std::fabs(product);
      }
      if (std::fabs(td[i * 8 + j] - expected) > 1e-5 * magnitude + 1e-6 && bad++ < 5)
        std::printf("FAIL d[%d][%d] = %f, expected %f\n", i, j, td[i * 8 + j], expected);
    }
  EXPECT(bad == 0);
  std::printf("mma.m16n8k8 tf32 ok\n");
  for (void *p : {static_cast<void *>(da), static_cast<void *>(db), static_cast<void *>(dc),
                  static_cast<void *>(fa), static_cast<void *>(fb), static_cast<void *>(fc),
                  static_cast<void *>(fd)})
    CHECK(cudaFree(p));
  std::printf("PASS mma_ldmatrix\n");
  return 0;
}
