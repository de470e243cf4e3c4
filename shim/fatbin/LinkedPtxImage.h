// The image cuLinkComplete hands back: the PTX of every linked translation unit, kept apart so
// that loading it links them again through the driver's link slot (driver.h: moduleLink) instead
// of passing the driver one text made of several modules. It is text, so that CUDA's rules for
// PTX images (not binaries) apply to it:
//   //qiao-linked-ptx <count>\n
//   then per unit: //qiao-unit <bytes>\n and that many bytes of PTX text
#pragma once

#include "support/Expected.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace qiao::fatbin {

std::string writeLinkedPtxImage(const std::vector<std::string> &units);

// The units of a linked image, nullopt when `image` is no such image; a header whose sizes run
// past the text is Error{200}. `knownBytes` bounds the image when non-zero; otherwise it ends at
// its NUL.
std::optional<Expected<std::vector<std::string>>> readLinkedPtxImage(const void *image,
                                                                     std::size_t knownBytes);

} // namespace qiao::fatbin
