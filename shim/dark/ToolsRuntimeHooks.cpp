// Table a094798c-2e74-2e74-93f2-0800200c0a66: slots 2 and 6 hand the runtime a buffer and its
// size, (void **buffer, size_t *bytes), which it fills with hooks for profiling tools. Qiao runs no
// tools, so the buffers are only kept alive and zeroed.
#include "Table.h"

#include <cstddef>

namespace qiao::dark {
namespace {

alignas(64) unsigned char gHooks2[1024];
alignas(64) unsigned char gHooks6[1024];

void hooksBuffer2(void **buffer, std::size_t *bytes) {
  if (buffer != nullptr && bytes != nullptr) {
    *buffer = gHooks2;
    *bytes = sizeof gHooks2;
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
