// Tells libqiao, as this library loads, that CUDA's runtime API is served here: libcuda.so.1 then
// acts on a mixed program's driver calls as after NVIDIA's runtime (qiao::rt::runtimeApiLoaded).
#include "api/Runtime.h"

namespace {
__attribute__((constructor)) void announceRuntimeApi() { qiao::rt::noteRuntimeApiLoaded(); }
} // namespace
