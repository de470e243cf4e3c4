// Profiler control (cudaProfilerStart/Stop): Qiao has no sampling profiler to start; its timeline
// is the trace layer (QIAO_DRIVER=trace:NAME, qiao-run --trace), which records every call and
// kernel from the start anyway. So these are successful no-ops, as CUDA's are when no profiler
// is attached; like CUDA's they initialise the runtime and report a sticky error.
#include "Runtime.h"

using namespace qiao;
using namespace qiao::rt;

extern "C" qiaoError_t qiaoProfilerStart(void) {
  return enter([](Runtime &) { return Status::ok(); });
}

extern "C" qiaoError_t qiaoProfilerStop(void) {
  return enter([](Runtime &) { return Status::ok(); });
}
