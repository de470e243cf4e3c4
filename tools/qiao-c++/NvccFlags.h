// nvcc's command-line flags as qiao-c++ reads them, so that a Makefile or CMake project whose
// compiler variable now names qiao-c++ builds with its nvcc flags unchanged: flags that only
// concern NVIDIA's device code generation are dropped, the rest become their g++ spelling.
#pragma once

#include <optional>
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

// nvcc's floating-point options for device code, which the device pass gives clang and the host
// compile never sees (CUDA's fast math changes device code only: host code keeps IEEE
// semantics). Unset ones follow --use_fast_math, which implies --ftz=true --prec-div=false
// --prec-sqrt=false --fmad=true and the fast intrinsics (__expf...) for single-precision math
// functions, as nvcc documents; without it: no flushing, IEEE division and square root, FMA.
struct DeviceMathFlags {
  bool fastMath = false;
  std::optional<bool> ftz, precDiv, precSqrt, fmad;

  bool flushesDenormals() const { return ftz.value_or(fastMath); }
  bool preciseDivision() const { return precDiv.value_or(!fastMath); }
  bool preciseSqrt() const { return precSqrt.value_or(!fastMath); }
  bool contracts() const { return fmad.value_or(true); }
};

// Reads one of those flags (--use_fast_math, --ftz, --prec-div, --prec-sqrt, --fmad, long or
// short, `=value` or the value in `next`) into flags: 0 when arg is none of them, else how many
// arguments it took (1 or 2); -1 for a value that is neither true nor false.
int readDeviceMathFlag(std::string_view arg, std::string_view next, DeviceMathFlags &flags);

} // namespace qiao_cxx
