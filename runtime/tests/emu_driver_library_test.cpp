// The emulated device is a driver library like any vendor's: with QIAO_DRIVER unset, libqiao
// opens libqiao-driver-emu.so from its own directory, and libqiao itself holds no emulator.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace {

std::string directoryOf(const void *address) {
  Dl_info info{};
  if (dladdr(address, &info) == 0 || !info.dli_fname)
    return {};
  std::string path = info.dli_fname;
  return path.substr(0, path.rfind('/') + 1);
}

TEST(EmuDriverLibrary, DefaultDriverIsOpenedFromBesideLibqiao) {
  if (std::getenv("QIAO_DRIVER"))
    GTEST_SKIP() << "this test is about the default driver (QIAO_DRIVER is set)";
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  EXPECT_GE(count, 1);
  std::string dir = directoryOf(reinterpret_cast<const void *>(&qiaoGetDeviceCount));
  ASSERT_FALSE(dir.empty());
  void *driver = dlopen((dir + "libqiao-driver-emu.so").c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(driver, nullptr) << "libqiao-driver-emu.so is not loaded from " << dir;
  EXPECT_NE(dlsym(driver, "qiaoDriverGetTable"), nullptr);
  dlclose(driver); // drops only the reference RTLD_NOLOAD took
}

TEST(EmuDriverLibrary, LibqiaoHoldsNoEmulator) {
  void *runtime = dlopen(nullptr, RTLD_NOW);
  ASSERT_NE(runtime, nullptr);
  // The emulator's table and the driver entry point are the plug-in's, never the runtime's.
  EXPECT_EQ(dlsym(runtime, "qiaoEmuDriverGetTable"), nullptr);
  EXPECT_EQ(dlsym(runtime, "qiaoDriverGetTable"), nullptr);
}

} // namespace
