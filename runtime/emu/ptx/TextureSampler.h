// Texture fetching as CUDA defines it (CUDA C++ Programming Guide, "Texture Fetching"): address
// modes, nearest-texel and linear filtering with 8-bit fixed-point weights, and the conversion of
// integer texels to normalised floats. Pure functions of a texture description and coordinates.
#pragma once

#include "qiao/driver.h"

#include <array>
#include <cstdint>

namespace qiao::ptx {

// A fetched texel: four channels, as floats or as integer bits (missing channels read 0, and
// the fourth as 1 for float results, as CUDA fills them).
struct Texel {
  std::array<float, 4> f{0, 0, 0, 0};
  std::array<uint32_t, 4> i{0, 0, 0, 0};
};

// Samples at float coordinates (texel space, or [0, 1) when the texture's coordinates are
// normalised). `asFloat` says which representation the instruction returns.
Texel sampleTexture(const qiaoDrvTextureDesc &t, const float coords[3], bool asFloat);

// tex1Dfetch and friends: integer texel coordinates, no filtering; outside the texture reads 0.
Texel fetchTexel(const qiaoDrvTextureDesc &t, const int32_t coords[3], bool asFloat);

} // namespace qiao::ptx
