// A file Clang cannot parse cleanly (a third-party header that is not there): what it resolves
// is rewritten semantically, the rest by the token sweep, and the file is reported.
#include <cuda_runtime.h>
#include <third_party/missing_header.h>

__global__ void kernel(Widget *w) { w->x = threadIdx.x; }

int main() {
  Widget *w;
  cudaMalloc(&w, sizeof(Widget));
  kernel<<<1, 32>>>(w);
  make_widget_happy(w, cudaMemcpyHostToDevice);
  cudaDeviceSynchronize();
  return 0;
}
