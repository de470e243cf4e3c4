// Host functions (cudaLaunchHostFunc) and stream callbacks (cudaStreamAddCallback) run in stream
// order, after the work before them and before the work after them.
// conform: tags=streams,callbacks
// expect: callback 1 saw 5
// expect: callback 2 saw 10 (status cudaSuccess)
// expect: callback 3 saw 20
// expect: PASS host_callbacks
#include "conform.h"

struct Probe {
  int *pinned;
  int order;
};
static int calls = 0;

void CUDART_CB hostFunction(void *data) {
  Probe *p = static_cast<Probe *>(data);
  ++calls;
  std::printf("callback %d saw %d\n", p->order, *p->pinned);
}

void CUDART_CB streamCallback(cudaStream_t, cudaError_t status, void *data) {
  Probe *p = static_cast<Probe *>(data);
  ++calls;
  std::printf("callback %d saw %d (status %s)\n", p->order, *p->pinned, cudaGetErrorName(status));
}

__global__ void setTo(int *p, int value) { *p = value; }

int main() {
  int *pinned, *mapped;
  CHECK(cudaHostAlloc(&pinned, sizeof(int), cudaHostAllocMapped));
  CHECK(cudaHostGetDevicePointer((void **)&mapped, pinned, 0));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  Probe p1{pinned, 1}, p2{pinned, 2}, p3{pinned, 3};
  setTo<<<1, 1, 0, s>>>(mapped, 5);
  CHECK(cudaLaunchHostFunc(s, hostFunction, &p1));
  setTo<<<1, 1, 0, s>>>(mapped, 10);
  CHECK(cudaStreamAddCallback(s, streamCallback, &p2, 0));
  setTo<<<1, 1, 0, s>>>(mapped, 20);
  CHECK(cudaLaunchHostFunc(s, hostFunction, &p3));
  CHECK(cudaStreamSynchronize(s));
  EXPECT(calls == 3);
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaFreeHost(pinned));
  std::printf("PASS host_callbacks\n");
  return 0;
}
