// qiao-run --trace FILE: the QIAO_DRIVER chain with the trace layer on top.
#pragma once

#include <string>

namespace qiao::run {

// `driver` (a QIAO_DRIVER value, which may be null or empty: the default driver) with the trace
// layer added outermost, unless the chain already names it.
std::string withTraceLayer(const char *driver);

} // namespace qiao::run
