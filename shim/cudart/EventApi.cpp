// Events: creation, recording (with the _ptsz flavours, where stream 0 is the calling thread's
// default stream), queries, synchronisation, elapsed time and destruction.
#include "QiaoCuda.h"

using namespace qiao::cudart;

namespace {

qiaoEvent_t *toQiao(cudaEvent_t *event) { return reinterpret_cast<qiaoEvent_t *>(event); }

} // namespace

extern "C" {

cudaError_t cudaEventCreate(cudaEvent_t *event) {
  return QIAO_TRACED(toCuda(qiaoEventCreate(toQiao(event))), event);
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoEventCreateWithFlags(toQiao(event), flags)), event, flags);
}

cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  return QIAO_TRACED(
      toCuda(qiaoEventRecord(qiao::cudart::toQiao(event), qiao::cudart::toQiao(stream))), event,
      stream);
}

cudaError_t cudaEventRecord_ptsz(cudaEvent_t event, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoEventRecord(qiao::cudart::toQiao(event), perThread(stream))), event,
                     stream);
}

cudaError_t cudaEventRecordWithFlags(cudaEvent_t event, cudaStream_t stream, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoEventRecordWithFlags(qiao::cudart::toQiao(event),
                                                     qiao::cudart::toQiao(stream), flags)),
                     event, stream, flags);
}

cudaError_t cudaEventRecordWithFlags_ptsz(cudaEvent_t event, cudaStream_t stream,
                                          unsigned int flags) {
  return QIAO_TRACED(
      toCuda(qiaoEventRecordWithFlags(qiao::cudart::toQiao(event), perThread(stream), flags)),
      event, stream, flags);
}

cudaError_t cudaEventQuery(cudaEvent_t event) {
  return QIAO_TRACED(toCuda(qiaoEventQuery(qiao::cudart::toQiao(event))), event);
}

cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  return QIAO_TRACED(toCuda(qiaoEventSynchronize(qiao::cudart::toQiao(event))), event);
}

cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
  return QIAO_TRACED(
      toCuda(qiaoEventElapsedTime(ms, qiao::cudart::toQiao(start), qiao::cudart::toQiao(end))), ms,
      start, end);
}

cudaError_t cudaEventDestroy(cudaEvent_t event) {
  return QIAO_TRACED(toCuda(qiaoEventDestroy(qiao::cudart::toQiao(event))), event);
}

} // extern "C"
