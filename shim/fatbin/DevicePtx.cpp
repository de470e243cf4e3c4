#include "DevicePtx.h"

#include "FatbinReader.h"
#include "LinkedPtxImage.h"
#include "PtxChooser.h"
#include "support/ErrorCodes.h"

namespace qiao::fatbin {
namespace {

// The error names what the device would need, not the fallback's wider range.
Expected<const FatbinEntry *> bestPtx(const std::vector<FatbinEntry> &entries,
                                      unsigned deviceArch) {
  auto chosen = choosePtx(entries, deviceArch);
  if (chosen)
    return chosen;
  auto newer = choosePtx(entries, kNewestPtxArch);
  return newer ? newer : chosen;
}

// nvcc -rdc=true: the linked image holds SASS only; the PTX of each translation unit sits in its
// relocatable fatbin, and the runtime links the units.
Expected<PtxUnits> linkedUnitsPtx(const void *wrapper, unsigned deviceArch) {
  auto units = readPrelinkedFatbins(wrapper);
  if (!units)
    return units.error();
  if (units->empty())
    return Error{errc::qiaoErrorNoKernelImageForDevice,
                 "the fatbinary is a linked image (-rdc=true) without the list of its "
                 "translation units' relocatable fatbins"};
  PtxUnits texts;
  for (std::size_t i = 0; i < units->size(); ++i) {
    auto chosen = bestPtx((*units)[i], deviceArch);
    if (!chosen) {
      Error error = chosen.error();
      error.message = "translation unit " + std::to_string(i + 1) + " of " +
                      std::to_string(units->size()) +
                      " (relocatable device code): " + error.message;
      return error;
    }
    texts.emplace_back((*chosen)->text());
  }
  return texts;
}

} // namespace

Expected<PtxUnits> devicePtx(const void *image, std::size_t knownBytes, unsigned deviceArch) {
  if (auto linked = readLinkedPtxImage(image, knownBytes))
    return std::move(*linked);
  auto read = readFatbinImage(image, knownBytes);
  if (!read)
    return read.error();
  if (read->wrapperVersion == 2)
    return linkedUnitsPtx(image, deviceArch);
  auto chosen = bestPtx(read->entries, deviceArch);
  if (!chosen)
    return chosen.error();
  // Copied: libqiao takes NUL-terminated text, and an entry's payload is not terminated.
  return PtxUnits{std::string((*chosen)->text())};
}

} // namespace qiao::fatbin
