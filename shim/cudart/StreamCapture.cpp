// Stream capture: a stream records its work into a graph instead of running it (libqiao's
// graph.cpp). Every mode records the same way; the modes differ in which other calls a capture
// forbids (libqiao's refuseUnsafeCall).
#include "QiaoCuda.h"

using namespace qiao::cudart;

static_assert(int(qiaoStreamCaptureStatusInvalidated) == int(cudaStreamCaptureStatusInvalidated));
static_assert(int(qiaoStreamCaptureModeRelaxed) == int(cudaStreamCaptureModeRelaxed));

namespace {

cudaError_t getCaptureInfo(qiaoStream_t stream, cudaStreamCaptureStatus *status,
                           unsigned long long *id, cudaGraph_t *graph,
                           const cudaGraphNode_t **dependencies, const cudaGraphEdgeData **edges,
                           size_t *numDependencies) {
  if (status == nullptr)
    return cudaErrorInvalidValue;
  qiaoStreamCaptureStatus captured = qiaoStreamCaptureStatusNone;
  if (cudaError_t failed = toCuda(qiaoStreamIsCapturing(stream, &captured)))
    return failed;
  *status = static_cast<cudaStreamCaptureStatus>(captured);
  if (captured == qiaoStreamCaptureStatusNone)
    return cudaSuccess; // outside a capture only the status is written, as documented
  if (id)
    qiaoStreamGetCaptureId(stream, id);
  // The graph under construction is not handed out, and no dependency sets are tracked: a
  // capture runs its work in the order it was issued.
  if (graph)
    *graph = nullptr;
  if (dependencies)
    *dependencies = nullptr;
  if (edges)
    *edges = nullptr;
  if (numDependencies)
    *numDependencies = 0;
  return cudaSuccess;
}

} // namespace

extern "C" {

cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode) {
  return QIAO_TRACED(toCuda(qiaoStreamBeginCapture(qiao::cudart::toQiao(stream),
                                                   static_cast<qiaoStreamCaptureMode>(mode))),
                     stream, mode);
}

cudaError_t cudaStreamBeginCapture_ptsz(cudaStream_t stream, cudaStreamCaptureMode mode) {
  return QIAO_TRACED(
      toCuda(qiaoStreamBeginCapture(perThread(stream), static_cast<qiaoStreamCaptureMode>(mode))),
      stream, mode);
}

cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *pGraph) {
  return QIAO_TRACED(toCuda(qiaoStreamEndCapture(qiao::cudart::toQiao(stream),
                                                 reinterpret_cast<qiaoGraph_t *>(pGraph))),
                     stream, pGraph);
}

cudaError_t cudaStreamEndCapture_ptsz(cudaStream_t stream, cudaGraph_t *pGraph) {
  return QIAO_TRACED(
      toCuda(qiaoStreamEndCapture(perThread(stream), reinterpret_cast<qiaoGraph_t *>(pGraph))),
      stream, pGraph);
}

cudaError_t cudaStreamIsCapturing(cudaStream_t stream, cudaStreamCaptureStatus *status) {
  return QIAO_TRACED(
      toCuda(qiaoStreamIsCapturing(qiao::cudart::toQiao(stream),
                                   reinterpret_cast<qiaoStreamCaptureStatus *>(status))),
      stream, status);
}

cudaError_t cudaStreamIsCapturing_ptsz(cudaStream_t stream, cudaStreamCaptureStatus *status) {
  return QIAO_TRACED(toCuda(qiaoStreamIsCapturing(
                         perThread(stream), reinterpret_cast<qiaoStreamCaptureStatus *>(status))),
                     stream, status);
}

cudaError_t cudaStreamGetCaptureInfo(cudaStream_t stream, cudaStreamCaptureStatus *status,
                                     unsigned long long *id, cudaGraph_t *graph,
                                     const cudaGraphNode_t **dependencies,
                                     const cudaGraphEdgeData **edges, size_t *numDependencies) {
  return QIAO_TRACED(getCaptureInfo(qiao::cudart::toQiao(stream), status, id, graph, dependencies,
                                    edges, numDependencies),
                     stream, status);
}

cudaError_t cudaStreamGetCaptureInfo_ptsz(cudaStream_t stream, cudaStreamCaptureStatus *status,
                                          unsigned long long *id, cudaGraph_t *graph,
                                          const cudaGraphNode_t **dependencies,
                                          const cudaGraphEdgeData **edges,
                                          size_t *numDependencies) {
  return QIAO_TRACED(
      getCaptureInfo(perThread(stream), status, id, graph, dependencies, edges, numDependencies),
      stream, status);
}

// The mode is per thread; libqiao keeps it, so that both shims and its own calls see one mode.
cudaError_t cudaThreadExchangeStreamCaptureMode(cudaStreamCaptureMode *mode) {
  return QIAO_TRACED(
      toCuda(qiaoThreadExchangeStreamCaptureMode(reinterpret_cast<qiaoStreamCaptureMode *>(mode))),
      mode);
}

} // extern "C"
