// cudaMemset writes its value's low byte into every byte; a partial memset leaves the rest;
// cudaMemsetAsync is ordered with the stream's copies.
// conform: tags=memory,memset
// expect: 0xabababab 0xabababab 0x00000000
// expect: async 0x07070707
// expect: PASS memset_patterns
#include "conform.h"

int main() {
  unsigned *d, h[64];
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  CHECK(cudaMemset(d, 0x1AB, 32 * sizeof(unsigned))); // only the low byte counts
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 32; ++i)
    EXPECT(h[i] == 0xABABABABu);
  for (int i = 32; i < 64; ++i)
    EXPECT(h[i] == 0);
  std::printf("0x%08x 0x%08x 0x%08x\n", h[0], h[31], h[32]);
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaMemsetAsync(d, 7, sizeof h, s));
  CHECK(cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  for (int i = 0; i < 64; ++i)
    EXPECT(h[i] == 0x07070707u);
  std::printf("async 0x%08x\n", h[63]);
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaFree(d));
  std::printf("PASS memset_patterns\n");
  return 0;
}
