// Table a094798c-2e74-2e74-93f2-0800200c0a66: slots 2 and 6 hand the runtime a buffer and its
// size, (void **buffer, size_t *bytes), which it fills with hooks for profiling tools. Qiao runs no
// tools, so the buffers are only kept alive and zeroed. The runtime also reads them as arrays of
// 32-bit "callback enabled" flags indexed by its callback id without checking the size it was
// given (cudaEventElapsedTime reads offset 0x798, id 486), so the storage is far larger than the
// sizes reported: every id up to kFlagWords reads 0 and the runtime skips the tool path.
#include "Table.h"

#include <cstddef>
#include <cstdint>

namespace qiao::dark {
namespace {

constexpr std::size_t kFlagWords = 16384;
alignas(64) std::uint32_t gHooks2[kFlagWords];
alignas(64) std::uint32_t gHooks6[kFlagWords];
constexpr std::size_t kHooks2Bytes = 1024; // accepted by the runtime; larger sizes untested

void hooksBuffer2(void **buffer, std::size_t *bytes) {
  if (buffer != nullptr && bytes != nullptr) {
    *buffer = gHooks2;
    *bytes = kHooks2Bytes;
  }
}

void hooksBuffer6(void **buffer, std::size_t *bytes) {
  if (buffer != nullptr && bytes != nullptr) {
    *buffer = gHooks6;
    *bytes = 14; // what public notes report the real driver answers; the runtime accepted it
  }
}

} // namespace

void fillToolsRuntimeHooks(Table &table) {
  table.set(2, reinterpret_cast<const void *>(&hooksBuffer2));
  table.set(6, reinterpret_cast<const void *>(&hooksBuffer6));
}

} // namespace qiao::dark
