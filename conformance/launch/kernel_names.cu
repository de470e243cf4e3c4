// Kernels in namespaces, static kernels, overloaded kernels and kernels in an anonymous
// namespace: each launch reaches the kernel its name and argument types select.
// conform: tags=launch,names
// expect: ns::fill 1, static 2, overload(int) 3, overload(float) 4, anonymous 5
// expect: PASS kernel_names
#include "conform.h"

namespace ns {
__global__ void fill(int *o) { o[0] = 1; }
} // namespace ns
static __global__ void fillStatic(int *o) { o[1] = 2; }
__global__ void overload(int *o, int) { o[2] = 3; }
__global__ void overload(int *o, float) { o[3] = 4; }
namespace {
__global__ void hidden(int *o) { o[4] = 5; }
} // namespace

int main() {
  int *d, h[5];
  CHECK(cudaMalloc(&d, sizeof h));
  ns::fill<<<1, 1>>>(d);
  fillStatic<<<1, 1>>>(d);
  overload<<<1, 1>>>(d, 0);
  overload<<<1, 1>>>(d, 0.0f);
  hidden<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("ns::fill %d, static %d, overload(int) %d, overload(float) %d, anonymous %d\n", h[0],
              h[1], h[2], h[3], h[4]);
  std::printf("PASS kernel_names\n");
  return 0;
}
