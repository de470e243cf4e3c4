// cudaFree(nullptr) and cudaFreeHost(nullptr) succeed and do nothing; freeing an address that was
// never allocated is an error (cudaErrorInvalidValue) that does not poison the context.
// conform: tags=memory,errors
// expect: free(null) cudaSuccess freeHost(null) cudaSuccess
// expect: free(stack address) cudaErrorInvalidValue, then malloc cudaSuccess
// expect: PASS free_semantics
#include "conform.h"

int main() {
  cudaError_t a = cudaFree(nullptr), b = cudaFreeHost(nullptr);
  std::printf("free(null) %s freeHost(null) %s\n", cudaGetErrorName(a), cudaGetErrorName(b));
  int local = 0;
  cudaError_t c = cudaFree(&local);
  cudaGetLastError();
  void *p = nullptr;
  cudaError_t e = cudaMalloc(&p, 16);
  std::printf("free(stack address) %s, then malloc %s\n", cudaGetErrorName(c), cudaGetErrorName(e));
  CHECK(cudaFree(p));
  std::printf("PASS free_semantics\n");
  return 0;
}
