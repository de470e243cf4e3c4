// Tells libqiao, as this library loads, that CUDA's runtime API is served here: libcuda.so.1 then
// acts on a mixed program's driver calls as after NVIDIA's runtime (qiaoInternalRuntimeApiLoaded).
#include <qiao/qiao_internal.h>

namespace {
__attribute__((constructor)) void announceRuntimeApi() { qiaoInternalNoteRuntimeApiLoaded(); }
} // namespace
