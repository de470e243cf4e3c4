// Several emulated devices (QIAO_EMU_DEVICES, set by CTest for the runtime.api.devices_* runs):
// each device's own properties, memory, streams and reset; peer access and copies across them.
// With one device (the default runs) every test here is skipped and says why.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

int deviceCount() {
  int count = 0;
  EXPECT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  return count;
}

#define REQUIRE_DEVICES(n)                                                                         \
  do {                                                                                             \
    if (deviceCount() < (n))                                                                       \
      GTEST_SKIP() << "needs QIAO_EMU_DEVICES=" << (n) << " or more";                              \
  } while (0)

// Restores device 0 as the calling thread's device whatever a test selected.
struct OnDevice {
  explicit OnDevice(int device) { EXPECT_EQ(qiaoSetDevice(device), qiaoSuccess); }
  ~OnDevice() { qiaoSetDevice(0); }
};

void *allocateOn(int device, size_t bytes) {
  OnDevice on(device);
  void *ptr = nullptr;
  EXPECT_EQ(qiaoMalloc(&ptr, bytes), qiaoSuccess);
  return ptr;
}

TEST(EmuMultiDevice, CountIsWhatTheEnvironmentAsks) {
  REQUIRE_DEVICES(2);
  const char *asked = std::getenv("QIAO_EMU_DEVICES");
  ASSERT_NE(asked, nullptr);
  EXPECT_EQ(deviceCount(), std::atoi(asked));
  EXPECT_EQ(qiaoSetDevice(deviceCount()), qiaoErrorInvalidDevice);
  qiaoGetLastError();
}

TEST(EmuMultiDevice, EachDeviceIsItsOwnPciFunctionOfTheSameModel) {
  REQUIRE_DEVICES(2);
  std::set<std::string> buses, uuids;
  qiaoDeviceProp_t first{};
  ASSERT_EQ(qiaoGetDeviceProperties(&first, 0), qiaoSuccess);
  for (int d = 0; d < deviceCount(); ++d) {
    qiaoDeviceProp_t prop{};
    ASSERT_EQ(qiaoGetDeviceProperties(&prop, d), qiaoSuccess);
    EXPECT_STREQ(prop.name, first.name);
    EXPECT_EQ(prop.totalGlobalMem, first.totalGlobalMem);
    EXPECT_EQ(prop.pciBusID, d);
    char bus[32];
    ASSERT_EQ(qiaoDeviceGetPCIBusId(bus, sizeof bus, d), qiaoSuccess);
    buses.insert(bus);
    uuids.insert(std::string(prop.uuid.bytes, sizeof prop.uuid.bytes));
    int back = -1;
    ASSERT_EQ(qiaoDeviceGetByPCIBusId(&back, bus), qiaoSuccess);
    EXPECT_EQ(back, d);
  }
  EXPECT_EQ(int(buses.size()), deviceCount());
  EXPECT_EQ(int(uuids.size()), deviceCount());
}

TEST(EmuMultiDevice, MemoryIsAccountedPerDevice) {
  REQUIRE_DEVICES(2);
  size_t free0 = 0, total0 = 0, free1 = 0, total1 = 0;
  auto info = [](int device, size_t &freeBytes, size_t &total) {
    OnDevice on(device);
    ASSERT_EQ(qiaoMemGetInfo(&freeBytes, &total), qiaoSuccess);
  };
  info(0, free0, total0);
  info(1, free1, total1);
  EXPECT_EQ(total0, total1);
  const size_t bytes = 32 << 20;
  void *onOne = allocateOn(1, bytes);
  size_t after0 = 0, after1 = 0;
  info(0, after0, total0);
  info(1, after1, total1);
  EXPECT_EQ(after0, free0);
  EXPECT_EQ(free1 - after1, bytes);
  qiaoPointerAttributes attributes{};
  ASSERT_EQ(qiaoPointerGetAttributes(&attributes, onOne), qiaoSuccess);
  EXPECT_EQ(attributes.type, qiaoMemoryTypeDevice);
  EXPECT_EQ(attributes.device, 1);
  EXPECT_EQ(qiaoFree(onOne), qiaoSuccess); // from device 0: the pointer names its device
  info(1, after1, total1);
  EXPECT_EQ(after1, free1);
}

TEST(EmuMultiDevice, CurrentDeviceBelongsToTheHostThread) {
  REQUIRE_DEVICES(2);
  OnDevice on(1);
  int inThread = -1, afterSet = -1;
  std::thread other([&] {
    qiaoGetDevice(&inThread);
    qiaoSetDevice(deviceCount() - 1);
    qiaoGetDevice(&afterSet);
  });
  other.join();
  int mine = -1;
  ASSERT_EQ(qiaoGetDevice(&mine), qiaoSuccess);
  EXPECT_EQ(inThread, 0);
  EXPECT_EQ(afterSet, deviceCount() - 1);
  EXPECT_EQ(mine, 1);
}

TEST(EmuMultiDevice, PeerAccessIsOneWayWithCudasCodes) {
  REQUIRE_DEVICES(2);
  int can = -1;
  ASSERT_EQ(qiaoDeviceCanAccessPeer(&can, 1, 0), qiaoSuccess);
  EXPECT_EQ(can, 1);
  ASSERT_EQ(qiaoDeviceCanAccessPeer(&can, 1, 1), qiaoSuccess);
  EXPECT_EQ(can, 0);
  {
    OnDevice on(0);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoSuccess);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoErrorPeerAccessAlreadyEnabled);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(0, 0), qiaoErrorInvalidDevice);
  }
  {
    OnDevice on(1);
    // 0 -> 1 says nothing about 1 -> 0.
    EXPECT_EQ(qiaoDeviceDisablePeerAccess(0), qiaoErrorPeerAccessNotEnabled);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(0, 0), qiaoSuccess);
    EXPECT_EQ(qiaoDeviceDisablePeerAccess(0), qiaoSuccess);
  }
  EXPECT_EQ(qiaoDeviceDisablePeerAccess(1), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceDisablePeerAccess(1), qiaoErrorPeerAccessNotEnabled);
  qiaoGetLastError();
}

TEST(EmuMultiDevice, PeerAndDefaultCopiesMoveBytesBetweenDevices) {
  REQUIRE_DEVICES(2);
  const int last = deviceCount() - 1;
  const size_t bytes = 4096;
  auto *a = static_cast<unsigned char *>(allocateOn(0, bytes));
  auto *b = static_cast<unsigned char *>(allocateOn(last, bytes));
  std::vector<unsigned char> host(bytes), back(bytes);
  for (size_t i = 0; i < bytes; ++i)
    host[i] = static_cast<unsigned char>(i * 7);
  ASSERT_EQ(qiaoMemcpy(a, host.data(), bytes, qiaoMemcpyHostToDevice), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpyPeer(b, last, a, 0, bytes), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(back.data(), b, bytes, qiaoMemcpyDefault), qiaoSuccess);
  EXPECT_EQ(back, host);
  // Async on a stream of the receiving device, then cudaMemcpyDefault the other way.
  ASSERT_EQ(qiaoMemset(a, 0, bytes), qiaoSuccess);
  qiaoStream_t stream = nullptr;
  {
    OnDevice on(last);
    ASSERT_EQ(qiaoStreamCreate(&stream), qiaoSuccess);
  }
  ASSERT_EQ(qiaoMemcpyPeerAsync(a, 0, b, last, bytes / 2, stream), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(stream), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(a + bytes / 2, b + bytes / 2, bytes / 2, qiaoMemcpyDefault), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(back.data(), a, bytes, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(back, host);
  EXPECT_EQ(qiaoMemcpyPeer(b, deviceCount(), a, 0, bytes), qiaoErrorInvalidDevice);
  qiaoGetLastError();
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
  EXPECT_EQ(qiaoFree(a), qiaoSuccess);
  EXPECT_EQ(qiaoFree(b), qiaoSuccess);
}

void markDone(void *flag) {
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  static_cast<std::atomic<int> *>(flag)->store(1);
}
void readFlag(void *data) {
  auto *pair = static_cast<std::atomic<int> *>(data);
  pair[1].store(pair[0].load() == 1 ? 2 : -1);
}

TEST(EmuMultiDevice, AStreamWaitsForAnEventOfAnotherDevice) {
  REQUIRE_DEVICES(2);
  std::atomic<int> flags[2] = {0, 0}; // set on device 0, seen on device 1
  qiaoStream_t first = nullptr, second = nullptr;
  qiaoEvent_t done = nullptr;
  {
    OnDevice on(0);
    ASSERT_EQ(qiaoStreamCreate(&first), qiaoSuccess);
    ASSERT_EQ(qiaoEventCreate(&done), qiaoSuccess);
    ASSERT_EQ(qiaoLaunchHostFunc(first, markDone, &flags[0]), qiaoSuccess);
    ASSERT_EQ(qiaoEventRecord(done, first), qiaoSuccess);
  }
  {
    OnDevice on(1);
    ASSERT_EQ(qiaoStreamCreate(&second), qiaoSuccess);
    ASSERT_EQ(qiaoStreamWaitEvent(second, done, 0), qiaoSuccess);
    ASSERT_EQ(qiaoLaunchHostFunc(second, readFlag, flags), qiaoSuccess);
    ASSERT_EQ(qiaoStreamSynchronize(second), qiaoSuccess);
  }
  EXPECT_EQ(flags[1].load(), 2);
  EXPECT_EQ(qiaoEventSynchronize(done), qiaoSuccess);
  EXPECT_EQ(qiaoEventDestroy(done), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(first), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(second), qiaoSuccess);
}

TEST(EmuMultiDevice, ResetDropsOnlyTheCurrentDevice) {
  REQUIRE_DEVICES(2);
  void *kept = allocateOn(0, 1024);
  void *dropped = allocateOn(1, 1024);
  qiaoStream_t keptStream = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&keptStream), qiaoSuccess);
  {
    OnDevice on(0);
    ASSERT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoSuccess);
  }
  {
    OnDevice on(1);
    ASSERT_EQ(qiaoDeviceReset(), qiaoSuccess);
  }
  qiaoPointerAttributes attributes{};
  ASSERT_EQ(qiaoPointerGetAttributes(&attributes, kept), qiaoSuccess);
  EXPECT_EQ(attributes.type, qiaoMemoryTypeDevice);
  EXPECT_EQ(attributes.device, 0);
  ASSERT_EQ(qiaoPointerGetAttributes(&attributes, dropped), qiaoSuccess);
  EXPECT_EQ(attributes.type, qiaoMemoryTypeUnregistered);
  EXPECT_EQ(qiaoMemsetAsync(kept, 1, 1024, keptStream), qiaoSuccess);
  EXPECT_EQ(qiaoStreamSynchronize(keptStream), qiaoSuccess);
  {
    // The peer mapping to the reset device went with its context.
    OnDevice on(0);
    EXPECT_EQ(qiaoDeviceEnablePeerAccess(1, 0), qiaoSuccess);
    EXPECT_EQ(qiaoDeviceDisablePeerAccess(1), qiaoSuccess);
  }
  EXPECT_EQ(qiaoStreamDestroy(keptStream), qiaoSuccess);
  EXPECT_EQ(qiaoFree(kept), qiaoSuccess);
}

// The driver-style calls name devices by their contexts (cuCtxEnablePeerAccess, cuMemcpyPeer).
TEST(EmuMultiDevice, ContextPeerCallsActOnTheContextsDevices) {
  REQUIRE_DEVICES(2);
  qiaoCtx_t zero = nullptr, one = nullptr;
  ASSERT_EQ(qiaoDevicePrimaryCtxRetain(&zero, 0), qiaoSuccess);
  ASSERT_EQ(qiaoDevicePrimaryCtxRetain(&one, 1), qiaoSuccess);
  ASSERT_EQ(qiaoCtxSetCurrent(zero), qiaoSuccess);
  EXPECT_EQ(qiaoCtxEnablePeerAccess(one, 0), qiaoSuccess);
  EXPECT_EQ(qiaoCtxEnablePeerAccess(one, 0), qiaoErrorPeerAccessAlreadyEnabled);
  EXPECT_EQ(qiaoCtxEnablePeerAccess(zero, 0), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoCtxDisablePeerAccess(one), qiaoSuccess);
  EXPECT_EQ(qiaoCtxDisablePeerAccess(one), qiaoErrorPeerAccessNotEnabled);
  auto *a = static_cast<unsigned *>(allocateOn(0, 256));
  auto *b = static_cast<unsigned *>(allocateOn(1, 256));
  std::vector<unsigned> host(64, 0xdecafbadu), back(64, 0);
  ASSERT_EQ(qiaoMemcpy(a, host.data(), 256, qiaoMemcpyHostToDevice), qiaoSuccess);
  ASSERT_EQ(qiaoCtxMemcpyPeer(reinterpret_cast<qiaoDeviceptr_t>(b), one,
                              reinterpret_cast<qiaoDeviceptr_t>(a), zero, 256),
            qiaoSuccess);
  ASSERT_EQ(qiaoCtxMemcpyPeerAsync(reinterpret_cast<qiaoDeviceptr_t>(a), zero,
                                   reinterpret_cast<qiaoDeviceptr_t>(b), one, 128, nullptr),
            qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(back.data(), b, 256, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(back, host);
  EXPECT_EQ(qiaoFree(a), qiaoSuccess);
  EXPECT_EQ(qiaoFree(b), qiaoSuccess);
  EXPECT_EQ(qiaoCtxSetCurrent(nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoDevicePrimaryCtxRelease(0), qiaoSuccess);
  EXPECT_EQ(qiaoDevicePrimaryCtxRelease(1), qiaoSuccess);
  qiaoGetLastError();
}

// A kernel that copies n words from src to dst, thread by thread.
constexpr const char *kCopyWords = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry copyWords(.param .u64 dst, .param .u64 src)
{
  .reg .b64 %rd<6>;
  .reg .b32 %r<3>;
  ld.param.u64 %rd1, [dst];
  ld.param.u64 %rd2, [src];
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd3, %r1, 4;
  add.s64 %rd4, %rd2, %rd3;
  ld.global.u32 %r2, [%rd4];
  add.s64 %rd5, %rd1, %rd3;
  st.global.u32 [%rd5], %r2;
  ret;
}
)";

TEST(EmuMultiDevice, AKernelReachesPeerMemoryOnlyWithPeerAccess) {
  REQUIRE_DEVICES(2);
  const unsigned count = 64;
  auto *onZero = static_cast<unsigned *>(allocateOn(0, count * 4));
  std::vector<unsigned> host(count);
  for (unsigned i = 0; i < count; ++i)
    host[i] = 0x1000 + i;
  ASSERT_EQ(qiaoMemcpy(onZero, host.data(), count * 4, qiaoMemcpyHostToDevice), qiaoSuccess);
  OnDevice on(1);
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kCopyWords), qiaoSuccess);
  qiaoFunction_t copy = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&copy, module, "copyWords"), qiaoSuccess);
  unsigned *onOne = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&onOne), count * 4), qiaoSuccess);
  void *args[] = {&onOne, &onZero};
  ASSERT_EQ(qiaoDeviceEnablePeerAccess(0, 0), qiaoSuccess);
  ASSERT_EQ(qiaoModuleLaunchKernel(copy, 1, 1, 1, count, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  std::vector<unsigned> back(count);
  ASSERT_EQ(qiaoMemcpy(back.data(), onOne, count * 4, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(back, host);
  // Without peer access the same read faults; the fault is device 1's alone.
  ASSERT_EQ(qiaoDeviceDisablePeerAccess(0), qiaoSuccess);
  ASSERT_EQ(qiaoModuleLaunchKernel(copy, 1, 1, 1, count, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorIllegalAddress);
  {
    OnDevice zero(0);
    EXPECT_EQ(qiaoMemcpy(back.data(), onZero, count * 4, qiaoMemcpyDeviceToHost), qiaoSuccess);
    EXPECT_EQ(qiaoFree(onZero), qiaoSuccess);
  }
  qiaoSetDevice(1);
  EXPECT_EQ(qiaoDeviceReset(), qiaoSuccess); // clears device 1's sticky error
  qiaoGetLastError();
}

} // namespace
