// CUDA names in macro definitions (rewritten once, in the definition), in macro arguments, in
// #if/#ifdef tests, and CUDA's own macros.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call)                                                                            \
  do {                                                                                         \
    cudaError_t err_ = (call);                                                                 \
    if (err_ != cudaSuccess) {                                                                 \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, cudaGetErrorString(err_));      \
      std::exit(1);                                                                            \
    }                                                                                          \
  } while (0)

#define SYNC_AND_CHECK() CHECK(cudaDeviceSynchronize())
#define NEVER_USED(p) cudaFree(p)

void CUDART_CB onDone(cudaStream_t stream, cudaError_t status, void *data) {
  *static_cast<int *>(data) = status == cudaSuccess;
}

int main() {
  void *p = nullptr;
  CHECK(cudaMalloc(&p, 64));
  CHECK(cudaMemset(p, 0, 64));
  int done = 0;
  CHECK(cudaStreamAddCallback(0, onDone, &done, 0));
  SYNC_AND_CHECK();
#if defined(CUDART_VERSION) && CUDART_VERSION >= 12000
  std::printf("runtime %d\n", CUDART_VERSION);
#endif
#ifdef __CUDACC__
  std::printf("compiled as CUDA\n");
#endif
  CHECK(cudaFree(p));
  return done ? 0 : 1;
}
