// The PTX parser on damaged input: deterministic mutations of valid modules must produce a
// module or an error, never a crash, a hang or a read outside the input (run under ASan to
// see the last). Inputs are copied into exactly-sized heap blocks so any over-read is caught.
#include "ptx/Parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace qiao::ptx {
namespace {

const char *const kSeeds[] = {
    R"(//
.version 9.0
.target sm_80
.address_size 64
.extern .func (.param .b32 func_retval0) vprintf(.param .b64 vprintf_param_0, .param .b64 vprintf_param_1);
.global .align 1 .b8 $str[4] = {104, 105, 10, 0};
.const .align 8 .f64 tab[2][2] = {{1.5, 0d3FF0000000000000}, {-2e3, 0x10}};
.global .align 8 .u64 ptr = generic(tab)+8;
.extern .shared .align 16 .b8 dyn[];
.func (.param .b32 func_retval0) _Z3fibi(.param .b32 _Z3fibi_param_0)
{
  .reg .pred %p<2>;
  .reg .b32 %r<9>;
  ld.param.u32 %r8, [_Z3fibi_param_0];
  setp.lt.s32 %p1, %r8, 2;
  @%p1 bra $L__BB0_2;
  add.s32 %r4, %r8, -1;
  { // callseq 0, 0
  .param .b32 param0;
  st.param.b32 [param0+0], %r4;
  .param .b32 retval0;
  call.uni (retval0), _Z3fibi, (param0);
  ld.param.b32 %r5, [retval0+0];
  }
$L__BB0_2:
  st.param.b32 [func_retval0+0], %r8;
  ret;
}
)",
    R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry _Z6kernelPfi(
  .param .u64 .ptr.global.align 16 _Z6kernelPfi_param_0,
  .param .align 8 .b8 _Z6kernelPfi_param_1[16]
)
.maxntid 128, 1, 1
.minnctapersm 4
{
  .local .align 8 .b8 __local_depot0[24];
  .reg .f32 %f<5>;
  .reg .b64 %rd<4>;
  .reg .b32 %r<4>;
  .reg .pred %p<3>;
  mov.u32 %r1, %tid.x;
  ld.global.nc.v4.f32 {%f1, %f2, _, %f4}, [%rd1+-8];
  fma.rn.f32 %f1, %f2, 0f3F800000, %f4;
  shfl.sync.down.b32 %r2|%p1, %r1, 16, 31, -1;
  selp.b32 %r3, %r1, %r2, !%p1;
  @!%p2 atom.global.add.f32 %f3, [%rd2], 1.5;
  .pragma "nounroll";
  mov.u64 %rd3, __local_depot0;
  call (%r1), %rd3, (%r2), proto_0;
proto_0: .callprototype (.param .b32 _) _ (.param .b32 _);
  ret;
}
)",
    R"(.version 8.0
.target sm_80, texmode_independent
.address_size 64
.global .texref tex0;
.global .samplerref smp = { filter_mode = nearest };
.file 1 "/tmp/x.cu"
.weak .func (.param .align 8 .b8 r[16]) pair(.reg .b32 x) .noreturn
{
  .loc 1 2 3
  tex.2d.v4.f32.s32 {%f1,%f2,%f3,%f4}, [tex0, {%r1, %r2}];
  mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%f1,%f2,%f3,%f4}, {%r1,%r2,%r3,%r4}, {%r5,%r6}, {%f5,%f6,%f7,%f8};
  exit;
}
.section .debug_str
{
$L__info_string0:
.b8 95,90,0
}
)",
};

const char *const kTokens[] = {
    "{",    "}",  "[",      "]",    "(",     ")",      ";",        ",",    "@",
    "!",    "|",  "<",      ">",    "=",     "-",      "+",        ".reg", ".b32",
    "%r<",  "0x", "0f",     "0d",   "\"",    "/*",     "//",       "\n",   "generic(",
    "call", "_",  ".align", ".ptr", ".func", ".entry", ".section", "9.",   "1e+",
    "", // stands for a NUL byte
};

// Parses text held in a block of exactly its size.
void parseExactly(const std::string &text) {
  std::unique_ptr<char[]> block(new char[text.size() ? text.size() : 1]);
  std::memcpy(block.get(), text.data(), text.size());
  Expected<ast::Module> m = parseModule(std::string_view(block.get(), text.size()));
  if (!m) {
    ASSERT_EQ(m.error().code, 218);
    ASSERT_EQ(m.error().message.rfind("line ", 0), 0u) << m.error().message;
  }
}

std::string mutate(std::string text, std::mt19937_64 &rng) {
  auto below = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  size_t edits = 1 + below(4);
  for (size_t e = 0; e < edits; ++e) {
    size_t at = below(text.size() + 1);
    switch (below(7)) {
    case 0: // flip a byte
      if (!text.empty())
        text[below(text.size())] = static_cast<char>(rng());
      break;
    case 1: // truncate
      text.resize(at);
      break;
    case 2: { // insert a token
      size_t pick = below(std::size(kTokens));
      std::string token = pick + 1 == std::size(kTokens) ? std::string(1, '\0') : kTokens[pick];
      text.insert(at, token);
      break;
    }
    case 3: { // insert random bytes
      std::string bytes(1 + below(8), '\0');
      for (char &c : bytes)
        c = static_cast<char>(rng());
      text.insert(at, bytes);
      break;
    }
    case 4: { // duplicate a slice
      size_t from = below(text.size() + 1);
      size_t len = below(std::min<size_t>(200, text.size() - from) + 1);
      text.insert(at, text.substr(from, len));
      break;
    }
    case 5: { // delete a slice
      size_t len = below(std::min<size_t>(64, text.size() - at) + 1);
      text.erase(at, len);
      break;
    }
    default: // repeat one character many times (deep nesting, long tokens)
      text.insert(at, std::string(1 + below(400), "{[(-.%0\"/"[below(9)]));
      break;
    }
  }
  return text;
}

TEST(ParserFuzz, SeedsAreValid) {
  for (const char *seed : kSeeds) {
    Expected<ast::Module> m = parseModule(seed);
    EXPECT_TRUE(m) << (m ? "" : m.error().message);
  }
}

TEST(ParserFuzz, MutatedModulesReturnValueOrError) {
  std::mt19937_64 rng(20250601);
  size_t errors = 0, values = 0;
  constexpr size_t kRoundsPerSeed = 20000;
  for (const char *seed : kSeeds) {
    for (size_t round = 0; round < kRoundsPerSeed; ++round) {
      std::string text = mutate(seed, rng);
      Expected<ast::Module> m = parseModule(text);
      (m ? values : errors) += 1;
      parseExactly(text);
      if (HasFatalFailure())
        return;
    }
  }
  // Both outcomes must occur, or the mutations are not exercising the parser.
  EXPECT_GT(errors, 1000u);
  EXPECT_GT(values, 10u);
}

TEST(ParserFuzz, EveryTruncationOfEachSeed) {
  for (const char *seed : kSeeds) {
    std::string text(seed);
    for (size_t n = 0; n <= text.size(); ++n) {
      parseExactly(text.substr(0, n));
      if (HasFatalFailure())
        return;
    }
  }
}

TEST(ParserFuzz, LargeModuleParsesQuickly) {
  std::string text = ".version 9.0\n.target sm_80\n.address_size 64\n";
  std::string fn = std::string(kSeeds[1]).substr(std::strlen(".version 9.0\n.target sm_80\n"
                                                             ".address_size 64\n"));
  size_t copies = 0;
  while (text.size() < (size_t{1} << 20)) {
    std::string renamed = fn;
    renamed.replace(renamed.find("_Z6kernelPfi("), 13, "k" + std::to_string(copies++) + "(");
    text += renamed;
  }
  auto start = std::chrono::steady_clock::now();
  Expected<ast::Module> m = parseModule(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->functions.size(), copies);
  RecordProperty("parse_ms_per_MiB", static_cast<int>(seconds * 1000 * (1 << 20) / text.size()));
  // Linear work is a few tens of milliseconds; quadratic behaviour would take minutes.
  EXPECT_LT(seconds, 2.0) << text.size() << " bytes";
}

} // namespace
} // namespace qiao::ptx
