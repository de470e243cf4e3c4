// The API tests again, over libqiao-driver-test.so, plus the seam tests: the driver is chosen
// before the first runtime call.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char **argv) {
  setenv("QIAO_DRIVER", "test", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
