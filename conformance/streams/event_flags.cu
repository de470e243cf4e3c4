// Event details: an event recorded in one stream and waited on by the host with
// cudaEventSynchronize; cudaEventBlockingSync events work the same; querying an event that was
// created but never recorded returns cudaSuccess (nothing pending).
// conform: tags=streams,events
// expect: never-recorded query cudaSuccess
// expect: blocking-sync event waited: value 99
// expect: PASS event_flags
#include "conform.h"

__global__ void set99(int *p) { *p = 99; }

int main() {
  cudaEvent_t fresh, blocking;
  CHECK(cudaEventCreate(&fresh));
  CHECK(cudaEventCreateWithFlags(&blocking, cudaEventBlockingSync | cudaEventDisableTiming));
  std::printf("never-recorded query %s\n", cudaGetErrorName(cudaEventQuery(fresh)));
  int *d, h = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  set99<<<1, 1, 0, s>>>(d);
  CHECK(cudaEventRecord(blocking, s));
  CHECK(cudaEventSynchronize(blocking));
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("blocking-sync event waited: value %d\n", h);
  CHECK(cudaEventDestroy(fresh));
  CHECK(cudaEventDestroy(blocking));
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS event_flags\n");
  return 0;
}
