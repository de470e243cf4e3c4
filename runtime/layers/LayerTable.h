// Builds a layer's driver table: every slot the next driver provides is filled with a function
// that hands the call to the layer, which calls the next driver's slot itself. The table's slots
// take no context argument, so a layer keeps its state in one process-wide instance.
//
// A layer is a class with
//   static const qiaoDriverTable *next;
//   template <Slot S, class... A> static qiaoDrvStatus intercept(qiaoDrvStatus (*fn)(A...), A...);
// where fn is the next driver's slot S.
#pragma once

#include "DriverSlots.h"

#include <qiao/driver.h>

#include <cstddef>

namespace qiao::layers {

template <class Layer, Slot S, auto Member> struct SlotHook;

template <class Layer, Slot S, class... A, qiaoDrvStatus (*qiaoDriverTable::*Member)(A...)>
struct SlotHook<Layer, S, Member> {
  static qiaoDrvStatus call(A... args) {
    return Layer::template intercept<S>(Layer::next->*Member, args...);
  }
};

// The layer's table over `next`: what next lacks (an optional slot left NULL, or beyond a shorter
// table's struct_size), the layer lacks too, so the runtime sees the same capabilities.
template <class Layer> qiaoDriverTable makeLayerTable(const qiaoDriverTable *next) {
  qiaoDriverTable table{};
  table.struct_size = sizeof(qiaoDriverTable);
  table.abi_version = QIAO_DRIVER_ABI_VERSION;
  table.name = next->name;
  table.formats = next->formats;
#define QIAO_DRIVER_SLOT(slot, params, ...)                                                        \
  if (QIAO_DRIVER_HAS_SLOT(next, slot))                                                            \
    table.slot = &SlotHook<Layer, Slot::slot, &qiaoDriverTable::slot>::call;
#include "DriverSlots.def"
#undef QIAO_DRIVER_SLOT
  return table;
}

} // namespace qiao::layers
