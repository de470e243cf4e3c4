// 64-bit atomicAnd, atomicOr and atomicXor, and signed 64-bit atomicMin/atomicMax, across bits
// above 2^32.
// conform: tags=atomics,64-bit,integer
// expect: or 0xffffffffffffffff and 0x0000000000000000 xor 0x0000000000000000
// expect: min -640 max 639
// expect: PASS bitwise_64
#include "conform.h"

__global__ void bits(unsigned long long *o, long long *m) {
  unsigned t = threadIdx.x; // 128 threads, each owns bit t % 64
  unsigned long long bit = 1ull << (t % 64);
  atomicOr(&o[0], bit);
  atomicAnd(&o[1], ~bit);
  atomicXor(&o[2], bit); // every bit flipped twice
  long long v = ((long long)t - 64) * 10;
  atomicMin(&m[0], v);
  atomicMax(&m[1], v + 9 - 9 * (t != 127));
}

int main() {
  unsigned long long *o, ho[3] = {0, ~0ull, 0};
  long long *m, hm[2] = {0, 0};
  CHECK(cudaMalloc(&o, sizeof ho));
  CHECK(cudaMalloc(&m, sizeof hm));
  CHECK(cudaMemcpy(o, ho, sizeof ho, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(m, hm, sizeof hm, cudaMemcpyHostToDevice));
  bits<<<1, 128>>>(o, m);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(ho, o, sizeof ho, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hm, m, sizeof hm, cudaMemcpyDeviceToHost));
  std::printf("or 0x%016llx and 0x%016llx xor 0x%016llx\n", ho[0], ho[1], ho[2]);
  std::printf("min %lld max %lld\n", hm[0], hm[1]);
  std::printf("PASS bitwise_64\n");
  return 0;
}
