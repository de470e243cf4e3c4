// The PTX text the emulated device runs for an image a program hands over (a registration
// wrapper, a fatbin container, PTX text or a cubin): one entry point for both shims.
#pragma once

#include "support/Expected.h"

#include <qiao/qiao_runtime.h>

#include <cstddef>
#include <string>
#include <vector>

namespace qiao::fatbin {

// The newest architecture nvcc 13 emits PTX for (nvcc --list-gpu-arch: compute_75 ...
// compute_121). The PTX engine does not limit the target architecture, only the ISA version, so
// PTX built for a newer GPU than the emulated device still loads when nothing better is there.
inline constexpr unsigned kNewestPtxArch = 121;

// The PTX of a program's translation units: one text, or one per unit of a program built with
// relocatable device code, which the runtime links (qiaoModuleLinkDataEx).
using PtxUnits = std::vector<std::string>;

// The best PTX entry's text: the newest PTX not above `deviceArch` (as CUDA's driver picks what to
// JIT), else the newest up to kNewestPtxArch. A linked -rdc=true image (wrapper version 2) gives
// the PTX of each translation unit's relocatable fatbin, a unit each; so does the image
// cuLinkComplete made (LinkedPtxImage.h). `knownBytes` is the image's size when known (a file),
// else 0 to trust its headers. A fatbinary without usable PTX gives Error{209} saying what it
// holds and how to rebuild it (for `deviceArch`); a malformed one Error{200}.
Expected<PtxUnits> devicePtx(const void *image, std::size_t knownBytes, unsigned deviceArch);

// The current device's compute capability as fatbins number architectures (90 for 9.0; the
// emulated device's is QIAO_EMU_CC's), 80 when it cannot be asked: what devicePtx chooses for.
inline unsigned currentDeviceArch() {
  int device = 0, major = 8, minor = 0;
  if (qiaoGetDevice(&device) != qiaoSuccess)
    device = 0;
  if (qiaoDeviceGetAttribute(&major, qiaoDevAttrComputeCapabilityMajor, device) != qiaoSuccess ||
      qiaoDeviceGetAttribute(&minor, qiaoDevAttrComputeCapabilityMinor, device) != qiaoSuccess)
    return 80;
  return static_cast<unsigned>(major * 10 + minor);
}

// Loads the units as one module: several are linked, one is loaded. JIT options (their log
// buffers) as qiaoModuleLoadDataEx's.
inline qiaoError_t loadPtxUnits(qiaoModule_t *module, const PtxUnits &units,
                                unsigned numOptions = 0, int *options = nullptr,
                                void **optionValues = nullptr) {
  std::vector<const char *> texts;
  for (const std::string &unit : units)
    texts.push_back(unit.c_str());
  return qiaoModuleLinkDataEx(module, static_cast<unsigned>(texts.size()), texts.data(), numOptions,
                              options, optionValues);
}

} // namespace qiao::fatbin
