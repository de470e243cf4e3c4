/* cudaProfiler.h as the translator parses it: the driver API's profiler control. */
#pragma once
#include "cuda.h"

CUresult cuProfilerStart(void);
CUresult cuProfilerStop(void);
