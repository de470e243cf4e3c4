// QIAO_EMU_CC: which compute capabilities the emulated device can present, what it does with any
// other value, and the limits each reports.
#include "EmuComputeCapability.h"
#include "EmuDeviceInfo.h"

#include <gtest/gtest.h>

namespace {

using qiao::emu::emuArchitectures;
using qiao::emu::oldestArchitectureRunning;
using qiao::emu::parseEmuComputeCapability;

TEST(EmuComputeCapability, AbsentOrEmptyIs80) {
  for (const char *text : {static_cast<const char *>(nullptr), ""}) {
    auto chosen = parseEmuComputeCapability(text);
    EXPECT_EQ(chosen.architecture.smNumber(), 80u);
    EXPECT_TRUE(chosen.warning.empty());
  }
}

TEST(EmuComputeCapability, AcceptsEveryRowAsMajorDotMinor) {
  EXPECT_EQ(parseEmuComputeCapability("9.0").architecture.smNumber(), 90u);
  EXPECT_EQ(parseEmuComputeCapability("10.0").architecture.smNumber(), 100u);
  EXPECT_EQ(parseEmuComputeCapability("12.0").architecture.smNumber(), 120u);
  EXPECT_EQ(parseEmuComputeCapability("7.5").architecture.smNumber(), 75u);
  EXPECT_TRUE(parseEmuComputeCapability("8.6").warning.empty());
}

TEST(EmuComputeCapability, AnythingElseIs80AndAWarningNamingTheValueAndTheChoices) {
  for (const char *bad : {"9", "90", "sm_90", "9.5", "6.1", " 9.0", "9.0 ", "x"}) {
    auto chosen = parseEmuComputeCapability(bad);
    EXPECT_EQ(chosen.architecture.smNumber(), 80u) << bad;
    EXPECT_NE(chosen.warning.find(std::string("QIAO_EMU_CC=") + bad + " is not one of 7.5, 8.0"),
              std::string::npos)
        << chosen.warning;
  }
}

TEST(EmuComputeCapability, OldestRowRunningPtxOfATarget) {
  EXPECT_EQ(oldestArchitectureRunning(80)->smNumber(), 80u);
  EXPECT_EQ(oldestArchitectureRunning(87)->smNumber(), 89u);
  EXPECT_EQ(oldestArchitectureRunning(90)->smNumber(), 90u);
  EXPECT_EQ(oldestArchitectureRunning(103)->smNumber(), 120u);
  EXPECT_EQ(oldestArchitectureRunning(121), nullptr);
}

// The per-SM limits of CUDA's table for two rows: Hopper's larger shared memory and Ada's fewer
// resident threads.
TEST(EmuComputeCapability, DeviceInfoCarriesTheRowsLimits) {
  auto hopper =
      qiao::emu::makeEmuDeviceInfo(1 << 30, 0, parseEmuComputeCapability("9.0").architecture);
  EXPECT_EQ(hopper.computeMajor, 9);
  EXPECT_EQ(hopper.computeMinor, 0);
  EXPECT_EQ(hopper.sharedMemPerBlock, 48u * 1024);
  EXPECT_EQ(hopper.sharedMemPerBlockOptin, 227u * 1024);
  EXPECT_EQ(hopper.sharedMemPerMultiprocessor, 228u * 1024);
  EXPECT_EQ(hopper.maxThreadsPerMultiProcessor, 2048);
  EXPECT_EQ(hopper.maxBlocksPerMultiProcessor, 32);
  auto ada =
      qiao::emu::makeEmuDeviceInfo(1 << 30, 0, parseEmuComputeCapability("8.9").architecture);
  EXPECT_EQ(ada.computeMajor, 8);
  EXPECT_EQ(ada.computeMinor, 9);
  EXPECT_EQ(ada.sharedMemPerBlockOptin, 99u * 1024);
  EXPECT_EQ(ada.maxThreadsPerMultiProcessor, 1536);
  EXPECT_EQ(ada.maxBlocksPerMultiProcessor, 24);
}

TEST(EmuComputeCapability, RowsAreOldestFirst) {
  const auto &rows = emuArchitectures();
  for (size_t i = 1; i < rows.size(); ++i)
    EXPECT_LT(rows[i - 1].smNumber(), rows[i].smNumber());
}

} // namespace
