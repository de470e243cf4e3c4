// Profiler control. No profiler is attached to the Qiao device, so starting and stopping one only
// needs a current context, as in CUDA, where both succeed without a tool.
#include "DriverState.h"

using namespace qiao::cuda;

extern "C" CUresult cuProfilerStart() { return requireContext(); }
extern "C" CUresult cuProfilerStop() { return requireContext(); }
