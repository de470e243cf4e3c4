// Two streams with events between them, timing, and host callbacks in stream order.
#include "check.h"

#include <atomic>

__global__ void scale(int *data, int n, int factor) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] *= factor;
}

__global__ void addFrom(int *data, const int *other, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] += other[i];
}

static std::atomic<int> order{0};
static int firstSeen = -1, secondSeen = -1, callbackStatus = -1;

static void CUDART_CB hostFirst(void *) { firstSeen = order++; }
static void CUDART_CB hostSecond(cudaStream_t, cudaError_t status, void *) {
  callbackStatus = status;
  secondSeen = order++;
}

int main() {
  const int n = 512;
  int host[n];
  for (int i = 0; i < n; ++i)
    host[i] = i;
  int *x, *y;
  CHECK(cudaMalloc(&x, sizeof host));
  CHECK(cudaMalloc(&y, sizeof host));
  cudaStream_t s1, s2;
  CHECK(cudaStreamCreate(&s1));
  CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
  cudaEvent_t start, stop, yReady;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  CHECK(cudaEventCreateWithFlags(&yReady, cudaEventDisableTiming));

  CHECK(cudaEventRecord(start, s1));
  CHECK(cudaMemcpyAsync(x, host, sizeof host, cudaMemcpyHostToDevice, s1));
  CHECK(cudaMemcpyAsync(y, host, sizeof host, cudaMemcpyHostToDevice, s2));
  scale<<<n / 128, 128, 0, s2>>>(y, n, 3);
  CHECK(cudaEventRecord(yReady, s2));
  CHECK(cudaStreamWaitEvent(s1, yReady, 0));
  addFrom<<<n / 128, 128, 0, s1>>>(x, y, n);
  CHECK(cudaLaunchHostFunc(s1, hostFirst, nullptr));
  CHECK(cudaStreamAddCallback(s1, hostSecond, nullptr, 0));
  CHECK(cudaEventRecord(stop, s1));
  CHECK(cudaEventSynchronize(stop));
  float ms = -1.0f;
  CHECK(cudaEventElapsedTime(&ms, start, stop));
  EXPECT(ms >= 0.0f);
  CHECK(cudaStreamSynchronize(s1));
  EXPECT(cudaStreamQuery(s1) == cudaSuccess);
  int result[n];
  CHECK(cudaMemcpy(result, x, sizeof result, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i)
    EXPECT(result[i] == 4 * i);
  EXPECT(firstSeen == 0 && secondSeen == 1 && callbackStatus == cudaSuccess);
  std::printf("callbacks in order\n");
  EXPECT(cudaEventElapsedTime(&ms, yReady, stop) == cudaErrorInvalidResourceHandle);
  CHECK(cudaGetLastError() == cudaErrorInvalidResourceHandle ? cudaSuccess : cudaErrorUnknown);
  CHECK(cudaEventDestroy(start));
  CHECK(cudaEventDestroy(stop));
  CHECK(cudaEventDestroy(yReady));
  CHECK(cudaStreamDestroy(s1));
  CHECK(cudaStreamDestroy(s2));
  std::printf("PASS streams_events\n");
  return 0;
}
