// The pre-Volta warp-synchronous idiom: stores through volatile shared memory that read another
// lane's element become qiaoWarpStore; other volatile stores stay as they are.
#include <cuda_runtime.h>

template <class T> __device__ void warpReduce(volatile T *sdata, unsigned tid) {
  sdata[tid] += sdata[tid + 32];
  sdata[tid] += sdata[tid + 16];
  sdata[tid] = sdata[tid] + sdata[tid + 8];
}

__device__ void warpMax(volatile int *s, int tid) {
  s[tid] = max(s[tid], s[tid + 1]);
  s[tid] <<= 1; // its own element only: not the idiom
}

__global__ void reduce(const int *in, int *out, volatile int *flag) {
  __shared__ int sdata[64];
  __shared__ volatile int direct[64];
  const unsigned tid = threadIdx.x;
  sdata[tid] = in[tid];
  __syncthreads();
  if (tid < 32) {
    volatile int *s = sdata;
    s[tid] += s[tid + 32];
    if (tid < 16)
      s[tid] += s[tid + 16];
    int mine = s[tid];
    s[tid] = mine = mine + s[tid + 8];
    s[tid] = 0;            // no other lane's element read: not the idiom
    direct[tid] = direct[tid + 1] * 2;
    warpReduce(sdata, tid);
  }
  flag[tid] = flag[tid + 1]; // a kernel's pointer: global memory
  if (tid == 0)
    *out = sdata[0];
}

__host__ void host(volatile int *p) { p[0] = p[1]; }
