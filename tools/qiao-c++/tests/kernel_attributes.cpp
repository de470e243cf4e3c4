// A kernel's attributes and occupancy, and a launch above its __launch_bounds__, the same for
// its PTX (qiao-c++'s device code) and host-compiled forms.
#include <qiao/device.h>

#include <cstdio>

__global__ void __launch_bounds__(128) bounded(int *out) {
  __shared__ int staged[256];
  staged[threadIdx.x] = int(threadIdx.x);
  __syncthreads();
  out[threadIdx.x] = staged[127 - threadIdx.x];
}
QIAO_KERNEL_SHARED_BYTES(bounded, 1024);
QIAO_KERNEL_LAUNCH_BOUNDS(bounded, 128);

int main() {
  qiaoFuncAttributes attributes;
  qiaoError_t status = qiaoFuncGetAttributes(&attributes, bounded);
  int blocks = 0;
  qiaoOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, bounded, 128, 0);
  int minGrid = 0, blockSize = 0;
  qiaoOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, bounded);
  std::printf("%s: maxThreadsPerBlock %d, shared %zu, blocks per SM %d, block size %d\n",
              qiaoGetErrorString(status), attributes.maxThreadsPerBlock, attributes.sharedSizeBytes,
              blocks, blockSize);
  int *out = nullptr;
  qiaoMalloc(&out, 256 * sizeof(int));
  qiaoLaunchKernelGGL(bounded, 1, 256, 0, 0, out);
  std::printf("256 threads: %s\n", qiaoGetErrorString(qiaoGetLastError()));
  qiaoLaunchKernelGGL(bounded, 1, 128, 0, 0, out);
  int host[128];
  qiaoMemcpy(host, out, sizeof host, qiaoMemcpyDeviceToHost);
  std::printf("128 threads: %s, out[0] %d out[127] %d\n", qiaoGetErrorString(qiaoGetLastError()),
              host[0], host[127]);
  return 0;
}
