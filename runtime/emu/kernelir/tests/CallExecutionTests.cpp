// Indirect calls in Qiao kernel IR: a function's address is the i64 of its LLVM function, in code
// (mov of a function's name) and in variables' initialisers (virtual tables, tables of function
// pointers), and call through a register calls it with the call's prototype. Run through the kir
// driver and checked against the interpreter and the values CUDA defines.
#include "KirDifferential.h"
#include "NvccPtx.h"

#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::expectSameAsInterpreter;
using qiao::kir::test::KirModule;
using qiao::ptx::test::nvccPtx;

TEST(KernelIrCalls, VirtualFunctionsAndFunctionPointerTablesFromNvcc) {
  std::string text = nvccPtx("indirect_calls.cu");
  ASSERT_NE(text.find(".callprototype"), std::string::npos);
  KirModule module(text);
  ASSERT_TRUE(module.loaded());
  DeviceArray<float> areas(64);
  DeviceArray<int> ops(64);
  void *args[] = {&areas.pointer(), &ops.pointer()};
  ASSERT_EQ(module.run("k", 1, 64, args), qiaoSuccess);
  std::vector<float> a = areas.read();
  std::vector<int> o = ops.read();
  for (int i = 0; i < 64; ++i) {
    float f = static_cast<float>(i);
    EXPECT_EQ(a[i], (i & 1) ? 3.0f * f * f : f * f) << i;
    EXPECT_EQ(o[i], (i & 1) ? i * 3 : i + 3) << i;
  }
}

// fact calls itself through the pointer in `self` (an initialiser naming a function); the
// kernel calls fact or twice through an address taken with mov, each lane its own target.
const char *kRecursionBody = R"(
  mov.u64 %rd1, fact;
  mov.u64 %rd2, twice;
  and.b32 %r1, %i, 1;
  setp.eq.u32 %p1, %r1, 0;
  selp.b64 %rd3, %rd1, %rd2, %p1;
  rem.u32 %r2, %a, 12;
  {
  .param .b32 arg;
  .param .b32 ret;
  st.param.b32 [arg], %r2;
  proto : .callprototype (.param .b32 _) _ (.param .b32 _);
  call (ret), %rd3, (arg), proto;
  ld.param.b32 %d, [ret];
  }
)";

const char *kRecursionFunctions = R"(
.func (.param .b32 r) fact(.param .b32 n);
.global .align 8 .u64 self = fact;
.func (.param .b32 r) fact(.param .b32 n)
{
  .reg .pred %q;
  .reg .b32 %v<5>;
  .reg .b64 %t;
  ld.param.u32 %v1, [n];
  setp.le.u32 %q, %v1, 1;
  @%q bra BASE;
  sub.u32 %v2, %v1, 1;
  ld.global.u64 %t, [self];
  {
  .param .b32 a;
  .param .b32 rv;
  st.param.b32 [a], %v2;
  p : .callprototype (.param .b32 _) _ (.param .b32 _);
  call (rv), %t, (a), p;
  ld.param.b32 %v3, [rv];
  }
  mul.lo.u32 %v4, %v3, %v1;
  st.param.b32 [r], %v4;
  ret;
BASE:
  st.param.b32 [r], 1;
  ret;
}
.func (.param .b32 r) twice(.param .b32 n)
{
  .reg .b32 %v<3>;
  ld.param.u32 %v1, [n];
  add.u32 %v2, %v1, %v1;
  st.param.b32 [r], %v2;
  ret;
}
)";

TEST(KernelIrCalls, RecursionThroughAPointerInAVariableMatchesTheInterpreter) {
  std::vector<uint32_t> a, b, c;
  for (uint32_t i = 0; i < 256; ++i) {
    a.push_back(i * 7);
    b.push_back(0);
    c.push_back(0);
  }
  std::vector<uint32_t> d = expectSameAsInterpreter(kRecursionBody, a, b, c, kRecursionFunctions);
  ASSERT_EQ(d.size(), 256u);
  EXPECT_EQ(d[10], 3628800u) << "thread 10: fact(70 % 12), 10!";
  EXPECT_EQ(d[3], 18u) << "thread 3: twice(21 % 12)";
}

} // namespace
