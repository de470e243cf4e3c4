// Host kernels on non-default streams order with copies, events and other streams as PTX
// kernels do: a chain stream1 -> event -> stream2, timed with events.
#include <qiao/device.h>
#include <qiao/qiao_runtime.h>

#include <cstdio>
#include <vector>

__global__ void fill(int *p, int n, int value) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    p[i] = value;
}

__global__ void addFrom(int *dst, const int *src, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    dst[i] += src[i];
}

int main() {
  const int n = 1 << 16;
  int *a, *b;
  qiaoMalloc(&a, n * sizeof(int));
  qiaoMalloc(&b, n * sizeof(int));
  qiaoStream_t s1, s2;
  qiaoStreamCreateWithFlags(&s1, qiaoStreamNonBlocking);
  qiaoStreamCreateWithFlags(&s2, qiaoStreamNonBlocking);
  qiaoEvent_t filled, start, stop;
  qiaoEventCreate(&filled);
  qiaoEventCreate(&start);
  qiaoEventCreate(&stop);
  qiaoEventRecord(start, s2);
  qiaoLaunchKernelGGL(fill, dim3(n / 256), dim3(256), 0, s1, a, n, 7);
  qiaoLaunchKernelGGL(fill, dim3(n / 256), dim3(256), 0, s1, b, n, 5);
  qiaoEventRecord(filled, s1);
  qiaoStreamWaitEvent(s2, filled, 0);
  qiaoLaunchKernelGGL(addFrom, dim3(n / 256), dim3(256), 0, s2, a, b, n);
  qiaoEventRecord(stop, s2);
  std::vector<int> host(n);
  qiaoMemcpyAsync(host.data(), a, n * sizeof(int), qiaoMemcpyDeviceToHost, s2);
  qiaoError_t status = qiaoStreamSynchronize(s2);
  float ms = -1;
  qiaoEventElapsedTime(&ms, start, stop);
  int wrong = 0;
  for (int v : host)
    wrong += v != 12;
  std::printf("chain: %s, %d wrong, elapsed %s\n", qiaoGetErrorName(status), wrong,
              ms >= 0 ? "measured" : "missing");
  std::printf("query s1: %s\n", qiaoGetErrorName(qiaoStreamQuery(s1)));
  qiaoLaunchKernelGGL(fill, dim3(1), dim3(0), 0, s1, a, n, 1);
  std::printf("empty block: %s\n", qiaoGetErrorName(qiaoGetLastError()));
  qiaoStreamDestroy(s1);
  qiaoStreamDestroy(s2);
  return qiaoDeviceSynchronize() == qiaoSuccess ? 0 : 1;
}
