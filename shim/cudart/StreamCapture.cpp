// Stream capture queries. Qiao has no graphs yet, so no stream is ever capturing; libraries such
// as cuBLAS and PyTorch ask these before every launch and must get a plain "no" rather than
// cudaErrorNotSupported. Beginning a capture stays unsupported (a generated stub).
#include "QiaoCuda.h"

using namespace qiao::cudart;

namespace {

cudaError_t isCapturing(qiaoStream_t stream, cudaStreamCaptureStatus *status) {
  if (status == nullptr)
    return cudaErrorInvalidValue;
  unsigned flags = 0;
  if (cudaError_t failed = toCuda(qiaoStreamGetFlags(stream, &flags)))
    return failed;
  *status = cudaStreamCaptureStatusNone;
  return cudaSuccess;
}

} // namespace

extern "C" {

cudaError_t cudaStreamIsCapturing(cudaStream_t stream, cudaStreamCaptureStatus *status) {
  return QIAO_TRACED(isCapturing(toQiao(stream), status), stream, status);
}

cudaError_t cudaStreamIsCapturing_ptsz(cudaStream_t stream, cudaStreamCaptureStatus *status) {
  return QIAO_TRACED(isCapturing(perThread(stream), status), stream, status);
}

// The mode is per thread and only matters while some stream captures; it is kept so that a
// caller's exchange-and-restore round trip behaves as documented.
cudaError_t cudaThreadExchangeStreamCaptureMode(cudaStreamCaptureMode *mode) {
  thread_local cudaStreamCaptureMode current = cudaStreamCaptureModeGlobal;
  cudaError_t result = cudaErrorInvalidValue;
  if (mode != nullptr) {
    cudaStreamCaptureMode previous = current;
    current = *mode;
    *mode = previous;
    result = cudaSuccess;
  }
  return QIAO_TRACED(result, mode);
}

} // extern "C"
