// C = A * B with 16x16 tiles in local memory (sgemm.cu).
#define TILE 16

__kernel void sgemm_tiled(__global const float *a, __global const float *b, __global float *c,
                          uint n) {
  __local float as[TILE][TILE];
  __local float bs[TILE][TILE];
  uint tx = get_local_id(0), ty = get_local_id(1);
  uint row = get_group_id(1) * TILE + ty, col = get_group_id(0) * TILE + tx;
  float sum = 0.0f;
  for (uint t = 0; t < n; t += TILE) {
    as[ty][tx] = a[row * n + t + tx];
    bs[ty][tx] = b[(t + ty) * n + col];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint k = 0; k < TILE; ++k)
      sum += as[ty][k] * bs[k][tx];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  c[row * n + col] = sum;
}
