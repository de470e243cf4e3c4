// Qiao kernel IR as docs/kernel-ir.md specifies it: one function per .entry/.func, the kernel
// metadata, address spaces, the qiao.* calls, and an error naming the instruction and its line
// for what the dialect does not express yet.
#include "KernelIr.h"
#include "PtxHarness.h"
#include "ptx/Program.h"
#include "support/ErrorCodes.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

#include <gtest/gtest.h>

#include <string>

namespace {

using qiao::ptx::test::HostDeviceMemory;

struct Lowered {
  HostDeviceMemory memory;
  std::unique_ptr<qiao::ptx::Module> ptx;
  llvm::LLVMContext context;
  qiao::kir::LowerResult result;
  std::string text; // the module as LLVM assembly

  explicit Lowered(const std::string &source) {
    auto loaded = qiao::ptx::Module::load(source, memory);
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
    if (!loaded)
      return;
    ptx = std::move(*loaded);
    result = qiao::kir::lowerProgram(ptx->program(), context);
    if (result.module) {
      llvm::raw_string_ostream out(text);
      result.module->print(out, nullptr);
    }
  }
  bool has(const std::string &piece) const { return text.find(piece) != std::string::npos; }
};

const char *kHeader = ".version 8.0\n.target sm_80\n.address_size 64\n";

// nvcc's `<<<>>>` call with a declaration that passes each dim3 as 8 bytes: the one PTX the
// engine runs that the dialect does not express (the call is on line 8 of this text).
const char *kShortDim3 = R"(
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBufferV2
(.param .b64 p0, .param .b64 p1, .param .b64 p2, .param .b32 p3);
.visible .entry launcher(.param .u64 out)
{
  .reg .b32 %r<2>;
  .reg .b64 %rd<3>;
  call.uni (%rd1), __cudaCDP2GetParameterBufferV2, (%rd2, %rd2, %rd2, %r1);
  ret;
}
)";

TEST(KernelIrLowering, KernelTakesItsParameterBufferAndIsListedWithItsLayout) {
  Lowered l(std::string(kHeader) + R"(
.visible .entry add_one(.param .u64 p, .param .u32 n)
{
  .reg .pred %p<2>;
  .reg .b32 %r<5>;
  .reg .b64 %rd<5>;
  ld.param.u64 %rd1, [p];
  ld.param.u32 %r1, [n];
  mov.u32 %r2, %tid.x;
  setp.ge.u32 %p1, %r2, %r1;
  @%p1 bra DONE;
  cvta.to.global.u64 %rd2, %rd1;
  mul.wide.u32 %rd3, %r2, 4;
  add.s64 %rd4, %rd2, %rd3;
  ld.global.u32 %r3, [%rd4];
  add.s32 %r4, %r3, 1;
  st.global.u32 [%rd4], %r4;
DONE:
  ret;
}
)");
  ASSERT_TRUE(l.result.module);
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  ASSERT_EQ(l.result.functions.size(), 1u);
  EXPECT_TRUE(l.result.functions[0].lowered);
  EXPECT_TRUE(l.has("define void @add_one(ptr addrspace(4) noalias readonly %params) #0"))
      << l.text;
  EXPECT_TRUE(l.has("\"qiao-kernel\"")) << l.text;
  EXPECT_TRUE(l.has("call i32 @qiao.sreg.tid.x()")) << l.text;
  EXPECT_TRUE(l.has("load i32, ptr addrspace(1)")) << l.text;
  EXPECT_TRUE(l.has("store i32 %")) << l.text;
  // Registers became SSA values: no allocas of the register file are left.
  EXPECT_FALSE(l.has("alloca i64")) << l.text;
  // !qiao.kernels: the function, 12 parameter bytes, no shared or local memory, and the
  // parameters at offsets 0 (8 bytes) and 8 (4 bytes).
  llvm::NamedMDNode *kernels = l.result.module->getNamedMetadata("qiao.kernels");
  ASSERT_NE(kernels, nullptr);
  ASSERT_EQ(kernels->getNumOperands(), 1u);
  llvm::MDNode *k = kernels->getOperand(0);
  ASSERT_EQ(k->getNumOperands(), 7u);
  auto number = [](const llvm::MDOperand &op) {
    return llvm::mdconst::extract<llvm::ConstantInt>(op)->getZExtValue();
  };
  EXPECT_EQ(llvm::mdconst::extract<llvm::Function>(k->getOperand(0))->getName(), "add_one");
  EXPECT_EQ(number(k->getOperand(1)), 12u);
  auto *params = llvm::cast<llvm::MDNode>(k->getOperand(6));
  ASSERT_EQ(params->getNumOperands(), 4u);
  EXPECT_EQ(number(params->getOperand(0)), 0u);
  EXPECT_EQ(number(params->getOperand(1)), 8u);
  EXPECT_EQ(number(params->getOperand(2)), 8u);
  EXPECT_EQ(number(params->getOperand(3)), 4u);
  auto *version = llvm::mdconst::extract<llvm::ConstantInt>(
      l.result.module->getModuleFlag("qiao.kernel_ir.version"));
  EXPECT_EQ(version->getZExtValue(), qiao::kir::kVersion);
}

TEST(KernelIrLowering, BarriersShufflesVotesAndSharedMemoryAreDialectCalls) {
  Lowered l(std::string(kHeader) + R"(
.visible .entry collective(.param .u64 out)
{
  .reg .pred %p<3>;
  .reg .b32 %r<10>;
  .reg .b64 %rd<4>;
  .shared .align 4 .b8 tile[128];
  mov.u32 %r1, %tid.x;
  shl.b32 %r2, %r1, 2;
  mov.u32 %r3, tile;
  add.s32 %r4, %r3, %r2;
  st.shared.u32 [%r4], %r1;
  bar.sync 0;
  ld.shared.u32 %r5, [%r4+4];
  shfl.sync.down.b32 %r6|%p1, %r5, 1, 31, -1;
  setp.ne.u32 %p2, %r6, 0;
  vote.sync.ballot.b32 %r7, %p2, -1;
  ld.param.u64 %rd1, [out];
  atom.global.cta.add.u32 %r8, [%rd1], %r7;
  red.global.add.u32 [%rd1+4], 1;
  ret;
}
)");
  ASSERT_TRUE(l.result.module) << l.result.functions[0].error;
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  EXPECT_TRUE(l.has("call ptr addrspace(3) @qiao.shared.base()")) << l.text;
  EXPECT_TRUE(l.has("store i32 %")) << l.text;
  EXPECT_TRUE(l.has("ptr addrspace(3)")) << l.text;
  EXPECT_TRUE(l.has("call void @qiao.barrier.sync(i32 0, i32 0)")) << l.text;
  EXPECT_TRUE(l.has("call { i32, i1 } @qiao.shfl.down(i32 -1,")) << l.text;
  EXPECT_TRUE(l.has("call i32 @qiao.vote.ballot(i32 -1,")) << l.text;
  EXPECT_TRUE(l.has("atomicrmw add ptr addrspace(1) %")) << l.text;
  EXPECT_TRUE(l.has("syncscope(\"block\") monotonic")) << l.text;
  EXPECT_TRUE(l.has("syncscope(\"device\") monotonic")) << l.text;
  // Collectives are convergent: no pass may make them control-dependent on more values.
  EXPECT_TRUE(l.has("declare void @qiao.barrier.sync(i32, i32) #")) << l.text;
  EXPECT_TRUE(l.has("convergent")) << l.text;
}

TEST(KernelIrLowering, DeviceFunctionsTakeAndReturnTheirParametersAsValues) {
  Lowered l(std::string(kHeader) + R"(
.func (.param .b32 r) twice(.param .b32 x)
{
  .reg .b32 %r<3>;
  ld.param.b32 %r1, [x];
  add.s32 %r2, %r1, %r1;
  st.param.b32 [r], %r2;
  ret;
}
.visible .entry caller(.param .u64 out)
{
  .reg .b32 %r<3>;
  .reg .b64 %rd<2>;
  mov.u32 %r1, 21;
  {
  .param .b32 a;
  st.param.b32 [a], %r1;
  .param .b32 b;
  call.uni (b), twice, (a);
  ld.param.b32 %r2, [b];
  }
  ld.param.u64 %rd1, [out];
  st.global.u32 [%rd1], %r2;
  ret;
}
)");
  ASSERT_TRUE(l.result.module);
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  EXPECT_TRUE(l.has("define i32 @twice(i32 %0)")) << l.text;
  EXPECT_TRUE(l.has("call i32 @twice(i32")) << l.text;
  ASSERT_EQ(l.result.functions.size(), 2u);
  for (const auto &f : l.result.functions)
    EXPECT_TRUE(f.lowered) << f.name << ": " << f.error;
}

TEST(KernelIrLowering, DirectedRoundingIsACallAndTheCarryChainAValue) {
  Lowered l(std::string(kHeader) + R"(
.visible .entry wide(.param .u64 out)
{
  .reg .b32 %r<8>;
  .reg .f32 %f<4>;
  .reg .b64 %rd<2>;
  mov.u32 %r1, %tid.x;
  add.cc.u32 %r2, %r1, -1;
  addc.u32 %r3, 0, 0;
  cvt.rz.f32.u32 %f1, %r1;
  add.rm.f32 %f2, %f1, 0f3F800000;
  shf.l.wrap.b32 %r4, %r1, %r2, 3;
  lop3.b32 %r5, %r1, %r2, %r3, 0x96;
  ld.param.u64 %rd1, [out];
  st.global.v4.u32 [%rd1], {%r3, %r4, %r5, %r1};
  st.global.f32 [%rd1+16], %f2;
  ret;
}
)");
  ASSERT_TRUE(l.result.module) << l.result.functions[0].error;
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  EXPECT_TRUE(l.has("call { i32, i1 } @llvm.uadd.with.overflow.i32")) << l.text;
  EXPECT_TRUE(l.has("call float @qiao.cvt.rz.f32.u32(i32")) << l.text;
  EXPECT_TRUE(l.has("call float @qiao.fadd.rm.f32(float")) << l.text;
  EXPECT_TRUE(l.has("@llvm.fshl.i32")) << l.text;
}

TEST(KernelIrLowering, MbarriersAndBulkCopiesAreCallsOnSharedAddresses) {
  Lowered l(R"(.version 8.0
.target sm_90
.address_size 64
.visible .entry k(.param .u64 in)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[64];
  .reg .b32 %r<8>; .reg .b64 %rd<8>; .reg .pred %p<4>;
  ld.param.u64 %rd1, [in];
  mov.u64 %rd2, bar;
  cvta.shared.u64 %rd3, %rd2;
  mbarrier.init.b64 [%rd3], 4;
  mbarrier.arrive.expect_tx.shared::cta.b64 %rd4, [bar], 64;
  mbarrier.arrive_drop.shared.b64 _, [bar], 1;
  mbarrier.pending_count.b64 %r1, %rd4;
  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [tile], [%rd1], 64, [bar];
WAIT:
  mbarrier.try_wait.parity.shared::cta.b64 %p1, [bar], 0, 1000;
  @!%p1 bra WAIT;
  mbarrier.test_wait.shared.b64 %p2, [bar], %rd4;
  cp.async.bulk.global.shared::cta.bulk_group [%rd1], [tile], 64;
  cp.async.bulk.commit_group;
  cp.async.bulk.wait_group 0;
  tanh.approx.f32 %r2, %r1;
  ret;
}
)");
  ASSERT_TRUE(l.result.module) << l.result.functions[0].error;
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  // A generic address is cast into the shared window; arrive.expect_tx is the expect-tx first.
  EXPECT_TRUE(l.has("addrspacecast ptr %")) << l.text;
  EXPECT_TRUE(l.has("call void @qiao.mbarrier.init(ptr addrspace(3)")) << l.text;
  EXPECT_TRUE(l.has("call void @qiao.mbarrier.expect_tx(ptr addrspace(3)")) << l.text;
  EXPECT_LT(l.text.find("call void @qiao.mbarrier.expect_tx"),
            l.text.find("call i64 @qiao.mbarrier.arrive(ptr addrspace(3)"))
      << l.text;
  EXPECT_TRUE(l.has("call i64 @qiao.mbarrier.arrive_drop(ptr addrspace(3)")) << l.text;
  EXPECT_TRUE(l.has("call i32 @qiao.mbarrier.pending_count(i64")) << l.text;
  EXPECT_TRUE(l.has("call i1 @qiao.mbarrier.try_wait.parity(ptr addrspace(3)")) << l.text;
  EXPECT_TRUE(l.has("call i1 @qiao.mbarrier.test_wait(ptr addrspace(3)")) << l.text;
  EXPECT_TRUE(l.has("call void @qiao.cp.async.bulk.shared(ptr addrspace(3)")) << l.text;
  EXPECT_TRUE(l.has("call void @qiao.cp.async.bulk.global(ptr addrspace(1)")) << l.text;
  EXPECT_TRUE(l.has("@llvm.tanh.f64(double")) << l.text;
}

TEST(KernelIrLowering, MulticastBulkCopiesAreLeftOutWithTheirLine) {
  // The multicast form writes other blocks' shared memory, which the dialect cannot name: the
  // kernel is left out, naming the instruction (line 10: the header is 3 lines), and the unicast
  // kernel beside it still lowers.
  Lowered l(R"(.version 8.0
.target sm_90
.address_size 64
.visible .entry broadcast(.param .u64 in)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[64];
  .reg .b16 %rs<2>; .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [in];
  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.multicast::cluster [tile], [%rd1], 64, [bar], %rs1;
  ret;
}
.visible .entry unicast(.param .u64 in)
{
  .shared .align 8 .b64 bar;
  .shared .align 16 .b8 tile[64];
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [in];
  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [tile], [%rd1], 64, [bar];
  ret;
}
)");
  ASSERT_EQ(l.result.functions.size(), 2u);
  const qiao::kir::FunctionReport &broadcast =
      l.result.functions[l.result.functions[0].name == "broadcast" ? 0 : 1];
  EXPECT_EQ(broadcast.name, "broadcast");
  EXPECT_FALSE(broadcast.lowered);
  EXPECT_NE(broadcast.error.find("line 10:"), std::string::npos) << broadcast.error;
  EXPECT_NE(broadcast.error.find(".multicast::cluster"), std::string::npos) << broadcast.error;
  EXPECT_NE(broadcast.error.find("not expressed in Qiao kernel IR"), std::string::npos)
      << broadcast.error;
  ASSERT_TRUE(l.result.module);
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  EXPECT_EQ(l.result.module->getFunction("broadcast"), nullptr);
  EXPECT_NE(l.result.module->getFunction("unicast"), nullptr);
}

TEST(KernelIrLowering, DeviceRuntimeCallsAreQiaoDeviceFunctions) {
  // nvcc's `child<<<2, 64, 0, stream>>>(out)` after cudaStreamCreateWithFlags, a
  // cudaMemset3DAsync (structs by value) and cudaGetErrorName.
  Lowered l(std::string(kHeader) + R"(
.extern .func (.param .b64 func_retval0) __cudaCDP2GetParameterBufferV2
(.param .b64 p0, .param .align 4 .b8 p1[12], .param .align 4 .b8 p2[12], .param .b32 p3);
.extern .func (.param .b32 func_retval0) __cudaCDP2LaunchDeviceV2(.param .b64 p0, .param .b64 p1);
.extern .func (.param .b32 func_retval0) __cudaCDP2StreamCreateWithFlags(.param .b64 p0, .param .b32 p1);
.extern .func (.param .b32 func_retval0) __cudaCDP2Memset3DAsync
(.param .align 8 .b8 p0[32], .param .b32 p1, .param .align 8 .b8 p2[24], .param .b64 p3);
.extern .func (.param .b64 func_retval0) __cudaCDP2GetErrorName(.param .b32 p0);
.visible .entry child(.param .u64 out)
{
  ret;
}
.visible .entry parent(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [out];
  { .param .b64 a0; st.param.b64 [a0], %rd1; .param .b32 a1; st.param.b32 [a1], 1; .param .b32 rv;
    call.uni (rv), __cudaCDP2StreamCreateWithFlags, (a0, a1);
    ld.param.b32 %r1, [rv]; }
  ld.u64 %rd5, [%rd1];
  mov.u64 %rd2, child;
  { .param .b64 a0; st.param.b64 [a0], %rd2;
    .param .align 4 .b8 a1[12]; st.param.b32 [a1], 2; st.param.b32 [a1+4], 1; st.param.b32 [a1+8], 1;
    .param .align 4 .b8 a2[12]; st.param.b32 [a2], 64; st.param.b32 [a2+4], 1; st.param.b32 [a2+8], 1;
    .param .b32 a3; st.param.b32 [a3], 0; .param .b64 rv;
    call.uni (rv), __cudaCDP2GetParameterBufferV2, (a0, a1, a2, a3);
    ld.param.b64 %rd3, [rv]; }
  st.u64 [%rd3], %rd1;
  { .param .b64 b0; st.param.b64 [b0], %rd3; .param .b64 b1; st.param.b64 [b1], %rd5; .param .b32 rv;
    call.uni (rv), __cudaCDP2LaunchDeviceV2, (b0, b1);
    ld.param.b32 %r2, [rv]; }
  { .param .align 8 .b8 a0[32]; st.param.b64 [a0], %rd1; st.param.b64 [a0+8], 64;
    st.param.b64 [a0+16], 64; st.param.b64 [a0+24], 4;
    .param .b32 a1; st.param.b32 [a1], 7;
    .param .align 8 .b8 a2[24]; st.param.b64 [a2], 64; st.param.b64 [a2+8], 4; st.param.b64 [a2+16], 1;
    .param .b64 a3; st.param.b64 [a3], 0; .param .b32 rv;
    call.uni (rv), __cudaCDP2Memset3DAsync, (a0, a1, a2, a3);
    ld.param.b32 %r3, [rv]; }
  { .param .b32 a0; st.param.b32 [a0], %r2; .param .b64 rv;
    call.uni (rv), __cudaCDP2GetErrorName, (a0);
    ld.param.b64 %rd6, [rv]; }
  st.u64 [%rd1], %rd6;
  ret;
}
)");
  ASSERT_TRUE(l.result.module);
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  for (const auto &f : l.result.functions)
    EXPECT_TRUE(f.lowered) << f.name << ": " << f.error;
  EXPECT_TRUE(l.has("call i32 @qiao.device.stream_create(ptr")) << l.text;
  // The kernel is named by its function's address; each dim3 is three words.
  EXPECT_TRUE(l.has("ptrtoint (ptr @child to i64)")) << l.text;
  EXPECT_TRUE(
      l.has("declare ptr @qiao.device.parameter_buffer_v2(i64, i32, i32, i32, i32, i32, i32, i32)"))
      << l.text;
  EXPECT_TRUE(l.has("call i32 @qiao.device.launch_v2(ptr")) << l.text;
  // Structs passed by value reach the call as pointers to the caller's bytes.
  EXPECT_TRUE(l.has("declare i32 @qiao.device.memset_3d_async(ptr, i32, ptr, i64)")) << l.text;
  EXPECT_TRUE(l.has("call ptr @qiao.device.error_name(i32")) << l.text;
  EXPECT_FALSE(l.has("__cudaCDP2")) << l.text;
}

TEST(KernelIrLowering, AnInstructionTheDialectLacksNamesItselfAndItsLine) {
  // A device-side launch whose declaration passes the dim3 configuration in 8 bytes, not 12 (the
  // engine runs it, reading z as 0; the dialect's qiao.device.parameter_buffer_v2 takes three
  // words) is on line 11 of this text (the header has 3).
  Lowered l(std::string(kHeader) + kShortDim3 + R"(
.visible .entry fine(.param .u64 out)
{
  ret;
}
)");
  ASSERT_EQ(l.result.functions.size(), 2u);
  const qiao::kir::FunctionReport *launcher = nullptr;
  for (const auto &f : l.result.functions)
    if (f.name == "launcher")
      launcher = &f;
  ASSERT_NE(launcher, nullptr);
  EXPECT_FALSE(launcher->lowered);
  EXPECT_NE(launcher->error.find("line 11:"), std::string::npos) << launcher->error;
  EXPECT_NE(launcher->error.find("__cudaCDP2GetParameterBufferV2"), std::string::npos)
      << launcher->error;
  EXPECT_NE(launcher->error.find("dim3 of 8 bytes"), std::string::npos) << launcher->error;
  // The other kernel still lowers, into a module that verifies and lacks the first.
  ASSERT_TRUE(l.result.module);
  EXPECT_EQ(qiao::kir::verify(*l.result.module), "");
  EXPECT_EQ(l.result.module->getFunction("launcher"), nullptr);
  EXPECT_NE(l.result.module->getFunction("fine"), nullptr);
}

TEST(KernelIrLowering, ImagesForDriversFailWithNotSupportedForAKernelTheyCannotExpress) {
  std::string bad = std::string(kHeader) + kShortDim3;
  auto image = qiao::kir::bitcodeFromPtx({bad});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code, qiao::errc::qiaoErrorNotSupported);
  EXPECT_NE(image.error().message.find("launcher"), std::string::npos);

  std::string good = std::string(kHeader) + ".visible .entry empty()\n{\n  ret;\n}\n";
  auto bitcode = qiao::kir::bitcodeFromPtx({good});
  ASSERT_TRUE(bitcode) << bitcode.error().message;
  // LLVM bitcode starts with 'BC' 0xC0DE.
  ASSERT_GE(bitcode->size(), 4u);
  EXPECT_EQ((*bitcode)[0], 'B');
  EXPECT_EQ((*bitcode)[1], 'C');

  auto broken = qiao::kir::bitcodeFromPtx({"this is not PTX"});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, qiao::errc::qiaoErrorInvalidPtx);
}

} // namespace
