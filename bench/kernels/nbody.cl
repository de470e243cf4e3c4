// N-body accelerations with tiles in local memory (nbody.cu).
#define TILE 256 // the work-group size; the body count is a multiple of it

__kernel void nbody_accel(__global const float4 *pos, __global float4 *accel, uint n,
                          float softening2) {
  __local float4 tile[TILE];
  uint l = get_local_id(0);
  float4 me = pos[get_global_id(0)];
  float ax = 0.0f, ay = 0.0f, az = 0.0f;
  for (uint base = 0; base < n; base += TILE) {
    tile[l] = pos[base + l];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint j = 0; j < TILE; ++j) {
      float4 other = tile[j];
      float dx = other.x - me.x, dy = other.y - me.y, dz = other.z - me.z;
      float inv = rsqrt(dx * dx + dy * dy + dz * dz + softening2);
      float s = other.w * inv * inv * inv;
      ax += dx * s;
      ay += dy * s;
      az += dz * s;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  accel[get_global_id(0)] = (float4)(ax, ay, az, 0.0f);
}
