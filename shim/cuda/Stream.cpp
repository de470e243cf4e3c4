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
