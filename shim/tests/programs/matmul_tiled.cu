// Tiled matrix multiply with the tiles in dynamic shared memory (extern __shared__).
#include "check.h"

#include <vector>

__global__ void matmul(const float *a, const float *b, float *c, int n, int tile) {
  extern __shared__ float tiles[];
  float *ta = tiles;
  float *tb = tiles + tile * tile;
  int row = blockIdx.y * tile + threadIdx.y;
  int col = blockIdx.x * tile + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < (n + tile - 1) / tile; ++t) {
    int ac = t * tile + threadIdx.x, br = t * tile + threadIdx.y;
    ta[threadIdx.y * tile + threadIdx.x] = row < n && ac < n ? a[row * n + ac] : 0.0f;
    tb[threadIdx.y * tile + threadIdx.x] = br < n && col < n ? b[br * n + col] : 0.0f;
    __syncthreads();
    for (int k = 0; k < tile; ++k)
      acc += ta[threadIdx.y * tile + k] * tb[k * tile + threadIdx.x];
    __syncthreads();
  }
  if (row < n && col < n)
    c[row * n + col] = acc;
}

int main() {
  const int n = 40, tile = 16;
  std::vector<float> a(n * n), b(n * n), c(n * n);
  for (int i = 0; i < n * n; ++i) {
    a[i] = float(i % 7) - 3.0f;
    b[i] = float(i % 5) * 0.5f;
  }
  float *da, *db, *dc;
  size_t bytes = n * n * sizeof(float);
  CHECK(cudaMalloc(&da, bytes));
  CHECK(cudaMalloc(&db, bytes));
  CHECK(cudaMalloc(&dc, bytes));
  CHECK(cudaMemcpy(da, a.data(), bytes, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b.data(), bytes, cudaMemcpyHostToDevice));
  dim3 block(tile, tile), grid((n + tile - 1) / tile, (n + tile - 1) / tile);
  matmul<<<grid, block, 2 * tile * tile * sizeof(float)>>>(da, db, dc, n, tile);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(c.data(), dc, bytes, cudaMemcpyDeviceToHost));
  for (int r = 0; r < n; ++r)
    for (int col = 0; col < n; ++col) {
      float expect = 0.0f;
      for (int k = 0; k < n; ++k)
        expect += a[r * n + k] * b[k * n + col];
      if (expect != c[r * n + col]) {
        std::printf("FAIL c[%d][%d] = %f, expected %f\n", r, col, c[r * n + col], expect);
        return 1;
      }
    }
  std::printf("c[1][2] = %.1f\n", c[1 * n + 2]);
  std::printf("PASS matmul_tiled\n");
  return 0;
}
