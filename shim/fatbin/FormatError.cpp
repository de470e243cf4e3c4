#include "FormatError.h"

#include <cstdio>

namespace qiao::fatbin {

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

} // namespace qiao::fatbin
