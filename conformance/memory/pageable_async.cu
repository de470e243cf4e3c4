// cudaMemcpyAsync from and to pageable (ordinary malloc'd) host memory: the copies are correct
// once the stream is synchronised, interleaved with a kernel in the same stream.
// conform: tags=memory,async,pageable
// expect: pageable round trip of 100000 floats, each negated: last -99999.5
// expect: PASS pageable_async
#include "conform.h"

#include <vector>

__global__ void negate(float *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] = -v[i];
}

int main() {
  const int n = 100000;
  std::vector<float> in(n), out(n, 0.0f);
  for (int i = 0; i < n; ++i)
    in[i] = i + 0.5f;
  float *d;
  CHECK(cudaMalloc(&d, n * sizeof(float)));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaMemcpyAsync(d, in.data(), n * sizeof(float), cudaMemcpyHostToDevice, s));
  negate<<<(n + 255) / 256, 256, 0, s>>>(d, n);
  CHECK(cudaMemcpyAsync(out.data(), d, n * sizeof(float), cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  for (int i = 0; i < n; ++i)
    EXPECT(out[i] == -in[i]);
  std::printf("pageable round trip of %d floats, each negated: last %.1f\n", n, out[n - 1]);
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS pageable_async\n");
  return 0;
}
