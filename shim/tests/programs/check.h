// Shared by the end-to-end programs: a failed CUDA call prints where and why, and the program
// exits 1. Each program prints "PASS <name>" and exits 0 only when all its checks hold.
#pragma once

#include <cstdio>
#include <cuda_runtime.h>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    cudaError_t checkStatus_ = (call);                                                             \
    if (checkStatus_ != cudaSuccess) {                                                             \
      std::printf("FAIL %s:%d: %s -> %s\n", __FILE__, __LINE__, #call,                             \
                  cudaGetErrorName(checkStatus_));                                                 \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

#define EXPECT(condition)                                                                          \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition);                             \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)
