// QIAO_DRIVER naming a driver built for driver ABI 1: the runtime refuses it before calling any
// of its slots, every call fails with qiaoErrorInsufficientDriver, and the one message says which
// ABI the driver implements and which the runtime needs.
#include <qiao/driver.h>
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace {

TEST(OldAbiDriver, IsRefusedWithBothVersionsNamed) {
  testing::internal::CaptureStderr();
  int count = -1;
  EXPECT_EQ(qiaoGetDeviceCount(&count), qiaoErrorInsufficientDriver);
  void *p = nullptr;
  EXPECT_EQ(qiaoMalloc(&p, 16), qiaoErrorInsufficientDriver);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("libqiao-driver-abi1.so implements driver ABI 1"), std::string::npos) << err;
  EXPECT_NE(err.find("needs driver ABI " + std::to_string(QIAO_DRIVER_ABI_VERSION)),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("qiao:"), err.rfind("qiao:")) << err; // once
  EXPECT_EQ(count, -1);
}

} // namespace

int main(int argc, char **argv) {
  setenv("QIAO_DRIVER", "abi1", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
