// The execution tests run their kernels over the kernel-IR test driver: libqiao lowers each
// module to Qiao kernel IR for it.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char **argv) {
  setenv("QIAO_DRIVER", "kir", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
