// The unit of lazy_main.cu whose kernel needs surfaces, which the Qiao device lacks.
#include <cuda_runtime.h>

__global__ void writeSurface(cudaSurfaceObject_t surface) {
  surf2Dwrite(1.0f, surface, threadIdx.x * 4, 0);
}

bool launchSurfaceKernel() {
  writeSurface<<<1, 1>>>(0);
  return cudaGetLastError() == cudaSuccess;
}
