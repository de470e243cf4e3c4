// How many devices the emulator offers: QIAO_EMU_DEVICES=N, 1 to kMaxEmuDevices, default 1.
#pragma once

#include <cstdint>
#include <string>

namespace qiao::emu {

// As many as a large multi-GPU node holds; every device gets its own worker threads per queue,
// so the bound keeps a mistyped value from starting thousands of them.
constexpr int32_t kMaxEmuDevices = 16;

struct EmuDeviceCount {
  int32_t count = 1;
  std::string warning; // empty when the text was accepted (or absent)
};

// The count QIAO_EMU_DEVICES's text asks for. NULL or empty text gives 1; anything but a whole
// number from 1 to kMaxEmuDevices gives 1 and a one-line warning naming the value and the range.
EmuDeviceCount parseEmuDeviceCount(const char *text);

// Reads QIAO_EMU_DEVICES once per call, writing the warning (if any) to stderr.
int32_t emuDeviceCountFromEnvironment();

} // namespace qiao::emu
