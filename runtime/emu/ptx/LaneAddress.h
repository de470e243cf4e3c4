// The per-lane address an Address operand names: its base register's cell plus the displacement,
// and for a .local variable of the function the current frame's depot.
#pragma once

#include "Ir.h"
#include "Warp.h"

#include <cstdint>

namespace qiao::ptx {

struct LaneAddress {
  const uint64_t *base;
  int64_t offset;
  LaneAddress(Warp &w, const Operand &a)
      : base(a.reg != kNoReg ? w.row(a.reg) : nullptr),
        offset(a.offset + (a.frameRelative ? static_cast<int64_t>(w.frameLocalBase()) : 0)) {}
  uint64_t operator()(int lane) const {
    return (base ? base[lane] : 0) + static_cast<uint64_t>(offset);
  }
};

} // namespace qiao::ptx
