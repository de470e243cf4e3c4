// Block and warp reductions of 32-bit integers.

// Shared-memory tree: one partial sum per block.
extern "C" __global__ void reduce_tree(const int *in, int *blockSums, int n) {
  extern __shared__ int partial[];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  partial[threadIdx.x] = i < n ? in[i] : 0;
  __syncthreads();
  for (unsigned half = blockDim.x / 2; half > 0; half >>= 1) {
    if (threadIdx.x < half)
      partial[threadIdx.x] += partial[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    blockSums[blockIdx.x] = partial[0];
}

// __shfl_down_sync: lane 0 of each warp ends with the warp's sum; one atomic per warp.
extern "C" __global__ void reduce_shfl_down(const int *in, int *total, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = i < n ? in[i] : 0;
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  if ((threadIdx.x & 31) == 0)
    atomicAdd(total, v);
}

// __shfl_xor_sync butterfly: every lane ends with its warp's maximum and sum.
extern "C" __global__ void allreduce_xor(const int *in, int *warpMax, int *warpSum, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int mx = i < n ? in[i] : INT_MIN;
  int sum = i < n ? in[i] : 0;
  for (int mask = 1; mask < 32; mask <<= 1) {
    mx = max(mx, __shfl_xor_sync(0xffffffffu, mx, mask));
    sum += __shfl_xor_sync(0xffffffffu, sum, mask);
  }
  warpMax[i] = mx;
  warpSum[i] = sum;
}

// __shfl_sync broadcast from a data-chosen lane, and __shfl_up_sync / width-limited shuffles.
extern "C" __global__ void shuffle_patterns(const int *in, int *broadcast, int *up, int *rotate8) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[i];
  int source = __shfl_sync(0xffffffffu, v, 0) & 31; // lane 0 picks the source lane
  broadcast[i] = __shfl_sync(0xffffffffu, v, source);
  up[i] = __shfl_up_sync(0xffffffffu, v, 3); // lanes 0..2 keep their own value
  int lane8 = threadIdx.x & 7;
  rotate8[i] = __shfl_sync(0xffffffffu, v, (lane8 + 1) & 7, 8); // within groups of 8
}
