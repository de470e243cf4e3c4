// __constant__ and __device__ variables (initialised, static, in an anonymous namespace, a
// pointer) written and read through the symbol API and by a kernel: with device code they are the
// module's copies, host-compiled the host's globals; both print the same.
#include <qiao/device.h>

#include <cstdio>

__constant__ float scale[2] = {1.0f, 2.0f};
static __device__ int counter = 5;
namespace {
__device__ unsigned tally[4];
}
__device__ int *target;

__global__ void useSymbols(float *out) {
  out[threadIdx.x] = scale[1] * float(threadIdx.x) + float(counter) + float(tally[1]);
  atomicAdd(&tally[0], 1u);
  if (threadIdx.x == 0)
    *target = 7;
}

int main() {
  const float newScale[2] = {3.0f, 4.0f};
  qiaoMemcpyToSymbol(scale, newScale, sizeof newScale);
  unsigned counts[4] = {0, 10, 0, 0};
  qiaoMemcpyToSymbol(tally, counts, sizeof counts);
  int *pointee = nullptr;
  qiaoMalloc(&pointee, sizeof(int));
  qiaoMemcpyToSymbol(target, &pointee, sizeof pointee);
  float *out = nullptr;
  qiaoMalloc(&out, 32 * sizeof(float));
  qiaoLaunchKernelGGL(useSymbols, 1, 32, 0, 0, out);
  float host[32];
  qiaoMemcpy(host, out, sizeof host, qiaoMemcpyDeviceToHost);
  qiaoMemcpyFromSymbol(counts, tally, sizeof counts);
  int initial = 0, pointed = 0;
  qiaoMemcpyFromSymbol(&initial, counter, sizeof initial);
  qiaoMemcpy(&pointed, pointee, sizeof pointed, qiaoMemcpyDeviceToHost);
  void *address = nullptr;
  size_t bytes = 0;
  qiaoGetSymbolAddress(&address, scale);
  qiaoGetSymbolSize(&bytes, scale);
  float viaAddress[2] = {0, 0};
  qiaoMemcpy(viaAddress, address, sizeof viaAddress, qiaoMemcpyDeviceToHost);
  std::printf("out[1] %g out[31] %g tally %u counter %d pointee %d\n", host[1], host[31], counts[0],
              initial, pointed);
  std::printf("scale: %zu bytes, %g %g through its address; %s\n", bytes, viaAddress[0],
              viaAddress[1], qiaoGetErrorString(qiaoGetLastError()));
  return 0;
}
