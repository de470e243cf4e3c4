// The log buffers a JIT option list asks for, in CUDA's CUjit_option numbering (which
// hipJitOption shares): CU_JIT_INFO_LOG_BUFFER (3) with CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES (4), and
// CU_JIT_ERROR_LOG_BUFFER (5) with CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES (6). A size option's value
// is the buffer's capacity in bytes going in (the number itself, cast to a pointer) and the bytes
// written coming out, as cuModuleLoadDataEx and cuLinkCreate document. Every other option steers
// NVIDIA's compiler and is accepted as given. Used by qiaoModuleLoadDataEx and libcuda's
// cuModuleLoadDataEx and cuLink* calls, so that both report alike: each library compiles it in
// (the static library qiao_support), since it holds no state of the runtime.
#pragma once

#include "support/Expected.h"

#include <cstddef>
#include <string_view>

namespace qiao {

class JitLogs {
public:
  // qiaoErrorInvalidValue when options are announced but missing, or an option is negative.
  static Expected<JitLogs> parse(unsigned count, const int *options, void **values);

  // Writes the logs: each buffer gets its text, truncated to fit and NUL-terminated, and its size
  // option the count of characters written (without the NUL). A log nobody asked for is dropped.
  void write(std::string_view info, std::string_view error) const;

private:
  struct Log {
    char *buffer = nullptr;
    size_t capacity = 0;
    void **size = nullptr; // the option value that receives the count
  };
  static void put(const Log &log, std::string_view text);

  Log info_, error_;
};

} // namespace qiao
