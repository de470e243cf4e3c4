// Driver-style contexts (cuCtx* and cuDevicePrimaryCtx* of CUDA's driver API): the calling
// thread's stack, the device a context selects, and the codes CUDA documents for bad handles.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace {

// CUDA_ERROR_INVALID_CONTEXT has the number of qiaoErrorDeviceUninitialized.
constexpr qiaoError_t kInvalidContext = qiaoErrorDeviceUninitialized;

TEST(Contexts, CreatePushesAndDestroyPops) {
  ASSERT_EQ(qiaoInit(0), qiaoSuccess);
  qiaoCtx_t before = nullptr;
  ASSERT_EQ(qiaoCtxGetCurrent(&before), qiaoSuccess);
  qiaoCtx_t ctx = nullptr;
  ASSERT_EQ(qiaoCtxCreate(&ctx, nullptr, 0, 0), qiaoSuccess);
  ASSERT_NE(ctx, nullptr);
  qiaoCtx_t current = nullptr;
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, ctx);
  qiaoDevice_t device = -1;
  EXPECT_EQ(qiaoCtxGetDevice(&device), qiaoSuccess);
  EXPECT_EQ(device, 0);
  unsigned int version = 0;
  EXPECT_EQ(qiaoCtxGetApiVersion(ctx, &version), qiaoSuccess);
  EXPECT_EQ(version, 13000u);
  EXPECT_EQ(qiaoCtxSynchronize(), qiaoSuccess);
  EXPECT_EQ(qiaoCtxDestroy(ctx), qiaoSuccess);
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, before);
}

TEST(Contexts, FlagsAreRecorded) {
  qiaoCtx_t ctx = nullptr;
  ASSERT_EQ(qiaoCtxCreate(&ctx, nullptr, qiaoDeviceScheduleYield, 0), qiaoSuccess);
  unsigned int flags = 0;
  EXPECT_EQ(qiaoCtxGetFlags(&flags), qiaoSuccess);
  EXPECT_EQ(flags, unsigned(qiaoDeviceScheduleYield));
  EXPECT_EQ(qiaoCtxDestroy(ctx), qiaoSuccess);
}

// cuCtxCreate as CUDA before 13.0 declared it: no creation parameters.
TEST(Contexts, CreateTakesThePreCuda13Arguments) {
  qiaoCtx_t ctx = nullptr, current = nullptr;
  ASSERT_EQ(qiaoCtxCreate(&ctx, qiaoDeviceScheduleSpin, 0), qiaoSuccess);
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, ctx);
  unsigned int flags = 0;
  EXPECT_EQ(qiaoCtxGetFlags(&flags), qiaoSuccess);
  EXPECT_EQ(flags, unsigned(qiaoDeviceScheduleSpin));
  EXPECT_EQ(qiaoCtxDestroy(ctx), qiaoSuccess);
}

TEST(Contexts, PushPopAndSetCurrentWorkOnTheStack) {
  qiaoCtx_t a = nullptr, b = nullptr;
  ASSERT_EQ(qiaoCtxCreate(&a, nullptr, 0, 0), qiaoSuccess);
  ASSERT_EQ(qiaoCtxCreate(&b, nullptr, 0, 0), qiaoSuccess); // stack: a b
  qiaoCtx_t popped = nullptr, current = nullptr;
  EXPECT_EQ(qiaoCtxPopCurrent(&popped), qiaoSuccess); // stack: a
  EXPECT_EQ(popped, b);
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, a);
  EXPECT_EQ(qiaoCtxSetCurrent(b), qiaoSuccess); // replaces the top: stack b
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, b);
  EXPECT_EQ(qiaoCtxPushCurrent(a), qiaoSuccess); // stack: b a
  EXPECT_EQ(qiaoCtxPopCurrent(nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, b);
  EXPECT_EQ(qiaoCtxSetCurrent(nullptr), qiaoSuccess); // takes b off: empty stack
  EXPECT_EQ(qiaoCtxPopCurrent(&popped), kInvalidContext);
  EXPECT_EQ(qiaoCtxDestroy(a), qiaoSuccess);
  EXPECT_EQ(qiaoCtxDestroy(b), qiaoSuccess);
}

TEST(Contexts, BadArguments) {
  qiaoCtx_t ctx = nullptr;
  EXPECT_EQ(qiaoInit(1), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoCtxCreate(nullptr, nullptr, 0, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoCtxCreate(&ctx, nullptr, 0x100, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoCtxCreate(&ctx, nullptr, 0, 4096), qiaoErrorInvalidDevice);
  int params = 0;
  EXPECT_EQ(qiaoCtxCreate(&ctx, &params, 0, 0), qiaoErrorNotSupported);
  EXPECT_EQ(qiaoCtxGetCurrent(nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoCtxGetDevice(nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoCtxDestroy(nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoCtxPushCurrent(nullptr), qiaoErrorInvalidValue);
  unsigned int version = 0;
  EXPECT_EQ(qiaoCtxGetApiVersion(nullptr, nullptr), qiaoErrorInvalidValue);
  // A pointer that is no context is refused without being read.
  int notAContext = 0;
  EXPECT_EQ(qiaoCtxPushCurrent(reinterpret_cast<qiaoCtx_t>(&notAContext)), kInvalidContext);
  EXPECT_EQ(qiaoCtxGetApiVersion(reinterpret_cast<qiaoCtx_t>(&notAContext), &version),
            kInvalidContext);
}

TEST(Contexts, DestroyedHandlesAreInvalid) {
  qiaoCtx_t ctx = nullptr;
  ASSERT_EQ(qiaoCtxCreate(&ctx, nullptr, 0, 0), qiaoSuccess);
  ASSERT_EQ(qiaoCtxDestroy(ctx), qiaoSuccess);
  EXPECT_EQ(qiaoCtxDestroy(ctx), kInvalidContext);
  EXPECT_EQ(qiaoCtxPushCurrent(ctx), kInvalidContext);
  EXPECT_EQ(qiaoCtxSetCurrent(ctx), kInvalidContext);
  unsigned int version = 0;
  EXPECT_EQ(qiaoCtxGetApiVersion(ctx, &version), kInvalidContext);
}

// CUDA_ERROR_CONTEXT_IS_DESTROYED: the context current to the calling thread was destroyed by
// another thread.
TEST(Contexts, WorkInADestroyedCurrentContextFails) {
  std::promise<qiaoCtx_t> created;
  std::promise<void> destroyed;
  std::future<void> destroyedSignal = destroyed.get_future();
  std::thread worker([&] {
    qiaoCtx_t ctx = nullptr;
    EXPECT_EQ(qiaoCtxCreate(&ctx, nullptr, 0, 0), qiaoSuccess);
    created.set_value(ctx);
    destroyedSignal.wait();
    EXPECT_EQ(qiaoCtxSynchronize(), qiaoErrorContextIsDestroyed);
    qiaoDeviceptr_t p = 0;
    EXPECT_EQ(qiaoMemAlloc(&p, 64), qiaoErrorContextIsDestroyed);
    qiaoDevice_t device = 0;
    EXPECT_EQ(qiaoCtxGetDevice(&device), qiaoErrorContextIsDestroyed);
    // Taking it off the stack leaves the thread in its device's primary context again.
    EXPECT_EQ(qiaoCtxPopCurrent(nullptr), qiaoSuccess);
    EXPECT_EQ(qiaoCtxSynchronize(), qiaoSuccess);
  });
  qiaoCtx_t ctx = created.get_future().get();
  EXPECT_EQ(qiaoCtxDestroy(ctx), qiaoSuccess);
  destroyed.set_value();
  worker.join();
}

TEST(PrimaryContexts, RetainAndReleaseAreCounted) {
  qiaoCtx_t primary = nullptr, again = nullptr;
  unsigned int flags = 1;
  int active = 0;
  ASSERT_EQ(qiaoDevicePrimaryCtxRetain(&primary, 0), qiaoSuccess);
  ASSERT_EQ(qiaoDevicePrimaryCtxRetain(&again, 0), qiaoSuccess);
  EXPECT_EQ(primary, again);
  EXPECT_EQ(qiaoDevicePrimaryCtxGetState(0, &flags, &active), qiaoSuccess);
  EXPECT_EQ(active, 1);
  // With no context chosen, a thread works in its device's primary context.
  qiaoCtx_t current = nullptr;
  EXPECT_EQ(qiaoCtxGetCurrent(&current), qiaoSuccess);
  EXPECT_EQ(current, primary);
  EXPECT_EQ(qiaoCtxDestroy(primary), kInvalidContext); // released, never destroyed
  EXPECT_EQ(qiaoDevicePrimaryCtxRelease(0), qiaoSuccess);
  EXPECT_EQ(qiaoDevicePrimaryCtxRelease(0), qiaoSuccess);
  EXPECT_EQ(qiaoDevicePrimaryCtxGetState(0, &flags, &active), qiaoSuccess);
  EXPECT_EQ(active, 0);
  EXPECT_EQ(qiaoDevicePrimaryCtxRelease(0), kInvalidContext);
}

TEST(PrimaryContexts, BadArguments) {
  qiaoCtx_t primary = nullptr;
  unsigned int flags = 0;
  int active = 0;
  EXPECT_EQ(qiaoDevicePrimaryCtxRetain(nullptr, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDevicePrimaryCtxRetain(&primary, 4096), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDevicePrimaryCtxRelease(-1), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDevicePrimaryCtxGetState(0, nullptr, &active), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDevicePrimaryCtxGetState(4096, &flags, &active), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDevicePrimaryCtxReset(4096), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDevicePrimaryCtxSetFlags(0, 0x100), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDevicePrimaryCtxSetFlags(0, qiaoDeviceScheduleSpin), qiaoSuccess);
  EXPECT_EQ(qiaoDevicePrimaryCtxGetState(0, &flags, &active), qiaoSuccess);
  EXPECT_EQ(flags, unsigned(qiaoDeviceScheduleSpin));
  EXPECT_EQ(qiaoDevicePrimaryCtxSetFlags(0, 0), qiaoSuccess);
}

} // namespace
