#include "LocalMemoryLimit.h"

#include "support/ErrorCodes.h"

#include <string>

namespace qiao::ptx {

Status checkLocalMemory(const Program &program) {
  for (const Function &fn : program.functions) {
    if (fn.localBytes <= kMaxLocalBytesPerThread)
      continue;
    return Error{errc::qiaoErrorInvalidPtx,
                 std::string(fn.isEntry ? "entry function '" : "function '") + fn.name +
                     "' uses too much local data (" + std::to_string(fn.localBytes) +
                     " bytes per thread, " + std::to_string(kMaxLocalBytesPerThread) + " max)"};
  }
  return Status::ok();
}

} // namespace qiao::ptx
