#include "TraceOption.h"

namespace qiao::run {

std::string withTraceLayer(const char *driver) {
  std::string chain = (driver && *driver) ? driver : "emu";
  // Every name but the last is a layer.
  size_t start = 0;
  for (size_t colon; (colon = chain.find(':', start)) != std::string::npos; start = colon + 1)
    if (chain.compare(start, colon - start, "trace") == 0)
      return chain;
  return "trace:" + chain;
}

} // namespace qiao::run
