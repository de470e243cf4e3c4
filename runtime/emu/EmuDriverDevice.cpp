// Entry points: device query, limits, reset.
#include "EmuEntryPoints.h"
#include "EmuPlatform.h"

namespace qiao::emu::entry {
namespace {

bool isOurDevice(int32_t device) { return EmuPlatform::instance().validDevice(device); }

} // namespace

qiaoDrvStatus init() {
  return guarded([] {
    EmuPlatform::instance();
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus deviceCount(int32_t *count) {
  if (!count)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    *count = EmuPlatform::instance().deviceCount();
    return errc::qiaoSuccess;
  });
  return errc::qiaoSuccess;
}

qiaoDrvStatus deviceInfo(int32_t device, qiaoDrvDeviceInfo *info) {
  if (!holdsAbi2(info))
    return errc::qiaoErrorInvalidValue;
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    fillSeamStruct(info, EmuPlatform::instance().info(device));
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus memInfo(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes) {
  if (!freeBytes || !totalBytes)
    return errc::qiaoErrorInvalidValue;
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    AllocationTable &memory = EmuPlatform::instance().allocations();
    *totalBytes = memory.budget();
    *freeBytes = memory.budget() - memory.budgetUsed(device);
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value) {
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] { return EmuPlatform::instance().setLimit(device, limit, value).code(); });
}

qiaoDrvStatus getLimit(int32_t device, qiaoDrvLimit limit, uint64_t *value) {
  if (!value)
    return errc::qiaoErrorInvalidValue;
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    auto current = EmuPlatform::instance().limit(device, limit);
    if (!current)
      return current.error().code;
    *value = current.value();
    return int(errc::qiaoSuccess);
  });
}

qiaoDrvStatus peerAccess(int32_t device, int32_t peer, int32_t enable) {
  if (!isOurDevice(device) || !isOurDevice(peer) || device == peer)
    return errc::qiaoErrorInvalidDevice;
  if (enable != 0 && enable != 1)
    return errc::qiaoErrorInvalidValue;
  if (EmuPlatform::instance().memory(device).setPeer(peer, enable == 1))
    return errc::qiaoSuccess;
  return enable ? errc::qiaoErrorPeerAccessAlreadyEnabled : errc::qiaoErrorPeerAccessNotEnabled;
}

qiaoDrvStatus deviceReset(int32_t device) {
  if (!isOurDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    EmuPlatform::instance().reset(device);
    return errc::qiaoSuccess;
  });
}

} // namespace qiao::emu::entry
