// Sum of n floats (reduce.cu). OpenCL C 1.2 has neither sub-group shuffles (PoCL offers no
// sub-groups) nor a float atomic add, so each 32-item "warp" shuffles through local memory, and
// the per-warp add is the classic compare-and-swap loop on the bit pattern.
#define GROUP 256 // the work-group size
#define WARP 32

void atomic_add_float(volatile __global float *address, float value) {
  volatile __global uint *bits = (volatile __global uint *)address;
  uint old = *bits, assumed;
  do {
    assumed = old;
    old = atomic_cmpxchg(bits, assumed, as_uint(as_float(assumed) + value));
  } while (old != assumed);
}

__kernel void reduce_shfl(__global const float *in, __global float *total, uint n) {
  __local float lanes[GROUP];
  uint l = get_local_id(0), i = get_global_id(0);
  uint lane = l % WARP;
  float v = i < n ? in[i] : 0.0f;
  for (uint offset = WARP / 2; offset > 0; offset /= 2) {
    lanes[l] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    // __shfl_down_sync: lanes whose source lies past the warp keep their own value.
    if (lane + offset < WARP)
      v += lanes[l + offset];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lane == 0)
    atomic_add_float(total, v);
}
