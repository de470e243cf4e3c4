#include "Runtime.h"

#include "DriverLoader.h"

#include <cstdio>
#include <cstdlib>

namespace qiao::rt {
namespace {

Expected<Runtime *> describeDevices() {
  auto driver = loadDriver();
  if (!driver)
    return driver.error();
  auto *rt = new Runtime(); // never freed: handles must outlive static destructors
  rt->driver = *driver;
  int32_t count = 0;
  if (int32_t status = rt->driver->deviceCount(&count); status != 0)
    return Error{status, "driver deviceCount failed"};
  if (count <= 0)
    return Error{qiaoErrorNoDevice, "the driver reports no device"};
  rt->devices.resize(count);
  for (int32_t d = 0; d < count; ++d)
    if (int32_t status = rt->driver->deviceInfo(d, &rt->devices[d].info); status != 0)
      return Error{status, "driver deviceInfo failed"};
  return rt;
}

bool debugEnabled() {
  static const bool enabled = std::getenv("QIAO_DEBUG") != nullptr;
  return enabled;
}

} // namespace

Expected<Runtime *> runtime() {
  static const Expected<Runtime *> loaded = describeDevices();
  return loaded;
}

int &currentDevice() {
  thread_local int device = 0;
  return device;
}

qiaoError_t &lastError() {
  thread_local qiaoError_t error = qiaoSuccess;
  return error;
}

Status fail(qiaoError_t code, std::string message) {
  return Status(Error{code, std::move(message)});
}

bool isSticky(int code) {
  switch (code) {
  case qiaoErrorIllegalAddress:
  case qiaoErrorLaunchTimeout:
  case qiaoErrorAssert:
  case qiaoErrorHardwareStackError:
  case qiaoErrorIllegalInstruction:
  case qiaoErrorMisalignedAddress:
  case qiaoErrorInvalidAddressSpace:
  case qiaoErrorInvalidPc:
  case qiaoErrorLaunchFailure:
  case qiaoErrorECCUncorrectable:
  case qiaoErrorNvlinkUncorrectable:
    return true;
  default:
    return false;
  }
}

Status fromDriver(qiaoDrvStatus status, int device, const char *what) {
  if (status == 0)
    return Status::ok();
  if (isSticky(status)) {
    auto rt = runtime();
    if (rt && validDevice(**rt, device)) {
      std::lock_guard lock((*rt)->mutex);
      if ((*rt)->devices[device].sticky == 0)
        (*rt)->devices[device].sticky = status;
    }
  }
  return fail(static_cast<qiaoError_t>(status), what);
}

bool validDevice(const Runtime &rt, int device) {
  return device >= 0 && device < static_cast<int>(rt.devices.size());
}

qiaoError_t finish(const Status &status) {
  auto code = static_cast<qiaoError_t>(status.code());
  // NotReady answers a query; CUDA does not count it as an error.
  if (code != qiaoSuccess && code != qiaoErrorNotReady) {
    lastError() = code;
    if (debugEnabled())
      std::fprintf(stderr, "qiao: %s: %s\n", qiaoGetErrorName(code),
                   status.error().message.c_str());
  }
  return code;
}

} // namespace qiao::rt
