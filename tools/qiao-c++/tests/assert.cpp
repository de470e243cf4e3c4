// A failed device assert fails the launch with qiaoErrorAssert (710), a sticky error: every later
// call on the device reports it.
#include <qiao/device.h>
#include <qiao/qiao_runtime.h>

#include <cstdio>

__global__ void check(const int *data) {
  assert(data[threadIdx.x] < 5);
  __syncthreads();
}

int main() {
  int host[32];
  for (int i = 0; i < 32; ++i)
    host[i] = i;
  int *d;
  qiaoMalloc(&d, sizeof host);
  qiaoMemcpy(d, host, sizeof host, qiaoMemcpyHostToDevice);
  qiaoLaunchKernelGGL(check, dim3(1), dim3(32), 0, 0, d);
  std::printf("launch: %s\n", qiaoGetErrorName(qiaoGetLastError()));
  qiaoError_t sync = qiaoDeviceSynchronize();
  std::printf("synchronize: %s (%d)\n", qiaoGetErrorName(sync), int(sync));
  std::printf("then malloc: %s\n", qiaoGetErrorName(qiaoMalloc(&d, 4)));
  std::printf("then memcpy: %s\n",
              qiaoGetErrorName(qiaoMemcpy(host, d, 4, qiaoMemcpyDeviceToHost)));
  return sync == qiaoErrorAssert ? 3 : 0;
}
