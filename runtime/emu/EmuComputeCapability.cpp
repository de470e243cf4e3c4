#include "EmuComputeCapability.h"

#include <cstdio>
#include <cstdlib>

namespace qiao::emu {

const std::vector<EmuArchitecture> &emuArchitectures() {
  static const std::vector<EmuArchitecture> rows = {
#define QIAO_EMU_CC_ROW(major, minor, threads, blocks, sharedPerSm, sharedOptin)                   \
  {major, minor, threads, blocks, sharedPerSm, sharedOptin},
#include "ComputeCapabilities.def"
#undef QIAO_EMU_CC_ROW
  };
  return rows;
}

namespace {

std::string spelled(const EmuArchitecture &row) {
  return std::to_string(row.major) + "." + std::to_string(row.minor);
}

const EmuArchitecture &defaultArchitecture() {
  for (const EmuArchitecture &row : emuArchitectures())
    if (row.major == 8 && row.minor == 0)
      return row;
  return emuArchitectures().front();
}

} // namespace

EmuArchitectureChoice parseEmuComputeCapability(const char *text) {
  if (!text || !*text)
    return {defaultArchitecture(), ""};
  std::string choices;
  for (const EmuArchitecture &row : emuArchitectures()) {
    if (spelled(row) == text)
      return {row, ""};
    choices += (choices.empty() ? "" : ", ") + spelled(row);
  }
  return {defaultArchitecture(), "qiao: QIAO_EMU_CC=" + std::string(text) + " is not one of " +
                                     choices + "; the emulated device is compute capability " +
                                     spelled(defaultArchitecture())};
}

const EmuArchitecture *oldestArchitectureRunning(uint32_t smNumber) {
  for (const EmuArchitecture &row : emuArchitectures())
    if (row.smNumber() >= smNumber)
      return &row;
  return nullptr;
}

const EmuArchitecture &emuArchitecture() {
  static const EmuArchitecture chosen = [] {
    EmuArchitectureChoice choice = parseEmuComputeCapability(std::getenv("QIAO_EMU_CC"));
    if (!choice.warning.empty())
      std::fprintf(stderr, "%s\n", choice.warning.c_str());
    return choice.architecture;
  }();
  return chosen;
}

} // namespace qiao::emu
