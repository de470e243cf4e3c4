// Shared by the conformance programs: a failed CUDA call or check prints one line naming it and
// ends the program with exit code 1, so the runner's first differing line says what went wrong.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    cudaError_t conformStatus_ = (call);                                                           \
    if (conformStatus_ != cudaSuccess) {                                                           \
      std::printf("FAIL line %d: %s -> %s\n", __LINE__, #call, cudaGetErrorName(conformStatus_));  \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)

// The call must return exactly this error code.
#define EXPECT_ERROR(call, code)                                                                   \
  do {                                                                                             \
    cudaError_t conformStatus_ = (call);                                                           \
    if (conformStatus_ != (code)) {                                                                \
      std::printf("FAIL line %d: %s -> %s, expected %s\n", __LINE__, #call,                        \
                  cudaGetErrorName(conformStatus_), cudaGetErrorName(code));                       \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)

#define EXPECT(condition)                                                                          \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::printf("FAIL line %d: %s\n", __LINE__, #condition);                                     \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)

// Launch, then check both the launch and the kernel's completion.
#define CHECK_LAUNCH()                                                                             \
  do {                                                                                             \
    CHECK(cudaGetLastError());                                                                     \
    CHECK(cudaDeviceSynchronize());                                                                \
  } while (0)
