// PTX from a module image (see ModuleImage.h).
#include "ModuleImage.h"

#include "FatbinReader.h"
#include "PtxChooser.h"

namespace qiao::cuda {

namespace {
// The device reports compute capability 8.0: PTX for it is preferred, as the driver JITs the
// newest PTX not above the device; newer PTX is the fallback, since the engine runs it too.
constexpr unsigned kDeviceArch = 80;
constexpr unsigned kNewestPtxArch = 121;
} // namespace

Expected<std::string> ptxOfImage(const void *image, std::size_t knownBytes) {
  auto read = fatbin::readFatbinImage(image, knownBytes);
  if (!read)
    return read.error();
  auto chosen = fatbin::choosePtx(read->entries, kDeviceArch);
  if (!chosen)
    chosen = fatbin::choosePtx(read->entries, kNewestPtxArch);
  if (!chosen)
    return chosen.error();
  // Copied: libqiao takes NUL-terminated text, and an entry's payload is not terminated.
  return std::string((*chosen)->text());
}

} // namespace qiao::cuda
