// cudaHostAlloc flags are reported back by cudaHostGetFlags (portable, mapped, write-combined);
// write-combined memory still holds what the device copies into it.
// conform: tags=memory,pinned
// expect: flags: portable 1 mapped 1 write-combined 1
// expect: write-combined buffer received 256 bytes: last 255
// expect: PASS host_alloc_flags
#include "conform.h"

int main() {
  unsigned char *portable, *mapped, *wc;
  CHECK(cudaHostAlloc(&portable, 256, cudaHostAllocPortable));
  CHECK(cudaHostAlloc(&mapped, 256, cudaHostAllocMapped));
  CHECK(cudaHostAlloc(&wc, 256, cudaHostAllocWriteCombined));
  unsigned fp = 0, fm = 0, fw = 0;
  CHECK(cudaHostGetFlags(&fp, portable));
  CHECK(cudaHostGetFlags(&fm, mapped));
  CHECK(cudaHostGetFlags(&fw, wc));
  std::printf("flags: portable %d mapped %d write-combined %d\n", (fp & cudaHostAllocPortable) != 0,
              (fm & cudaHostAllocMapped) != 0, (fw & cudaHostAllocWriteCombined) != 0);
  unsigned char *d;
  CHECK(cudaMalloc(&d, 256));
  for (int i = 0; i < 256; ++i)
    portable[i] = (unsigned char)i;
  CHECK(cudaMemcpy(d, portable, 256, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(wc, d, 256, cudaMemcpyDeviceToHost));
  std::printf("write-combined buffer received 256 bytes: last %d\n", wc[255]);
  CHECK(cudaFreeHost(portable));
  CHECK(cudaFreeHost(mapped));
  CHECK(cudaFreeHost(wc));
  std::printf("PASS host_alloc_flags\n");
  return 0;
}
