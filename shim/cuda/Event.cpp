// Events: creation, recording, waiting, timing, destruction.
#include "DriverState.h"

using namespace qiao::cuda;

namespace {

// CU_EVENT_BLOCKING_SYNC/DISABLE_TIMING/INTERPROCESS have cudaEvent*'s values.
static_assert(CU_EVENT_BLOCKING_SYNC == qiaoEventBlockingSync &&
              CU_EVENT_DISABLE_TIMING == qiaoEventDisableTiming &&
              CU_EVENT_INTERPROCESS == qiaoEventInterprocess);

// CU_EVENT_RECORD_EXTERNAL (1) has cudaEventRecordExternal's value; it only matters in graphs.
CUresult record(CUevent event, qiaoStream_t stream, unsigned flags = 0) {
  if (CUresult result = requireContext())
    return result;
  if (event == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoEventRecordWithFlags(toQiao(event), stream, flags));
}

CUresult elapsed(float *ms, CUevent start, CUevent end) {
  if (CUresult result = requireContext())
    return result;
  if (ms == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (start == nullptr || end == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoEventElapsedTime(ms, toQiao(start), toQiao(end)));
}

} // namespace

extern "C" CUresult cuEventCreate(CUevent *phEvent, unsigned int Flags) {
  if (CUresult result = requireContext())
    return result;
  if (phEvent == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoEventCreateWithFlags(reinterpret_cast<qiaoEvent_t *>(phEvent), Flags));
}

extern "C" CUresult cuEventRecord(CUevent hEvent, CUstream hStream) {
  return record(hEvent, toQiao(hStream));
}

extern "C" CUresult cuEventSynchronize(CUevent hEvent) {
  if (CUresult result = requireContext())
    return result;
  if (hEvent == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoEventSynchronize(toQiao(hEvent)));
}

extern "C" CUresult cuEventQuery(CUevent hEvent) {
  if (CUresult result = requireContext())
    return result;
  if (hEvent == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoEventQuery(toQiao(hEvent)));
}

extern "C" CUresult cuEventDestroy(CUevent hEvent) {
  if (CUresult result = requireContext())
    return result;
  if (hEvent == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoEventDestroy(toQiao(hEvent)));
}

// cuda.h maps cuEventElapsedTime to _v2 (CUDA 12.8); both flavours mean the same here.
extern "C" CUresult cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd) {
  return elapsed(pMilliseconds, hStart, hEnd);
}
#undef cuEventElapsedTime
extern "C" CUresult cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd) {
  return elapsed(pMilliseconds, hStart, hEnd);
}

// Per-thread default stream flavour (declared only under CUDA_API_PER_THREAD_DEFAULT_STREAM).
extern "C" CUresult cuEventRecord_ptsz(CUevent hEvent, CUstream hStream) {
  return record(hEvent, perThread(hStream));
}

extern "C" CUresult cuEventRecordWithFlags(CUevent hEvent, CUstream hStream, unsigned int flags) {
  return record(hEvent, toQiao(hStream), flags);
}
extern "C" CUresult cuEventRecordWithFlags_ptsz(CUevent hEvent, CUstream hStream,
                                                unsigned int flags) {
  return record(hEvent, perThread(hStream), flags);
}
