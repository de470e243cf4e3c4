// Large dynamic shared memory (opt-in above 48 KiB), an occupancy-chosen launch, a cooperative
// launch with a grid-wide sum.
#include "check.h"
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void bigShared(int *out) {
  extern __shared__ int tile[];
  const int words = 64 * 1024 / sizeof(int);
  for (int i = threadIdx.x; i < words; i += blockDim.x)
    tile[i] = i;
  __syncthreads();
  if (threadIdx.x == 0) {
    long s = 0;
    for (int i = 0; i < words; ++i)
      s += tile[i];
    *out = int(s % 1000003);
  }
}

__global__ void gridSum(int *data, int *total, int n) {
  cg::grid_group grid = cg::this_grid();
  for (int i = grid.thread_rank(); i < n; i += grid.size())
    atomicAdd(total, data[i]);
  grid.sync();
  for (int i = grid.thread_rank(); i < n; i += grid.size())
    data[i] = *total;
}

__global__ void square(float *v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    v[i] = v[i] * v[i];
}

int main() {
  int *out;
  CHECK(cudaMalloc(&out, sizeof(int)));
  CHECK(cudaFuncSetAttribute(bigShared, cudaFuncAttributeMaxDynamicSharedMemorySize, 64 * 1024));
  bigShared<<<1, 256, 64 * 1024>>>(out);
  CHECK(cudaGetLastError());
  int got = 0;
  CHECK(cudaMemcpy(&got, out, sizeof got, cudaMemcpyDeviceToHost));
  long words = 64 * 1024 / 4;
  EXPECT(got == int((words * (words - 1) / 2) % 1000003));

  int minGrid = 0, block = 0;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, square, 0, 0));
  EXPECT(block > 0 && block <= 1024 && minGrid > 0);
  const int n = 10000;
  float *v;
  CHECK(cudaMallocManaged(&v, n * sizeof(float)));
  for (int i = 0; i < n; ++i)
    v[i] = i * 0.5f;
  square<<<(n + block - 1) / block, block>>>(v, n);
  CHECK(cudaDeviceSynchronize());
  EXPECT(v[10] == 25.0f);

  int coop = 0;
  CHECK(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, 0));
  EXPECT(coop == 1);
  int perSm = 0, sms = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, gridSum, 128, 0));
  CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  const int m = 5000;
  int *data, *total;
  CHECK(cudaMallocManaged(&data, m * sizeof(int)));
  CHECK(cudaMallocManaged(&total, sizeof(int)));
  for (int i = 0; i < m; ++i)
    data[i] = 1;
  *total = 0;
  int blocks = perSm * sms < 8 ? perSm * sms : 8;
  int count = m;
  void *args[] = {&data, &total, &count};
  CHECK(cudaLaunchCooperativeKernel(reinterpret_cast<void *>(gridSum), dim3(blocks), dim3(128),
                                    args, 0, 0));
  CHECK(cudaDeviceSynchronize());
  EXPECT(*total == m && data[0] == m && data[m - 1] == m);
  std::printf("block %d, grid-synchronised sum %d\n", block > 0 ? 1 : 0, *total);
  std::printf("PASS kernels_advanced\n");
  return 0;
}
