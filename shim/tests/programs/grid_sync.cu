// A grid-synchronised relaxation (cooperative groups this_grid().sync() in a cooperative launch of
// every resident block), a launch one block too large, and grid.sync() without a cooperative
// launch (it traps).
#include "check.h"
#include <cmath>
#include <cooperative_groups.h>
#include <vector>
namespace cg = cooperative_groups;
// Jacobi-like relaxation: every step needs the whole grid's previous step.
__global__ void relax(float *a, float *b, int n, int steps) {
  cg::grid_group grid = cg::this_grid();
  for (int s = 0; s < steps; ++s) {
    for (int i = grid.thread_rank(); i < n; i += grid.size()) {
      float l = i > 0 ? a[i - 1] : a[i], r = i + 1 < n ? a[i + 1] : a[i];
      b[i] = 0.5f * a[i] + 0.25f * (l + r);
    }
    grid.sync();
    float *t = a;
    a = b;
    b = t;
  }
}
__global__ void syncOnly() { cg::this_grid().sync(); }
int main() {
  int n = 4096, steps = 50;
  float *a, *b;
  CHECK(cudaMallocManaged(&a, n * sizeof(float)));
  CHECK(cudaMallocManaged(&b, n * sizeof(float)));
  for (int i = 0; i < n; ++i)
    a[i] = (i == n / 2) ? 1000.0f : 0.0f;
  int perSm = 0, sms = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, relax, 256, 0));
  CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  int blocks = perSm * sms;
  std::printf("resident blocks %d\n", blocks > 0);
  void *args[] = {&a, &b, &n, &steps};
  CHECK(cudaLaunchCooperativeKernel((void *)relax, blocks, 256, args, 0, 0));
  CHECK(cudaDeviceSynchronize());
  std::vector<float> ref(n, 0.0f), nxt(n);
  ref[n / 2] = 1000.0f;
  for (int s = 0; s < steps; ++s) {
    for (int i = 0; i < n; ++i) {
      float l = i > 0 ? ref[i - 1] : ref[i], r = i + 1 < n ? ref[i + 1] : ref[i];
      nxt[i] = 0.5f * ref[i] + 0.25f * (l + r);
    }
    ref.swap(nxt);
  }
  float *res = steps % 2 ? b : a;
  for (int i = 0; i < n; ++i)
    EXPECT(std::fabs(res[i] - ref[i]) < 1e-3f);
  cudaError_t e = cudaLaunchCooperativeKernel((void *)relax, blocks + 1, 256, args, 0, 0);
  std::printf("too large -> %s\n", cudaGetErrorName(e));
  syncOnly<<<2, 32>>>();
  e = cudaDeviceSynchronize();
  std::printf("grid sync without cooperative launch -> %s\n", cudaGetErrorName(e));
  std::printf("PASS grid_sync\n");
  return 0;
}
