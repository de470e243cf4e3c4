// How far a reader given only an address may read. CUDA's loading calls
// (__cudaRegisterFatBinary, cuModuleLoadData, cuLibraryLoadData) pass a pointer without a size,
// so the sizes in the image's own headers are all there is; this finds the bytes that actually
// hold the image, so that a header claiming more is refused instead of followed into other
// memory.
#pragma once

#include "support/Expected.h"

#include <cstdint>
#include <string>

namespace qiao::fatbin {

struct ReadableExtent {
  std::uint64_t bytes = 0; // readable bytes from the address on
  std::string holder;      // what holds them, for messages: "section .nv_fatbin of /bin/app"
};

// The bytes from `address` to the end of what holds it: the ELF section of a loaded object
// (nvcc's .nv_fatbin and .nvFatBinSegment), else that object's loaded segment, else the
// readable memory mapping (heap, a mapped file). An address in no readable mapping is an error
// 200; where the process's mappings cannot be read at all, the extent is unbounded.
Expected<ReadableExtent> readableExtent(const void *address);

} // namespace qiao::fatbin
