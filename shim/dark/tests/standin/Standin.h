// A test-only libcuda.so.1: just the driver entry points NVIDIA's static runtime was measured to
// call in the test programs (see ../../NOTES.md), over libqiao, plus cuGetExportTable served by
// qiaoDarkExportTable. It stands in for shim/cuda's libcuda.so.1 so that the tables can be tested
// end to end on their own; it is not installed.
#pragma once

#include <cstdint>

namespace qiao::dark::standin {

// The address of the stand-in's implementation of `name` as requested at CUDA `version`, or null.
void *implementation(const char *name, int version);
// A function that reports "qiao: standin driver: NAME is not implemented" once and returns 801.
void *notImplemented(const char *name);

} // namespace qiao::dark::standin
