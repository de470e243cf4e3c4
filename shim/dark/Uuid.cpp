#include "Uuid.h"

#include <cstdio>

namespace qiao::dark {

std::string formatUuid(const Uuid &uuid) {
  std::string text;
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      text += '-';
    std::snprintf(hex, sizeof hex, "%02x", uuid[i]);
    text += hex;
  }
  return text;
}

} // namespace qiao::dark
