#include "DriverChain.h"

#include "layers/Layers.h"

#include <qiao/qiao_runtime.h>

#include <cstdio>

namespace qiao::rt {
namespace {

Error chainError(const std::string &spec, const std::string &why) {
  std::string message = "QIAO_DRIVER=" + spec + ": " + why;
  std::fprintf(stderr, "qiao: %s\n", message.c_str());
  return Error{qiaoErrorInsufficientDriver, std::move(message)};
}

} // namespace

Expected<DriverChain> parseDriverChain(const std::string &spec) {
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    size_t colon = spec.find(':', start);
    names.push_back(spec.substr(start, colon == std::string::npos ? colon : colon - start));
    if (names.back().empty())
      return chainError(spec, "empty name in the chain (expected LAYER:...:DRIVER)");
    if (colon == std::string::npos)
      break;
    start = colon + 1;
  }
  DriverChain chain;
  chain.driver = names.back();
  names.pop_back();
  chain.layers = std::move(names);
  return chain;
}

Expected<const qiaoDriverTable *> applyLayers(const DriverChain &chain,
                                              const qiaoDriverTable *driver) {
  const qiaoDriverTable *table = driver;
  for (auto layer = chain.layers.rbegin(); layer != chain.layers.rend(); ++layer) {
    std::string error;
    table = layers::wrapWithLayer(*layer, table, error);
    if (!table) {
      std::string spec;
      for (const std::string &name : chain.layers)
        spec += name + ":";
      return chainError(spec + chain.driver, error);
    }
  }
  return table;
}

} // namespace qiao::rt
