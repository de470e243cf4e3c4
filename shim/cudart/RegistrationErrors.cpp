// Last-error bookkeeping for shim-detected errors, through libqiao's own (see
// RegistrationErrors.h). libqiao's runtime keeps the per-thread last error; the public API has no
// setter because a CUDA program never sets one, so this uses qiaoInternalRecordError.
#include "RegistrationErrors.h"

#include <qiao/qiao_internal.h>

namespace qiao::shim {

int recordError(const Status &status) {
  if (status)
    return 0;
  return static_cast<int>(qiaoInternalRecordError(static_cast<qiaoError_t>(status.code()),
                                                  status.error().message.c_str()));
}

bool isStickyError(int code) { return qiaoInternalIsStickyError(code) != 0; }

} // namespace qiao::shim
