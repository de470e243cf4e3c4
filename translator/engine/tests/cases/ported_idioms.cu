// What old and third-party CUDA code does that the translation must carry over: a helper
// section chosen by CUDA's include guards, names CUDA removed (mapped to their successors, a
// QT2009 note each), kernel default arguments (written out at the launch), a CUDA-looking name
// nobody knows (left, counted, QT2002), and the program's own CUDA-looking macro (left alone).
#include <cuda_runtime.h>

#define CUDA_CHECK(call) (void)(call)

#ifdef __CUDA_RUNTIME_H__
inline void syncAll() { CUDA_CHECK(cudaThreadSynchronize()); }
#endif

__global__ void scale(float *p, int n, float by = 2.0f, int offset = 0);

__global__ void scale(float *p, int n, float by, int offset) {
  int i = blockIdx.x * blockDim.x + threadIdx.x + offset;
  if (i < n)
    p[i] *= by;
}

void run(float *p, int n) {
  scale<<<1, n>>>(p, n);
  scale<<<1, n>>>(p, n, 3.0f);
  CUDA_CHECK(cudaThreadSetLimit(cudaLimitStackSize, 4096));
  syncAll();
  cudaThreadExit();
#if 0
  cudaNoSuchCall(p);
#endif
}
