#include "TextureSampler.h"

#include <cmath>
#include <cstring>

namespace qiao::ptx {
namespace {

enum AddressMode : uint32_t { kWrap = 0, kClamp = 1, kMirror = 2, kBorder = 3 };

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000u) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else { // subnormal: renormalise
      int e = -1;
      do {
        ++e;
        mantissa <<= 1;
      } while (!(mantissa & 0x400u));
      bits = sign | uint32_t(127 - 15 - e) << 23 | (mantissa & 0x3ffu) << 13;
    }
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | mantissa << 13;
  } else {
    bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// Channel c of the texel at integer coordinates known to be inside the texture.
void readTexel(const qiaoDrvTextureDesc &t, const uint64_t at[3], bool asFloat, Texel &out) {
  uint32_t bytes = t.channelBits / 8;
  const auto *p = static_cast<const uint8_t *>(t.data) + at[2] * t.slicePitch + at[1] * t.pitch +
                  at[0] * bytes * t.channels;
  for (uint32_t c = 0; c < t.channels && c < 4; ++c) {
    uint32_t raw = 0;
    std::memcpy(&raw, p + c * bytes, bytes);
    float value = 0;
    if (t.channelKind == QIAO_DRV_CHANNEL_FLOAT) {
      if (bytes == 2)
        value = halfToFloat(static_cast<uint16_t>(raw));
      else
        std::memcpy(&value, &raw, 4);
      std::memcpy(&out.i[c], &value, 4);
    } else if (t.channelKind == QIAO_DRV_CHANNEL_SIGNED) {
      int32_t v = bytes == 1   ? int32_t(int8_t(raw))
                  : bytes == 2 ? int32_t(int16_t(raw))
                               : int32_t(raw);
      out.i[c] = uint32_t(v);
      if (t.readNormalized && bytes < 4)
        value = std::fmax(float(v) / float((1u << (t.channelBits - 1)) - 1), -1.0f);
      else
        value = float(v);
    } else {
      out.i[c] = raw;
      value = t.readNormalized && bytes < 4 ? float(raw) / float((1u << t.channelBits) - 1)
                                            : float(raw);
    }
    out.f[c] = value;
  }
  if (asFloat && t.channels < 4)
    out.f[3] = 1.0f;
}

void borderTexel(const qiaoDrvTextureDesc &t, Texel &out) {
  for (int c = 0; c < 4; ++c) {
    out.f[c] = t.borderColor[c];
    out.i[c] = static_cast<uint32_t>(static_cast<int32_t>(t.borderColor[c]));
  }
}

uint64_t extent(const qiaoDrvTextureDesc &t, int axis) {
  return axis == 0 ? t.width : axis == 1 ? t.height : t.depth;
}

// An integer texel index after the axis' address mode; false for a border read.
bool resolveIndex(const qiaoDrvTextureDesc &t, int axis, int64_t i, uint64_t &out) {
  int64_t n = int64_t(extent(t, axis));
  if (i >= 0 && i < n) {
    out = uint64_t(i);
    return true;
  }
  switch (t.addressMode[axis]) {
  case kBorder:
    return false;
  case kWrap:
    out = uint64_t(((i % n) + n) % n);
    return true;
  case kMirror: {
    int64_t period = 2 * n, m = ((i % period) + period) % period;
    out = uint64_t(m < n ? m : period - 1 - m);
    return true;
  }
  default: // clamp
    out = uint64_t(i < 0 ? 0 : n - 1);
    return true;
  }
}

// Wrap and mirror act on normalised coordinates before they are scaled to texels.
float addressCoordinate(const qiaoDrvTextureDesc &t, int axis, float x) {
  if (!t.normalizedCoords)
    return x;
  if (t.addressMode[axis] == kWrap)
    x -= std::floor(x);
  else if (t.addressMode[axis] == kMirror) {
    float period = x - 2.0f * std::floor(x / 2.0f);
    x = period <= 1.0f ? period : 2.0f - period;
  }
  return x * float(extent(t, axis));
}

Texel texelAt(const qiaoDrvTextureDesc &t, const int64_t index[3], bool asFloat) {
  Texel out;
  uint64_t at[3] = {0, 0, 0};
  for (uint32_t axis = 0; axis < t.dimensions; ++axis)
    if (!resolveIndex(t, int(axis), index[axis], at[axis])) {
      borderTexel(t, out);
      return out;
    }
  readTexel(t, at, asFloat, out);
  return out;
}

} // namespace

Texel sampleTexture(const qiaoDrvTextureDesc &t, const float coords[3], bool asFloat) {
  float x[3] = {0, 0, 0};
  for (uint32_t axis = 0; axis < t.dimensions; ++axis)
    x[axis] = addressCoordinate(t, int(axis), coords[axis]);
  if (!t.filterLinear || !asFloat) {
    int64_t index[3] = {0, 0, 0};
    for (uint32_t axis = 0; axis < t.dimensions; ++axis)
      index[axis] = int64_t(std::floor(x[axis]));
    return texelAt(t, index, asFloat);
  }
  // Linear: the texels around x - 0.5, weighted by its fraction in 1.8 fixed point.
  int64_t base[3] = {0, 0, 0};
  float weight[3] = {0, 0, 0};
  for (uint32_t axis = 0; axis < t.dimensions; ++axis) {
    float shifted = x[axis] - 0.5f;
    float floorValue = std::floor(shifted);
    base[axis] = int64_t(floorValue);
    weight[axis] = std::round((shifted - floorValue) * 256.0f) / 256.0f;
  }
  Texel out;
  unsigned corners = 1u << t.dimensions;
  for (unsigned corner = 0; corner < corners; ++corner) {
    int64_t index[3] = {base[0], base[1], base[2]};
    float w = 1.0f;
    for (uint32_t axis = 0; axis < t.dimensions; ++axis) {
      bool upper = (corner >> axis) & 1u;
      index[axis] += upper ? 1 : 0;
      w *= upper ? weight[axis] : 1.0f - weight[axis];
    }
    Texel texel = texelAt(t, index, true);
    for (int c = 0; c < 4; ++c)
      out.f[c] += w * texel.f[c];
  }
  return out;
}

Texel fetchTexel(const qiaoDrvTextureDesc &t, const int32_t coords[3], bool asFloat) {
  Texel out;
  uint64_t at[3] = {0, 0, 0};
  for (uint32_t axis = 0; axis < t.dimensions; ++axis) {
    if (coords[axis] < 0 || uint64_t(coords[axis]) >= extent(t, axis))
      return out; // outside the texture: zeros
    at[axis] = uint64_t(coords[axis]);
  }
  readTexel(t, at, asFloat, out);
  return out;
}

} // namespace qiao::ptx
