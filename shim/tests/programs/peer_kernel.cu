// A kernel on device 1 that reads device 0's memory: it needs peer access, as on hardware. With
// access enabled it sums the peer's buffer; after cudaDeviceDisablePeerAccess the same read is an
// illegal address, a sticky error of device 1 only, which cudaDeviceReset of device 1 clears.
#include "check.h"

__global__ void sumPeer(const int *peer, int n, unsigned long long *total) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(total, (unsigned long long)peer[i]);
}

__global__ void scale(int *data, int n, int factor) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] *= factor;
}

int main() {
  int devices = 0;
  CHECK(cudaGetDeviceCount(&devices));
  EXPECT(devices >= 2);
  const int n = 10000;
  int *onZero = nullptr;
  CHECK(cudaSetDevice(0));
  CHECK(cudaMalloc(&onZero, n * sizeof(int)));
  int *host = new int[n];
  for (int i = 0; i < n; ++i)
    host[i] = i;
  CHECK(cudaMemcpy(onZero, host, n * sizeof(int), cudaMemcpyHostToDevice));
  scale<<<(n + 255) / 256, 256>>>(onZero, n, 3);
  CHECK(cudaDeviceSynchronize());

  CHECK(cudaSetDevice(1));
  unsigned long long *total = nullptr;
  CHECK(cudaMalloc(&total, sizeof *total));
  CHECK(cudaMemset(total, 0, sizeof *total));
  CHECK(cudaDeviceEnablePeerAccess(0, 0));
  sumPeer<<<(n + 255) / 256, 256>>>(onZero, n, total);
  CHECK(cudaDeviceSynchronize());
  unsigned long long sum = 0;
  CHECK(cudaMemcpy(&sum, total, sizeof sum, cudaMemcpyDeviceToHost));
  const unsigned long long expected = 3ull * (unsigned long long)n * (n - 1) / 2;
  std::printf("device 1 summed device 0's buffer: %llu\n", sum);
  EXPECT(sum == expected);

  CHECK(cudaDeviceDisablePeerAccess(0));
  sumPeer<<<(n + 255) / 256, 256>>>(onZero, n, total);
  cudaError_t fault = cudaDeviceSynchronize();
  std::printf("without peer access: %s\n", cudaGetErrorName(fault));
  EXPECT(fault == cudaErrorIllegalAddress);
  // Device 0 is untouched by device 1's fault.
  CHECK(cudaSetDevice(0));
  CHECK(cudaMemcpy(host, onZero, n * sizeof(int), cudaMemcpyDeviceToHost));
  EXPECT(host[n - 1] == 3 * (n - 1));
  CHECK(cudaSetDevice(1));
  CHECK(cudaDeviceReset());
  CHECK(cudaMalloc(&total, sizeof *total));
  CHECK(cudaFree(total));
  CHECK(cudaSetDevice(0));
  CHECK(cudaFree(onZero));
  delete[] host;
  std::printf("PASS peer_kernel\n");
  return 0;
}
