// The library half of rdc_main.cu (built together with nvcc -rdc=true): a __device__ function,
// a __device__ variable and a __constant__ that the other translation unit uses, a kernel of its
// own, and device printf, whose format strings are module-internal in both units.
#include <cstdio>

__device__ int hits;
__constant__ int scale = 3;
__device__ int table[4] = {10, 20, 30, 40};
static __device__ int calls; // internal to this unit, as the other unit's `calls` is to it

__device__ int scaled(int x) {
  atomicAdd(&calls, 1);
  return x * scale + table[x & 3];
}

// Reads what the other unit's kernel wrote into `hits`.
__global__ void report(int *out) {
  out[0] = hits;
  out[1] = calls;
  printf("lib sees hits %d\n", hits);
}
