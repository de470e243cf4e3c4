// Dynamic parallelism's errors reach the device code that launched: a configuration the device
// cannot run (a block over 1024 threads, a block z over 64, an empty grid, more shared memory than
// a block has) gives cudaErrorInvalidConfiguration through cudaGetLastError after `<<<>>>`, and
// as cudaLaunchDevice's result; cudaPeekAtLastError leaves the error in place and
// cudaGetLastError clears it; more launches than cudaLimitDevRuntimePendingLaunchCount (2048 by
// default) waiting in one stream gives cudaErrorLaunchPendingCountExceeded, and every launch that
// was accepted runs exactly once; raised with cudaDeviceSetLimit, all of them are accepted. None
// of these errors is sticky: the host's launch succeeds.
#include "check.h"

constexpr int kLaunches = 3000;

__global__ void count(int *counter) { atomicAdd(counter, 1); }

__global__ void badLaunches(int *codes, int *counter) {
  count<<<1, 2048>>>(counter);
  codes[0] = cudaPeekAtLastError();
  codes[1] = cudaGetLastError();
  codes[2] = cudaGetLastError();
  count<<<1, dim3(1, 1, 128)>>>(counter);
  codes[3] = cudaGetLastError();
  count<<<0, 32>>>(counter);
  codes[4] = cudaGetLastError();
  count<<<1, 32, 1 << 20>>>(counter);
  codes[5] = cudaGetLastError();
  void *buffer = cudaGetParameterBuffer(alignof(int *), sizeof(int *));
  *static_cast<int **>(buffer) = counter;
  codes[6] = cudaLaunchDevice((void *)count, buffer, dim3(1), dim3(4096), 0, 0);
  cudaGetLastError();
  // A stream handle that names no stream of this block.
  count<<<1, 1, 0, reinterpret_cast<cudaStream_t>(0x7777)>>>(counter);
  codes[7] = cudaGetLastError();
}

__global__ void manyLaunches(int *accepted, int *firstError, int *counter) {
  for (int i = 0; i < kLaunches; ++i) {
    count<<<1, 1>>>(counter);
    int code = cudaGetLastError();
    if (code == cudaSuccess)
      ++*accepted;
    else if (*firstError == 0)
      *firstError = code;
  }
}

int main() {
  int *codes, *counter, *accepted, *firstError;
  CHECK(cudaMalloc(&codes, 8 * sizeof(int)));
  CHECK(cudaMalloc(&counter, sizeof(int)));
  CHECK(cudaMalloc(&accepted, sizeof(int)));
  CHECK(cudaMalloc(&firstError, sizeof(int)));
  CHECK(cudaMemset(counter, 0, sizeof(int)));
  badLaunches<<<1, 1>>>(codes, counter);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  int c[8], ran = -1;
  CHECK(cudaMemcpy(c, codes, sizeof c, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&ran, counter, sizeof ran, cudaMemcpyDeviceToHost));
  std::printf("block of 2048 -> %s (peek), %s, then %s\n",
              cudaGetErrorName(static_cast<cudaError_t>(c[0])),
              cudaGetErrorName(static_cast<cudaError_t>(c[1])),
              cudaGetErrorName(static_cast<cudaError_t>(c[2])));
  std::printf("block z 128 -> %s, empty grid -> %s, 1 MiB shared -> %s\n",
              cudaGetErrorName(static_cast<cudaError_t>(c[3])),
              cudaGetErrorName(static_cast<cudaError_t>(c[4])),
              cudaGetErrorName(static_cast<cudaError_t>(c[5])));
  std::printf("cudaLaunchDevice with a block of 4096 -> %s\n",
              cudaGetErrorName(static_cast<cudaError_t>(c[6])));
  std::printf("unknown stream -> %s\n", cudaGetErrorName(static_cast<cudaError_t>(c[7])));
  EXPECT(c[0] == cudaErrorInvalidConfiguration && c[1] == cudaErrorInvalidConfiguration);
  EXPECT(c[2] == cudaSuccess && c[3] == cudaErrorInvalidConfiguration);
  EXPECT(c[4] == cudaErrorInvalidConfiguration && c[5] == cudaErrorInvalidConfiguration);
  EXPECT(c[6] == cudaErrorInvalidConfiguration && c[7] == cudaErrorInvalidResourceHandle);
  EXPECT(ran == 0);

  CHECK(cudaMemset(counter, 0, sizeof(int)));
  CHECK(cudaMemset(accepted, 0, sizeof(int)));
  CHECK(cudaMemset(firstError, 0, sizeof(int)));
  manyLaunches<<<1, 1>>>(accepted, firstError, counter);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  int ok = 0, first = 0;
  CHECK(cudaMemcpy(&ok, accepted, sizeof ok, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&first, firstError, sizeof first, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&ran, counter, sizeof ran, cudaMemcpyDeviceToHost));
  std::printf("%d launches in one stream: %s after %d\n", kLaunches,
              cudaGetErrorName(static_cast<cudaError_t>(first)), ok);
  EXPECT(first == cudaErrorLaunchPendingCountExceeded && ok < kLaunches && ran == ok);

  size_t limit = 0;
  CHECK(cudaDeviceGetLimit(&limit, cudaLimitDevRuntimePendingLaunchCount));
  EXPECT(limit == 2048);
  CHECK(cudaDeviceSetLimit(cudaLimitDevRuntimePendingLaunchCount, 4096));
  CHECK(cudaMemset(counter, 0, sizeof(int)));
  CHECK(cudaMemset(accepted, 0, sizeof(int)));
  CHECK(cudaMemset(firstError, 0, sizeof(int)));
  manyLaunches<<<1, 1>>>(accepted, firstError, counter);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&ok, accepted, sizeof ok, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&first, firstError, sizeof first, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&ran, counter, sizeof ran, cudaMemcpyDeviceToHost));
  std::printf("with cudaLimitDevRuntimePendingLaunchCount 4096: %d accepted, %d ran\n", ok, ran);
  EXPECT(first == 0 && ok == kLaunches && ran == kLaunches);
  std::printf("PASS device_launch_errors\n");
  return 0;
}
