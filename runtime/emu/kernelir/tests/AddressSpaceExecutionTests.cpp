// isspacep in Qiao kernel IR: the generic addresses of a global buffer, a shared variable, a
// local array and a constant table, each asked for every state space, through the interpreter
// and as kernel IR through the kir driver.
#include "KirDifferential.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::KirModule;
using qiao::ptx::test::ParamPack;
using qiao::ptx::test::PtxRunner;

constexpr const char *kSpaces[] = {"global", "shared", "local", "const", "param"};

// out[thread * 4 + k]: bit s set when address k (global, shared, local, const) is in space s of
// kSpaces.
std::string spacesKernel() {
  std::string body = R"(.version 8.0
.target sm_80
.address_size 64
.const .align 4 .b32 table[4] = {1, 2, 3, 4};
.visible .entry spaces(.param .u64 in, .param .u64 out)
{
  .local .align 4 .b32 scratch[4];
  .shared .align 4 .b32 sh[4];
  .reg .b32 %r<4>; .reg .b64 %rd<12>; .reg .pred %p<2>;
  ld.param.u64 %rd1, [in];
  cvta.shared.u64 %rd2, sh;
  cvta.local.u64 %rd3, scratch;
  cvta.const.u64 %rd4, table;
  ld.param.u64 %rd5, [out];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd6, %r1, 16;
  add.u64 %rd5, %rd5, %rd6;
)";
  for (int k = 0; k < 4; ++k) {
    body += "  mov.u32 %r2, 0;\n";
    for (int s = 0; s < 5; ++s) {
      body += std::string("  isspacep.") + kSpaces[s] + " %p1, %rd" + std::to_string(k + 1) +
              ";\n  selp.u32 %r3, " + std::to_string(1 << s) + ", 0, %p1;\n" +
              "  or.b32 %r2, %r2, %r3;\n";
    }
    body += "  st.global.u32 [%rd5+" + std::to_string(4 * k) + "], %r2;\n";
  }
  return body + "  ret;\n}\n";
}

TEST(KernelIrAddressSpaces, IsspacepMatchesTheInterpreter) {
  const std::string ptx = spacesKernel();
  const uint32_t threads = 40;
  PtxRunner r;
  r.interpretOnly = true;
  ASSERT_TRUE(r.load(ptx));
  uint32_t *in = r.memory.array<uint32_t>(4), *out = r.memory.array<uint32_t>(4 * threads);
  auto outcome = r.run("spaces", {1}, {threads}, ParamPack().add(in).add(out));
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  std::vector<uint32_t> reference(out, out + 4 * threads);

  KirModule module(ptx);
  ASSERT_TRUE(module.loaded());
  DeviceArray<uint32_t> din(4), dout(4 * threads);
  void *args[] = {&din.pointer(), &dout.pointer()};
  ASSERT_EQ(module.run("spaces", 1, threads, args), qiaoSuccess);
  std::vector<uint32_t> lowered = dout.read();
  EXPECT_EQ(lowered, reference);
  // global: global, const and param; shared: shared and param; local: local and param; a
  // constant variable: global, const and param.
  const uint32_t expected[4] = {0b11001, 0b10010, 0b10100, 0b11001};
  for (uint32_t t = 0; t < threads; ++t)
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(lowered[4 * t + k], expected[k]) << "thread " << t << " address " << k;
}

} // namespace
