// Synchronising a stream that is being captured is not allowed: cudaStreamSynchronize returns
// cudaErrorStreamCaptureUnsupported and invalidates the capture, so cudaStreamEndCapture returns
// cudaErrorStreamCaptureInvalidated.
// conform: tags=graphs,capture,errors
// expect: synchronize while capturing -> cudaErrorStreamCaptureUnsupported
// expect: end capture -> cudaErrorStreamCaptureInvalidated
// expect: PASS capture_errors
#include "conform.h"

__global__ void nothing() {}

int main() {
  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
  nothing<<<1, 1, 0, s>>>();
  std::printf("synchronize while capturing -> %s\n", cudaGetErrorName(cudaStreamSynchronize(s)));
  cudaGraph_t g = nullptr;
  std::printf("end capture -> %s\n", cudaGetErrorName(cudaStreamEndCapture(s, &g)));
  cudaGetLastError();
  std::printf("PASS capture_errors\n");
  return 0;
}
