// The behaviour of a generated stub (see NotSupported.h).
#include "NotSupported.h"

#include <cstdio>

namespace qiao::cuda {

namespace {
constexpr int kNotSupported = 801; // CUDA_ERROR_NOT_SUPPORTED
}

int notSupported(const char *name, OnceFlag &once) {
  // Once per name, not per call: a program that polls an unsupported call must not flood stderr.
  if (!once.exchange(true))
    std::fprintf(stderr, "qiao: %s is not supported yet\n", name);
  return kNotSupported;
}

} // namespace qiao::cuda
