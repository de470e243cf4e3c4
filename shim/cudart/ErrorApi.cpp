// Error names, descriptions and the per-thread last error (CUDA's names: cudaErrorXxx).
#include "QiaoCuda.h"

using namespace qiao::cudart;

extern "C" {

const char *cudaGetErrorName(cudaError_t error) {
  return QIAO_TRACED(cudaErrorNameOf(error), error);
}

const char *cudaGetErrorString(cudaError_t error) {
  return QIAO_TRACED(qiaoGetErrorString(static_cast<qiaoError_t>(error)), error);
}

cudaError_t cudaGetLastError(void) { return QIAO_TRACED(toCuda(qiaoGetLastError())); }

cudaError_t cudaPeekAtLastError(void) { return QIAO_TRACED(toCuda(qiaoPeekAtLastError())); }

} // extern "C"
