// Helpers that exist only when the CUDA runtime API was included first (its include guard says
// so), with a fallback for old runtimes chosen by the runtime's version.
#pragma once

#ifdef __CUDA_RUNTIME_API_H__
#define GPU_CHECK(call)                                                                            \
  do {                                                                                             \
    cudaError_t status_ = (call);                                                                  \
    if (status_ != cudaSuccess) {                                                                  \
      printf("FAIL %s: %s\n", #call, cudaGetErrorString(status_));                                 \
      exit(1);                                                                                     \
    }                                                                                              \
  } while (0)
#endif

#if defined(CUDART_VERSION) && CUDART_VERSION >= 9000
#define SYNC_ALL() cudaDeviceSynchronize()
#else
#define SYNC_ALL() cudaThreadSynchronize()
#endif

struct Stats {
  double sum;
  int maximum;
  int bits;
};

Stats computeStats(const int *device, int n);
