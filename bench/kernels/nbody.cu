// N-body accelerations: every body against every other, the other bodies staged through shared
// memory one block-sized tile at a time. Compute bound: rsqrtf and FMAs.
constexpr unsigned kTile = 256; // the block size; the body count is a multiple of it

// pos: x, y, z, mass. accel: x, y, z, 0.
extern "C" __global__ void nbody_accel(const float4 *pos, float4 *accel, unsigned n,
                                       float softening2) {
  __shared__ float4 tile[kTile];
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  float4 me = pos[i];
  float ax = 0.0f, ay = 0.0f, az = 0.0f;
  for (unsigned base = 0; base < n; base += kTile) {
    tile[threadIdx.x] = pos[base + threadIdx.x];
    __syncthreads();
    for (unsigned j = 0; j < kTile; ++j) {
      float4 other = tile[j];
      float dx = other.x - me.x, dy = other.y - me.y, dz = other.z - me.z;
      float inv = rsqrtf(dx * dx + dy * dy + dz * dz + softening2);
      float s = other.w * inv * inv * inv;
      ax += dx * s;
      ay += dy * s;
      az += dz * s;
    }
    // The tile is overwritten next round only after every thread has read it.
    __syncthreads();
  }
  accel[i] = make_float4(ax, ay, az, 0.0f);
}
