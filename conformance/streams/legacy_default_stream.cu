// The legacy default stream synchronises with blocking streams: a kernel in stream 0 starts only
// after earlier work in a blocking stream, and later work in that stream waits for it. A
// non-blocking stream is exempt (not observed here: only the guaranteed ordering is checked).
// conform: tags=streams,default-stream,ordering
// expect: legacy stream saw 777, blocking stream saw 778
// expect: PASS legacy_default_stream
#include "conform.h"

__global__ void slowSet(int *p, int value) {
  int x = 0;
  for (int i = 0; i < 20000; ++i)
    x += i & 1;
  *p = value + (x - 10000);
}
__global__ void copyPlusOne(const int *from, int *to) { *to = *from + 1; }

int main() {
  int *a, *b, *c;
  CHECK(cudaMalloc(&a, sizeof(int)));
  CHECK(cudaMalloc(&b, sizeof(int)));
  CHECK(cudaMalloc(&c, sizeof(int)));
  CHECK(cudaMemset(a, 0, sizeof(int)));
  CHECK(cudaMemset(b, 0, sizeof(int)));
  cudaStream_t blocking;
  CHECK(cudaStreamCreate(&blocking));
  slowSet<<<1, 1, 0, blocking>>>(a, 777);
  copyPlusOne<<<1, 1>>>(a, b);              // legacy stream: waits for `blocking`
  copyPlusOne<<<1, 1, 0, blocking>>>(b, c); // waits for the legacy stream's kernel
  CHECK(cudaDeviceSynchronize());
  int hb, hc;
  CHECK(cudaMemcpy(&hb, b, sizeof(int), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hc, c, sizeof(int), cudaMemcpyDeviceToHost));
  std::printf("legacy stream saw %d, blocking stream saw %d\n", hb - 1, hc - 1);
  EXPECT(hb == 778 && hc == 779);
  CHECK(cudaStreamDestroy(blocking));
  std::printf("PASS legacy_default_stream\n");
  return 0;
}
