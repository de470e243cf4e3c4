// Entry points: allocation, registration and pointer queries.
#include "EmuEntryPoints.h"
#include "EmuPlatform.h"

namespace qiao::emu::entry {

qiaoDrvStatus memAlloc(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                       void **ptr) {
  if (!ptr)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    EmuPlatform &platform = EmuPlatform::instance();
    if (!platform.validDevice(device))
      return int(errc::qiaoErrorInvalidDevice);
    auto memory = platform.allocations().allocate(device, bytes, kind, flags);
    if (!memory)
      return memory.error().code;
    *ptr = memory.value();
    return int(errc::qiaoSuccess);
  });
}

qiaoDrvStatus memFree(void *ptr, qiaoDrvMemKind kind) {
  return guarded([&] { return EmuPlatform::instance().allocations().release(ptr, kind).code(); });
}

qiaoDrvStatus memRegister(void *ptr, uint64_t bytes, uint32_t flags) {
  return guarded(
      [&] { return EmuPlatform::instance().allocations().registerHost(ptr, bytes, flags).code(); });
}

qiaoDrvStatus memUnregister(void *ptr) {
  return guarded([&] { return EmuPlatform::instance().allocations().unregisterHost(ptr).code(); });
}

qiaoDrvStatus pointerInfo(const void *ptr, qiaoDrvPointerInfo *info) {
  if (!holdsAbi2(info))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto found = EmuPlatform::instance().allocations().find(reinterpret_cast<uint64_t>(ptr));
    if (!found)
      return int(errc::qiaoErrorInvalidValue);
    auto described = seamStruct<qiaoDrvPointerInfo>();
    described.kind = found->kind;
    described.device = found->device;
    described.base = found->base;
    described.size = found->size;
    described.flags = found->flags;
    fillSeamStruct(info, described);
    return int(errc::qiaoSuccess);
  });
}

} // namespace qiao::emu::entry
