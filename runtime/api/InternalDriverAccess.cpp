// qiaoInternalOpenDriver (qiao/qiao_internal.h): a driver chain opened through the runtime's
// loader.
#include <qiao/qiao_internal.h>

#include "DriverLoader.h"

extern "C" qiaoError_t qiaoInternalOpenDriver(const char *spec, const qiaoDriverTable **table) {
  if (!spec || !table)
    return qiaoErrorInvalidValue;
  auto opened = qiao::rt::openDriver(spec);
  if (!opened)
    return static_cast<qiaoError_t>(opened.error().code);
  *table = *opened;
  return qiaoSuccess;
}
