#include "Layers.h"

#include <cstring>

namespace qiao::layers {
namespace {

struct LayerEntry {
  const char *name;
  const qiaoDriverTable *(*wrap)(const qiaoDriverTable *next);
};

const LayerEntry kLayers[] = {
    {"trace", traceLayer},
    {"validate", validateLayer},
};

} // namespace

const char *layerNames() { return "trace, validate"; }

const qiaoDriverTable *wrapWithLayer(const std::string &name, const qiaoDriverTable *next,
                                     std::string &error) {
  for (const LayerEntry &layer : kLayers) {
    if (name != layer.name)
      continue;
    if (const qiaoDriverTable *table = layer.wrap(next))
      return table;
    error = "layer " + name + " already wraps another driver in this process (a layer appears " +
            "once in a chain)";
    return nullptr;
  }
  error = "unknown layer '" + name + "' (layers: " + layerNames() + ")";
  return nullptr;
}

} // namespace qiao::layers
