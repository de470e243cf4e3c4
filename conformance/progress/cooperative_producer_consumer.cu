// A cooperative launch guarantees every block is resident at once, so block 1 may spin on a flag
// that block 0 sets later; the value written before the flag (with a fence) must be seen.
// conform: tags=progress,cooperative timeout=60
// expect: consumer saw payload 31337 after the flag
// expect: PASS cooperative_producer_consumer
#include "conform.h"

__global__ void handOff(volatile int *flag, volatile int *payload, int *seen) {
  if (threadIdx.x != 0)
    return;
  if (blockIdx.x == 1) {
    while (*flag == 0) {
    }
    __threadfence();
    *seen = *payload;
  } else {
    // Give the consumer time to start spinning first.
    for (volatile int i = 0; i < 10000; ++i) {
    }
    *payload = 31337;
    __threadfence();
    *flag = 1;
  }
}

int main() {
  int supported = 0;
  CHECK(cudaDeviceGetAttribute(&supported, cudaDevAttrCooperativeLaunch, 0));
  EXPECT(supported == 1);
  int *d, h[3];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  int *flag = d, *payload = d + 1, *seen = d + 2;
  void *args[] = {&flag, &payload, &seen};
  CHECK(cudaLaunchCooperativeKernel((const void *)handOff, dim3(2), dim3(32), args, 0, nullptr));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("consumer saw payload %d after the flag\n", h[2]);
  std::printf("PASS cooperative_producer_consumer\n");
  return 0;
}
