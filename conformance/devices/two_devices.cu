// Two devices: each fills its own buffer on its own stream; device 1's stream waits for an event
// of device 0's, then copies device 0's buffer next to its own (cudaMemcpyPeerAsync); a kernel
// on device 1 then reads device 0's memory through peer access. Needs two GPUs, so the native
// mode (one GPU on the usual machine) is left out.
// conform: tags=devices,peer,streams,events env=QIAO_EMU_DEVICES=2 modes=shim,shim-static,translated
// expect: devices 2, can access peer 1 and 1
// expect: device 1 holds 0..1023 from device 0 and 1000..2023 of its own
// expect: peer read sum 523776
// expect: PASS two_devices
#include "conform.h"

__global__ void fillFrom(int *data, int n, int base) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] = base + i;
}

__global__ void sumOf(const int *data, int n, int *total) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(total, data[i]);
}

int main() {
  int devices = 0;
  CHECK(cudaGetDeviceCount(&devices));
  EXPECT(devices >= 2);
  int can01 = 0, can10 = 0;
  CHECK(cudaDeviceCanAccessPeer(&can01, 0, 1));
  CHECK(cudaDeviceCanAccessPeer(&can10, 1, 0));
  printf("devices %d, can access peer %d and %d\n", devices, can01, can10);

  const int n = 1024;
  int *zero = nullptr, *one = nullptr, *total = nullptr;
  cudaStream_t s0, s1;
  cudaEvent_t filled;
  CHECK(cudaSetDevice(0));
  CHECK(cudaStreamCreate(&s0));
  CHECK(cudaEventCreate(&filled));
  CHECK(cudaMalloc(&zero, n * sizeof(int)));
  fillFrom<<<n / 256, 256, 0, s0>>>(zero, n, 0);
  CHECK_LAUNCH();
  CHECK(cudaEventRecord(filled, s0));

  CHECK(cudaSetDevice(1));
  CHECK(cudaStreamCreate(&s1));
  CHECK(cudaMalloc(&one, 2 * n * sizeof(int)));
  CHECK(cudaMalloc(&total, sizeof(int)));
  CHECK(cudaMemsetAsync(total, 0, sizeof(int), s1));
  fillFrom<<<n / 256, 256, 0, s1>>>(one + n, n, 1000);
  CHECK_LAUNCH();
  CHECK(cudaStreamWaitEvent(s1, filled, 0));
  CHECK(cudaMemcpyPeerAsync(one, 1, zero, 0, n * sizeof(int), s1));
  CHECK(cudaStreamSynchronize(s1));
  static int host[2 * 1024];
  CHECK(cudaMemcpy(host, one, sizeof host, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    EXPECT(host[i] == i);
    EXPECT(host[n + i] == 1000 + i);
  }
  printf("device 1 holds 0..%d from device 0 and 1000..%d of its own\n", host[n - 1],
         host[2 * n - 1]);

  CHECK(cudaDeviceEnablePeerAccess(0, 0));
  sumOf<<<n / 256, 256, 0, s1>>>(zero, n, total);
  CHECK_LAUNCH();
  int sum = 0;
  CHECK(cudaMemcpyAsync(&sum, total, sizeof sum, cudaMemcpyDeviceToHost, s1));
  CHECK(cudaStreamSynchronize(s1));
  printf("peer read sum %d\n", sum);
  EXPECT(sum == n * (n - 1) / 2);
  CHECK(cudaDeviceDisablePeerAccess(0));
  CHECK(cudaStreamDestroy(s1));
  CHECK(cudaFree(one));
  CHECK(cudaFree(total));
  CHECK(cudaSetDevice(0));
  CHECK(cudaStreamDestroy(s0));
  CHECK(cudaEventDestroy(filled));
  CHECK(cudaFree(zero));
  printf("PASS two_devices\n");
  return 0;
}
