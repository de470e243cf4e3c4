// The qiaoError_t values as plain ints for code below the public API (the engine, the drivers),
// which must not depend on the runtime header. One source: qiao/qiao_errors.def.
#pragma once

namespace qiao::errc {

enum : int {
#define QIAO_ERROR(name, value, description) name = value,
#include "qiao/qiao_errors.def"
#undef QIAO_ERROR
};

} // namespace qiao::errc
