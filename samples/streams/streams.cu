// Work split over two streams, ordered by an event, with a host callback at the end of each stream
// and the time between two events. Shows that streams run asynchronously and stay ordered.
#include <atomic>
#include <cstdio>
#include <vector>

__global__ void scale(float *x, float factor, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    x[i] *= factor;
}

std::atomic<int> callbacks{0};
void CUDART_CB done(void *) { callbacks.fetch_add(1); }

int main() {
  const int n = 1 << 14;
  std::vector<float> host(n);
  for (int i = 0; i < n; ++i)
    host[i] = static_cast<float>(i);
  float *x;
  cudaMalloc(&x, n * sizeof(float));
  cudaStream_t first, second;
  cudaStreamCreateWithFlags(&first, cudaStreamNonBlocking);
  cudaStreamCreateWithFlags(&second, cudaStreamNonBlocking);
  cudaEvent_t start, copied, end;
  cudaEventCreate(&start);
  cudaEventCreate(&copied);
  cudaEventCreate(&end);

  cudaEventRecord(start, first);
  cudaMemcpyAsync(x, host.data(), n * sizeof(float), cudaMemcpyHostToDevice, first);
  scale<<<n / 256, 256, 0, first>>>(x, 2.0f, n);
  cudaEventRecord(copied, first);
  cudaLaunchHostFunc(first, done, nullptr);
  // The second stream's kernel must see the first stream's result: it waits for the event.
  cudaStreamWaitEvent(second, copied, 0);
  scale<<<n / 256, 256, 0, second>>>(x, 0.25f, n);
  cudaMemcpyAsync(host.data(), x, n * sizeof(float), cudaMemcpyDeviceToHost, second);
  cudaEventRecord(end, second);
  cudaLaunchHostFunc(second, done, nullptr);
  cudaStreamSynchronize(second);
  cudaStreamSynchronize(first);

  float ms = -1;
  cudaError_t status = cudaEventElapsedTime(&ms, start, end);
  for (int i = 0; i < n; ++i)
    if (host[i] != 0.5f * i) {
      std::printf("streams: FAIL at %d: got %g, expected %g\n", i, host[i], 0.5f * i);
      return 1;
    }
  if (status != cudaSuccess || ms < 0 || callbacks.load() != 2) {
    std::printf("streams: FAIL: elapsed %s (%g ms), %d callbacks\n", cudaGetErrorString(status),
                ms, callbacks.load());
    return 1;
  }
  cudaEventDestroy(start);
  cudaEventDestroy(copied);
  cudaEventDestroy(end);
  cudaStreamDestroy(first);
  cudaStreamDestroy(second);
  cudaFree(x);
  std::printf("streams: PASS (two streams, event-ordered, 2 host callbacks)\n");
  return 0;
}
