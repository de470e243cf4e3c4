// Streams: creation, queries, synchronisation, waits on events, host callbacks and host functions,
// with the per-thread-default-stream (_ptsz) flavours, in which stream 0 is the calling thread's
// own default stream.
#include "QiaoCuda.h"

using namespace qiao::cudart;

namespace {

// The user's callback receives the stream it was enqueued on; cudaStream_t and qiaoStream_t are
// the same pointer, so the function types differ only in name.
qiaoStreamCallback_t toQiao(cudaStreamCallback_t callback) {
  return reinterpret_cast<qiaoStreamCallback_t>(callback);
}

cudaError_t waitEvent(qiaoStream_t stream, cudaEvent_t event, unsigned int flags) {
  return toCuda(qiaoStreamWaitEvent(stream, qiao::cudart::toQiao(event), flags));
}

cudaError_t getDevice(qiaoStream_t stream, int *device) {
  return toCuda(qiaoStreamGetDevice(stream, device));
}

} // namespace

extern "C" {

cudaError_t cudaStreamCreate(cudaStream_t *pStream) {
  return QIAO_TRACED(toCuda(qiaoStreamCreate(reinterpret_cast<qiaoStream_t *>(pStream))), pStream);
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags) {
  return QIAO_TRACED(
      toCuda(qiaoStreamCreateWithFlags(reinterpret_cast<qiaoStream_t *>(pStream), flags)), pStream,
      flags);
}

cudaError_t cudaStreamCreateWithPriority(cudaStream_t *pStream, unsigned int flags, int priority) {
  return QIAO_TRACED(toCuda(qiaoStreamCreateWithPriority(reinterpret_cast<qiaoStream_t *>(pStream),
                                                         flags, priority)),
                     pStream, flags, priority);
}

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoStreamDestroy(qiao::cudart::toQiao(stream))), stream);
}

cudaError_t cudaStreamQuery(cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoStreamQuery(qiao::cudart::toQiao(stream))), stream);
}

cudaError_t cudaStreamQuery_ptsz(cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoStreamQuery(perThread(stream))), stream);
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoStreamSynchronize(qiao::cudart::toQiao(stream))), stream);
}

cudaError_t cudaStreamSynchronize_ptsz(cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoStreamSynchronize(perThread(stream))), stream);
}

cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int flags) {
  return QIAO_TRACED(waitEvent(qiao::cudart::toQiao(stream), event, flags), stream, event, flags);
}

cudaError_t cudaStreamWaitEvent_ptsz(cudaStream_t stream, cudaEvent_t event, unsigned int flags) {
  return QIAO_TRACED(waitEvent(perThread(stream), event, flags), stream, event, flags);
}

cudaError_t cudaStreamAddCallback(cudaStream_t stream, cudaStreamCallback_t callback,
                                  void *userData, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoStreamAddCallback(qiao::cudart::toQiao(stream), toQiao(callback),
                                                  userData, flags)),
                     stream, reinterpret_cast<void *>(callback), userData, flags);
}

cudaError_t cudaStreamAddCallback_ptsz(cudaStream_t stream, cudaStreamCallback_t callback,
                                       void *userData, unsigned int flags) {
  return QIAO_TRACED(
      toCuda(qiaoStreamAddCallback(perThread(stream), toQiao(callback), userData, flags)), stream,
      reinterpret_cast<void *>(callback), userData, flags);
}

cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void *userData) {
  return QIAO_TRACED(toCuda(qiaoLaunchHostFunc(qiao::cudart::toQiao(stream), fn, userData)), stream,
                     reinterpret_cast<void *>(fn), userData);
}

cudaError_t cudaLaunchHostFunc_ptsz(cudaStream_t stream, cudaHostFn_t fn, void *userData) {
  return QIAO_TRACED(toCuda(qiaoLaunchHostFunc(perThread(stream), fn, userData)), stream,
                     reinterpret_cast<void *>(fn), userData);
}

cudaError_t cudaStreamGetFlags(cudaStream_t stream, unsigned int *flags) {
  return QIAO_TRACED(toCuda(qiaoStreamGetFlags(qiao::cudart::toQiao(stream), flags)), stream,
                     flags);
}

cudaError_t cudaStreamGetFlags_ptsz(cudaStream_t stream, unsigned int *flags) {
  return QIAO_TRACED(toCuda(qiaoStreamGetFlags(perThread(stream), flags)), stream, flags);
}

cudaError_t cudaStreamGetPriority(cudaStream_t stream, int *priority) {
  return QIAO_TRACED(toCuda(qiaoStreamGetPriority(qiao::cudart::toQiao(stream), priority)), stream,
                     priority);
}

cudaError_t cudaStreamGetPriority_ptsz(cudaStream_t stream, int *priority) {
  return QIAO_TRACED(toCuda(qiaoStreamGetPriority(perThread(stream), priority)), stream, priority);
}

cudaError_t cudaStreamGetDevice(cudaStream_t stream, int *device) {
  return QIAO_TRACED(getDevice(qiao::cudart::toQiao(stream), device), stream, device);
}

cudaError_t cudaStreamGetDevice_ptsz(cudaStream_t stream, int *device) {
  return QIAO_TRACED(getDevice(perThread(stream), device), stream, device);
}

} // extern "C"
