// QIAO_EMU_DEVICES: what the emulator accepts as its device count and what it does otherwise.
#include "EmuDeviceCount.h"

#include <gtest/gtest.h>

namespace {

using qiao::emu::kMaxEmuDevices;
using qiao::emu::parseEmuDeviceCount;

TEST(EmuDeviceCount, AbsentOrEmptyIsOneDevice) {
  EXPECT_EQ(parseEmuDeviceCount(nullptr).count, 1);
  EXPECT_EQ(parseEmuDeviceCount("").count, 1);
  EXPECT_TRUE(parseEmuDeviceCount(nullptr).warning.empty());
  EXPECT_TRUE(parseEmuDeviceCount("").warning.empty());
}

TEST(EmuDeviceCount, AcceptsOneToTheLimit) {
  EXPECT_EQ(parseEmuDeviceCount("1").count, 1);
  EXPECT_EQ(parseEmuDeviceCount("2").count, 2);
  EXPECT_EQ(parseEmuDeviceCount(std::to_string(kMaxEmuDevices).c_str()).count, kMaxEmuDevices);
  EXPECT_TRUE(parseEmuDeviceCount("4").warning.empty());
}

TEST(EmuDeviceCount, AnythingElseIsOneDeviceAndAWarningNamingTheValue) {
  for (const char *bad : {"0", "-2", "17", "two", "2x", " 2", "99999999999999999999"}) {
    auto chosen = parseEmuDeviceCount(bad);
    EXPECT_EQ(chosen.count, 1) << bad;
    EXPECT_NE(chosen.warning.find(std::string("QIAO_EMU_DEVICES=") + bad), std::string::npos)
        << chosen.warning;
    EXPECT_NE(chosen.warning.find("from 1 to 16"), std::string::npos) << chosen.warning;
  }
}

} // namespace
