#include "PtxChooser.h"

#include "PtxText.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <map>
#include <string>

namespace qiao::fatbin {
namespace {

// "sm_80" for SASS, "compute_80" for the forms that are compiled further (PTX, LTO IR).
std::string archName(const FatbinEntry &entry) {
  return (entry.kind == EntryKind::Elf ? "sm_" : "compute_") + std::to_string(entry.smArch);
}

std::string joinList(const std::vector<std::string> &items) {
  std::string text;
  for (std::size_t index = 0; index < items.size(); ++index) {
    if (index > 0)
      text += index + 1 == items.size() ? " and " : ", ";
    text += items[index];
  }
  return text;
}

// "SASS for sm_80, sm_90 and LTO IR for compute_80": kinds in order of first appearance, archs
// in ascending order.
std::string describeContents(const std::vector<FatbinEntry> &entries) {
  std::vector<std::string> kinds;
  std::map<std::string, std::map<unsigned, std::string>> namesByKind;
  for (const FatbinEntry &entry : entries) {
    std::string kind = describeKind(entry);
    if (namesByKind.find(kind) == namesByKind.end())
      kinds.push_back(kind);
    namesByKind[kind].emplace(entry.smArch, archName(entry));
  }
  std::vector<std::string> parts;
  for (const std::string &kind : kinds) {
    std::vector<std::string> names;
    for (const auto &[arch, name] : namesByKind[kind])
      names.push_back(name);
    parts.push_back(kind + " for " + joinList(names));
  }
  return joinList(parts);
}

std::string rebuildHint(unsigned arch) {
  std::string number = std::to_string(arch);
  return "rebuild with PTX, e.g. -arch=sm_" + number + " or -gencode arch=compute_" + number +
         ",code=compute_" + number;
}

Error noPtx(const std::vector<FatbinEntry> &entries, unsigned maxArch) {
  unsigned suggested = 0;
  for (const FatbinEntry &entry : entries)
    if (entry.smArch <= maxArch)
      suggested = std::max(suggested, entry.smArch);
  if (suggested == 0)
    suggested = maxArch;
  std::string message = entries.empty() ? "the fatbinary holds no code images"
                                        : "the fatbinary holds only " + describeContents(entries);
  return Error{errc::qiaoErrorNoKernelImageForDevice, message + "; " + rebuildHint(suggested)};
}

bool archSpecific(const FatbinEntry &entry) { return readPtxDirectives(entry.text()).variant != 0; }

// Of two PTX entries for one arch (nvcc -arch=sm_90a embeds both compute_90 and compute_90a
// PTX), the arch-specific one where the device is that very arch, since it may use instructions
// the portable one lacks (CUDA's cuda::ptx wrappers of sm_90a instructions compile to a call of
// an undefined function in compute_90 code); the portable one anywhere else, where arch-specific
// PTX does not run.
bool better(const FatbinEntry &candidate, const FatbinEntry &current, unsigned maxArch) {
  const bool specific = archSpecific(candidate);
  return specific != archSpecific(current) && specific == (candidate.smArch == maxArch);
}

} // namespace

Expected<const FatbinEntry *> choosePtx(const std::vector<FatbinEntry> &entries, unsigned maxArch) {
  const FatbinEntry *best = nullptr;
  std::vector<FatbinEntry> tooNew;
  for (const FatbinEntry &entry : entries) {
    if (entry.kind != EntryKind::Ptx)
      continue;
    if (entry.smArch > maxArch) {
      // Only kind and arch matter for the message; the payload is not copied.
      FatbinEntry summary;
      summary.kind = entry.kind;
      summary.rawKind = entry.rawKind;
      summary.smArch = entry.smArch;
      tooNew.push_back(std::move(summary));
      continue;
    }
    if (best == nullptr || entry.smArch > best->smArch ||
        (entry.smArch == best->smArch && better(entry, *best, maxArch)))
      best = &entry;
  }
  if (best != nullptr)
    return best;
  if (tooNew.empty())
    return noPtx(entries, maxArch);
  return Error{errc::qiaoErrorNoKernelImageForDevice,
               "the fatbinary's " + describeContents(tooNew) +
                   " is newer than the device (compute_" + std::to_string(maxArch) + "); " +
                   rebuildHint(maxArch)};
}

} // namespace qiao::fatbin
