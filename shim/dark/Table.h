// How the tables are built: each is an array of pointers whose slot 0 is the table's size in bytes;
// every slot starts as its own "not implemented" reporter and the implemented slots are filled in.
#pragma once

#include "Uuid.h"

#include <cstddef>
#include <cstdint>

namespace qiao::dark {

// Enough slots for the largest table the runtime was seen to use (see NOTES.md).
constexpr std::size_t kMaxSlots = 32;

// The tables Qiao serves, by position in kTableIds (each has its own reporter functions).
enum class TableId : int {
  ErrorLog,          // f8cff951-...: slot 1 takes the runtime's error messages
  CudartInterface,   // 6bd5fb6c-...: primary context, module registration
  ToolsRuntimeHooks, // a094798c-...: buffers the runtime fills with tool callbacks
  ToolsTls,          // 42d85a81-...: asked for; no slot was seen called
  ContextStorage,    // c693336e-...: per-context values keyed by the runtime
  ContextChecks,     // 263e8860-...: queries about a context
  IntegrityCheck,    // d4082055-...: the keyed digest that proves a genuine driver
  Count,
};

struct TableSpec {
  Uuid uuid;
  std::size_t slots; // including slot 0, the size
};

const TableSpec &tableSpec(TableId id);

// The reporter for `slot` of table `id`: prints "qiao: export table <uuid> slot <n> is not
// implemented" once per table and slot, returns CUDA_ERROR_NOT_SUPPORTED.
const void *notImplementedSlot(TableId id, std::size_t slot);

// A table whose slots 1.. are all reporters, slot 0 the size in bytes.
struct Table {
  const void *slots[kMaxSlots];
  void set(std::size_t slot, const void *function) { slots[slot] = function; }
};
void initTable(Table &table, TableId id);

// Fill in the implemented slots of each table (one file per table).
void fillErrorLog(Table &table);
void fillCudartInterface(Table &table);
void fillToolsRuntimeHooks(Table &table);
void fillContextStorage(Table &table);
void fillContextChecks(Table &table);
void fillIntegrityCheck(Table &table, const Table &cudartInterface);

} // namespace qiao::dark
