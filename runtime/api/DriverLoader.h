// Finds the driver table: libqiao-driver-NAME.so for QIAO_DRIVER=NAME, libqiao-driver-emu.so (the
// emulated device) when QIAO_DRIVER is unset; first beside libqiao.so, then on the library path.
#pragma once

#include "support/Expected.h"

#include <qiao/driver.h>

namespace qiao::rt {

// Loads and checks the selected driver once per process (thread-safe); the same answer after.
// A missing or incompatible driver is qiaoErrorInsufficientDriver, reported once on stderr.
Expected<const qiaoDriverTable *> loadDriver();

} // namespace qiao::rt
