// Inclusive prefix sum within each 256-item work-group, Hillis-Steele (scan.cu).
#define BLOCK 256

__kernel void block_scan(__global const uint *in, __global uint *out, uint n) {
  __local uint buf[2][BLOCK];
  uint t = get_local_id(0), i = get_global_id(0);
  uint src = 0;
  buf[0][t] = i < n ? in[i] : 0u;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint offset = 1; offset < BLOCK; offset *= 2) {
    uint v = buf[src][t];
    if (t >= offset)
      v += buf[src][t - offset];
    buf[src ^ 1][t] = v;
    src ^= 1;
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (i < n)
    out[i] = buf[src][t];
}
