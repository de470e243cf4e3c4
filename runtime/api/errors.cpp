// Error names, descriptions and the per-thread last error.
#include "Runtime.h"

using namespace qiao::rt;

namespace {
constexpr const char *kUnrecognized = "unrecognized error code";
}

extern "C" const char *qiaoGetErrorName(qiaoError_t error) {
  switch (error) {
#define QIAO_ERROR(name, value, description)                                                       \
  case name:                                                                                       \
    return #name;
#include <qiao/qiao_errors.def>
#undef QIAO_ERROR
  }
  return kUnrecognized;
}

extern "C" const char *qiaoGetErrorString(qiaoError_t error) {
  switch (error) {
#define QIAO_ERROR(name, value, description)                                                       \
  case name:                                                                                       \
    return description;
#include <qiao/qiao_errors.def>
#undef QIAO_ERROR
  }
  return kUnrecognized;
}

namespace {
// A sticky error outlives qiaoGetLastError: it stays until qiaoDeviceReset.
qiaoError_t stickyOfCurrentDevice() {
  auto rt = runtime();
  if (!rt)
    return static_cast<qiaoError_t>(rt.error().code);
  std::lock_guard lock((*rt)->mutex);
  int device = currentDevice();
  if (!validDevice(**rt, device))
    return qiaoSuccess;
  return static_cast<qiaoError_t>((*rt)->devices[device].sticky);
}
} // namespace

extern "C" qiaoError_t qiaoGetLastError(void) {
  qiaoError_t last = lastError();
  lastError() = qiaoSuccess;
  if (qiaoError_t sticky = stickyOfCurrentDevice(); sticky != qiaoSuccess)
    return sticky;
  return last;
}

extern "C" qiaoError_t qiaoPeekAtLastError(void) {
  if (qiaoError_t sticky = stickyOfCurrentDevice(); sticky != qiaoSuccess)
    return sticky;
  return lastError();
}

// Qiao implements CUDA 13.0's runtime; the driver version is the same, as the runtime and its
// driver seam ship together. Like CUDA, a missing driver reports version 0 rather than failing.
extern "C" qiaoError_t qiaoDriverGetVersion(int *driverVersion) {
  if (!driverVersion)
    return finish(fail(qiaoErrorInvalidValue, "driverVersion is NULL"));
  *driverVersion = runtime() ? 13000 : 0;
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoRuntimeGetVersion(int *runtimeVersion) {
  if (!runtimeVersion)
    return finish(fail(qiaoErrorInvalidValue, "runtimeVersion is NULL"));
  *runtimeVersion = 13000;
  return qiaoSuccess;
}
