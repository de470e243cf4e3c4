// NVIDIA's driver declarations and Qiao's runtime API in one translation unit, with the helpers
// every entry-point file of libcuda.so.1 uses to cross between them. cuda.h maps the plain names to
// their current flavours (cuMemAlloc -> cuMemAlloc_v2, cuCtxCreate -> cuCtxCreate_v4, ...), so a
// definition written as cuMemAlloc defines the exported cuMemAlloc_v2, as a program compiled
// against the same header expects.
#pragma once

#include <cuda.h>
#include <qiao/qiao_runtime.h>

#include <cstdint>

namespace qiao::cuda {

// The CUresult CUDA's driver API reports where Qiao's runtime reports `code` (ResultMapping.cpp).
CUresult toCuResult(int code);
inline CUresult toCuResult(qiaoError_t code) { return toCuResult(static_cast<int>(code)); }

// As toCuResult, for a call on a function handle that libqiao answered with `code`
// (FunctionResult.cpp): NVIDIA's static runtime hands a host function over as the handle itself.
CUresult toFunctionResult(qiaoError_t code);

// CUresult's name and description (CuResults.def); nullptr for a value that is no CUresult.
const char *cuResultName(int code);
const char *cuResultDescription(int code);

// Handles: CUstream, CUevent, CUmodule and CUfunction are Qiao's handles under CUDA's names; the
// reserved streams have the same values (0 legacy default, 0x1 CU_STREAM_LEGACY, 0x2
// CU_STREAM_PER_THREAD).
inline qiaoStream_t toQiao(CUstream stream) { return reinterpret_cast<qiaoStream_t>(stream); }
inline qiaoEvent_t toQiao(CUevent event) { return reinterpret_cast<qiaoEvent_t>(event); }
inline qiaoModule_t toQiao(CUmodule module) { return reinterpret_cast<qiaoModule_t>(module); }
// A CUfunction is a Qiao function, or a CUkernel standing for its function in the current
// context (Kernel.cpp): nullptr when that kernel cannot be loaded there.
qiaoFunction_t toQiao(CUfunction function);
// The _ptsz/_ptds flavours: stream 0 is the calling thread's default stream.
inline qiaoStream_t perThread(CUstream stream) {
  return stream ? toQiao(stream) : qiaoStreamPerThread;
}
// A device pointer is an address in the process (unified addressing).
inline void *toPointer(CUdeviceptr pointer) {
  return reinterpret_cast<void *>(static_cast<std::uintptr_t>(pointer));
}
inline CUdeviceptr toDevicePointer(const void *pointer) {
  return static_cast<CUdeviceptr>(reinterpret_cast<std::uintptr_t>(pointer));
}

} // namespace qiao::cuda
