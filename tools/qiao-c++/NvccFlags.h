// nvcc's command-line flags as qiao-c++ reads them, so that a Makefile or CMake project whose
// compiler variable now names qiao-c++ builds with its nvcc flags unchanged: flags that only
// concern NVIDIA's device code generation are dropped, the rest become their g++ spelling.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qiao_cxx {

// What one nvcc flag becomes. `consumesNext`: the flag's value is the next argument (taken
// whether or not the flag is kept).
struct NvccFlag {
  bool recognised = false;
  bool consumesNext = false;
  std::vector<std::string> replacement; // empty: dropped
};

// `arg` at argv position i, `next` the argument after it (empty at the end).
NvccFlag translateNvccFlag(std::string_view arg, std::string_view next);

} // namespace qiao_cxx
