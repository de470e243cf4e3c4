// C = A * B for square row-major matrices, 16x16 tiles of A and B staged in shared memory.
// The size is a multiple of the tile; blocks are 16x16 threads, one element of C each.
constexpr unsigned kTile = 16;

extern "C" __global__ void sgemm_tiled(const float *a, const float *b, float *c, unsigned n) {
  __shared__ float as[kTile][kTile];
  __shared__ float bs[kTile][kTile];
  unsigned tx = threadIdx.x, ty = threadIdx.y;
  unsigned row = blockIdx.y * kTile + ty, col = blockIdx.x * kTile + tx;
  float sum = 0.0f;
  for (unsigned t = 0; t < n; t += kTile) {
    as[ty][tx] = a[row * n + t + tx];
    bs[ty][tx] = b[(t + ty) * n + col];
    __syncthreads();
    for (unsigned k = 0; k < kTile; ++k)
      sum += as[ty][k] * bs[k][tx];
    __syncthreads();
  }
  c[row * n + col] = sum;
}
