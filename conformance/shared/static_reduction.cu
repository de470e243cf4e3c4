// A static __shared__ array with __syncthreads between the steps of a tree reduction: every
// block reduces its own 512 values.
// conform: tags=shared,barriers,reduction
// expect: block sums 130816 392960 655104 917248
// expect: PASS static_reduction
#include "conform.h"

__global__ void blockSum(const int *in, int *out) {
  __shared__ int partial[512];
  int t = threadIdx.x;
  partial[t] = in[blockIdx.x * 512 + t];
  __syncthreads();
  for (int stride = 256; stride > 0; stride /= 2) {
    if (t < stride)
      partial[t] += partial[t + stride];
    __syncthreads();
  }
  if (t == 0)
    out[blockIdx.x] = partial[0];
}

int main() {
  const int n = 4 * 512;
  int h[n], *in, *out, sums[4];
  for (int i = 0; i < n; ++i)
    h[i] = i;
  CHECK(cudaMalloc(&in, sizeof h));
  CHECK(cudaMalloc(&out, sizeof sums));
  CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  blockSum<<<4, 512>>>(in, out);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(sums, out, sizeof sums, cudaMemcpyDeviceToHost));
  std::printf("block sums %d %d %d %d\n", sums[0], sums[1], sums[2], sums[3]);
  std::printf("PASS static_reduction\n");
  return 0;
}
