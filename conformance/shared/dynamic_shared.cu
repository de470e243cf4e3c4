// extern __shared__ memory sized at launch, split into arrays of two types; each block reverses
// its slice through it.
// conform: tags=shared,dynamic
// expect: reversed 3 blocks of 200: out[0]=199 out[199]=0 out[200]=399
// expect: PASS dynamic_shared
#include "conform.h"

__global__ void reverse(const int *in, int *out, int n) {
  extern __shared__ unsigned char raw[];
  int *values = reinterpret_cast<int *>(raw);
  short *marks = reinterpret_cast<short *>(values + n);
  int t = threadIdx.x;
  values[t] = in[blockIdx.x * n + t];
  marks[t] = (short)t;
  __syncthreads();
  out[blockIdx.x * n + t] = values[n - 1 - t] + (marks[n - 1 - t] - (n - 1 - t));
}

int main() {
  const int n = 200, blocks = 3;
  int h[n * blocks], *in, *out;
  for (int i = 0; i < n * blocks; ++i)
    h[i] = i;
  CHECK(cudaMalloc(&in, sizeof h));
  CHECK(cudaMalloc(&out, sizeof h));
  CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  reverse<<<blocks, n, n * (sizeof(int) + sizeof(short))>>>(in, out, n);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; ++b)
    for (int t = 0; t < n; ++t)
      EXPECT(h[b * n + t] == b * n + n - 1 - t);
  std::printf("reversed 3 blocks of 200: out[0]=%d out[199]=%d out[200]=%d\n", h[0], h[199],
              h[200]);
  std::printf("PASS dynamic_shared\n");
  return 0;
}
