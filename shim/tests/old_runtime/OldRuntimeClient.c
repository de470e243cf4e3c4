/* A program as CUDA 12 and CUDA 11 toolkits leave it: it needs libcudart.so.12 (or .so.11.0) and
 * takes every runtime symbol at that version node. No older nvcc is at hand, so it is linked
 * against Qiao's runtime built under that soname, which records the same needs. Run under
 * qiao-run, it must find that library in qiao-run's directory and work. QIAO_CUDART_NODE names the
 * soname. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The runtime's declarations, as CUDA's headers give them (int for cudaError_t). */
int cudaMalloc(void **devPtr, size_t size);
int cudaMemset(void *devPtr, int value, size_t count);
int cudaMemcpy(void *dst, const void *src, size_t count, int kind);
int cudaFree(void *devPtr);
const char *cudaGetErrorName(int error);
enum { cudaMemcpyDeviceToHost = 2, cudaErrorInvalidValue = 1 };

#define EXPECT(condition)                                                                          \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition);                                  \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

int main(void) {
  /* The library in the process defines the symbols at the old node, and no CUDA 13 runtime is
   * loaded beside it. */
  EXPECT(dlvsym(RTLD_DEFAULT, "cudaMalloc", QIAO_CUDART_NODE) != NULL);
  EXPECT(dlvsym(RTLD_DEFAULT, "cudaMalloc", "libcudart.so.13") == NULL);
  unsigned char *device = NULL;
  unsigned char host[64];
  EXPECT(cudaMalloc((void **)&device, sizeof host) == 0);
  EXPECT(cudaMemset(device, 0x2a, sizeof host) == 0);
  memset(host, 0, sizeof host);
  EXPECT(cudaMemcpy(host, device, sizeof host, cudaMemcpyDeviceToHost) == 0);
  for (size_t i = 0; i < sizeof host; ++i)
    EXPECT(host[i] == 0x2a);
  EXPECT(cudaFree(device) == 0);
  EXPECT(strcmp(cudaGetErrorName(cudaMalloc(NULL, 16)), "cudaErrorInvalidValue") == 0);
  printf("PASS old runtime %s\n", QIAO_CUDART_NODE);
  return 0;
}
