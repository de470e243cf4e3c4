// Built from its own directory against the suite's common directory, a sibling: both must be
// translated side by side for the relative paths to hold.
#include "device_check.cuh"

__global__ void triangles(int *out, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = triangle(i);
}

int main() {
  const int n = 1000;
  int *device = nullptr;
  CHECK(cudaMalloc(&device, n * sizeof(int)));
  triangles<<<(n + 127) / 128, 128>>>(device, n);
  CHECK(cudaGetLastError());
  static int host[n];
  CHECK(cudaMemcpy(host, device, sizeof host, cudaMemcpyDeviceToHost));
  long long sum = 0;
  for (int i = 0; i < n; ++i) {
    if (host[i] != i * (i + 1) / 2) {
      printf("FAIL triangle(%d) = %d\n", i, host[i]);
      return 1;
    }
    sum += host[i];
  }
  printf("PASS two_inputs: sum %lld\n", sum);
  CHECK(cudaFree(device));
  return 0;
}
