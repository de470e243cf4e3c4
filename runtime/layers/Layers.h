// The layers built into libqiao: driver tables that wrap the next driver of a QIAO_DRIVER chain
// (`trace:validate:emu`) and forward every call to it.
#pragma once

#include <qiao/driver.h>

#include <string>

namespace qiao::layers {

// Wraps `next` with the layer called `name`. Each layer exists once per process: wrapping the
// same next again gives the same table, another next gives NULL with `error` set, as does an
// unknown name.
const qiaoDriverTable *wrapWithLayer(const std::string &name, const qiaoDriverTable *next,
                                     std::string &error);

// "trace, validate": for messages.
const char *layerNames();

// One per layer (trace/TraceLayer.cpp, validate/ValidateLayer.cpp): NULL when already wrapping
// another driver.
const qiaoDriverTable *traceLayer(const qiaoDriverTable *next);
const qiaoDriverTable *validateLayer(const qiaoDriverTable *next);

} // namespace qiao::layers
