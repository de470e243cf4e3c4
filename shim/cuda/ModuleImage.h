// What cuModuleLoad* hand over, as PTX text libqiao can load: PTX itself, or the PTX a fatbin
// container, a registration wrapper or a cubin carries (read by shim/fatbin).
#pragma once

#include "support/Expected.h"

#include <cstddef>
#include <string>

namespace qiao::cuda {

// `knownBytes` is the image's size when known (a file), else 0 to trust its headers.
Expected<std::string> ptxOfImage(const void *image, std::size_t knownBytes);

} // namespace qiao::cuda
