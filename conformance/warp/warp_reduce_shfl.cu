// The classic shuffle-down tree reduction over several warps of a block, in float and double,
// checked against the exact sum.
// conform: tags=warp,shuffle,reduction
// expect: 8 warps: int 32640, float 32640.0, double 32640.0
// expect: PASS warp_reduce_shfl
#include "conform.h"

template <typename T> __device__ T warpSum(T v) {
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffff, v, offset);
  return v;
}

__global__ void sums(int *i, float *f, double *d) {
  int t = threadIdx.x;
  int si = warpSum(t);
  float sf = warpSum((float)t);
  double sd = warpSum((double)t);
  if (t % 32 == 0) {
    atomicAdd(i, si);
    atomicAdd(f, sf);
    atomicAdd(d, sd);
  }
}

int main() {
  int *i;
  float *f;
  double *d;
  CHECK(cudaMalloc(&i, sizeof(int)));
  CHECK(cudaMalloc(&f, sizeof(float)));
  CHECK(cudaMalloc(&d, sizeof(double)));
  CHECK(cudaMemset(i, 0, 4));
  CHECK(cudaMemset(f, 0, 4));
  CHECK(cudaMemset(d, 0, 8));
  sums<<<1, 256>>>(i, f, d);
  CHECK_LAUNCH();
  int hi;
  float hf;
  double hd;
  CHECK(cudaMemcpy(&hi, i, 4, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hf, f, 4, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hd, d, 8, cudaMemcpyDeviceToHost));
  std::printf("8 warps: int %d, float %.1f, double %.1f\n", hi, hf, hd);
  std::printf("PASS warp_reduce_shfl\n");
  return 0;
}
