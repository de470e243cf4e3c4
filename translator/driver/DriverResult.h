// The driver's errors are values, as the mapping database's are: a function that can fail returns
// Expected<T> (a value or the errors that prevented it) or MaybeError (nothing or one error).
// Only main turns them into messages and exit codes.
#pragma once

#include "MappingDatabase.h"

#include <optional>
#include <string>

namespace qiao::translate {

using mappings::Error;
template <typename T> using Expected = mappings::Expected<T>;
using MaybeError = std::optional<Error>;

inline Error errorAt(const std::string &file, std::string message, int line = 0) {
  return Error{file, line, std::move(message)};
}

// "file: message", or "file:line: message" when the error has a line.
inline std::string describe(const Error &error) {
  return error.file + (error.line > 0 ? ":" + std::to_string(error.line) : std::string()) + ": " +
         error.message;
}

} // namespace qiao::translate
