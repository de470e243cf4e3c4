// Whether a module image is a binary (fatbin wrapper, fatbin container, cubin) or PTX text, which
// decides how CUDA names a module it has no code for: a binary without an image for the device
// is CUDA_ERROR_NO_BINARY_FOR_GPU (cudaErrorNoKernelImageForDevice), PTX text for a newer target
// than the device CUDA_ERROR_UNSUPPORTED_PTX_VERSION.
#pragma once

#include <qiao/qiao_runtime.h>

#include <cstdint>

namespace qiao::cuda {

// Compares byte by byte, so that a PTX string shorter than a magic is never read past its end.
inline bool isBinaryImage(const void *image) {
  static constexpr uint8_t kMagics[][4] = {
      {0xb1, 0x43, 0x62, 0x46}, // fatbin wrapper 0x466243b1
      {0x50, 0xed, 0x55, 0xba}, // fatbin container 0xba55ed50
      {0x7f, 'E', 'L', 'F'},    // cubin
  };
  const auto *bytes = static_cast<const uint8_t *>(image);
  for (const auto &magic : kMagics) {
    int matched = 0;
    while (matched < 4 && bytes[matched] == magic[matched])
      ++matched;
    if (matched == 4)
      return true;
  }
  return false;
}

// The code a load of `image` that failed with `error` reports.
inline qiaoError_t loadFailure(qiaoError_t error, bool binaryImage) {
  return binaryImage && error == qiaoErrorUnsupportedPtxVersion ? qiaoErrorNoKernelImageForDevice
                                                                : error;
}

} // namespace qiao::cuda
