// What ColdRematerializationPass moves out of the hot path, and what it leaves.
#include "ColdRematerialization.h"

#include <gtest/gtest.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>

namespace qiao::jit::test {
namespace {

using namespace llvm;

// `entry` computes vectors and branches to `fast` or to `cold` (weighted as RunEmitter weights a
// fast path's check, or not at all); `colder` lies below `cold`. ENTRY, WEIGHTS and BODY are
// filled in.
constexpr const char *kFunction = R"(
define void @f(ptr %p, ptr %q, <8 x i64> %v, i1 %c, i64 %s) {
entry:
  %splat.in = insertelement <8 x i64> poison, i64 %s, i64 0
  %splat = shufflevector <8 x i64> %splat.in, <8 x i64> poison, <8 x i32> zeroinitializer
  %addr = add <8 x i64> %v, %splat
  %hot = shl <8 x i64> %v, <i64 2, i64 2, i64 2, i64 2, i64 2, i64 2, i64 2, i64 2>
  %plain = load <8 x i64>, ptr %q
  %fixed = load <8 x i64>, ptr %q, !invariant.load !1
  ENTRY
  br i1 %c, label %fast, label %cold WEIGHTS
fast:
  store <8 x i64> %hot, ptr %p
  ret void
cold:
  BODY
  br label %colder
colder:
  store <8 x i64> %addr, ptr %p
  ret void
}
!0 = !{!"branch_weights", i32 2000, i32 1}
!1 = !{}
)";

class ColdRematerialization : public ::testing::Test {
protected:
  // Parses kFunction with `entry` added to its entry block, its branch weighted (or not) and
  // `body` in `cold`, and runs the pass.
  Function &run(const std::string &body, bool weighted = true, const std::string &entry = "") {
    std::string text = kFunction;
    text.replace(text.find("ENTRY"), 5, entry);
    text.replace(text.find("WEIGHTS"), 7, weighted ? ", !prof !0" : "");
    text.replace(text.find("BODY"), 4, body);
    SMDiagnostic error;
    module_ = parseAssemblyString(text, error, context_);
    if (!module_) {
      error.print("test", errs());
      ADD_FAILURE() << "the test's IR does not parse";
      std::abort();
    }
    Function &fn = *module_->getFunction("f");
    PassBuilder passes;
    FunctionAnalysisManager analyses;
    passes.registerFunctionAnalyses(analyses);
    ColdRematerializationPass().run(fn, analyses);
    EXPECT_FALSE(verifyFunction(fn, &errs()));
    return fn;
  }

  // The instructions of `block` with this opcode.
  static int count(Function &fn, const char *block, unsigned opcode) {
    for (BasicBlock &b : fn)
      if (b.getName() == block) {
        int n = 0;
        for (Instruction &inst : b)
          n += inst.getOpcode() == opcode;
        return n;
      }
    ADD_FAILURE() << "no block " << block;
    return -1;
  }

  LLVMContext context_;
  std::unique_ptr<Module> module_;
};

TEST_F(ColdRematerialization, MovesAChainOnlyColdBlocksReadIntoTheirRegion) {
  Function &fn = run("store <8 x i64> %addr, ptr %p");
  // The address and the splat under it are computed in `cold` only; `colder`, which `cold`
  // dominates, reads cold's copy.
  EXPECT_EQ(count(fn, "entry", Instruction::Add), 0);
  EXPECT_EQ(count(fn, "entry", Instruction::ShuffleVector), 0);
  EXPECT_EQ(count(fn, "entry", Instruction::InsertElement), 0);
  EXPECT_EQ(count(fn, "cold", Instruction::Add), 1);
  EXPECT_EQ(count(fn, "cold", Instruction::ShuffleVector), 1);
  EXPECT_EQ(count(fn, "colder", Instruction::Add), 0);
}

TEST_F(ColdRematerialization, KeepsWhatTheHotPathReadsAndCopiesIt) {
  Function &fn = run("store <8 x i64> %hot, ptr %p");
  EXPECT_EQ(count(fn, "entry", Instruction::Shl), 1);
  EXPECT_EQ(count(fn, "cold", Instruction::Shl), 1);
}

TEST_F(ColdRematerialization, LeavesUnweightedBranchesAlone) {
  Function &fn = run("store <8 x i64> %addr, ptr %p", /*weighted=*/false);
  EXPECT_EQ(count(fn, "entry", Instruction::Add), 1);
  EXPECT_EQ(count(fn, "cold", Instruction::Add), 0);
  EXPECT_EQ(count(fn, "colder", Instruction::Add), 0);
}

TEST_F(ColdRematerialization, RepeatsOnlyInvariantLoads) {
  Function &fn = run("store <8 x i64> %plain, ptr %p\n  store <8 x i64> %fixed, ptr %p");
  // Memory may change between `entry` and `cold`; a field the block runner fixed does not.
  EXPECT_EQ(count(fn, "entry", Instruction::Load), 1);
  EXPECT_EQ(count(fn, "cold", Instruction::Load), 1);
  for (Instruction &inst : fn.getEntryBlock()) {
    if (auto *load = dyn_cast<LoadInst>(&inst)) {
      EXPECT_FALSE(load->hasMetadata(LLVMContext::MD_invariant_load));
    }
  }
}

// A chain of `length` adds on %v, the last one %a<length - 1>.
std::string chainOf(int length) {
  std::string chain = "%a0 = add <8 x i64> %v, %v\n";
  for (int i = 1; i < length; ++i)
    chain += "  %a" + std::to_string(i) + " = add <8 x i64> %a" + std::to_string(i - 1) + ", %v\n";
  return chain;
}

TEST_F(ColdRematerialization, MovesChainsUpToItsLimitAndKeepsLongerOnes) {
  // %addr moves to `cold` in both (its add); ten adds in a row move with it, thirty stay, since
  // recomputing them would cost the cold path more than keeping the value.
  Function &shortChain = run("store <8 x i64> %a9, ptr %p", true, chainOf(10));
  EXPECT_EQ(count(shortChain, "entry", Instruction::Add), 0);
  EXPECT_EQ(count(shortChain, "cold", Instruction::Add), 11);
  Function &longChain = run("store <8 x i64> %a29, ptr %p", true, chainOf(30));
  EXPECT_EQ(count(longChain, "entry", Instruction::Add), 30);
  EXPECT_EQ(count(longChain, "cold", Instruction::Add), 1);
}

} // namespace
} // namespace qiao::jit::test
