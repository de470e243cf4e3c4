// cudaHostRegister page-locks and maps ordinary host memory; cudaHostUnregister releases it and
// a second unregister fails with cudaErrorHostMemoryNotRegistered.
// conform: tags=memory,pinned,mapped
// expect: registered 512 doubles, device wrote 511.25
// expect: unregister twice -> cudaErrorHostMemoryNotRegistered
// expect: PASS host_register
#include "conform.h"

#include <vector>

__global__ void fill(double *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] = i + 0.25;
}

int main() {
  const int n = 512;
  std::vector<double> buffer(n, -1.0);
  CHECK(cudaHostRegister(buffer.data(), n * sizeof(double), cudaHostRegisterMapped));
  double *device;
  CHECK(cudaHostGetDevicePointer(&device, buffer.data(), 0));
  fill<<<n / 128, 128>>>(device, n);
  CHECK_LAUNCH();
  for (int i = 0; i < n; ++i)
    EXPECT(buffer[i] == i + 0.25);
  std::printf("registered %d doubles, device wrote %.2f\n", n, buffer[n - 1]);
  CHECK(cudaHostUnregister(buffer.data()));
  cudaError_t again = cudaHostUnregister(buffer.data());
  std::printf("unregister twice -> %s\n", cudaGetErrorName(again));
  EXPECT(again == cudaErrorHostMemoryNotRegistered);
  EXPECT(cudaGetLastError() == cudaErrorHostMemoryNotRegistered); // recorded as the last error
  EXPECT(cudaGetLastError() == cudaSuccess);                      // and reset by reading it
  std::printf("PASS host_register\n");
  return 0;
}
