// The qiao.tex.* and qiao.surf.address.* functions of Qiao kernel IR on the host: texture and
// surface objects are the emulated device's, whose descriptions the driver keeps by handle;
// sampling is the emulated device's own (TextureSampler), so results are the interpreter's.
#include "KernelIrHost.h"
#include "TextureSampler.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

namespace qiao::kirdriver {
namespace {

constexpr int32_t kIllegalAddress = 700; // qiaoErrorIllegalAddress

std::mutex texturesMutex;
std::map<uint64_t, qiaoDrvTextureDesc> textures;

qiaoDrvTextureDesc describe(uint64_t handle, const char *what) {
  std::lock_guard lock(texturesMutex);
  auto it = textures.find(handle);
  if (it == textures.end())
    kernelFault(kIllegalAddress, std::string("not a ") + what + " object");
  return it->second;
}

// Layer `layer` of a layered texture, clamped to the layers there are (tex.a1d, tex.a2d).
qiaoDrvTextureDesc layerOf(const qiaoDrvTextureDesc &t, int32_t layer) {
  if (!t.layered)
    kernelFault(kIllegalAddress, "not a layered texture object");
  qiaoDrvTextureDesc one = t;
  uint64_t index = layer < 0 ? 0 : std::min<uint64_t>(static_cast<uint64_t>(layer), t.depth - 1);
  one.data = static_cast<const uint8_t *>(t.data) + index * t.slicePitch;
  one.depth = 1;
  return one;
}

// The texel at float coordinates, or at integer ones (a fetch from a 1D texture; texel centres
// of unnormalised nearest sampling otherwise), written as four 32-bit channels.
void sample(uint32_t *out, uint64_t handle, bool layered, int32_t layer, const float *f,
            const int32_t *i, bool asFloat) {
  qiaoDrvTextureDesc t = describe(handle, "texture");
  if (layered)
    t = layerOf(t, layer);
  ptx::Texel texel;
  if (i) {
    if (t.dimensions == 1) {
      texel = ptx::fetchTexel(t, i, asFloat);
    } else {
      float centre[3] = {i[0] + 0.5f, i[1] + 0.5f, i[2] + 0.5f};
      t.normalizedCoords = 0;
      t.filterLinear = 0;
      texel = ptx::sampleTexture(t, centre, asFloat);
    }
  } else {
    texel = ptx::sampleTexture(t, f, asFloat);
  }
  for (int c = 0; c < 4; ++c) {
    uint32_t bits = texel.i[c];
    if (asFloat)
      std::memcpy(&bits, &texel.f[c], 4);
    out[c] = bits;
  }
}

template <bool AsFloat> void tex1f(uint32_t *out, uint64_t h, float x) {
  float f[3] = {x, 0, 0};
  sample(out, h, false, 0, f, nullptr, AsFloat);
}
template <bool AsFloat> void tex2f(uint32_t *out, uint64_t h, float x, float y) {
  float f[3] = {x, y, 0};
  sample(out, h, false, 0, f, nullptr, AsFloat);
}
template <bool AsFloat> void tex3f(uint32_t *out, uint64_t h, float x, float y, float z) {
  float f[3] = {x, y, z};
  sample(out, h, false, 0, f, nullptr, AsFloat);
}
template <bool AsFloat> void texA1f(uint32_t *out, uint64_t h, int32_t layer, float x) {
  float f[3] = {x, 0, 0};
  sample(out, h, true, layer, f, nullptr, AsFloat);
}
template <bool AsFloat> void texA2f(uint32_t *out, uint64_t h, int32_t layer, float x, float y) {
  float f[3] = {x, y, 0};
  sample(out, h, true, layer, f, nullptr, AsFloat);
}
template <bool AsFloat> void tex1i(uint32_t *out, uint64_t h, int32_t x) {
  int32_t i[3] = {x, 0, 0};
  sample(out, h, false, 0, nullptr, i, AsFloat);
}
template <bool AsFloat> void tex2i(uint32_t *out, uint64_t h, int32_t x, int32_t y) {
  int32_t i[3] = {x, y, 0};
  sample(out, h, false, 0, nullptr, i, AsFloat);
}
template <bool AsFloat> void tex3i(uint32_t *out, uint64_t h, int32_t x, int32_t y, int32_t z) {
  int32_t i[3] = {x, y, z};
  sample(out, h, false, 0, nullptr, i, AsFloat);
}
template <bool AsFloat> void texA1i(uint32_t *out, uint64_t h, int32_t layer, int32_t x) {
  int32_t i[3] = {x, 0, 0};
  sample(out, h, true, layer, nullptr, i, AsFloat);
}
template <bool AsFloat>
void texA2i(uint32_t *out, uint64_t h, int32_t layer, int32_t x, int32_t y) {
  int32_t i[3] = {x, y, 0};
  sample(out, h, true, layer, nullptr, i, AsFloat);
}

enum class Boundary { Trap, Clamp, Zero };

// The element of `bytes` at (x bytes, y, z), or null for an access outside with .zero.
template <Boundary B>
void *surfaceAddress(uint64_t handle, int32_t x, int32_t y, int32_t z, int32_t bytes) {
  qiaoDrvTextureDesc t = describe(handle, "surface");
  int64_t rowBytes = int64_t(t.width * t.channels * t.channelBits / 8);
  int64_t limits[3] = {rowBytes - bytes, int64_t(t.height) - 1, int64_t(t.depth) - 1};
  int64_t at[3] = {x, y, z};
  bool outside = false;
  for (int axis = 0; axis < 3; ++axis)
    outside = outside || at[axis] < 0 || at[axis] > limits[axis];
  if (outside) {
    if (B == Boundary::Trap)
      kernelFault(kIllegalAddress, "surface access out of range");
    if (B == Boundary::Zero)
      return nullptr;
    for (int axis = 0; axis < 3; ++axis)
      at[axis] = std::clamp<int64_t>(at[axis], 0, limits[axis]);
  }
  return const_cast<uint8_t *>(static_cast<const uint8_t *>(t.data)) + at[2] * t.slicePitch +
         at[1] * t.pitch + at[0];
}

template <class F> void *address(F *f) { return reinterpret_cast<void *>(f); }

} // namespace

void rememberTexture(uint64_t handle, const qiaoDrvTextureDesc &desc) {
  std::lock_guard lock(texturesMutex);
  textures[handle] = desc;
}

void forgetTexture(uint64_t handle) {
  std::lock_guard lock(texturesMutex);
  textures.erase(handle);
}

void addTextureIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  for (const char *dtype : {"f32", "s32", "u32"}) {
    bool asFloat = std::string(dtype) == "f32";
    std::string f = std::string(".") + dtype + ".f32", i = std::string(".") + dtype + ".s32";
    out.push_back({"qiao.tex.1d" + f, asFloat ? address(tex1f<true>) : address(tex1f<false>)});
    out.push_back({"qiao.tex.2d" + f, asFloat ? address(tex2f<true>) : address(tex2f<false>)});
    out.push_back({"qiao.tex.3d" + f, asFloat ? address(tex3f<true>) : address(tex3f<false>)});
    out.push_back({"qiao.tex.a1d" + f, asFloat ? address(texA1f<true>) : address(texA1f<false>)});
    out.push_back({"qiao.tex.a2d" + f, asFloat ? address(texA2f<true>) : address(texA2f<false>)});
    out.push_back({"qiao.tex.1d" + i, asFloat ? address(tex1i<true>) : address(tex1i<false>)});
    out.push_back({"qiao.tex.2d" + i, asFloat ? address(tex2i<true>) : address(tex2i<false>)});
    out.push_back({"qiao.tex.3d" + i, asFloat ? address(tex3i<true>) : address(tex3i<false>)});
    out.push_back({"qiao.tex.a1d" + i, asFloat ? address(texA1i<true>) : address(texA1i<false>)});
    out.push_back({"qiao.tex.a2d" + i, asFloat ? address(texA2i<true>) : address(texA2i<false>)});
  }
  out.push_back({"qiao.surf.address.trap", address(surfaceAddress<Boundary::Trap>)});
  out.push_back({"qiao.surf.address.clamp", address(surfaceAddress<Boundary::Clamp>)});
  out.push_back({"qiao.surf.address.zero", address(surfaceAddress<Boundary::Zero>)});
}

} // namespace qiao::kirdriver
