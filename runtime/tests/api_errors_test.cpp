// Error names, descriptions, versions, and the last-error state.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstring>
#include <thread>

namespace {

TEST(Errors, NamesAndDescriptionsFollowCuda) {
  EXPECT_STREQ(qiaoGetErrorName(qiaoSuccess), "qiaoSuccess");
  EXPECT_STREQ(qiaoGetErrorName(qiaoErrorInvalidValue), "qiaoErrorInvalidValue");
  EXPECT_STREQ(qiaoGetErrorName(qiaoErrorIllegalAddress), "qiaoErrorIllegalAddress");
  EXPECT_STREQ(qiaoGetErrorString(qiaoSuccess), "no error");
  EXPECT_STREQ(qiaoGetErrorString(qiaoErrorInvalidValue), "invalid argument");
  EXPECT_STREQ(qiaoGetErrorString(qiaoErrorMemoryAllocation), "out of memory");
  EXPECT_STREQ(qiaoGetErrorString(qiaoErrorInvalidDevice), "invalid device ordinal");
  // CUDA answers both questions about an unknown code with the same text.
  EXPECT_STREQ(qiaoGetErrorName(static_cast<qiaoError_t>(12345)), "unrecognized error code");
  EXPECT_STREQ(qiaoGetErrorString(static_cast<qiaoError_t>(12345)), "unrecognized error code");
}

TEST(Errors, ValuesAreCudas) {
  EXPECT_EQ(qiaoErrorInvalidConfiguration, 9);
  EXPECT_EQ(qiaoErrorInvalidSymbol, 13);
  EXPECT_EQ(qiaoErrorInsufficientDriver, 35);
  EXPECT_EQ(qiaoErrorInvalidDeviceFunction, 98);
  EXPECT_EQ(qiaoErrorNoDevice, 100);
  EXPECT_EQ(qiaoErrorInvalidResourceHandle, 400);
  EXPECT_EQ(qiaoErrorNotReady, 600);
  EXPECT_EQ(qiaoErrorIllegalAddress, 700);
  EXPECT_EQ(qiaoErrorUnknown, 999);
}

TEST(Errors, Versions) {
  int v = 0;
  EXPECT_EQ(qiaoRuntimeGetVersion(&v), qiaoSuccess);
  EXPECT_EQ(v, 13000);
  EXPECT_EQ(qiaoDriverGetVersion(&v), qiaoSuccess);
  EXPECT_EQ(v, 13000);
  EXPECT_EQ(qiaoRuntimeGetVersion(nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDriverGetVersion(nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Errors, RecoverableErrorIsReturnedOnceByGetLastError) {
  qiaoGetLastError();
  EXPECT_EQ(qiaoSetDevice(-1), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoPeekAtLastError(), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoPeekAtLastError(), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);
  // A later success does not clear it; only qiaoGetLastError does.
  EXPECT_EQ(qiaoMalloc(nullptr, 4), qiaoErrorInvalidValue);
  int count = 0;
  EXPECT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);
}

TEST(Errors, LastErrorBelongsToTheHostThread) {
  qiaoGetLastError();
  EXPECT_EQ(qiaoSetDevice(-7), qiaoErrorInvalidDevice);
  qiaoError_t other = qiaoErrorUnknown;
  std::thread([&] { other = qiaoGetLastError(); }).join();
  EXPECT_EQ(other, qiaoSuccess);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorInvalidDevice);
}

} // namespace
