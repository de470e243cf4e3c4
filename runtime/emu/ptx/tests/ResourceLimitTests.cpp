// What a kernel may use and what happens past it, as on CUDA: local data over 512 KiB per thread
// is refused at load (cudaErrorInvalidPtx, as ptxas refuses it), every call counts against
// cudaLimitStackSize so that runaway recursion ends with cudaErrorHardwareStackError (714) even
// without local data, and a failure inside the engine's thread pool ends that launch with an
// error code instead of the process (issue 10, classes 2 and 3).
#include "PtxHarness.h"
#include "support/ErrorCodes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <new>
#include <stdexcept>
#include <thread>

namespace qiao::ptx::test {
namespace {

constexpr const char *kHeader = ".version 9.0\n.target sm_80\n.address_size 64\n";

std::string ptx(const std::string &body) { return kHeader + body; }

struct Launch {
  uint32_t blocks = 1;
  uint32_t threads = 32;
  uint32_t stackBytes = 1024; // CUDA's default cudaLimitStackSize
  uint64_t frameStorageBytes = uint64_t{4} << 30;
  uint64_t timeoutMs = 0;
};

LaunchOutcome launch(const Module &module, DeviceMemory &memory, const char *name,
                     const std::vector<uint8_t> &params, Launch shape, GridExecutor &executor) {
  LaunchParams launch;
  launch.grid[0] = shape.blocks;
  launch.block[0] = shape.threads;
  launch.stackBytesPerThread = shape.stackBytes;
  launch.frameStorageBytes = shape.frameStorageBytes;
  launch.timeoutMs = shape.timeoutMs;
  launch.params = params.data();
  launch.paramBytes = params.size();
  return executor.run(module, *module.kernel(name), launch, memory);
}

std::vector<uint8_t> pointerParam(const void *pointer) {
  std::vector<uint8_t> bytes(8);
  std::memcpy(bytes.data(), &pointer, 8);
  return bytes;
}

// ---- local memory per thread -------------------------------------------------------------------

std::string kernelWithLocalArray(uint64_t bytes) {
  return ptx(R"(
.visible .entry k(.param .u64 out)
{
  .local .align 8 .b8 depot[)" +
             std::to_string(bytes) + R"(];
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  st.local.u32 [depot+)" +
             std::to_string(bytes - 4) + R"(], %r1;
  ld.local.u32 %r2, [depot+)" +
             std::to_string(bytes - 4) + R"(];
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
})");
}

TEST(LocalMemoryLimit, OverHalfAMebibytePerThreadIsRefusedAtLoad) {
  HostDeviceMemory memory;
  // The issue's reproducer: 64 MiB per thread.
  auto huge = Module::load(kernelWithLocalArray(64ull << 20), memory);
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, errc::qiaoErrorInvalidPtx);
  EXPECT_EQ(huge.error().message, "entry function 'k' uses too much local data (67108864 bytes "
                                  "per thread, 524288 max)");
  auto justOver = Module::load(kernelWithLocalArray(512 * 1024 + 8), memory);
  ASSERT_FALSE(justOver);
  EXPECT_EQ(justOver.error().code, errc::qiaoErrorInvalidPtx);
  // Past 4 GiB the size must not wrap around to a small one.
  auto wrapping = Module::load(kernelWithLocalArray((4ull << 30) + 16), memory);
  ASSERT_FALSE(wrapping);
  EXPECT_EQ(wrapping.error().code, errc::qiaoErrorInvalidPtx);
}

TEST(LocalMemoryLimit, DeviceFunctionsAreHeldToTheSameLimit) {
  HostDeviceMemory memory;
  auto module = Module::load(ptx(R"(
.func helper()
{
  .local .align 4 .b8 scratch[1048576];
  ret;
}
.visible .entry k()
{
  call.uni helper, ();
  ret;
})"),
                             memory);
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().code, errc::qiaoErrorInvalidPtx);
  EXPECT_EQ(module.error().message,
            "function 'helper' uses too much local data (1048576 bytes per thread, 524288 max)");
}

TEST(LocalMemoryLimit, ExactlyHalfAMebibyteRunsWithEveryThreadsOwnCopy) {
  HostDeviceMemory memory;
  auto module = Module::load(kernelWithLocalArray(512 * 1024), memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  auto *out = memory.array<uint32_t>(64);
  LaunchOutcome outcome = launch(**module, memory, "k", pointerParam(out), {4, 64}, executor);
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (uint32_t t = 0; t < 64; ++t)
    EXPECT_EQ(out[t], t) << t;
}

// ---- call depth against cudaLimitStackSize -----------------------------------------------------

// Recursion without any local data: each call is only a return address on hardware.
const char *kEndlessRecursion = R"(
.func forever()
{
  call.uni forever, ();
  ret;
}
.visible .entry k()
{
  call.uni forever, ();
  ret;
})";

TEST(StackLimit, RecursionWithoutLocalsEndsAtOnceWithHardwareStackError) {
  HostDeviceMemory memory;
  auto module = Module::load(ptx(kEndlessRecursion), memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  auto started = std::chrono::steady_clock::now();
  LaunchOutcome outcome = launch(**module, memory, "k", {}, {8, 128}, executor);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(outcome.code, errc::qiaoErrorHardwareStackError);
  EXPECT_EQ(outcome.code, 714);
  // 16 bytes a call: the default 1 KiB stack holds 64 nested calls.
  EXPECT_NE(outcome.report.find("call stack overflow after 64 nested calls (raise "
                                "cudaLimitStackSize)"),
            std::string::npos)
      << outcome.report;
  EXPECT_LT(seconds, 5.0);
}

TEST(StackLimit, TheDepthGrowsWithCudaLimitStackSize) {
  HostDeviceMemory memory;
  auto module = Module::load(ptx(kEndlessRecursion), memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  Launch shape{1, 32, 64 * 1024};
  LaunchOutcome outcome = launch(**module, memory, "k", {}, shape, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorHardwareStackError);
  EXPECT_NE(outcome.report.find("after 4096 nested calls"), std::string::npos) << outcome.report;
  // The largest stack the device allows (1 MiB) still ends the recursion, without exhausting
  // host memory on the way.
  shape.stackBytes = 1 << 20;
  outcome = launch(**module, memory, "k", {}, shape, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorHardwareStackError);
  EXPECT_NE(outcome.report.find("after 65536 nested calls"), std::string::npos) << outcome.report;
}

TEST(StackLimit, DeepRecursionUnderALargeStackEndsBeforeFrameStorageRunsAway) {
  HostDeviceMemory memory;
  // 64 registers a frame: 16 KiB of the engine's storage per warp-frame, where hardware holds a
  // few bytes. A 1 MiB stack would allow 65536 nested calls, 1 GiB a warp.
  std::string body = R"(
.func heavy()
{
  .reg .b64 %rd<64>;
  call.uni heavy, ();
  ret;
}
.visible .entry k()
{
  call.uni heavy, ();
  ret;
})";
  auto module = Module::load(ptx(body), memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  Launch shape{4, 64, 1 << 20, 8 << 20};
  LaunchOutcome outcome = launch(**module, memory, "k", {}, shape, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorHardwareStackError);
  EXPECT_NE(outcome.report.find("the launch used up the emulator's 8388608 bytes for call frames"),
            std::string::npos)
      << outcome.report;
}

TEST(StackLimit, LocalDataOfEachFrameCountsToo) {
  HostDeviceMemory memory;
  auto module = Module::load(ptx(R"(
.func deeper()
{
  .local .align 4 .b8 frame[112];
  call.uni deeper, ();
  ret;
}
.visible .entry k()
{
  call.uni deeper, ();
  ret;
})"),
                             memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  LaunchOutcome outcome = launch(**module, memory, "k", {}, {1, 32}, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorHardwareStackError);
  // 112 bytes of data plus 16 for the call: 8 frames fit in 1 KiB.
  EXPECT_NE(outcome.report.find("after 8 nested calls"), std::string::npos) << outcome.report;
}

TEST(StackLimit, BoundedRecursionWithinTheStackRuns) {
  HostDeviceMemory memory;
  // depth(n) = n == 0 ? 0 : 1 + depth(n - 1), called with n = 60 (60 x 16 bytes < 1 KiB).
  auto module = Module::load(ptx(R"(
.func (.param .b32 ret) depth(.param .b32 n)
{
  .reg .b32 %r<4>; .reg .pred %p<2>;
  ld.param.u32 %r1, [n];
  setp.eq.u32 %p1, %r1, 0;
  @%p1 bra DONE;
  add.u32 %r2, %r1, -1;
  {
  .param .b32 a0;
  st.param.b32 [a0+0], %r2;
  .param .b32 r0;
  call.uni (r0), depth, (a0);
  ld.param.b32 %r3, [r0+0];
  }
  add.u32 %r1, %r3, 1;
DONE:
  st.param.b32 [ret+0], %r1;
  ret;
}
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, 60;
  {
  .param .b32 a0;
  st.param.b32 [a0+0], %r1;
  .param .b32 r0;
  call.uni (r0), depth, (a0);
  ld.param.b32 %r2, [r0+0];
  }
  mov.u32 %r3, %tid.x;
  mul.wide.u32 %rd2, %r3, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
})"),
                             memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  auto *out = memory.array<uint32_t>(32);
  LaunchOutcome outcome = launch(**module, memory, "k", pointerParam(out), {1, 32}, executor);
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  for (uint32_t t = 0; t < 32; ++t)
    EXPECT_EQ(out[t], 60u) << t;
}

// ---- the watchdog -------------------------------------------------------------------------------

// A warp that waits for a flag nobody sets deadlocks for real: the watchdog ends the launch with
// qiaoErrorLaunchTimeout and the pool serves the next launch.
TEST(Watchdog, ADeadlockedKernelEndsWithLaunchTimeout) {
  HostDeviceMemory memory;
  auto module = Module::load(ptx(R"(
.visible .entry k(.param .u64 out)
{
  .shared .align 4 .b32 flag[1];
  .reg .b32 %r<4>; .reg .pred %p<2>;
WAIT:
  ld.volatile.shared.u32 %r1, [flag];
  setp.eq.u32 %p1, %r1, 0;
  @%p1 bra WAIT;
  ret;
})"),
                             memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(2);
  auto *out = memory.array<uint32_t>(1);
  Launch shape;
  shape.blocks = 2;
  shape.timeoutMs = 200;
  LaunchOutcome outcome = launch(**module, memory, "k", pointerParam(out), shape, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorLaunchTimeout);
  EXPECT_NE(outcome.report.find("when the watchdog expired"), std::string::npos) << outcome.report;
}

// ---- failures on the thread pool ---------------------------------------------------------------

// Device memory whose lookups (made by global accesses, on the pool's threads and on the calling
// thread alike) throw: what a host allocation failing in the middle of a grid looks like.
class FailingMemory : public HostDeviceMemory {
public:
  explicit FailingMemory(bool badAlloc) : badAlloc_(badAlloc) {}
  bool lookup(uint64_t, uint64_t, uint64_t &, uint64_t &) const override {
    if (badAlloc_)
      throw std::bad_alloc();
    throw std::runtime_error("lookup table corrupted");
  }
  // By default accesses are checked against mapped memory, so that lookup fails alike.
  bool mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    return lookup(addr, bytes, base, size);
  }

private:
  bool badAlloc_;
};

const char *kStorePerBlock = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  mul.wide.u32 %rd2, %r1, 64;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r1;
  ret;
})";

TEST(PoolFailures, AllocationFailureOnPoolThreadsFailsOnlyThatLaunch) {
  FailingMemory memory(true);
  auto module = Module::load(ptx(kStorePerBlock), memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(4);
  auto *out = memory.array<uint32_t>(16 * 256);
  LaunchOutcome outcome = launch(**module, memory, "k", pointerParam(out), {256, 32}, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorMemoryAllocation);
  EXPECT_EQ(outcome.report, "kernel 'k': out of host memory for the launch (its registers, "
                            "stacks or local data)");
  // The pool still serves launches.
  HostDeviceMemory healthy;
  auto *again = healthy.array<uint32_t>(16 * 8);
  outcome = launch(**module, healthy, "k", pointerParam(again), {8, 32}, executor);
  ASSERT_EQ(outcome.code, 0) << outcome.report;
  EXPECT_EQ(again[16 * 7], 7u);
}

TEST(PoolFailures, OtherExceptionsBecomeLaunchFailure) {
  FailingMemory memory(false);
  auto module = Module::load(ptx(kStorePerBlock), memory);
  ASSERT_TRUE(module) << module.error().message;
  GridExecutor executor(4);
  auto *out = memory.array<uint32_t>(16 * 256);
  LaunchOutcome outcome = launch(**module, memory, "k", pointerParam(out), {256, 32}, executor);
  EXPECT_EQ(outcome.code, errc::qiaoErrorLaunchFailure);
  EXPECT_EQ(outcome.report, "kernel 'k': lookup table corrupted");
}

TEST(PoolFailures, ForEachRethrowsOnTheCallingThreadAfterThePoolIsDone) {
  GridExecutor executor(4);
  std::atomic<int> ran{0};
  std::atomic<bool> thrown{false};
  // Items after the failing one wait for it and then take a while, so the pool has long seen the
  // failure when they finish: fewer than all items run, however the threads are scheduled.
  EXPECT_THROW(executor.forEach(1000,
                                [&](uint64_t i) {
                                  ++ran;
                                  if (i == 10) {
                                    thrown = true;
                                    throw std::bad_alloc();
                                  }
                                  if (i > 10) {
                                    while (!thrown)
                                      std::this_thread::yield();
                                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                                  }
                                  return true;
                                }),
               std::bad_alloc);
  EXPECT_LT(ran.load(), 1000);
  std::atomic<int> second{0};
  executor.forEach(100, [&](uint64_t) {
    ++second;
    return true;
  });
  EXPECT_EQ(second.load(), 100);
}

} // namespace
} // namespace qiao::ptx::test
