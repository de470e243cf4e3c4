// libqiao-driver-emu.so's one export (driver.h: QIAO_DRIVER_ENTRY_SYMBOL): libqiao finds the
// emulated device the way it finds every vendor's driver. The table itself is qiao_emu's
// (EmuDriver.cpp), which the emulator's own tests link directly.
#include "EmuDriver.h"

extern "C" __attribute__((visibility("default"))) const qiaoDriverTable *
qiaoDriverGetTable(uint32_t abiVersion) {
  return qiaoEmuDriverGetTable(abiVersion);
}
