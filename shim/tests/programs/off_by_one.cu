// A read one element before an allocation and a write one element past its end, as a stencil with
// an off-by-one bound does. On a GPU both land in mapped memory (allocations are aligned and
// sub-allocated inside larger pages) and the program goes on; so it does here by default. Under
// QIAO_MEMCHECK=1 such an access ends the kernel with cudaErrorIllegalAddress and a memcheck
// report, and the program fails at its check of the kernel; QIAO_MEMCHECK=warn reports both and
// lets the program pass. Copies through the API stay bounded by the allocation either way.
#include "check.h"

#include <vector>

__global__ void shiftRight(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i + 1] = in[i - 1]; // thread 0 reads in[-1], thread n-1 writes out[n]
}

int main() {
  const int n = 1000;
  int *in = nullptr, *out = nullptr;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&out, n * sizeof(int)));
  std::vector<int> host(n + 1);
  for (int i = 0; i < n; ++i)
    host[i] = 3 * i + 1;
  CHECK(cudaMemcpy(in, host.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK(cudaMemset(out, 0, n * sizeof(int)));
  shiftRight<<<(n + 127) / 128, 128>>>(in, out, n);
  cudaError_t status = cudaDeviceSynchronize();
  std::printf("kernel %s\n", cudaGetErrorName(status));
  CHECK(status);
  // The API still refuses a copy that runs one element past the end (not a sticky error).
  EXPECT(cudaMemcpy(host.data(), out, (n + 1) * sizeof(int), cudaMemcpyDeviceToHost) ==
         cudaErrorInvalidValue);
  EXPECT(cudaGetLastError() == cudaErrorInvalidValue);
  CHECK(cudaMemcpy(host.data(), out, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 2; i < n; ++i) // out[i] = in[i - 2]
    EXPECT(host[i] == 3 * (i - 2) + 1);
  std::printf("shifted %d elements\n", n - 2);
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  std::printf("PASS off_by_one\n");
  return 0;
}
