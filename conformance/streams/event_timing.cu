// Events: elapsed time between two recorded events is non-negative; an event created with
// cudaEventDisableTiming cannot be timed (cudaErrorInvalidResourceHandle); an event never
// recorded reads cudaErrorInvalidResourceHandle too; a completed event queries cudaSuccess.
// conform: tags=streams,events,timing
// expect: elapsed >= 0
// expect: timing disabled -> cudaErrorInvalidResourceHandle
// expect: PASS event_timing
#include "conform.h"

__global__ void busy(float *v) {
  float x = threadIdx.x;
  for (int i = 0; i < 1000; ++i)
    x = x * 0.999f + 1.0f;
  v[threadIdx.x] = x;
}

int main() {
  float *d;
  CHECK(cudaMalloc(&d, 256 * sizeof(float)));
  cudaEvent_t start, stop, untimed;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  CHECK(cudaEventCreateWithFlags(&untimed, cudaEventDisableTiming));
  CHECK(cudaEventRecord(start));
  busy<<<1, 256>>>(d);
  CHECK(cudaEventRecord(stop));
  CHECK(cudaEventRecord(untimed));
  CHECK(cudaEventSynchronize(stop));
  CHECK(cudaEventQuery(stop));
  float ms = -1;
  CHECK(cudaEventElapsedTime(&ms, start, stop));
  EXPECT(ms >= 0);
  std::printf("elapsed >= 0\n");
  CHECK(cudaEventSynchronize(untimed));
  cudaError_t e = cudaEventElapsedTime(&ms, start, untimed);
  std::printf("timing disabled -> %s\n", cudaGetErrorName(e));
  EXPECT(e == cudaErrorInvalidResourceHandle);
  cudaGetLastError();
  CHECK(cudaEventDestroy(start));
  CHECK(cudaEventDestroy(stop));
  CHECK(cudaEventDestroy(untimed));
  CHECK(cudaFree(d));
  std::printf("PASS event_timing\n");
  return 0;
}
