// NVIDIA's runtime declarations and Qiao's in one translation unit. Both headers define
// `struct dim3`; Qiao's is renamed while it is read. Only qiaoLaunchKernel takes one, and an
// extern "C" function's symbol does not depend on its parameter types, so nothing changes at link
// time. Every public-API file of the shim includes this header, and helpers to cross the line.
#pragma once

#define dim3 qiao_dim3
#include <qiao/qiao_runtime.h>
#undef dim3

#include <cuda_runtime_api.h>

#include "Trace.h"

namespace qiao::cudart {

// qiaoError_t values are cudaError_t values (qiao_errors.def).
inline cudaError_t toCuda(qiaoError_t code) { return static_cast<cudaError_t>(code); }

// cudaStream_t and qiaoStream_t are both opaque pointers with the same reserved values
// (0 = legacy default stream, 0x1 cudaStreamLegacy, 0x2 cudaStreamPerThread).
inline qiaoStream_t toQiao(cudaStream_t stream) { return reinterpret_cast<qiaoStream_t>(stream); }
inline qiaoEvent_t toQiao(cudaEvent_t event) { return reinterpret_cast<qiaoEvent_t>(event); }

// The _ptsz flavours: stream 0 is the calling thread's default stream.
inline qiaoStream_t perThread(cudaStream_t stream) {
  return stream ? toQiao(stream) : qiaoStreamPerThread;
}

static_assert(sizeof(qiaoMemcpy3DParms) == sizeof(cudaMemcpy3DParms));
static_assert(sizeof(qiaoPitchedPtr) == sizeof(cudaPitchedPtr));
static_assert(sizeof(qiaoExtent) == sizeof(cudaExtent));
static_assert(int(qiaoMemcpyDefault) == int(cudaMemcpyDefault));

} // namespace qiao::cudart
