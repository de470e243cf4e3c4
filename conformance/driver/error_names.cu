// Driver-API error reporting: cuGetErrorName / cuGetErrorString for known codes, an invalid code
// rejected with CUDA_ERROR_INVALID_VALUE, and calls before cuInit failing with
// CUDA_ERROR_NOT_INITIALIZED.
// conform: tags=driver-api,errors modes=shim,shim-static,native libs=cuda
// expect: before cuInit: CUDA_ERROR_NOT_INITIALIZED
// expect: CUDA_ERROR_INVALID_VALUE: invalid argument
// expect: CUDA_ERROR_OUT_OF_MEMORY: out of memory
// expect: unknown code -> CUDA_ERROR_INVALID_VALUE
// expect: PASS error_names
#include <cstdio>
#include <cuda.h>

int main() {
  int count = 0;
  CUresult early = cuDeviceGetCount(&count);
  const char *name = "?", *text = "?";
  cuGetErrorName(early, &name);
  std::printf("before cuInit: %s\n", name);
  for (CUresult code : {CUDA_ERROR_INVALID_VALUE, CUDA_ERROR_OUT_OF_MEMORY}) {
    cuGetErrorName(code, &name);
    cuGetErrorString(code, &text);
    std::printf("%s: %s\n", name, text);
  }
  CUresult bad = cuGetErrorName(static_cast<CUresult>(123456), &name);
  const char *badName = "?";
  cuGetErrorName(bad, &badName);
  std::printf("unknown code -> %s\n", badName);
  std::printf("PASS error_names\n");
  return 0;
}
