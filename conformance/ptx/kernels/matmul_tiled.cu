// C = A * B (row-major, M x K times K x N) with 16 x 16 tiles staged through shared memory and
// barriers between loading and using a tile. Out-of-range tile elements are zero.
constexpr int kTile = 16;

extern "C" __global__ void matmul_tiled(const float *a, const float *b, float *c, int m, int n,
                                        int k) {
  __shared__ float tileA[kTile][kTile];
  __shared__ float tileB[kTile][kTile];
  int row = blockIdx.y * kTile + threadIdx.y;
  int col = blockIdx.x * kTile + threadIdx.x;
  float sum = 0.0f;
  for (int base = 0; base < k; base += kTile) {
    int ak = base + threadIdx.x, bk = base + threadIdx.y;
    tileA[threadIdx.y][threadIdx.x] = row < m && ak < k ? a[row * k + ak] : 0.0f;
    tileB[threadIdx.y][threadIdx.x] = bk < k && col < n ? b[bk * n + col] : 0.0f;
    __syncthreads();
    for (int j = 0; j < kTile; ++j)
      sum = fmaf(tileA[threadIdx.y][j], tileB[j][threadIdx.x], sum);
    __syncthreads();
  }
  if (row < m && col < n)
    c[row * n + col] = sum;
}
