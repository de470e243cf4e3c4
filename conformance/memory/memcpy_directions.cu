// Host-to-device, device-to-device, device-to-host and cudaMemcpyDefault (unified addressing
// infers the direction) copies, with offsets into both buffers.
// conform: tags=memory,copy
// expect: copied 4096 bytes four ways
// expect: PASS memcpy_directions
#include "conform.h"

int main() {
  const int n = 1024;
  int host[n], back[n];
  for (int i = 0; i < n; ++i)
    host[i] = i * 7 - 300;
  int *a, *b;
  CHECK(cudaMalloc(&a, n * sizeof(int)));
  CHECK(cudaMalloc(&b, n * sizeof(int)));
  CHECK(cudaMemcpy(a, host, n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(b, a, n * sizeof(int), cudaMemcpyDeviceToDevice));
  CHECK(cudaMemcpy(back, b, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i)
    EXPECT(back[i] == host[i]);
  // Default: the runtime infers each pointer's kind. Shift the second half onto the first.
  CHECK(cudaMemcpy(b, a + n / 2, n / 2 * sizeof(int), cudaMemcpyDefault));
  CHECK(cudaMemcpy(back, b, n * sizeof(int), cudaMemcpyDefault));
  for (int i = 0; i < n / 2; ++i)
    EXPECT(back[i] == host[i + n / 2]);
  for (int i = n / 2; i < n; ++i)
    EXPECT(back[i] == host[i]);
  std::printf("copied %zu bytes four ways\n", n * sizeof(int));
  CHECK(cudaFree(a));
  CHECK(cudaFree(b));
  std::printf("PASS memcpy_directions\n");
  return 0;
}
