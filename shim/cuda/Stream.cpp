// Streams: creation, destruction, synchronisation, queries, waits on events.
#include "DriverState.h"

using namespace qiao::cuda;

namespace {

// CU_STREAM_DEFAULT (0) and CU_STREAM_NON_BLOCKING (1) have cudaStream*'s values.
static_assert(CU_STREAM_NON_BLOCKING == qiaoStreamNonBlocking);

CUresult synchronize(qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoStreamSynchronize(stream));
}

CUresult query(qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoStreamQuery(stream));
}

CUresult waitEvent(qiaoStream_t stream, CUevent event, unsigned flags) {
  if (CUresult result = requireContext())
    return result;
  if (event == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoStreamWaitEvent(stream, toQiao(event), flags));
}

} // namespace

extern "C" CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags) {
  if (CUresult result = requireContext())
    return result;
  if (phStream == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoStreamCreateWithFlags(reinterpret_cast<qiaoStream_t *>(phStream), Flags));
}

extern "C" CUresult cuStreamCreateWithPriority(CUstream *phStream, unsigned int flags,
                                               int priority) {
  if (CUresult result = requireContext())
    return result;
  if (phStream == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(
      qiaoStreamCreateWithPriority(reinterpret_cast<qiaoStream_t *>(phStream), flags, priority));
}

extern "C" CUresult cuStreamDestroy(CUstream hStream) {
  if (CUresult result = requireContext())
    return result;
  if (hStream == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoStreamDestroy(toQiao(hStream)));
}

extern "C" CUresult cuStreamSynchronize(CUstream hStream) { return synchronize(toQiao(hStream)); }
extern "C" CUresult cuStreamQuery(CUstream hStream) { return query(toQiao(hStream)); }
extern "C" CUresult cuStreamWaitEvent(CUstream hStream, CUevent hEvent, unsigned int Flags) {
  return waitEvent(toQiao(hStream), hEvent, Flags);
}

// Per-thread default stream flavours (declared only under CUDA_API_PER_THREAD_DEFAULT_STREAM).
extern "C" {
CUresult cuStreamSynchronize_ptsz(CUstream hStream) { return synchronize(perThread(hStream)); }
CUresult cuStreamQuery_ptsz(CUstream hStream) { return query(perThread(hStream)); }
CUresult cuStreamWaitEvent_ptsz(CUstream hStream, CUevent hEvent, unsigned int Flags) {
  return waitEvent(perThread(hStream), hEvent, Flags);
}
}

namespace {

// CUstreamCallback and qiaoStreamCallback_t have the same shape (stream, status, user data) and
// their handles and status codes agree (0 is success in both), so the callback is passed through.
CUresult addCallback(qiaoStream_t stream, CUstreamCallback callback, void *userData,
                     unsigned flags) {
  if (CUresult result = requireContext())
    return result;
  if (callback == nullptr || flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoStreamAddCallback(stream, reinterpret_cast<qiaoStreamCallback_t>(callback),
                                          userData, flags));
}

CUresult hostFunc(qiaoStream_t stream, CUhostFn fn, void *userData) {
  if (CUresult result = requireContext())
    return result;
  if (fn == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoLaunchHostFunc(stream, fn, userData));
}

} // namespace

extern "C" CUresult cuStreamAddCallback(CUstream hStream, CUstreamCallback callback, void *userData,
                                        unsigned int flags) {
  return addCallback(toQiao(hStream), callback, userData, flags);
}

extern "C" CUresult cuStreamAddCallback_ptsz(CUstream hStream, CUstreamCallback callback,
                                             void *userData, unsigned int flags) {
  return addCallback(perThread(hStream), callback, userData, flags);
}

extern "C" CUresult cuLaunchHostFunc(CUstream hStream, CUhostFn fn, void *userData) {
  return hostFunc(toQiao(hStream), fn, userData);
}

extern "C" CUresult cuLaunchHostFunc_ptsz(CUstream hStream, CUhostFn fn, void *userData) {
  return hostFunc(perThread(hStream), fn, userData);
}
