// Warp votes and __activemask, including inside divergent branches.

// Per thread: [0] ballot of "value is odd", [1] its popcount, [2] any negative, [3] all below
// 1000, [4] __activemask() inside a branch taken by lanes whose value is divisible by 3 (0 for
// lanes that did not take it), [5] a ballot among only those lanes.
extern "C" __global__ void vote_ops(const int *in, unsigned *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[i];
  unsigned ballot = __ballot_sync(0xffffffffu, v & 1);
  out[i * 6 + 0] = ballot;
  out[i * 6 + 1] = __popc(ballot);
  out[i * 6 + 2] = __any_sync(0xffffffffu, v < 0);
  out[i * 6 + 3] = __all_sync(0xffffffffu, v < 1000);
  unsigned active = 0, inner = 0;
  if (v % 3 == 0) {
    active = __activemask();
    inner = __ballot_sync(active, v > 0);
  }
  out[i * 6 + 4] = active;
  out[i * 6 + 5] = inner;
}

// Block-wide votes: __syncthreads_count / _and / _or. Out: three values per block.
extern "C" __global__ void block_votes(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = i < n ? in[i] : 0;
  int count = __syncthreads_count(v > 0);
  int all = __syncthreads_and(v > -500);
  int any = __syncthreads_or(v > 990);
  if (threadIdx.x == 0) {
    out[blockIdx.x * 3 + 0] = count;
    out[blockIdx.x * 3 + 1] = all;
    out[blockIdx.x * 3 + 2] = any;
  }
}
