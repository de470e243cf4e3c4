// QIAO_LOG tracing of entry points (see Trace.h).
#include "Trace.h"

#include <qiao/qiao_runtime.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace qiao::cudart {

bool traceEnabled() {
  static const bool enabled = [] {
    const char *value = std::getenv("QIAO_LOG");
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
  }();
  return enabled;
}

const char *cudaErrorNameOf(int code) {
  // qiao_errors.def names each code qiaoXxx; CUDA's name is cudaXxx. Built once, never freed.
  static const auto *names = [] {
    auto *table = new std::map<int, std::string>;
#define QIAO_ERROR(name, value, description) (*table)[value] = "cuda" + std::string(#name + 4);
#include <qiao/qiao_errors.def>
#undef QIAO_ERROR
    return table;
  }();
  auto found = names->find(code);
  return found == names->end() ? "unrecognized error code" : found->second.c_str();
}

void traceLine(const char *function, const std::string &arguments, int result) {
  std::fprintf(stderr, "qiao: %s(%s) -> %s\n", function, arguments.c_str(),
               cudaErrorNameOf(result));
}

void traceLine(const char *function, const std::string &arguments, const char *result) {
  std::fprintf(stderr, "qiao: %s(%s) -> \"%s\"\n", function, arguments.c_str(),
               result ? result : "(null)");
}

} // namespace qiao::cudart
