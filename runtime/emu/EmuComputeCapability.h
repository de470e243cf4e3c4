// Which compute capability the emulated device presents: QIAO_EMU_CC=X.Y, one of the rows of
// ComputeCapabilities.def, default 8.0. It decides which PTX the device accepts (a module's
// .target must not be newer, as on hardware) and the per-SM limits it reports; the engine runs
// every supported target the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qiao::emu {

struct EmuArchitecture {
  int32_t major = 8;
  int32_t minor = 0;
  int32_t threadsPerSm = 2048;
  int32_t blocksPerSm = 32;
  uint32_t sharedKiBPerSm = 164;
  uint32_t sharedKiBPerBlockOptin = 163;
  // As PTX and fatbins number architectures: 90 for 9.0.
  uint32_t smNumber() const { return uint32_t(major * 10 + minor); }
};

// Every row of ComputeCapabilities.def, oldest first.
const std::vector<EmuArchitecture> &emuArchitectures();

struct EmuArchitectureChoice {
  EmuArchitecture architecture;
  std::string warning; // empty when the text was accepted (or absent)
};

// The architecture QIAO_EMU_CC's text asks for ("9.0"). NULL or empty text gives 8.0; anything
// that is not one of the rows gives 8.0 and a one-line warning naming the value and the choices.
EmuArchitectureChoice parseEmuComputeCapability(const char *text);

// The oldest row that runs PTX for `smNumber` (its .target), or null when no row is that new.
const EmuArchitecture *oldestArchitectureRunning(uint32_t smNumber);

// QIAO_EMU_CC, read once per process (every device of the emulator is the same model); the
// warning, if any, is written to stderr once.
const EmuArchitecture &emuArchitecture();

} // namespace qiao::emu
