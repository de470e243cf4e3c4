// QIAO_DRIVER naming a driver that is not installed: every call fails with
// qiaoErrorInsufficientDriver (as CUDA's runtime does without libcuda), one message on stderr.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

TEST(NoDriver, EveryCallFailsAndOneMessageNamesTheLibrary) {
  testing::internal::CaptureStderr();
  int count = -1;
  EXPECT_EQ(qiaoGetDeviceCount(&count), qiaoErrorInsufficientDriver);
  void *p = nullptr;
  EXPECT_EQ(qiaoMalloc(&p, 16), qiaoErrorInsufficientDriver);
  qiaoStream_t s = nullptr;
  EXPECT_EQ(qiaoStreamCreate(&s), qiaoErrorInsufficientDriver);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("libqiao-driver-doesnotexist.so"), std::string::npos) << err;
  // Once: the second and third calls add nothing.
  EXPECT_EQ(err.find("qiao:"), err.rfind("qiao:")) << err;
  EXPECT_EQ(count, -1);
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorInsufficientDriver);
  int version = -1;
  EXPECT_EQ(qiaoDriverGetVersion(&version), qiaoSuccess);
  EXPECT_EQ(version, 0);
  EXPECT_EQ(qiaoRuntimeGetVersion(&version), qiaoSuccess);
  EXPECT_EQ(version, 13000);
}

} // namespace

int main(int argc, char **argv) {
  setenv("QIAO_DRIVER", "doesnotexist", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
