// The kernel text the kernel compiler's own tests compile: `k(.param .u64 out, .param .u32 n)`
// whose threads below n run a body, the bounds check every real kernel begins with.
#pragma once

#include <string>

namespace qiao::jit::test {

inline constexpr const char *kPtxHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

// `body` sees %r1 = the thread index and %rd1 = out, and may use %r2-%r7, %rd2-%rd7 and
// %f1-%f7; `functions` come before the kernel, `extraParams` after its two parameters.
inline std::string boundedKernel(const std::string &body, const std::string &functions = "",
                                 const std::string &extraParams = "") {
  return std::string(kPtxHeader) + functions +
         "\n.visible .entry k(.param .u64 out, .param .u32 n" + extraParams + R"()
{
  .reg .b32 %r<8>;
  .reg .b64 %rd<8>;
  .reg .f32 %f<8>;
  .reg .pred %p;
  mov.u32 %r1, %tid.x;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r2, [n];
  setp.ge.u32 %p, %r1, %r2;
  @%p bra done;
)" + body +
         R"(
done:
  ret;
}
)";
}

} // namespace qiao::jit::test
