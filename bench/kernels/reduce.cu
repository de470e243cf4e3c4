// Sum of n floats: one element per thread, a warp-shuffle tree within each warp, then one
// atomicAdd per warp into the total.
extern "C" __global__ void reduce_shfl(const float *in, float *total, unsigned n) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? in[i] : 0.0f;
  for (int offset = 16; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  if ((threadIdx.x & 31) == 0)
    atomicAdd(total, v);
}
