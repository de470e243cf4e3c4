// Shuffles of 64-bit and floating-point values (double, long long, float): all 64 bits move
// together.
// conform: tags=warp,shuffle,64-bit
// expect: double from lane 31: 31.25, long long xor 16: 0x0000000100000010, float up 1: 4.5
// expect: PASS shfl_64bit
#include "conform.h"

__global__ void wide(double *d, long long *l, float *f) {
  int lane = threadIdx.x;
  double dv = lane + 0.25;
  long long lv = (1LL << 32) + lane;
  float fv = lane + 0.5f;
  d[lane] = __shfl_sync(0xffffffff, dv, 31);
  l[lane] = __shfl_xor_sync(0xffffffff, lv, 16);
  f[lane] = __shfl_up_sync(0xffffffff, fv, 1);
}

int main() {
  double *d, hd[32];
  long long *l, hl[32];
  float *f, hf[32];
  CHECK(cudaMalloc(&d, sizeof hd));
  CHECK(cudaMalloc(&l, sizeof hl));
  CHECK(cudaMalloc(&f, sizeof hf));
  wide<<<1, 32>>>(d, l, f);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hd, d, sizeof hd, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hl, l, sizeof hl, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hf, f, sizeof hf, cudaMemcpyDeviceToHost));
  for (int lane = 0; lane < 32; ++lane) {
    EXPECT(hd[lane] == 31.25);
    EXPECT(hl[lane] == (1LL << 32) + (lane ^ 16));
    EXPECT(hf[lane] == (lane == 0 ? 0.5f : lane - 0.5f));
  }
  std::printf("double from lane 31: %.2f, long long xor 16: 0x%016llx, float up 1: %.1f\n", hd[0],
              (unsigned long long)hl[0], hf[5]);
  std::printf("PASS shfl_64bit\n");
  return 0;
}
