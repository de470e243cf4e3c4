// The three ways to launch through the runtime: <<<>>>, cudaLaunchKernel with an argument array,
// and cudaLaunchKernelEx with a launch configuration; all pass the same arguments.
// conform: tags=launch
// expect: chevrons 42 2.5
// expect: cudaLaunchKernel 43 3.5
// expect: cudaLaunchKernelEx 44 4.5
// expect: PASS launch_apis
#include "conform.h"

__global__ void store(int *out, int a, float b, float *fout) {
  out[blockIdx.x] = a;
  fout[blockIdx.x] = b;
}

int main() {
  int *out, h[3];
  float *fout, hf[3];
  CHECK(cudaMalloc(&out, sizeof h));
  CHECK(cudaMalloc(&fout, sizeof hf));
  store<<<1, 1>>>(out, 42, 2.5f, fout);
  CHECK_LAUNCH();
  int a = 43;
  float b = 3.5f;
  int *outPlus1 = out + 1;
  float *foutPlus1 = fout + 1;
  void *args[] = {&outPlus1, &a, &b, &foutPlus1};
  CHECK(cudaLaunchKernel((const void *)store, dim3(1), dim3(1), args, 0, nullptr));
  CHECK(cudaDeviceSynchronize());
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(1);
  config.blockDim = dim3(1);
  CHECK(cudaLaunchKernelEx(&config, store, out + 2, 44, 4.5f, fout + 2));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hf, fout, sizeof hf, cudaMemcpyDeviceToHost));
  std::printf("chevrons %d %.1f\n", h[0], hf[0]);
  std::printf("cudaLaunchKernel %d %.1f\n", h[1], hf[1]);
  std::printf("cudaLaunchKernelEx %d %.1f\n", h[2], hf[2]);
  std::printf("PASS launch_apis\n");
  return 0;
}
