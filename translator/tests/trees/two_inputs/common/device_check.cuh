// Shared by the suite's programs: error checks and a device helper.
#pragma once

#include <cstdio>
#include <cuda_runtime.h>

#define CHECK(call)                                                                              \
  do {                                                                                           \
    cudaError_t status = (call);                                                                 \
    if (status != cudaSuccess) {                                                                 \
      printf("FAIL %s: %s\n", #call, cudaGetErrorName(status));                                  \
      return 1;                                                                                  \
    }                                                                                            \
  } while (0)

__device__ inline int triangle(int n) { return n * (n + 1) / 2; }
