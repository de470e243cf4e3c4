// PTX selection for registered fatbinaries (see RegistrationPtx.h).
#include "RegistrationPtx.h"

#include "FatbinReader.h"
#include "PtxChooser.h"

namespace qiao::shim {

Expected<std::string> selectPtx(const void *wrapper, unsigned deviceArch) {
  auto image = fatbin::readFatbinImage(wrapper, 0);
  if (!image)
    return image.error();
  auto chosen = fatbin::choosePtx(image->entries, deviceArch);
  if (!chosen)
    chosen = fatbin::choosePtx(image->entries, kNewestPtxArch);
  if (!chosen)
    return chosen.error();
  // Copied: libqiao takes NUL-terminated text, and the entry's payload is not terminated.
  return std::string((*chosen)->text());
}

} // namespace qiao::shim
