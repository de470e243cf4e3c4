// Export-table identifiers: 16 bytes as in CUuuid, printed as NVIDIA's tools print them.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace qiao::dark {

using Uuid = std::array<std::uint8_t, 16>;

// "6bd5fb6c-5bf4-e74a-8987-d93912fd9df9": the bytes in order, dashes after bytes 4, 6, 8, 10.
std::string formatUuid(const Uuid &uuid);

} // namespace qiao::dark
