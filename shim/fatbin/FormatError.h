// Builds the one error shape the fatbin reader reports for malformed input:
// Error{200, "fatbin: <field>: <what was seen>, expected <what>"} (and "elf: ..." for the ELF
// section reader).
#pragma once

#include "support/ErrorCodes.h"
#include "support/Expected.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace qiao::fatbin {

// `format` names the thing being read: "fatbin" or "elf".
inline Error formatError(std::string_view format, std::string_view field, std::string_view seen,
                         std::string_view expected) {
  std::string message(format);
  message += ": ";
  message += field;
  message += ": ";
  message += seen;
  message += ", expected ";
  message += expected;
  return Error{errc::qiaoErrorInvalidKernelImage, std::move(message)};
}

inline Error malformed(std::string_view field, std::string_view seen, std::string_view expected) {
  return formatError("fatbin", field, seen, expected);
}

inline Error malformedElf(std::string_view field, std::string_view seen,
                          std::string_view expected) {
  return formatError("elf", field, seen, expected);
}

std::string hex(std::uint64_t value);

} // namespace qiao::fatbin
