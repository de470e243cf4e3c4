// APIs without a Qiao counterpart stay in place behind a marker comment, reported once each.
#include <cuda_runtime.h>

int main() {
  cudaArray_t array;
  cudaMallocArray(&array, nullptr, 4, 4);
  cudaFreeArray(array);
  void *p;
  cudaMalloc(&p, 16);
  return 0;
}
