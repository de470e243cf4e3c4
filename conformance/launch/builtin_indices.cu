// gridDim, blockDim, blockIdx and threadIdx in three dimensions: every thread of a 3D grid of 3D
// blocks computes its global linear index, and each index is written exactly once.
// conform: tags=launch,indexing
// expect: grid (3,2,2) block (4,3,2): 288 threads, each index once
// expect: PASS builtin_indices
#include "conform.h"

__global__ void mark(int *hits, int *dims) {
  int block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  int thread = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
  int perBlock = blockDim.x * blockDim.y * blockDim.z;
  atomicAdd(&hits[block * perBlock + thread], 1);
  if (block == 0 && thread == 0) {
    dims[0] = gridDim.x, dims[1] = gridDim.y, dims[2] = gridDim.z;
    dims[3] = blockDim.x, dims[4] = blockDim.y, dims[5] = blockDim.z;
  }
}

int main() {
  const int total = 3 * 2 * 2 * 4 * 3 * 2;
  int *hits, *dims, h[total], hd[6];
  CHECK(cudaMalloc(&hits, sizeof h));
  CHECK(cudaMalloc(&dims, sizeof hd));
  CHECK(cudaMemset(hits, 0, sizeof h));
  mark<<<dim3(3, 2, 2), dim3(4, 3, 2)>>>(hits, dims);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, hits, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hd, dims, sizeof hd, cudaMemcpyDeviceToHost));
  for (int i = 0; i < total; ++i)
    EXPECT(h[i] == 1);
  std::printf("grid (%d,%d,%d) block (%d,%d,%d): %d threads, each index once\n", hd[0], hd[1],
              hd[2], hd[3], hd[4], hd[5], total);
  std::printf("PASS builtin_indices\n");
  return 0;
}
