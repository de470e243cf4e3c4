// Error codes CUDA documents for misuse that Qiao once answered differently (issue 10):
//   - cudaPointerGetAttributes on a host pointer as the program's first call succeeds and reports
//     unregistered memory (CUDA 11+);
//   - launching a host function is cudaErrorInvalidDeviceFunction;
//   - cudaDeviceSynchronize is a "potentially unsafe" call during a global-mode stream capture:
//     cudaErrorStreamCaptureUnsupported, and the capture is invalidated; the same from another
//     thread while a global capture is open; a relaxed capture forbids nothing to other threads.
#include "check.h"

#include <atomic>
#include <thread>

__global__ void touch(int *p) { *p += 1; }

void notAKernel(int *p) { *p = 0; }

namespace {

// Runs `body` on another thread between its begin and end of a capture in `mode`.
template <class Body> int captureElsewhere(cudaStreamCaptureMode mode, int *d, Body body) {
  cudaStream_t stream;
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  std::atomic<int> phase{0};
  cudaError_t begun = cudaSuccess, ended = cudaSuccess;
  std::thread capturer([&] {
    begun = cudaStreamBeginCapture(stream, mode);
    touch<<<1, 1, 0, stream>>>(d);
    phase = 1;
    while (phase != 2)
      std::this_thread::yield();
    cudaGraph_t graph = nullptr;
    ended = cudaStreamEndCapture(stream, &graph);
    if (graph)
      cudaGraphDestroy(graph);
  });
  while (phase != 1)
    std::this_thread::yield();
  int result = body();
  phase = 2;
  capturer.join();
  CHECK(begun);
  std::printf("  its end of capture -> %s\n", cudaGetErrorName(ended));
  cudaGetLastError();
  CHECK(cudaStreamDestroy(stream));
  return result;
}

} // namespace

int main() {
  int onStack = 0;
  cudaPointerAttributes attributes{};
  CHECK(cudaPointerGetAttributes(&attributes, &onStack));
  EXPECT(attributes.type == cudaMemoryTypeUnregistered);
  std::printf("first call: host pointer is unregistered memory\n");

  int *d = nullptr;
  CHECK(cudaMalloc(&d, sizeof(int)));
  CHECK(cudaMemset(d, 0, sizeof(int)));
  void *args[] = {&d};
  cudaError_t launched =
      cudaLaunchKernel(reinterpret_cast<const void *>(notAKernel), dim3(1), dim3(1), args, 0, 0);
  std::printf("host function launch -> %s\n", cudaGetErrorName(launched));
  EXPECT(launched == cudaErrorInvalidDeviceFunction);
  EXPECT(cudaGetLastError() == cudaErrorInvalidDeviceFunction);
  EXPECT(cudaGetLastError() == cudaSuccess); // not sticky
  cudaFuncAttributes funcAttributes{};
  cudaError_t queried =
      cudaFuncGetAttributes(&funcAttributes, reinterpret_cast<const void *>(notAKernel));
  std::printf("host function attributes -> %s\n", cudaGetErrorName(queried));
  EXPECT(queried == cudaErrorInvalidDeviceFunction);
  cudaGetLastError();

  cudaStream_t stream;
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal));
  touch<<<1, 1, 0, stream>>>(d);
  cudaError_t synced = cudaDeviceSynchronize();
  std::printf("device synchronize in global capture -> %s\n", cudaGetErrorName(synced));
  EXPECT(synced == cudaErrorStreamCaptureUnsupported);
  cudaStreamCaptureStatus status = cudaStreamCaptureStatusNone;
  CHECK(cudaStreamIsCapturing(stream, &status));
  EXPECT(status == cudaStreamCaptureStatusInvalidated);
  cudaGraph_t graph = nullptr;
  cudaError_t ended = cudaStreamEndCapture(stream, &graph);
  std::printf("end of that capture -> %s\n", cudaGetErrorName(ended));
  EXPECT(ended == cudaErrorStreamCaptureInvalidated && graph == nullptr);
  cudaGetLastError();
  CHECK(cudaStreamDestroy(stream));

  std::printf("device synchronize during another thread's global capture:\n");
  int failed = captureElsewhere(cudaStreamCaptureModeGlobal, d, [] {
    cudaError_t result = cudaDeviceSynchronize();
    std::printf("  -> %s\n", cudaGetErrorName(result));
    cudaGetLastError();
    return result == cudaErrorStreamCaptureUnsupported ? 0 : 1;
  });
  EXPECT(failed == 0);
  std::printf("device synchronize during another thread's relaxed capture:\n");
  failed = captureElsewhere(cudaStreamCaptureModeRelaxed, d, [] {
    cudaError_t result = cudaDeviceSynchronize();
    std::printf("  -> %s\n", cudaGetErrorName(result));
    return result == cudaSuccess ? 0 : 1;
  });
  EXPECT(failed == 0);

  // Nothing captured ran; the device works on.
  touch<<<1, 1>>>(d);
  CHECK(cudaDeviceSynchronize());
  int value = 0;
  CHECK(cudaMemcpy(&value, d, sizeof value, cudaMemcpyDeviceToHost));
  EXPECT(value == 1);
  CHECK(cudaFree(d));
  std::printf("PASS error_codes\n");
  return 0;
}
