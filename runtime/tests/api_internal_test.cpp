// The shims' entry points into libqiao (qiao/qiao_internal.h), which every driver serves alike:
// the last error a shim records, the allocation range behind cuMemGetAddressRange, the reset
// count libcuda's primary contexts follow, and the runtime-presence flag.
#include <qiao/qiao_internal.h>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

TEST(Internal, RecordErrorBecomesTheThreadsLastError) {
  qiaoGetLastError();
  EXPECT_EQ(qiaoInternalRecordError(qiaoErrorNotSupported, "a shim's own error"),
            qiaoErrorNotSupported);
  EXPECT_EQ(qiaoPeekAtLastError(), qiaoErrorNotSupported);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorNotSupported);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);
  // Neither success nor "not ready" is an error to remember, as for runtime calls.
  EXPECT_EQ(qiaoInternalRecordError(qiaoErrorNotReady, nullptr), qiaoErrorNotReady);
  EXPECT_EQ(qiaoInternalRecordError(qiaoSuccess, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);
}

TEST(Internal, StickyErrorsAreTheKernelFaults) {
  EXPECT_NE(qiaoInternalIsStickyError(qiaoErrorIllegalAddress), 0);
  EXPECT_NE(qiaoInternalIsStickyError(qiaoErrorAssert), 0);
  EXPECT_NE(qiaoInternalIsStickyError(qiaoErrorLaunchFailure), 0);
  EXPECT_EQ(qiaoInternalIsStickyError(qiaoErrorInvalidValue), 0);
  EXPECT_EQ(qiaoInternalIsStickyError(qiaoSuccess), 0);
}

TEST(Internal, AllocationRangeNamesTheAllocationHoldingAPointer) {
  char *device = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&device), 4096), qiaoSuccess);
  void *base = nullptr;
  size_t size = 0;
  ASSERT_EQ(qiaoInternalAllocationRange(device + 1000, &base, &size), qiaoSuccess);
  EXPECT_EQ(base, device);
  EXPECT_GE(size, 4096u);
  int onTheStack = 0;
  EXPECT_EQ(qiaoInternalAllocationRange(&onTheStack, &base, &size), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoInternalAllocationRange(device, nullptr, &size), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoInternalAllocationRange(device, &base, nullptr), qiaoErrorInvalidValue);
  ASSERT_EQ(qiaoFree(device), qiaoSuccess);
  EXPECT_EQ(qiaoInternalAllocationRange(device, &base, &size), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess); // lookups leave the last error alone
}

TEST(Internal, DeviceResetCountFollowsDeviceReset) {
  uint64_t before = 0, after = 0;
  ASSERT_EQ(qiaoInternalDeviceResetCount(0, &before), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceReset(), qiaoSuccess);
  ASSERT_EQ(qiaoInternalDeviceResetCount(0, &after), qiaoSuccess);
  EXPECT_EQ(after, before + 1);
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  EXPECT_EQ(qiaoInternalDeviceResetCount(count, &after), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoInternalDeviceResetCount(-1, &after), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoInternalDeviceResetCount(0, nullptr), qiaoErrorInvalidValue);
}

TEST(Internal, RuntimePresenceIsSetOnceAnnounced) {
  EXPECT_EQ(qiaoInternalRuntimeApiLoaded(), 0); // no libcudart.so.13 in this program
  qiaoInternalNoteRuntimeApiLoaded();
  EXPECT_NE(qiaoInternalRuntimeApiLoaded(), 0);
}

} // namespace
