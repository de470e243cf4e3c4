// atomicExch on float and atomicCAS on 16-bit and 64-bit words; a float atomic max built from
// atomicCAS on the bit pattern.
// conform: tags=atomics,float,cas
// expect: exch float chain ends with one of the written values: 1
// expect: cas-built float max 999.5
// expect: 16-bit cas counter 1000
// expect: PASS exch_and_cas_float
#include "conform.h"

__device__ float atomicMaxFloat(float *address, float value) {
  int *raw = reinterpret_cast<int *>(address);
  int old = *raw;
  while (__int_as_float(old) < value) {
    int seen = atomicCAS(raw, old, __float_as_int(value));
    if (seen == old)
      break;
    old = seen;
  }
  return __int_as_float(old);
}

__device__ void increment16(unsigned short *p) {
  unsigned short old = *p;
  for (;;) {
    unsigned short seen = atomicCAS(p, old, (unsigned short)(old + 1));
    if (seen == old)
      return;
    old = seen;
  }
}

__global__ void run(float *last, float *max, unsigned short *counter) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  atomicExch(last, (float)i + 0.5f);
  atomicMaxFloat(max, (float)i + 0.5f);
  increment16(counter);
}

int main() {
  float *f, hf[2];
  unsigned short *c, hc = 0;
  CHECK(cudaMalloc(&f, sizeof hf));
  CHECK(cudaMalloc(&c, sizeof hc));
  CHECK(cudaMemset(f, 0, sizeof hf));
  CHECK(cudaMemset(c, 0, sizeof hc));
  run<<<4, 250>>>(f, f + 1, c);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hf, f, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hc, c, sizeof hc, cudaMemcpyDeviceToHost));
  int k = (int)hf[0];
  std::printf("exch float chain ends with one of the written values: %d\n",
              k >= 0 && k < 1000 && hf[0] == k + 0.5f);
  std::printf("cas-built float max %.1f\n", hf[1]);
  std::printf("16-bit cas counter %u\n", hc);
  std::printf("PASS exch_and_cas_float\n");
  return 0;
}
