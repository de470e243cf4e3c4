// Questions about a stream (flags, priority, device, context, capture state) and managed memory
// attached to it. Each has a _ptsz flavour where stream 0 is the thread's default stream.
#include "DriverState.h"

using namespace qiao::cuda;

namespace {

CUresult getFlags(qiaoStream_t stream, unsigned *flags) {
  if (CUresult result = requireContext())
    return result;
  if (flags == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoStreamGetFlags(stream, flags));
}

CUresult getPriority(qiaoStream_t stream, int *priority) {
  if (CUresult result = requireContext())
    return result;
  if (priority == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoStreamGetPriority(stream, priority));
}

CUresult getDevice(qiaoStream_t stream, CUdevice *device) {
  if (CUresult result = requireContext())
    return result;
  if (device == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  int ordinal = 0;
  if (qiaoError_t error = qiaoStreamGetDevice(stream, &ordinal))
    return toCuResult(error);
  *device = ordinal;
  return CUDA_SUCCESS;
}

// A stream belongs to its device; the current context answers when it is that device's, else the
// device's primary context does (Qiao keeps one queue set per device, shared by its contexts).
CUresult getContext(qiaoStream_t stream, CUcontext *context) {
  if (context == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUdevice device = 0;
  if (CUresult result = getDevice(stream, &device))
    return result;
  CUcontext current = currentContext();
  *context = current->device == device
                 ? current
                 : withPrimary(device, [](PrimaryContext &p) { return &p.context; });
  return CUDA_SUCCESS;
}

CUresult captureStatus(qiaoStream_t stream, CUstreamCaptureStatus *status) {
  if (CUresult result = requireContext())
    return result;
  if (status == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoStreamCaptureStatus captured = qiaoStreamCaptureStatusNone;
  if (qiaoError_t error = qiaoStreamIsCapturing(stream, &captured))
    return toCuResult(error);
  *status = static_cast<CUstreamCaptureStatus>(captured);
  return CUDA_SUCCESS;
}

// Outside a capture only the status is written, as documented. Inside one, no dependency sets
// are tracked (a capture runs its work in the order it was issued) and the graph under
// construction is not handed out.
CUresult captureInfo(qiaoStream_t stream, CUstreamCaptureStatus *status, cuuint64_t *id,
                     CUgraph *graph, const CUgraphNode **dependencies,
                     const CUgraphEdgeData **edges, size_t *numDependencies) {
  if (CUresult result = captureStatus(stream, status))
    return result;
  if (*status == CU_STREAM_CAPTURE_STATUS_NONE)
    return CUDA_SUCCESS;
  if (id) {
    unsigned long long captureId = 0;
    qiaoStreamGetCaptureId(stream, &captureId);
    *id = captureId;
  }
  if (graph)
    *graph = nullptr;
  if (dependencies)
    *dependencies = nullptr;
  if (edges)
    *edges = nullptr;
  if (numDependencies)
    *numDependencies = 0;
  return CUDA_SUCCESS;
}

// Attaching managed memory only narrows which work may touch it on hardware; device memory is
// host memory here, so once the arguments are checked there is nothing to do.
CUresult attachMem(qiaoStream_t stream, CUdeviceptr dptr, unsigned flags) {
  if (CUresult result = requireContext())
    return result;
  unsigned known = CU_MEM_ATTACH_GLOBAL | CU_MEM_ATTACH_HOST | CU_MEM_ATTACH_SINGLE;
  if (dptr == 0 || flags == 0 || (flags & ~known) != 0 || (flags & (flags - 1)) != 0)
    return CUDA_ERROR_INVALID_VALUE;
  unsigned streamFlags = 0;
  return toCuResult(qiaoStreamGetFlags(stream, &streamFlags));
}

} // namespace

extern "C" {

CUresult cuStreamGetFlags(CUstream hStream, unsigned int *flags) {
  return getFlags(toQiao(hStream), flags);
}
CUresult cuStreamGetFlags_ptsz(CUstream hStream, unsigned int *flags) {
  return getFlags(perThread(hStream), flags);
}
CUresult cuStreamGetPriority(CUstream hStream, int *priority) {
  return getPriority(toQiao(hStream), priority);
}
CUresult cuStreamGetPriority_ptsz(CUstream hStream, int *priority) {
  return getPriority(perThread(hStream), priority);
}
CUresult cuStreamGetDevice(CUstream hStream, CUdevice *device) {
  return getDevice(toQiao(hStream), device);
}
CUresult cuStreamGetDevice_ptsz(CUstream hStream, CUdevice *device) {
  return getDevice(perThread(hStream), device);
}
CUresult cuStreamGetCtx(CUstream hStream, CUcontext *pctx) {
  return getContext(toQiao(hStream), pctx);
}
CUresult cuStreamGetCtx_ptsz(CUstream hStream, CUcontext *pctx) {
  return getContext(perThread(hStream), pctx);
}
// Qiao has no green contexts: a stream's green context is always null.
CUresult cuStreamGetCtx_v2(CUstream hStream, CUcontext *pCtx, CUgreenCtx *pGreenCtx) {
  if (pGreenCtx)
    *pGreenCtx = nullptr;
  return getContext(toQiao(hStream), pCtx);
}
CUresult cuStreamGetCtx_v2_ptsz(CUstream hStream, CUcontext *pCtx, CUgreenCtx *pGreenCtx) {
  if (pGreenCtx)
    *pGreenCtx = nullptr;
  return getContext(perThread(hStream), pCtx);
}

CUresult cuStreamIsCapturing(CUstream hStream, CUstreamCaptureStatus *status) {
  return captureStatus(toQiao(hStream), status);
}
CUresult cuStreamIsCapturing_ptsz(CUstream hStream, CUstreamCaptureStatus *status) {
  return captureStatus(perThread(hStream), status);
}
CUresult cuStreamGetCaptureInfo_v3(CUstream hStream, CUstreamCaptureStatus *captureStatus_out,
                                   cuuint64_t *id_out, CUgraph *graph_out,
                                   const CUgraphNode **dependencies_out,
                                   const CUgraphEdgeData **edgeData_out,
                                   size_t *numDependencies_out) {
  return captureInfo(toQiao(hStream), captureStatus_out, id_out, graph_out, dependencies_out,
                     edgeData_out, numDependencies_out);
}
CUresult cuStreamGetCaptureInfo_v3_ptsz(CUstream hStream, CUstreamCaptureStatus *captureStatus_out,
                                        cuuint64_t *id_out, CUgraph *graph_out,
                                        const CUgraphNode **dependencies_out,
                                        const CUgraphEdgeData **edgeData_out,
                                        size_t *numDependencies_out) {
  return captureInfo(perThread(hStream), captureStatus_out, id_out, graph_out, dependencies_out,
                     edgeData_out, numDependencies_out);
}
CUresult cuStreamGetCaptureInfo_v2(CUstream hStream, CUstreamCaptureStatus *captureStatus_out,
                                   cuuint64_t *id_out, CUgraph *graph_out,
                                   const CUgraphNode **dependencies_out,
                                   size_t *numDependencies_out) {
  return captureInfo(toQiao(hStream), captureStatus_out, id_out, graph_out, dependencies_out,
                     nullptr, numDependencies_out);
}
CUresult cuStreamGetCaptureInfo_v2_ptsz(CUstream hStream, CUstreamCaptureStatus *captureStatus_out,
                                        cuuint64_t *id_out, CUgraph *graph_out,
                                        const CUgraphNode **dependencies_out,
                                        size_t *numDependencies_out) {
  return captureInfo(perThread(hStream), captureStatus_out, id_out, graph_out, dependencies_out,
                     nullptr, numDependencies_out);
}

// The mode is per thread; libqiao keeps it, so that both shims and its own calls see one mode.
CUresult cuThreadExchangeStreamCaptureMode(CUstreamCaptureMode *mode) {
  return toCuResult(
      qiaoThreadExchangeStreamCaptureMode(reinterpret_cast<qiaoStreamCaptureMode *>(mode)));
}

CUresult cuStreamAttachMemAsync(CUstream hStream, CUdeviceptr dptr, size_t, unsigned int flags) {
  return attachMem(toQiao(hStream), dptr, flags);
}
CUresult cuStreamAttachMemAsync_ptsz(CUstream hStream, CUdeviceptr dptr, size_t,
                                     unsigned int flags) {
  return attachMem(perThread(hStream), dptr, flags);
}

} // extern "C"
