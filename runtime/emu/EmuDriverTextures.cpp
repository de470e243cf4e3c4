// Entry points: texture objects (kept by the allocation table, which the engine asks).
#include "EmuEntryPoints.h"
#include "EmuPlatform.h"

namespace qiao::emu::entry {

qiaoDrvStatus textureCreate(int32_t device, const qiaoDrvTextureDesc *desc, uint64_t *handle) {
  if (!holdsAbi2(desc) || !handle)
    return errc::qiaoErrorInvalidValue;
  if (!EmuPlatform::instance().validDevice(device))
    return errc::qiaoErrorInvalidDevice;
  return guarded([&] {
    auto created = EmuPlatform::instance().allocations().createTexture(*desc);
    if (!created)
      return created.error().code;
    *handle = created.value();
    return int(errc::qiaoSuccess);
  });
}

qiaoDrvStatus textureDestroy(uint64_t handle) {
  return guarded(
      [&] { return EmuPlatform::instance().allocations().destroyTexture(handle).code(); });
}

} // namespace qiao::emu::entry
