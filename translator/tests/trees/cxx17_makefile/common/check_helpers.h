// A helper header in the style many CUDA projects carry: what it defines depends on which CUDA
// headers the including file pulled in, learned from their include guards and version macros.
#ifndef CHECK_HELPERS_H
#define CHECK_HELPERS_H

#include <cstdio>

#ifdef __DRIVER_TYPES_H__
// exit and EXIT_FAILURE without <cstdlib>: cuda_runtime.h brings them.
template <typename T> void checkResult(T result, const char *what, const char *file, int line) {
  if (result) {
    fprintf(stderr, "%s:%d: %s failed: %s\n", file, line, what, cudaGetErrorName(result));
    exit(EXIT_FAILURE);
  }
}
#define CHECK(call) checkResult((call), #call, __FILE__, __LINE__)
#endif

#ifdef __CUDA_RUNTIME_H__
// The first device whose compute mode lets this process use it.
inline int pickDevice() {
  int count = 0;
  CHECK(cudaGetDeviceCount(&count));
  for (int device = 0; device < count; ++device) {
    int mode = -1;
    CHECK(cudaDeviceGetAttribute(&mode, cudaDevAttrComputeMode, device));
    if (mode != cudaComputeModeProhibited) {
      CHECK(cudaSetDevice(device));
      return device;
    }
  }
  return -1;
}
#endif

#if CUDART_VERSION >= 11000
#define RUNTIME_IS_RECENT 1
#else
#define RUNTIME_IS_RECENT 0
#endif

#ifdef __CUDACC__
#define HOST_DEVICE __host__ __device__
#else
#define HOST_DEVICE
#endif

#endif
