// Table f8cff951-2146-8b4e-b9e2-fb469e7c0dd9, slot 1: the runtime hands the driver its error
// messages, printf style (component, severity, format, va_list); it ignores the result. Seen with
// ("CUDA", 0, "Invalid device number %d provided ...") from cudaSetDevice(7). CUDA 12.9 and later
// keep such messages in the driver's error log, which the documented CUDA_LOG_FILE variable
// ("stdout", "stderr" or a path) sends out; Qiao does the same and otherwise stays quiet, as the
// real driver does.
#include "Table.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace qiao::dark {
namespace {

// Where CUDA_LOG_FILE says messages go, opened on first use; null when it is unset or unusable.
std::FILE *logStream() {
  static std::FILE *stream = []() -> std::FILE * {
    const char *target = std::getenv("CUDA_LOG_FILE");
    if (target == nullptr || *target == '\0')
      return nullptr;
    if (std::strcmp(target, "stdout") == 0)
      return stdout;
    if (std::strcmp(target, "stderr") == 0)
      return stderr;
    return std::fopen(target, "a");
  }();
  return stream;
}

int logMessage(const char *component, int severity, const char *format, std::va_list args) {
  std::FILE *stream = logStream();
  if (stream == nullptr || format == nullptr)
    return 0;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fprintf(stream, "[%s][%s] ", component ? component : "CUDA",
               severity == 0 ? "ERROR" : "INFO");
  std::vfprintf(stream, format, args);
  std::fputc('\n', stream);
  std::fflush(stream);
  return 0;
}

} // namespace

void fillErrorLog(Table &table) { table.set(1, reinterpret_cast<const void *>(&logMessage)); }

} // namespace qiao::dark
