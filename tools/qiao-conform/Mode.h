// The ways a CUDA program reaches a device, as qiao-conform runs them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::conform {

enum class Mode {
  Shim,       // nvcc -cudart shared: Qiao's libcudart.so.13 replaces NVIDIA's (qiao-run)
  ShimStatic, // nvcc's default, NVIDIA's runtime linked in: it talks to Qiao's libcuda.so.1
  Translated, // qiao-translate, then qiao-c++: kernels compiled for the host
  Native,     // the shim-static binary with NVIDIA's own libraries, on an NVIDIA GPU
};

inline constexpr Mode kAllModes[] = {Mode::Shim, Mode::ShimStatic, Mode::Translated, Mode::Native};

std::string_view modeName(Mode mode);
std::optional<Mode> parseMode(std::string_view name);
// Modes whose kernels run on Qiao's PTX engine, where QIAO_EXEC picks the backend.
bool usesPtxEngine(Mode mode);

// Splits "a,b,c" (empty pieces dropped).
std::vector<std::string> splitList(std::string_view text, char separator = ',');

} // namespace qiao::conform
