// A cooperative launch with grid.sync(): every block writes its part, the whole grid
// synchronises, then each block reads another block's part.
// conform: tags=cooperative-groups,grid-sync,cooperative
// expect: grid of 8 blocks synchronised: every block read its neighbour's 256 values
// expect: PASS grid_sync
#include "conform.h"

#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void exchange(int *data, int *ok) {
  cg::grid_group grid = cg::this_grid();
  int b = blockIdx.x, t = threadIdx.x;
  data[b * 256 + t] = b * 1000 + t;
  grid.sync();
  int neighbour = (b + 1) % gridDim.x;
  if (data[neighbour * 256 + t] != neighbour * 1000 + t)
    atomicAdd(ok, 1);
}

int main() {
  int supported = 0;
  CHECK(cudaDeviceGetAttribute(&supported, cudaDevAttrCooperativeLaunch, 0));
  EXPECT(supported);
  int *data, *bad, h = -1;
  CHECK(cudaMalloc(&data, 8 * 256 * sizeof(int)));
  CHECK(cudaMalloc(&bad, sizeof(int)));
  CHECK(cudaMemset(bad, 0, sizeof(int)));
  void *args[] = {&data, &bad};
  CHECK(cudaLaunchCooperativeKernel((const void *)exchange, dim3(8), dim3(256), args, 0, nullptr));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&h, bad, sizeof h, cudaMemcpyDeviceToHost));
  EXPECT(h == 0);
  std::printf("grid of 8 blocks synchronised: every block read its neighbour's 256 values\n");
  std::printf("PASS grid_sync\n");
  return 0;
}
