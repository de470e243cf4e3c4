/* cuda_profiler_api.h as the translator parses it: the runtime's profiler control. */
#pragma once
#include "cuda_runtime_api.h"

cudaError_t cudaProfilerStart(void);
cudaError_t cudaProfilerStop(void);
