// The runtime API calls the fuzzer makes, each with the codes CUDA documents for it (the
// runtime API reference's "Returns" list, widened only where CUDA's own drivers return more for
// the same misuse, e.g. cudaErrorInvalidResourceHandle for a destroyed stream).
#pragma once

#include "ApiWorld.h"

#include <vector>

namespace qiao::apifuzz {

struct ApiCall {
  const char *name;
  std::vector<int> allowed; // qiaoSuccess included where the call can succeed
  // Makes the call with arguments drawn from the world and records what it created or
  // destroyed; returns the call's code.
  qiaoError_t (*run)(ApiWorld &world);
  unsigned weight = 1;
};

const std::vector<ApiCall> &apiCalls();

} // namespace qiao::apifuzz
