// Last-error bookkeeping for shim-detected errors, through libqiao's own (see
// RegistrationErrors.h). libqiao's runtime keeps the per-thread last error; the public API has no
// setter because a CUDA program never sets one, so this uses the runtime's finish().
#include "RegistrationErrors.h"

#include "api/Runtime.h"

namespace qiao::shim {

int recordError(const Status &status) {
  if (status)
    return 0;
  return static_cast<int>(rt::finish(status));
}

bool isStickyError(int code) { return rt::isSticky(code); }

} // namespace qiao::shim
