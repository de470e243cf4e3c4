// Shared by the driver-API programs: a failed driver call prints where and why (the CUresult's
// name), and the program exits 1. Each program prints "PASS <name>" and exits 0 only when all its
// checks hold.
#pragma once

#include <cstdio>
#include <cuda.h>

#define CU_CHECK(call)                                                                             \
  do {                                                                                             \
    CUresult checkStatus_ = (call);                                                                \
    if (checkStatus_ != CUDA_SUCCESS) {                                                            \
      const char *checkName_ = "?";                                                                \
      cuGetErrorName(checkStatus_, &checkName_);                                                   \
      std::printf("FAIL %s:%d: %s -> %s\n", __FILE__, __LINE__, #call, checkName_);                \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

// The call must fail with exactly `code`.
#define CU_EXPECT_ERROR(call, code)                                                                \
  do {                                                                                             \
    CUresult checkStatus_ = (call);                                                                \
    if (checkStatus_ != (code)) {                                                                  \
      std::printf("FAIL %s:%d: %s -> %d, expected %s\n", __FILE__, __LINE__, #call,                \
                  int(checkStatus_), #code);                                                       \
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
