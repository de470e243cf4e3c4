// One fuzz case for the fatbinary reader: the bytes handed to every reader in every way a CUDA
// program or the shim hands them over. The contract for any input: a result, or Error{200} with
// a one-line message starting "fatbin: " or "elf: " (Error{209} when only the choice of PTX
// fails); never a crash, a hang, a read past the bytes (GuardedBytes puts an inaccessible page
// right after them; ASan sees the same for heap copies) or a payload over the reader's 1 GiB cap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace qiao::fatbin::fuzz {

struct CaseResult {
  unsigned accepted = 0; // readers that returned a result
  unsigned refused = 0;  // readers that returned an allowed error
  std::string broken;    // what broke the contract; empty when nothing did
};

// Runs every reader over `bytes`:
//   readFatbinImage and devicePtx with the size known (a file, cuModuleLoadData of a buffer);
//   the same by address alone, the bytes ending at a guard page (a registration call);
//   a version-1 wrapper and a version-2 (-rdc) wrapper whose unit list points at them;
//   for ELF input, the section reader, the image measurer and the host-executable reader.
CaseResult runCase(const std::uint8_t *bytes, std::size_t size);

} // namespace qiao::fatbin::fuzz
