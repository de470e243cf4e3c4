// cuGetErrorName and cuGetErrorString the driver's way: the text through an out-parameter, and
// qiaoErrorInvalidValue for a value that is no error code.
#include "Runtime.h"

#include <cstring>

using namespace qiao;
using namespace qiao::rt;

namespace {

qiaoError_t describe(qiaoError_t error, const char **pStr, const char *(*text)(qiaoError_t)) {
  if (pStr == nullptr)
    return finish(fail(qiaoErrorInvalidValue, "pStr is NULL"));
  // qiaoGetErrorName names every code of qiao_errors.def, and only those, with the qiao prefix.
  if (std::strncmp(qiaoGetErrorName(error), "qiao", 4) != 0) {
    *pStr = nullptr;
    return qiaoErrorInvalidValue;
  }
  *pStr = text(error);
  return qiaoSuccess;
}

} // namespace

extern "C" qiaoError_t qiaoDrvGetErrorName(qiaoError_t error, const char **pStr) {
  return describe(error, pStr, qiaoGetErrorName);
}

extern "C" qiaoError_t qiaoDrvGetErrorString(qiaoError_t error, const char **pStr) {
  return describe(error, pStr, qiaoGetErrorString);
}
