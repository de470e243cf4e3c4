// A program that links cuBLAS, which Qiao does not provide: under qiao-run it must stop before
// main with one message naming the library (shim/missing), never reach its own output.
#include <cstdio>
#include <cublas_v2.h>

int main() {
  cublasHandle_t handle;
  cublasStatus_t status = cublasCreate(&handle);
  std::printf("cublasCreate -> %d\n", int(status));
  cublasDestroy(handle);
  return 0;
}
