// A PTX kernel around one instruction under test, for the family tests: each thread loads a, b
// and c, runs the body and stores d. Results are checked lane by lane against C++ references.
#pragma once

#include "PtxHarness.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qiao::ptx::test {

// A kernel that loads a, b, c (Bits wide) for each thread, runs `body` (which reads %a %b %c and
// writes %d) and stores %d. Addresses are formed with or.b64 (the arrays are 256-byte aligned
// and at most 256 bytes long) so that the test needs no arithmetic instructions.
template <class T>
inline std::vector<T> runKernel(const std::string &body, const std::vector<T> &a,
                                const std::vector<T> &b, const std::vector<T> &c) {
  const std::string bits = sizeof(T) == 8 ? "64" : "32";
  const std::string shift = sizeof(T) == 8 ? "3" : "2";
  std::string ptx = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry k(.param .u64 pa, .param .u64 pb, .param .u64 pc, .param .u64 pd)
{
  .reg .b32 %tid;
  .reg .b64 %off;
  .reg .b64 %base<4>;
  .reg .b64 %addr<4>;
  .reg .b)" + bits + R"( %a;
  .reg .b)" + bits + R"( %b;
  .reg .b)" + bits + R"( %c;
  .reg .b)" + bits + R"( %d;
  .reg .b32 %r<8>;
  .reg .b64 %rd<8>;
  .reg .b16 %h<8>;
  .reg .pred %p<8>;
  ld.param.u64 %base0, [pa];
  ld.param.u64 %base1, [pb];
  ld.param.u64 %base2, [pc];
  ld.param.u64 %base3, [pd];
  mov.u32 %tid, %tid.x;
  cvt.u64.u32 %off, %tid;
  shl.b64 %off, %off, )" +
                    shift + R"(;
  or.b64 %addr0, %base0, %off;
  or.b64 %addr1, %base1, %off;
  or.b64 %addr2, %base2, %off;
  or.b64 %addr3, %base3, %off;
  ld.global.b)" + bits +
                    R"( %a, [%addr0];
  ld.global.b)" + bits +
                    R"( %b, [%addr1];
  ld.global.b)" + bits +
                    R"( %c, [%addr2];
)" + body + R"(
  st.global.b)" + bits +
                    R"( [%addr3], %d;
  ret;
}
)";
  PtxRunner r;
  std::vector<T> out(a.size(), T{0});
  if (!r.load(ptx))
    return out;
  T *pa = r.memory.array<T>(a), *pb = r.memory.array<T>(b), *pc = r.memory.array<T>(c);
  T *pd = r.memory.array<T>(a.size());
  auto result = r.run("k", {1}, {static_cast<uint32_t>(a.size())},
                      ParamPack().add(pa).add(pb).add(pc).add(pd));
  EXPECT_EQ(result.code, 0) << result.report;
  out.assign(pd, pd + a.size());
  return out;
}

} // namespace qiao::ptx::test
