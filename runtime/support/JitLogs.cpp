#include "support/JitLogs.h"

#include <qiao/qiao_runtime.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace qiao {
namespace {
// CUjit_option values (cuda.h).
constexpr int kInfoLogBuffer = 3;
constexpr int kInfoLogBufferSizeBytes = 4;
constexpr int kErrorLogBuffer = 5;
constexpr int kErrorLogBufferSizeBytes = 6;
} // namespace

Expected<JitLogs> JitLogs::parse(unsigned count, const int *options, void **values) {
  JitLogs logs;
  if (count == 0)
    return logs;
  if (options == nullptr || values == nullptr)
    return Error{qiaoErrorInvalidValue, "JIT options announced but not given"};
  for (unsigned i = 0; i < count; ++i) {
    switch (options[i]) {
    case kInfoLogBuffer:
      logs.info_.buffer = static_cast<char *>(values[i]);
      break;
    case kInfoLogBufferSizeBytes:
      logs.info_.capacity = static_cast<size_t>(reinterpret_cast<uintptr_t>(values[i]));
      logs.info_.size = &values[i];
      break;
    case kErrorLogBuffer:
      logs.error_.buffer = static_cast<char *>(values[i]);
      break;
    case kErrorLogBufferSizeBytes:
      logs.error_.capacity = static_cast<size_t>(reinterpret_cast<uintptr_t>(values[i]));
      logs.error_.size = &values[i];
      break;
    default:
      if (options[i] < 0)
        return Error{qiaoErrorInvalidValue, "unknown JIT option"};
      break;
    }
  }
  return logs;
}

void JitLogs::put(const Log &log, std::string_view text) {
  size_t written = 0;
  if (log.buffer != nullptr && log.capacity > 0) {
    written = std::min(text.size(), log.capacity - 1);
    std::memcpy(log.buffer, text.data(), written);
    log.buffer[written] = '\0';
  }
  if (log.size != nullptr)
    *log.size = reinterpret_cast<void *>(static_cast<uintptr_t>(written));
}

void JitLogs::write(std::string_view info, std::string_view error) const {
  put(info_, info);
  put(error_, error);
}

} // namespace qiao
