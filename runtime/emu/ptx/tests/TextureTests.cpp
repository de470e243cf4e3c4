// Texture fetches (tex on texture objects: nearest and linear filtering, address modes,
// normalised coordinates and read modes, integer fetches), the warp-size constant WARP_SZ and the
// environment registers of ordinary and cooperative launches. Expected values by hand from the
// CUDA Programming Guide's "Texture Fetching" formulas.
#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <vector>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

// out[tid] = tex2D(tex, x[tid], y[tid]).x for float coordinates.
constexpr const char *kSample2D = R"(
.visible .entry sample(.param .u64 tex, .param .u64 xs, .param .u64 ys, .param .u64 out)
{
  .reg .b32 %r<4>; .reg .f32 %f<8>; .reg .b64 %rd<12>;
  ld.param.u64 %rd1, [tex];
  ld.param.u64 %rd2, [xs];
  ld.param.u64 %rd3, [ys];
  ld.param.u64 %rd4, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd5, %r1, 4;
  add.u64 %rd6, %rd2, %rd5;
  add.u64 %rd7, %rd3, %rd5;
  add.u64 %rd8, %rd4, %rd5;
  ld.global.f32 %f1, [%rd6];
  ld.global.f32 %f2, [%rd7];
  tex.2d.v4.f32.f32 {%f3, %f4, %f5, %f6}, [%rd1, {%f1, %f2}];
  st.global.f32 [%rd8], %f3;
  ret;
})";

qiaoDrvTextureDesc floatTexture(const float *texels, uint64_t width, uint64_t height) {
  qiaoDrvTextureDesc t{};
  t.data = texels;
  t.width = width;
  t.height = height;
  t.depth = 1;
  t.pitch = width * sizeof(float);
  t.slicePitch = t.pitch * height;
  t.channels = 1;
  t.channelBits = 32;
  t.channelKind = QIAO_DRV_CHANNEL_FLOAT;
  t.dimensions = 2;
  t.addressMode[0] = t.addressMode[1] = t.addressMode[2] = 1; // clamp
  return t;
}

std::vector<float> sample(PtxRunner &r, const qiaoDrvTextureDesc &desc, const std::vector<float> &x,
                          const std::vector<float> &y) {
  uint64_t tex = r.memory.addTexture(desc);
  auto *xs = r.memory.array(x);
  auto *ys = r.memory.array(y);
  auto *out = r.memory.array<float>(x.size());
  auto result =
      r.run("sample", {1}, {uint32_t(x.size())}, ParamPack().add(tex).add(xs).add(ys).add(out));
  EXPECT_EQ(result.code, 0) << result.report;
  return {out, out + x.size()};
}

TEST(Texture, NearestTexelWithClampAndBorder) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kSample2D));
  // 4 x 2 texels, value 10*y + x.
  auto *texels = r.memory.array(std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13});
  qiaoDrvTextureDesc t = floatTexture(texels, 4, 2);
  auto got = sample(r, t, {0.5f, 3.9f, 2.0f, -5.0f, 9.0f}, {0.5f, 1.2f, 0.99f, 1.5f, 0.0f});
  EXPECT_EQ(got, (std::vector<float>{0, 13, 2, 10, 3}));
  t.addressMode[0] = t.addressMode[1] = 3; // border: outside reads the border colour
  t.borderColor[0] = -1;
  got = sample(r, t, {-0.5f, 4.5f, 1.5f}, {0.5f, 0.5f, 1.5f});
  EXPECT_EQ(got, (std::vector<float>{-1, -1, 11}));
}

TEST(Texture, LinearFilteringUsesNinebitWeights) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kSample2D));
  auto *texels = r.memory.array(std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13});
  qiaoDrvTextureDesc t = floatTexture(texels, 4, 2);
  t.filterLinear = 1;
  // At a texel centre the texel itself; halfway between two, their mean; a third of the way,
  // the weight rounds to 85/256 as the hardware's 8-bit fraction does.
  auto got = sample(r, t, {1.5f, 2.0f, 1.5f, 1.5f + 1.0f / 3}, {0.5f, 0.5f, 1.0f, 0.5f});
  EXPECT_FLOAT_EQ(got[0], 1.0f);
  EXPECT_FLOAT_EQ(got[1], 1.5f);
  EXPECT_FLOAT_EQ(got[2], 6.0f);
  EXPECT_FLOAT_EQ(got[3], 1.0f + 85.0f / 256);
}

TEST(Texture, NormalisedCoordinatesWrapAndMirror) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kSample2D));
  auto *texels = r.memory.array(std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13});
  qiaoDrvTextureDesc t = floatTexture(texels, 4, 2);
  t.normalizedCoords = 1;
  t.addressMode[0] = t.addressMode[1] = 0; // wrap
  auto got = sample(r, t, {0.125f, 1.125f, -0.125f}, {0.25f, 0.75f, 0.25f});
  EXPECT_EQ(got, (std::vector<float>{0, 10, 3}));
  t.addressMode[0] = 2; // mirror: 1.125 reflects to 0.875, -0.125 to 0.125
  got = sample(r, t, {1.125f, -0.125f}, {0.25f, 0.25f});
  EXPECT_EQ(got, (std::vector<float>{3, 0}));
}

TEST(Texture, UnsignedBytesReadAsNormalisedFloats) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kSample2D));
  auto *texels = static_cast<uint8_t *>(r.memory.allocate(4));
  texels[0] = 0, texels[1] = 51, texels[2] = 255, texels[3] = 128;
  qiaoDrvTextureDesc t{};
  t.data = texels;
  t.width = 4, t.height = 1, t.depth = 1, t.pitch = 4, t.slicePitch = 4;
  t.channels = 1, t.channelBits = 8, t.channelKind = QIAO_DRV_CHANNEL_UNSIGNED;
  t.dimensions = 2, t.readNormalized = 1;
  t.addressMode[0] = t.addressMode[1] = 1;
  auto got = sample(r, t, {0.5f, 1.5f, 2.5f}, {0.5f, 0.5f, 0.5f});
  EXPECT_FLOAT_EQ(got[0], 0.0f);
  EXPECT_FLOAT_EQ(got[1], 0.2f);
  EXPECT_FLOAT_EQ(got[2], 1.0f);
}

TEST(Texture, IntegerFetchFromLinearMemoryReadsZeroOutside) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + R"(
.visible .entry fetch(.param .u64 tex, .param .u64 out)
{
  .reg .b32 %r<8>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [tex];
  ld.param.u64 %rd2, [out];
  mov.u32 %r1, %tid.x;
  sub.s32 %r2, %r1, 1;
  tex.1d.v4.s32.s32 {%r3, %r4, %r5, %r6}, [%rd1, {%r2}];
  mul.wide.u32 %rd3, %r1, 8;
  add.u64 %rd4, %rd2, %rd3;
  st.global.v2.u32 [%rd4], {%r3, %r4};
  ret;
})"));
  auto *texels = r.memory.array(std::vector<int32_t>{5, -6, 7, -8}); // two int2 texels
  qiaoDrvTextureDesc t{};
  t.data = texels;
  t.width = 2, t.height = 1, t.depth = 1, t.pitch = 16, t.slicePitch = 16;
  t.channels = 2, t.channelBits = 32, t.channelKind = QIAO_DRV_CHANNEL_SIGNED, t.dimensions = 1;
  uint64_t tex = r.memory.addTexture(t);
  auto *out = r.memory.array<int32_t>(8);
  auto result = r.run("fetch", {1}, {4}, ParamPack().add(tex).add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(std::vector<int32_t>(out, out + 8), (std::vector<int32_t>{0, 0, 5, -6, 7, -8, 0, 0}));
}

TEST(Texture, UnknownHandleFaults) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + kSample2D));
  auto *xs = r.memory.array(std::vector<float>{0.5f});
  auto *out = r.memory.array<float>(1);
  auto result =
      r.run("sample", {1}, {1}, ParamPack().add(uint64_t{0x1234}).add(xs).add(xs).add(out));
  EXPECT_EQ(result.code, 700);
  EXPECT_NE(result.report.find("not a texture object"), std::string::npos) << result.report;
}

TEST(PredefinedIdentifiers, WarpSizeIsThirtyTwo) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, WARP_SZ;
  add.u32 %r2, %r1, WARP_SZ;
  st.global.v2.u32 [%rd1], {%r1, %r2};
  ret;
})"));
  auto *out = r.memory.array<uint32_t>(2);
  auto result = r.run("k", {1}, {1}, ParamPack().add(out));
  ASSERT_EQ(result.code, 0) << result.report;
  EXPECT_EQ(out[0], 32u);
  EXPECT_EQ(out[1], 64u);
}

// %envreg1:%envreg2 address the grid barrier workspace in a cooperative launch only.
TEST(PredefinedIdentifiers, EnvironmentRegistersOfCooperativeLaunches) {
  PtxRunner r;
  ASSERT_TRUE(r.load(std::string(kHeader) + R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<8>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %envreg1;
  mov.u32 %r2, %envreg2;
  mov.u32 %r3, %envreg31;
  cvt.u64.u32 %rd2, %r1;
  cvt.u64.u32 %rd3, %r2;
  shl.b64 %rd4, %rd2, 32;
  or.b64 %rd5, %rd4, %rd3;
  st.global.u64 [%rd1], %rd5;
  st.global.u32 [%rd1+8], %r3;
  setp.eq.u64 %p1, %rd5, 0;
  @%p1 bra DONE;
  ld.global.u32 %r1, [%rd5+4];
  st.global.u32 [%rd1+12], %r1;
DONE:
  ret;
})"));
  auto *out = r.memory.array<uint32_t>(4);
  auto plain = r.run("k", {2}, {1}, ParamPack().add(out));
  ASSERT_EQ(plain.code, 0) << plain.report;
  EXPECT_EQ(out[0] | out[1], 0u);
  out[3] = 99;
  auto cooperative = r.run("k", {2}, {1}, ParamPack().add(out), 0, true);
  ASSERT_EQ(cooperative.code, 0) << cooperative.report;
  EXPECT_NE(out[0] | out[1], 0u);
  EXPECT_EQ(out[2], 0u);
  EXPECT_EQ(out[3], 0u); // the workspace starts zeroed (and is readable device memory)
}

} // namespace
} // namespace qiao::ptx::test
