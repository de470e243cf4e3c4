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
  if (!chosen && image->wrapperVersion == 2) {
    // nvcc -rdc=true: the linked image holds SASS only, the PTX of each translation unit sits
    // in separate relocatable fatbins that would have to be linked together.
    Error error = chosen.error();
    error.message +=
        " (relocatable device code, -rdc=true, is not supported yet: build without it)";
    return error;
  }
  if (!chosen)
    return chosen.error();
  // Copied: libqiao takes NUL-terminated text, and the entry's payload is not terminated.
  return std::string((*chosen)->text());
}

} // namespace qiao::shim
