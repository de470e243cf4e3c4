// The fatbinary reader's entry point: given the pointer a CUDA program hands over (to
// __cudaRegisterFatBinary, cuModuleLoadData or cuModuleLoadFatBinary), find every code image in
// it and decompress it.
#pragma once

#include "FatbinEntry.h"
#include "support/Expected.h"

#include <cstddef>
#include <vector>

namespace qiao::fatbin {

// What the pointer turned out to point at.
enum class ImageForm {
  Wrapper,   // the 24-byte __fatBinC_Wrapper_t (magic 0x466243B1) of a registration call
  Container, // a bare fatbin container (magic 0xBA55ED50), e.g. from nvcc -fatbin
  Ptx,       // PTX text
  Elf,       // a cubin
};

struct FatbinImage {
  ImageForm form = ImageForm::Container;
  unsigned wrapperVersion = 0; // 1 or 2 for a wrapper
  std::vector<FatbinEntry> entries;
};

// Reads the image at `image`. `knownBytes` is its size when the caller knows it (then nothing
// past it is read, and a bare container may be followed by further containers), or 0 to go by the
// sizes the headers declare, each checked against the bytes that hold the image (its ELF section
// in a loaded program, else its memory mapping: ReadableExtent.h); PTX text then ends at its NUL.
// A wrapper's fatbin is always read as one container of the size its header declares, inside
// what holds it: nvcc points each wrapper at exactly one.
Expected<FatbinImage> readFatbinImage(const void *image, std::size_t knownBytes);

// The relocatable fatbins of the translation units behind a version-2 wrapper (nvcc -rdc=true):
// one element per unit, in the order the program registered them, each that unit's entries
// (its PTX is compiled with "--compile-only" and must be linked with the others'). A version-1
// wrapper, or one whose list is empty, gives no elements.
Expected<std::vector<std::vector<FatbinEntry>>> readPrelinkedFatbins(const void *wrapper);

} // namespace qiao::fatbin
