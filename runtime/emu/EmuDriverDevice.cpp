// Entry points: device query, limits, reset.
#include "EmuDevice.h"
#include "EmuEntryPoints.h"

namespace qiao::emu::entry {
namespace {

bool isOurDevice(int32_t device) { return device == 0; }

} // namespace

qiaoDrvStatus init() {
  return guarded([] {
    EmuDevice::instance();
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus deviceCount(int32_t *count) {
  if (!count)
    return errc::qiaoErrorInvalidValue;
  *count = 1;
  return errc::qiaoSuccess;
}

qiaoDrvStatus deviceInfo(int32_t device, qiaoDrvDeviceInfo *info) {
  if (!holdsAbi2(info))
    return errc::qiaoErrorInvalidValue;
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    fillSeamStruct(info, EmuDevice::instance().info());
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus memInfo(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes) {
  if (!freeBytes || !totalBytes)
    return errc::qiaoErrorInvalidValue;
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    AllocationTable &memory = EmuDevice::instance().memory();
    *totalBytes = memory.budget();
    *freeBytes = memory.budget() - memory.budgetUsed();
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value) {
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] { return EmuDevice::instance().setLimit(limit, value).code(); });
}

qiaoDrvStatus getLimit(int32_t device, qiaoDrvLimit limit, uint64_t *value) {
  if (!value)
    return errc::qiaoErrorInvalidValue;
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    auto current = EmuDevice::instance().limit(limit);
    if (!current)
      return current.error().code;
    *value = current.value();
    return int(errc::qiaoSuccess);
  });
}

qiaoDrvStatus deviceReset(int32_t device) {
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([] {
    EmuDevice::instance().reset();
    return errc::qiaoSuccess;
  });
}

} // namespace qiao::emu::entry
