// 64-bit atomics: unsigned long long add across the 2^32 boundary, min, max, and CAS; the CAS
// loop builds a 64-bit max of signed values.
// conform: tags=atomics,64-bit
// expect: add 1024 x 2^32 + 523776 = 4398047034880
// expect: min 7 max 1029 cas-max 1029
// expect: PASS u64_operations
#include "conform.h"

__device__ void casMax(long long *address, long long value) {
  unsigned long long *raw = reinterpret_cast<unsigned long long *>(address);
  unsigned long long old = *raw;
  while ((long long)old < value) {
    unsigned long long seen = atomicCAS(raw, old, (unsigned long long)value);
    if (seen == old)
      break;
    old = seen;
  }
}

__global__ void run(unsigned long long *sum, unsigned long long *mn, unsigned long long *mx,
                    long long *cmax) {
  unsigned long long t = threadIdx.x + blockIdx.x * blockDim.x;
  atomicAdd(sum, 4294967296ull + t);
  atomicMin(mn, t + 7);
  atomicMax(mx, t + 6);
  casMax(cmax, (long long)t + 6);
}

int main() {
  unsigned long long *d;
  CHECK(cudaMalloc(&d, 4 * sizeof(unsigned long long)));
  unsigned long long h[4] = {0, ~0ull, 0, (unsigned long long)-5ll};
  CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  run<<<4, 256>>>(d, d + 1, d + 2, reinterpret_cast<long long *>(d + 3));
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("add 1024 x 2^32 + %llu = %llu\n", h[0] - 4294967296ull * 1024, h[0]);
  std::printf("min %llu max %llu cas-max %lld\n", h[1], h[2], (long long)h[3]);
  EXPECT(h[0] == 4294967296ull * 1024 + 523776);
  std::printf("PASS u64_operations\n");
  return 0;
}
