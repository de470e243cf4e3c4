// APIs without a Qiao counterpart stay in place behind a marker comment, reported once each.
#include <cuda_runtime.h>

int main() {
  void *p;
  cudaMalloc(&p, 16);
  cudaIpcMemHandle_t handle;
  cudaIpcGetMemHandle(&handle, p);
  cudaIpcCloseMemHandle(p);
  return 0;
}
