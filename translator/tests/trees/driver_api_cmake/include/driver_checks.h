// The checks each part of this project runs; every one prints what differed and returns false.
#pragma once

#include <cuda.h>

#include <cstdio>

#define CU_CHECK(call)                                                                             \
  do {                                                                                             \
    CUresult status_ = (call);                                                                     \
    if (status_ != CUDA_SUCCESS) {                                                                 \
      const char *name_ = nullptr;                                                                 \
      cuGetErrorName(status_, &name_);                                                             \
      printf("FAIL %s:%d %s: %s\n", __FILE__, __LINE__, #call, name_ ? name_ : "?");               \
      return false;                                                                                \
    }                                                                                              \
  } while (0)
#define EXPECT_THAT(condition, ...)                                                                \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      printf("FAIL %s:%d %s: ", __FILE__, __LINE__, #condition);                                   \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
      return false;                                                                                \
    }                                                                                              \
  } while (0)

bool checkDevice(CUdevice device);   // cuDeviceGet*, cuDeviceTotalMem, attributes
bool checkContexts(CUdevice device); // cuCtx* stacks, primary contexts, destroyed handles
bool checkKernels(CUdevice device);  // a PTX module: load, look up, allocate, copy, launch
