// The binaries nvcc built for these tests (tests/CMakeLists.txt), and small helpers to read them.
#pragma once

#include "FatbinEntry.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qiao::fatbin::test {

// The bytes of a test binary. When it is missing the calling test fails (never skips): the build
// could not run nvcc. Check with ASSERT_FALSE(bytes.empty()) after calling.
std::vector<std::uint8_t> loadArtifact(const std::string &name);

// PTX as the tests expect nvcc 13 to write it: the ISA version, the target and the kernel.
void expectPtxFor(const FatbinEntry &entry, unsigned arch, const std::string &kernel);

std::vector<const FatbinEntry *> entriesOfKind(const std::vector<FatbinEntry> &entries,
                                               EntryKind kind);

} // namespace qiao::fatbin::test
