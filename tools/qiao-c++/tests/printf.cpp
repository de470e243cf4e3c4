// Device printf is the host's printf; one block without barriers runs its threads in order.
#include <qiao/device.h>
#include <qiao/qiao_runtime.h>

#include <cstdio>

__global__ void hello(int base) {
  printf("thread %u of block %u: %d %.2f\n", threadIdx.x, blockIdx.x, base + int(threadIdx.x),
         __saturatef(threadIdx.x * 0.5f));
}

int main() {
  qiaoLaunchKernelGGL(hello, dim3(1), dim3(4), 0, 0, 10);
  if (qiaoDeviceSynchronize() != qiaoSuccess)
    return 1;
  std::printf("intrinsics: %d %d %u %d %d %u %.3f\n", __popc(0xf0f0u), __clz(1), __brev(1u),
              __ffs(0x80), __mul24(-3, 5), __umulhi(0x80000000u, 6u), rsqrtf(16.0f));
  return 0;
}
