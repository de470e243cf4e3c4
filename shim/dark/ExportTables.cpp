// qiaoDarkExportTable: which UUID names which table, and building the tables once.
#include "DarkApi.h"
#include "Table.h"

#include <atomic>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>

namespace qiao::dark {
namespace {

// Sizes (in slots, slot 0 included) as measured and as the runtime checks them; see NOTES.md.
const TableSpec kSpecs[] = {
    {{0xf8, 0xcf, 0xf9, 0x51, 0x21, 0x46, 0x8b, 0x4e, 0xb9, 0xe2, 0xfb, 0x46, 0x9e, 0x7c, 0x0d,
      0xd9},
     11},
    {{0x6b, 0xd5, 0xfb, 0x6c, 0x5b, 0xf4, 0xe7, 0x4a, 0x89, 0x87, 0xd9, 0x39, 0x12, 0xfd, 0x9d,
      0xf9},
     13},
    {{0xa0, 0x94, 0x79, 0x8c, 0x2e, 0x74, 0x2e, 0x74, 0x93, 0xf2, 0x08, 0x00, 0x20, 0x0c, 0x0a,
      0x66},
     7},
    {{0x42, 0xd8, 0x5a, 0x81, 0x23, 0xf6, 0xcb, 0x47, 0x82, 0x98, 0xf6, 0xe7, 0x8a, 0x3a, 0xec,
      0xdc},
     4},
    {{0xc6, 0x93, 0x33, 0x6e, 0x11, 0x21, 0xdf, 0x11, 0xa8, 0xc3, 0x68, 0xf3, 0x55, 0xd8, 0x95,
      0x93},
     4},
    {{0x26, 0x3e, 0x88, 0x60, 0x7c, 0xd2, 0x61, 0x43, 0x92, 0xf6, 0xbb, 0xd5, 0x00, 0x6d, 0xfa,
      0x7e},
     4},
    {{0xd4, 0x08, 0x20, 0x55, 0xbd, 0xe6, 0x70, 0x4b, 0x8d, 0x34, 0xba, 0x12, 0x3c, 0x66, 0xe1,
      0xf2},
     3},
};
static_assert(sizeof kSpecs / sizeof kSpecs[0] == static_cast<int>(TableId::Count));

// Tables NVIDIA's libraries ask for and do without: refused quietly (CUDA_ERROR_NOT_SUPPORTED),
// because the caller carries on. libnvrtc.so.13 asks for da9151d3-... when a program links NVRTC
// and the driver together (measured: shim/tests/driver_programs/nvrtc_saxpy.cu passes without it).
const Uuid kDeclined[] = {
    {0xda, 0x91, 0x51, 0xd3, 0x3a, 0xe6, 0xcc, 0x41, 0xa5, 0xc0, 0x4f, 0x26, 0xd5, 0x33, 0xe3,
     0x28},
};

struct AllTables {
  Table tables[static_cast<int>(TableId::Count)];
  AllTables() {
    for (int t = 0; t < static_cast<int>(TableId::Count); ++t)
      initTable(tables[t], static_cast<TableId>(t));
    fillErrorLog(at(TableId::ErrorLog));
    fillCudartInterface(at(TableId::CudartInterface));
    fillToolsRuntimeHooks(at(TableId::ToolsRuntimeHooks));
    fillContextStorage(at(TableId::ContextStorage));
    fillContextChecks(at(TableId::ContextChecks));
    fillIntegrityCheck(at(TableId::IntegrityCheck), at(TableId::CudartInterface));
  }
  Table &at(TableId id) { return tables[static_cast<int>(id)]; }
};

std::atomic<bool> gRuntimeAttached{false};

const AllTables &allTables() {
  static const AllTables tables;
  return tables;
}

} // namespace

const TableSpec &tableSpec(TableId id) { return kSpecs[static_cast<int>(id)]; }

} // namespace qiao::dark

extern "C" const void *qiaoDarkExportTable(const unsigned char uuid[16]) {
  using namespace qiao::dark;
  if (uuid == nullptr)
    return nullptr;
  for (int t = 0; t < static_cast<int>(TableId::Count); ++t)
    if (std::memcmp(kSpecs[t].uuid.data(), uuid, 16) == 0) {
      if (static_cast<TableId>(t) == TableId::CudartInterface)
        gRuntimeAttached.store(true);
      return allTables().tables[t].slots;
    }
  Uuid id;
  std::memcpy(id.data(), uuid, 16);
  for (const Uuid &declined : kDeclined)
    if (declined == id)
      return nullptr;
  static std::mutex mutex;
  static std::set<Uuid> reported;
  std::lock_guard lock(mutex);
  if (reported.insert(id).second)
    std::fprintf(stderr, "qiao: export table %s is not implemented\n", formatUuid(id).c_str());
  return nullptr;
}

extern "C" int qiaoDarkRuntimeAttached(void) { return qiao::dark::gRuntimeAttached.load() ? 1 : 0; }
