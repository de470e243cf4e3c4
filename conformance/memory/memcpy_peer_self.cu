// cudaMemcpyPeer between two allocations of the same device behaves as a device-to-device copy;
// cudaMemGetInfo reports free memory no larger than total.
// conform: tags=memory,peer
// expect: peer copy of 300 shorts ok
// expect: PASS memcpy_peer_self
#include "conform.h"

int main() {
  short h[300], back[300];
  for (int i = 0; i < 300; ++i)
    h[i] = (short)(i * 101);
  short *a, *b;
  CHECK(cudaMalloc(&a, sizeof h));
  CHECK(cudaMalloc(&b, sizeof h));
  CHECK(cudaMemcpy(a, h, sizeof h, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpyPeer(b, 0, a, 0, sizeof h));
  CHECK(cudaMemcpy(back, b, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 300; ++i)
    EXPECT(back[i] == h[i]);
  std::printf("peer copy of 300 shorts ok\n");
  size_t freeBytes = 0, total = 0;
  CHECK(cudaMemGetInfo(&freeBytes, &total));
  EXPECT(total > 0 && freeBytes <= total);
  CHECK(cudaFree(a));
  CHECK(cudaFree(b));
  std::printf("PASS memcpy_peer_self\n");
  return 0;
}
