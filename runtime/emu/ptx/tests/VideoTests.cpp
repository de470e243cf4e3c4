// SIMD video instructions: kernels/video.cu compiled by nvcc at test time (the CUDA SIMD
// intrinsics, and every video form written directly) against plain C++ references written from
// the CUDA Math API's and the PTX ISA's descriptions; hand-written PTX for decode errors.
#include "NvccPtx.h"
#include "PtxHarness.h"
#include "ptx/VideoSemantics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace qiao::ptx::test {
namespace {

constexpr int kIntrinsics = 16;
constexpr int kForms = 17;
constexpr int kThreads = 96;

int64_t ub(uint32_t x, int i) { return (x >> (8 * i)) & 0xff; }
int64_t sb(uint32_t x, int i) { return static_cast<int8_t>(x >> (8 * i)); }
int64_t uh(uint32_t x, int i) { return (x >> (16 * i)) & 0xffff; }
int64_t sh(uint32_t x, int i) { return static_cast<int16_t>(x >> (16 * i)); }

uint32_t bytes(const std::function<int64_t(int)> &f) {
  uint32_t r = 0;
  for (int i = 0; i < 4; ++i)
    r |= (static_cast<uint32_t>(f(i)) & 0xff) << (8 * i);
  return r;
}
uint32_t halves(const std::function<int64_t(int)> &f) {
  uint32_t r = 0;
  for (int i = 0; i < 2; ++i)
    r |= (static_cast<uint32_t>(f(i)) & 0xffff) << (16 * i);
  return r;
}
int64_t absl(int64_t v) { return v < 0 ? -v : v; }
int64_t roundedAverage(int64_t s) { return s >= 0 ? (s + 1) / 2 : -((-s + 1) / 2); }

// Inputs with the edges (0, all ones, sign bits, largest positives) and pseudo-random words.
void inputs(std::vector<uint32_t> &a, std::vector<uint32_t> &b, std::vector<uint32_t> &c) {
  const uint32_t edges[] = {0u,          0xffffffffu, 0x80808080u, 0x7f7f7f7fu,
                            0x80007fffu, 0x01ff7f80u, 0x12345678u, 0xfedcba98u};
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  for (int i = 0; i < kThreads; ++i) {
    a.push_back(i < 64 ? edges[i % 8] : next());
    b.push_back(i < 64 ? edges[(i / 8) % 8] : next());
    c.push_back(next());
  }
}

std::vector<uint32_t> runKernel(const std::string &name, bool withC) {
  PtxRunner runner;
  const std::string text = nvccPtx("video.cu");
  if (text.empty() || !runner.load(text))
    return {};
  std::vector<uint32_t> a, b, c;
  inputs(a, b, c);
  const int per = withC ? kForms : kIntrinsics;
  uint32_t *out = runner.memory.array<uint32_t>(kThreads * per);
  ParamPack args;
  args.add(runner.memory.array(a)).add(runner.memory.array(b));
  if (withC)
    args.add(runner.memory.array(c));
  args.add(out);
  LaunchOutcome outcome = runner.run(name, {kThreads / 32}, {32}, args);
  EXPECT_EQ(outcome.code, 0) << outcome.report;
  return std::vector<uint32_t>(out, out + kThreads * per);
}

TEST(VideoNvcc, SimdIntrinsicsMatchTheirDefinitions) {
  std::vector<uint32_t> out = runKernel("_Z10intrinsicsPKjS0_Pj", false);
  ASSERT_EQ(out.size(), size_t{kThreads * kIntrinsics});
  std::vector<uint32_t> a, b, c;
  inputs(a, b, c);
  for (int t = 0; t < kThreads; ++t) {
    const uint32_t x = a[t], y = b[t];
    const uint32_t want[kIntrinsics] = {
        bytes([&](int i) { return absl(ub(x, i) - ub(y, i)); }),
        halves([&](int i) { return absl(uh(x, i) - uh(y, i)); }),
        static_cast<uint32_t>(absl(ub(x, 0) - ub(y, 0)) + absl(ub(x, 1) - ub(y, 1)) +
                              absl(ub(x, 2) - ub(y, 2)) + absl(ub(x, 3) - ub(y, 3))),
        static_cast<uint32_t>(absl(uh(x, 0) - uh(y, 0)) + absl(uh(x, 1) - uh(y, 1))),
        bytes([&](int i) { return absl(sb(x, i) - sb(y, i)); }),
        halves([&](int i) { return absl(sh(x, i) - sh(y, i)); }),
        halves([&](int i) { return uh(x, i) + uh(y, i); }),
        bytes([&](int i) { return ub(x, i) - ub(y, i); }),
        bytes([&](int i) { return (ub(x, i) + ub(y, i) + 1) / 2; }),
        halves([&](int i) { return roundedAverage(sh(x, i) + sh(y, i)); }),
        bytes([&](int i) { return std::max(sb(x, i), sb(y, i)); }),
        halves([&](int i) { return std::min(uh(x, i), uh(y, i)); }),
        bytes([&](int i) { return ub(x, i) > ub(y, i) ? 0xff : 0; }),
        halves([&](int i) { return uh(x, i) == uh(y, i) ? 1 : 0; }),
        bytes([&](int i) { return std::clamp<int64_t>(sb(x, i) + sb(y, i), -128, 127); }),
        halves([&](int i) { return (uh(x, i) + uh(y, i)) / 2; }),
    };
    for (int k = 0; k < kIntrinsics; ++k)
      EXPECT_EQ(out[t * kIntrinsics + k], want[k])
          << "intrinsic " << k << " thread " << t << std::hex << " a=" << x << " b=" << y;
  }
}

TEST(VideoNvcc, EveryFormMatchesTheIsaRule) {
  std::vector<uint32_t> out = runKernel("_Z5formsPKjS0_S0_Pj", true);
  ASSERT_EQ(out.size(), size_t{kThreads * kForms});
  std::vector<uint32_t> a, b, c;
  inputs(a, b, c);
  for (int t = 0; t < kThreads; ++t) {
    const uint32_t x = a[t], y = b[t], z = c[t];
    uint32_t countNe = 0, sad = 0, diffSum = 0;
    for (int i = 0; i < 4; ++i) {
      countNe += sb(x, i) != sb(y, i);
      sad += static_cast<uint32_t>(absl(ub(x, i) - ub(y, i)));
      diffSum += static_cast<uint32_t>(sb(x, i) - sb(y, i));
    }
    // vadd4 %d.b20, %a.b0123, %b.b4444: element i adds byte 3-i of a to byte 0 of b; elements
    // 1 and 3 keep c's bytes.
    const uint32_t selected =
        bytes([&](int i) { return (i == 0 || i == 2) ? ub(x, 3 - i) + ub(y, 0) : ub(z, i); });
    // vmax2 %d.h1, %a.h01, %b.h22: element 1 is max(a.h0, b.h0); element 0 keeps c's.
    const uint32_t masked =
        halves([&](int i) { return i == 1 ? std::max(sh(x, 0), sh(y, 0)) : uh(z, 0); });
    const uint32_t want[kForms] = {
        bytes([&](int i) { return std::min<int64_t>(ub(x, i) + ub(y, i), 255); }),
        bytes([&](int i) { return std::clamp<int64_t>(sb(x, i) + sb(y, i), -128, 127); }),
        halves([&](int i) { return std::clamp<int64_t>(sh(x, i) - sh(y, i), -32768, 32767); }),
        bytes([&](int i) { return ub(x, i) - ub(y, i); }),
        bytes([&](int i) { return (ub(x, i) + ub(y, i) + 1) / 2; }),
        halves([&](int i) { return roundedAverage(sh(x, i) + sh(y, i)); }),
        halves([&](int i) { return absl(sh(x, i) - sh(y, i)); }),
        bytes([&](int i) { return std::min(sb(x, i), sb(y, i)); }),
        halves([&](int i) { return std::max(uh(x, i), uh(y, i)); }),
        bytes([&](int i) { return ub(x, i) < ub(y, i) ? 1 : 0; }),
        halves([&](int i) { return sh(x, i) >= sh(y, i) ? 1 : 0; }),
        z + countNe,
        z + sad,
        selected,
        masked,
        z + diffSum,
        halves([&](int i) { return std::clamp<int64_t>(std::max(sh(x, i), sh(y, i)), 0, 65535); }),
    };
    for (int k = 0; k < kForms; ++k)
      EXPECT_EQ(out[t * kForms + k], want[k])
          << "form " << k << " thread " << t << std::hex << " a=" << x << " b=" << y << " c=" << z;
  }
}

// ---- decode errors: named, never a crash ------------------------------------------------------

std::string loadError(const std::string &inst) {
  const std::string text = ".version 9.0\n.target sm_80\n.address_size 64\n"
                           ".visible .entry k()\n{\n.reg .b32 %r<4>;\n" +
                           inst + "\nret;\n}\n";
  HostDeviceMemory memory;
  auto loaded = Module::load(text, memory);
  return loaded ? std::string() : loaded.error().message;
}

TEST(VideoDecode, BadFormsAreReportedAtLoad) {
  EXPECT_EQ(loadError("vadd4.u32.u32.u32 %r0, %r1, %r2, %r3;"), "");
  EXPECT_NE(loadError("vadd4.u32.u32.u32.sat.add %r0, %r1, %r2, %r3;"), "");
  EXPECT_NE(loadError("vadd4.u32.u32 %r0, %r1, %r2, %r3;"), "");
  EXPECT_NE(loadError("vadd4.f32.u32.u32 %r0, %r1, %r2, %r3;"), "");
  EXPECT_NE(loadError("vadd4.u32.u32.u32 %r0, %r1.b8123, %r2, %r3;"), "");
  EXPECT_NE(loadError("vadd2.u32.u32.u32 %r0, %r1.h41, %r2, %r3;"), "");
  EXPECT_NE(loadError("vadd4.u32.u32.u32 %r0.b01, %r1, %r2, %r3;"), "");
  EXPECT_NE(loadError("vset4.u32.u32 %r0, %r1, %r2, %r3;"), "");
  EXPECT_NE(loadError("vmin2.s32.s32.s32 %r0, %r1, %r2;"), "");
  std::string message = loadError("vadd4.u32.u32.u32 %r0, %r1.b9, %r2, %r3;");
  EXPECT_NE(message.find("selector"), std::string::npos) << message;
}

TEST(VideoSemantics, MergeKeepsTheUnmaskedElementsOfC) {
  VideoSimd v;
  v.op = VideoOp::Add;
  v.mask = 0b0101;
  EXPECT_EQ(videoSimd(v, 0x01010101u, 0x02020202u, 0xa0b0c0d0u), 0xa003c003u);
  v.elements = 2;
  v.asel[0] = 0, v.asel[1] = 1, v.bsel[0] = 2, v.bsel[1] = 3;
  v.mask = 0b10;
  EXPECT_EQ(videoSimd(v, 0x00010002u, 0x00100020u, 0x12345678u), 0x00115678u);
}

} // namespace
} // namespace qiao::ptx::test
