// Version queries and the profiler switches (no profiler is attached to the emulated device, so
// starting and stopping it succeed and do nothing, as CUDA does without a profiler).
#include "QiaoCuda.h"

using namespace qiao::cudart;

extern "C" {

cudaError_t cudaRuntimeGetVersion(int *runtimeVersion) {
  return QIAO_TRACED(toCuda(qiaoRuntimeGetVersion(runtimeVersion)), runtimeVersion);
}

cudaError_t cudaDriverGetVersion(int *driverVersion) {
  return QIAO_TRACED(toCuda(qiaoDriverGetVersion(driverVersion)), driverVersion);
}

cudaError_t cudaProfilerStart(void) { return QIAO_TRACED(cudaSuccess); }

cudaError_t cudaProfilerStop(void) { return QIAO_TRACED(cudaSuccess); }

} // extern "C"
