// One reporter function per table and slot, so that a call the runtime makes into a slot Qiao has
// not implemented says exactly which one it was, and fails with an error instead of a crash.
#include "DriverImports.h"
#include "Table.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <utility>

namespace qiao::dark {
namespace {

constexpr int kTables = static_cast<int>(TableId::Count);

// The arguments are unknown, so none are declared: the SysV calling convention lets a function
// ignore what its caller passed, and the caller only reads the int result.
template <int T, int S> int reportSlot() {
  static std::atomic<bool> reported{false};
  if (!reported.exchange(true))
    std::fprintf(stderr, "qiao: export table %s slot %d is not implemented\n",
                 formatUuid(tableSpec(static_cast<TableId>(T)).uuid).c_str(), S);
  return kNotSupported;
}

template <int T, std::size_t... S>
constexpr std::array<const void *, kMaxSlots> slotsOf(std::index_sequence<S...>) {
  return {reinterpret_cast<const void *>(&reportSlot<T, static_cast<int>(S)>)...};
}

template <std::size_t... T>
constexpr std::array<std::array<const void *, kMaxSlots>, kTables>
allSlots(std::index_sequence<T...>) {
  return {slotsOf<static_cast<int>(T)>(std::make_index_sequence<kMaxSlots>{})...};
}

const std::array<std::array<const void *, kMaxSlots>, kTables> kReporters =
    allSlots(std::make_index_sequence<kTables>{});

} // namespace

const void *notImplementedSlot(TableId id, std::size_t slot) {
  return kReporters[static_cast<int>(id)][slot];
}

void initTable(Table &table, TableId id) {
  std::size_t slots = tableSpec(id).slots;
  table.slots[0] = reinterpret_cast<const void *>(slots * sizeof(void *));
  for (std::size_t s = 1; s < kMaxSlots; ++s)
    table.slots[s] = notImplementedSlot(id, s);
}

} // namespace qiao::dark
