// Driver API code parses against headers/cuda/cuda.h; names the Qiao API has (modules,
// launches, errors) are renamed; names it lacks would stay behind markers.
#include <cuda.h>
#include <cstdio>

int main() {
  CUmodule module;
  CUfunction kernel;
  if (cuModuleLoad(&module, "kernels.ptx") != CUDA_SUCCESS)
    return 1;
  cuModuleGetFunction(&kernel, module, "scale");
  void *args[] = {nullptr};
  cuLaunchKernel(kernel, 1, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr);
  int count = 0;
  cuDeviceGetCount(&count);
  std::printf("%d\n", count);
  return cuModuleUnload(module) == CUDA_SUCCESS ? 0 : 1;
}
