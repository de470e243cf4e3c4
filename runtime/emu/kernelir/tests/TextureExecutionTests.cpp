// Texture and surface objects in Qiao kernel IR: tex through qiao.tex.* and suld/sust at the
// address qiao.surf.address.* gives, run through the kir driver on objects the runtime created,
// compared with the interpreter sampling the same texels and with the values CUDA defines.
#include "KirDifferential.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::KirModule;
using qiao::ptx::test::ParamPack;
using qiao::ptx::test::PtxRunner;

const char *kKernels = R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry sample2d(.param .u64 tex, .param .u64 coords, .param .u64 out)
{
  .reg .b32 %i;
  .reg .b64 %t, %c, %o, %off;
  .reg .f32 %x, %y, %f<4>;
  ld.param.u64 %t, [tex];
  ld.param.u64 %c, [coords];
  ld.param.u64 %o, [out];
  mov.u32 %i, %tid.x;
  mul.wide.u32 %off, %i, 8;
  add.s64 %c, %c, %off;
  ld.global.v2.f32 {%x, %y}, [%c];
  tex.2d.v4.f32.f32 {%f0, %f1, %f2, %f3}, [%t, {%x, %y}];
  mul.wide.u32 %off, %i, 16;
  add.s64 %o, %o, %off;
  st.global.v4.f32 [%o], {%f0, %f1, %f2, %f3};
  ret;
}
.visible .entry fetch1d(.param .u64 tex, .param .u64 out)
{
  .reg .b32 %i, %r<4>;
  .reg .b64 %t, %o, %off;
  ld.param.u64 %t, [tex];
  ld.param.u64 %o, [out];
  mov.u32 %i, %tid.x;
  sub.s32 %r0, %i, 4;
  tex.1d.v4.s32.s32 {%r0, %r1, %r2, %r3}, [%t, {%r0}];
  mul.wide.u32 %off, %i, 16;
  add.s64 %o, %o, %off;
  st.global.v4.b32 [%o], {%r0, %r1, %r2, %r3};
  ret;
}
.visible .entry negate2d(.param .u64 surf)
{
  .reg .b32 %i, %x, %y, %bytes, %v;
  .reg .b64 %s;
  ld.param.u64 %s, [surf];
  mov.u32 %x, %tid.x;
  mov.u32 %y, %tid.y;
  shl.b32 %bytes, %x, 2;
  suld.b.2d.b32.trap {%v}, [%s, {%bytes, %y}];
  neg.s32 %v, %v;
  sust.b.2d.b32.trap [%s, {%bytes, %y}], {%v};
  add.s32 %bytes, %bytes, 64;
  suld.b.2d.b32.zero {%v}, [%s, {%bytes, %y}];
  add.s32 %bytes, %bytes, 64;
  sust.b.2d.b32.zero [%s, {%bytes, %y}], {%v};
  ret;
}
)";

constexpr int kWidth = 8, kHeight = 6;

std::vector<float> texels() {
  std::vector<float> t(kWidth * kHeight);
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x)
      t[y * kWidth + x] = static_cast<float>(x * 10 + y);
  return t;
}

TEST(KernelIrTextures, TwoDimensionalSamplingMatchesTheInterpreter) {
  std::vector<float> host = texels();
  // A texel centre and the point halfway between two, then a sweep over the texture and past
  // its edges (clamped).
  std::vector<float> coords = {2.5f, 3.5f, 3.0f, 3.5f};
  for (int k = 0; k < 126; ++k) {
    // Texel centres, the points between them, and points outside (clamped).
    coords.push_back(-1.5f + 0.25f * static_cast<float>(k % 48));
    coords.push_back(-1.0f + 0.375f * static_cast<float>(k / 6 % 24));
  }
  auto n = static_cast<uint32_t>(coords.size() / 2);

  // The interpreter, on a texture of the same texels.
  PtxRunner r;
  r.interpretOnly = true;
  ASSERT_TRUE(r.load(kKernels));
  float *rdata = r.memory.array<float>(host);
  qiaoDrvTextureDesc desc{};
  desc.structSize = sizeof desc;
  desc.data = rdata;
  desc.width = kWidth, desc.height = kHeight, desc.depth = 1;
  desc.pitch = kWidth * 4, desc.slicePitch = desc.pitch * kHeight;
  desc.channels = 1, desc.channelBits = 32, desc.channelKind = QIAO_DRV_CHANNEL_FLOAT;
  desc.dimensions = 2;
  desc.addressMode[0] = desc.addressMode[1] = desc.addressMode[2] = 1; // clamp
  desc.filterLinear = 1;
  uint64_t rtex = r.memory.addTexture(desc);
  float *rcoords = r.memory.array<float>(coords), *rout = r.memory.array<float>(4 * n);
  auto result = r.run("sample2d", {1}, {n}, ParamPack().add(rtex).add(rcoords).add(rout));
  ASSERT_EQ(result.code, 0) << result.report;

  // The kir driver, on a texture object the runtime made.
  DeviceArray<float> data(host), dcoords(coords), out(4 * n);
  qiaoResourceDesc res{};
  res.resType = qiaoResourceTypePitch2D;
  res.res.pitch2D.devPtr = data.pointer();
  res.res.pitch2D.desc = {32, 0, 0, 0, qiaoChannelFormatKindFloat};
  res.res.pitch2D.width = kWidth;
  res.res.pitch2D.height = kHeight;
  res.res.pitch2D.pitchInBytes = kWidth * 4;
  qiaoTextureDesc tex{};
  tex.addressMode[0] = tex.addressMode[1] = tex.addressMode[2] = qiaoAddressModeClamp;
  tex.filterMode = qiaoFilterModeLinear;
  tex.readMode = qiaoReadModeElementType;
  qiaoTextureObject_t object = 0;
  ASSERT_EQ(qiaoCreateTextureObject(&object, &res, &tex, nullptr), qiaoSuccess);
  KirModule module(kKernels);
  ASSERT_TRUE(module.loaded());
  void *args[] = {&object, &dcoords.pointer(), &out.pointer()};
  ASSERT_EQ(module.run("sample2d", 1, n, args), qiaoSuccess);
  std::vector<float> got = out.read();
  for (uint32_t k = 0; k < 4 * n; ++k)
    EXPECT_EQ(std::memcmp(&got[k], &rout[k], 4), 0)
        << "at (" << coords[k / 4 * 2] << ", " << coords[k / 4 * 2 + 1] << ") channel " << k % 4
        << ": " << got[k] << " vs " << rout[k];
  // CUDA's rules: a texel centre reads the texel; halfway between two centres, their mean; the
  // missing channels read 0 and the fourth 1.
  EXPECT_EQ(got[0], 23.0f);
  EXPECT_EQ(got[4], 28.0f);
  EXPECT_EQ(got[1], 0.0f);
  EXPECT_EQ(got[3], 1.0f);
  EXPECT_EQ(qiaoDestroyTextureObject(object), qiaoSuccess);
}

TEST(KernelIrTextures, IntegerFetchesReadTexelsAndZerosOutside) {
  std::vector<int> host = {5, -6, 7, -8, 9, -10, 11, -12};
  DeviceArray<int> data(host), out(4 * 16);
  qiaoResourceDesc res{};
  res.resType = qiaoResourceTypeLinear;
  res.res.linear.devPtr = data.pointer();
  res.res.linear.desc = {32, 0, 0, 0, qiaoChannelFormatKindSigned};
  res.res.linear.sizeInBytes = host.size() * 4;
  qiaoTextureDesc tex{};
  tex.readMode = qiaoReadModeElementType;
  qiaoTextureObject_t object = 0;
  ASSERT_EQ(qiaoCreateTextureObject(&object, &res, &tex, nullptr), qiaoSuccess);
  KirModule module(kKernels);
  ASSERT_TRUE(module.loaded());
  void *args[] = {&object, &out.pointer()};
  ASSERT_EQ(module.run("fetch1d", 1, 16, args), qiaoSuccess);
  std::vector<int> got = out.read();
  for (int t = 0; t < 16; ++t) {
    int x = t - 4;
    EXPECT_EQ(got[4 * t], x >= 0 && x < 8 ? host[x] : 0) << "texel " << x;
    EXPECT_EQ(got[4 * t + 1], 0);
  }
  EXPECT_EQ(qiaoDestroyTextureObject(object), qiaoSuccess);
}

TEST(KernelIrTextures, SurfaceLoadsAndStoresHonourTheBoundaryMode) {
  // A 16 x 4 array of ints; each thread of a 16 x 4 block negates its element; the .zero
  // accesses 64 bytes (16 elements) to the right lie outside: loads read 0, stores are dropped.
  qiaoChannelFormatDesc format = {32, 0, 0, 0, qiaoChannelFormatKindSigned};
  qiaoArray_t array = nullptr;
  ASSERT_EQ(qiaoMallocArray(&array, &format, 16, 4, qiaoArraySurfaceLoadStore), qiaoSuccess);
  std::vector<int> host(64);
  for (int i = 0; i < 64; ++i)
    host[i] = i + 1;
  ASSERT_EQ(qiaoMemcpy2DToArray(array, 0, 0, host.data(), 64, 64, 4, qiaoMemcpyHostToDevice),
            qiaoSuccess);
  qiaoResourceDesc res{};
  res.resType = qiaoResourceTypeArray;
  res.res.array.array = array;
  qiaoSurfaceObject_t surface = 0;
  ASSERT_EQ(qiaoCreateSurfaceObject(&surface, &res), qiaoSuccess);
  KirModule module(kKernels);
  ASSERT_TRUE(module.loaded());
  void *args[] = {&surface};
  ASSERT_EQ(module.run("negate2d", 1, 16, args, 0, 4), qiaoSuccess);
  std::vector<int> got(64);
  ASSERT_EQ(qiaoMemcpy2DFromArray(got.data(), 64, array, 0, 0, 64, 4, qiaoMemcpyDeviceToHost),
            qiaoSuccess);
  for (int i = 0; i < 64; ++i)
    EXPECT_EQ(got[i], -(i + 1)) << i;
  EXPECT_EQ(qiaoDestroySurfaceObject(surface), qiaoSuccess);
  EXPECT_EQ(qiaoFreeArray(array), qiaoSuccess);
}

} // namespace
