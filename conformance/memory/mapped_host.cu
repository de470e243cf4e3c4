// Mapped page-locked memory: a kernel writes host memory through the device pointer
// cudaHostGetDevicePointer returns; the host sees it after synchronising.
// conform: tags=memory,mapped,zero-copy
// expect: host sees 1000 values written by the device, last 2997
// expect: PASS mapped_host
#include "conform.h"

__global__ void triple(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = 3 * in[i];
}

int main() {
  const int n = 1000;
  int *in, *out, *dIn, *dOut;
  CHECK(cudaHostAlloc(&in, n * sizeof(int), cudaHostAllocMapped));
  CHECK(cudaHostAlloc(&out, n * sizeof(int), cudaHostAllocMapped));
  for (int i = 0; i < n; ++i)
    in[i] = i, out[i] = 0;
  CHECK(cudaHostGetDevicePointer(&dIn, in, 0));
  CHECK(cudaHostGetDevicePointer(&dOut, out, 0));
  triple<<<(n + 127) / 128, 128>>>(dIn, dOut, n);
  CHECK_LAUNCH();
  for (int i = 0; i < n; ++i)
    EXPECT(out[i] == 3 * i);
  std::printf("host sees %d values written by the device, last %d\n", n, out[n - 1]);
  CHECK(cudaFreeHost(in));
  CHECK(cudaFreeHost(out));
  std::printf("PASS mapped_host\n");
  return 0;
}
