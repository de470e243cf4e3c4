// Warp-level kernels for the PTX engine's tests (WarpOpsTests.cpp compiles them with nvcc -ptx).

// The sum of a warp's values by a __shfl_down_sync tree; lane 0 writes it.
extern "C" __global__ void warpSum(const int *values, int *sums) {
  int v = values[blockIdx.x * blockDim.x + threadIdx.x];
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  if (threadIdx.x % 32 == 0)
    sums[(blockIdx.x * blockDim.x + threadIdx.x) / 32] = v;
}

// Inclusive prefix sums within groups of `width` lanes by __shfl_up_sync.
extern "C" __global__ void segmentScan(const int *values, int *out, int width) {
  int lane = threadIdx.x % 32;
  int v = values[threadIdx.x];
  for (int d = 1; d < width; d *= 2) {
    int up = __shfl_up_sync(0xffffffffu, v, d, width);
    if (lane % width >= d)
      v += up;
  }
  out[threadIdx.x] = v;
}

// Broadcast of each 8-lane group's lane 3 and a butterfly swap of neighbours.
extern "C" __global__ void broadcastAndSwap(const int *values, int *broadcast, int *swapped) {
  int v = values[threadIdx.x];
  broadcast[threadIdx.x] = __shfl_sync(0xffffffffu, v, 3, 8);
  __syncwarp();
  swapped[threadIdx.x] = __shfl_xor_sync(0xffffffffu, v, 1);
}

// Votes in divergent code: odd and even lanes vote apart, each side with its own membermask.
extern "C" __global__ void votes(const int *values, unsigned *ballots, int *anys, int *alls) {
  int t = threadIdx.x;
  int v = values[t];
  unsigned mask = __activemask();
  if (t % 2 == 1) {
    unsigned odd = __activemask();
    ballots[t] = __ballot_sync(odd, v > 10);
    anys[t] = __any_sync(odd, v > 100);
    alls[t] = __all_sync(odd, v > 0);
  } else {
    unsigned even = __activemask();
    ballots[t] = __ballot_sync(even, v > 10) ^ mask;
    anys[t] = __any_sync(even, v > 100);
    alls[t] = __all_sync(even, v > 0);
  }
}

// Lanes holding equal keys, and whether a whole warp agrees.
extern "C" __global__ void matches(const int *keys, unsigned *any, unsigned *all, int *agree) {
  int t = threadIdx.x;
  any[t] = __match_any_sync(0xffffffffu, keys[t]);
  int pred;
  all[t] = __match_all_sync(0xffffffffu, keys[t] / 1000, &pred);
  agree[t] = pred;
}

// Warp reductions of the hardware: add, min, max, and, or, xor.
extern "C" __global__ void reduces(const unsigned *values, unsigned *out) {
  unsigned v = values[threadIdx.x];
  unsigned *o = out + 6 * (threadIdx.x / 32);
  unsigned sum = __reduce_add_sync(0xffffffffu, v);
  int lo = __reduce_min_sync(0xffffffffu, static_cast<int>(v));
  unsigned hi = __reduce_max_sync(0xffffffffu, v);
  unsigned a = __reduce_and_sync(0xffffffffu, v);
  unsigned b = __reduce_or_sync(0xffffffffu, v);
  unsigned c = __reduce_xor_sync(0xffffffffu, v);
  if (threadIdx.x % 32 == 0) {
    o[0] = sum, o[1] = static_cast<unsigned>(lo), o[2] = hi, o[3] = a, o[4] = b, o[5] = c;
  }
}
