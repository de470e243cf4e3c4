// C = A x B with square tiles staged in shared memory: the classic use of __shared__ and
// __syncthreads. Integer-valued floats keep every product and sum exact, so C must match exactly.
#include <cstdio>
#include <vector>

constexpr int kTile = 16;

__global__ void matmul(const float *a, const float *b, float *c, int n) {
  __shared__ float ta[kTile][kTile];
  __shared__ float tb[kTile][kTile];
  int row = blockIdx.y * kTile + threadIdx.y, col = blockIdx.x * kTile + threadIdx.x;
  float sum = 0;
  for (int t = 0; t < (n + kTile - 1) / kTile; ++t) {
    int ac = t * kTile + threadIdx.x, br = t * kTile + threadIdx.y;
    ta[threadIdx.y][threadIdx.x] = row < n && ac < n ? a[row * n + ac] : 0;
    tb[threadIdx.y][threadIdx.x] = br < n && col < n ? b[br * n + col] : 0;
    __syncthreads();
    for (int k = 0; k < kTile; ++k)
      sum += ta[threadIdx.y][k] * tb[k][threadIdx.x];
    __syncthreads();
  }
  if (row < n && col < n)
    c[row * n + col] = sum;
}

int main() {
  const int n = 70; // not a multiple of the tile: edge tiles are partial
  std::vector<float> a(n * n), b(n * n), c(n * n);
  for (int i = 0; i < n * n; ++i) {
    a[i] = static_cast<float>(i % 7 - 3);
    b[i] = static_cast<float>(i % 5 - 2);
  }
  float *da, *db, *dc;
  cudaMalloc(&da, a.size() * sizeof(float));
  cudaMalloc(&db, b.size() * sizeof(float));
  cudaMalloc(&dc, c.size() * sizeof(float));
  cudaMemcpy(da, a.data(), a.size() * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemcpy(db, b.data(), b.size() * sizeof(float), cudaMemcpyHostToDevice);
  dim3 block(kTile, kTile), grid((n + kTile - 1) / kTile, (n + kTile - 1) / kTile);
  matmul<<<grid, block>>>(da, db, dc, n);
  cudaError_t status = cudaMemcpy(c.data(), dc, c.size() * sizeof(float), cudaMemcpyDeviceToHost);
  cudaFree(da);
  cudaFree(db);
  cudaFree(dc);
  if (status != cudaSuccess) {
    std::printf("matmul: FAIL: %s\n", cudaGetErrorString(status));
    return 1;
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      float expected = 0;
      for (int k = 0; k < n; ++k)
        expected += a[i * n + k] * b[k * n + j];
      if (c[i * n + j] != expected) {
        std::printf("matmul: FAIL at (%d,%d): got %g, expected %g\n", i, j, c[i * n + j], expected);
        return 1;
      }
    }
  std::printf("matmul: PASS (%dx%d, %dx%d tiles)\n", n, n, kTile, kTile);
  return 0;
}
