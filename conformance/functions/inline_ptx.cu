// Inline PTX: a 64-bit add built from add.cc/addc (carry flag), %laneid and %warpid-free lane
// queries, and a predicate set with setp.
// conform: tags=functions,inline-ptx modes=shim,shim-static,native
// expect: carry chain 0xffffffff + 1 = 0x100000000
// expect: %laneid matches threadIdx.x % 32 in all 64 threads: 1
// expect: setp.lt on (3, 5) = 1
// expect: PASS inline_ptx
#include "conform.h"

__global__ void ptx(unsigned long long *o, unsigned lo, unsigned addend, int *lanesOk) {
  unsigned rlo, rhi;
  asm("add.cc.u32 %0, %2, %3;\n\taddc.u32 %1, 0, 0;" : "=r"(rlo), "=r"(rhi) : "r"(lo), "r"(addend));
  unsigned lane;
  asm("mov.u32 %0, %%laneid;" : "=r"(lane));
  if (lane != threadIdx.x % 32)
    atomicExch(lanesOk, 0);
  if (threadIdx.x == 0) {
    o[0] = ((unsigned long long)rhi << 32) | rlo;
    int less;
    asm("{\n\t.reg .pred p;\n\tsetp.lt.s32 p, %1, %2;\n\tselp.s32 %0, 1, 0, p;\n\t}"
        : "=r"(less)
        : "r"(3), "r"(5));
    o[1] = less;
  }
}

int main() {
  unsigned long long *d, h[2];
  int *ok, hok = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMalloc(&ok, sizeof hok));
  int one = 1;
  CHECK(cudaMemcpy(ok, &one, sizeof one, cudaMemcpyHostToDevice));
  ptx<<<1, 64>>>(d, 0xffffffffu, 1u, ok);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hok, ok, sizeof hok, cudaMemcpyDeviceToHost));
  std::printf("carry chain 0xffffffff + 1 = 0x%llx\n", h[0]);
  std::printf("%%laneid matches threadIdx.x %% 32 in all 64 threads: %d\n", hok);
  std::printf("setp.lt on (3, 5) = %llu\n", h[1]);
  std::printf("PASS inline_ptx\n");
  return 0;
}
