#include "EmuDeviceCount.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace qiao::emu {

EmuDeviceCount parseEmuDeviceCount(const char *text) {
  if (!text || !*text)
    return {};
  char *end = nullptr;
  errno = 0;
  const long value = std::strtol(text, &end, 10);
  const bool digitsOnly = std::isdigit(static_cast<unsigned char>(*text)) && *end == '\0';
  if (errno == 0 && digitsOnly && value >= 1 && value <= kMaxEmuDevices)
    return {int32_t(value), ""};
  return {1, "qiao: QIAO_EMU_DEVICES=" + std::string(text) + " is not a whole number from 1 to " +
                 std::to_string(kMaxEmuDevices) + "; the emulator offers 1 device"};
}

int32_t emuDeviceCountFromEnvironment() {
  EmuDeviceCount chosen = parseEmuDeviceCount(std::getenv("QIAO_EMU_DEVICES"));
  if (!chosen.warning.empty())
    std::fprintf(stderr, "%s\n", chosen.warning.c_str());
  return chosen.count;
}

} // namespace qiao::emu
