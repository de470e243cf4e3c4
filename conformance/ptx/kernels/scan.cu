// Inclusive prefix sums within each block.

// Hillis-Steele in shared memory, double-buffered so reads and writes of a step never overlap.
extern "C" __global__ void scan_shared(const int *in, int *out, int n) {
  extern __shared__ int buffer[]; // 2 * blockDim.x ints
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int *from = buffer, *to = buffer + blockDim.x;
  from[threadIdx.x] = i < n ? in[i] : 0;
  __syncthreads();
  for (unsigned offset = 1; offset < blockDim.x; offset *= 2) {
    int v = from[threadIdx.x];
    if (threadIdx.x >= offset)
      v += from[threadIdx.x - offset];
    to[threadIdx.x] = v;
    __syncthreads();
    int *t = from;
    from = to;
    to = t;
  }
  if (i < n)
    out[i] = from[threadIdx.x];
}

// Warp scan with __shfl_up_sync, then warp totals combined through shared memory.
extern "C" __global__ void scan_warp(const int *in, int *out, int n) {
  __shared__ int warpTotals[32];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  int v = i < n ? in[i] : 0;
  for (int offset = 1; offset < 32; offset *= 2) {
    int other = __shfl_up_sync(0xffffffffu, v, offset);
    if (lane >= offset)
      v += other;
  }
  if (lane == 31)
    warpTotals[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int numWarps = (blockDim.x + 31) / 32;
    int t = lane < numWarps ? warpTotals[lane] : 0;
    for (int offset = 1; offset < 32; offset *= 2) {
      int other = __shfl_up_sync(0xffffffffu, t, offset);
      if (lane >= offset)
        t += other;
    }
    warpTotals[lane] = t;
  }
  __syncthreads();
  if (warp > 0)
    v += warpTotals[warp - 1];
  if (i < n)
    out[i] = v;
}
