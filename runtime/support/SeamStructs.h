// The structs of the driver seam (qiao/driver.h) as C++ code on either side fills and reads them:
// each starts with its structSize, and a side writes no byte past the other side's struct.
#pragma once

#include "qiao/driver.h"

#include <cstdint>
#include <cstring>

namespace qiao {

// A zeroed seam struct whose structSize says how this side was built.
template <class T> T seamStruct() {
  T value{};
  value.structSize = static_cast<uint32_t>(sizeof(T));
  return value;
}

// Whether a struct from the other side holds every field of ABI 2 (driver.h: a smaller one is
// qiaoErrorInvalidValue). This side was built against ABI 2, so that is all it reads.
template <class T> bool holdsAbi2(const T *value) {
  return value != nullptr && value->structSize >= sizeof(T);
}

// Fills the other side's output struct from `value`: the fields this side knows, no byte past
// them, structSize left as the other side set it. The caller checked holdsAbi2(out).
template <class T> void fillSeamStruct(T *out, const T &value) {
  const uint32_t theirs = out->structSize;
  std::memcpy(static_cast<void *>(out), &value, sizeof(T));
  out->structSize = theirs;
}

} // namespace qiao
