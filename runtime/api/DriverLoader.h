// Finds the driver table: libqiao-driver-NAME.so for QIAO_DRIVER=NAME, libqiao-driver-emu.so (the
// emulated device) when QIAO_DRIVER is unset, first beside libqiao.so, then on the library path;
// wrapped by the layers QIAO_DRIVER names before it (DriverChain.h).
#pragma once

#include "support/Expected.h"

#include <qiao/driver.h>

#include <string>

namespace qiao::rt {

// Loads and checks the selected driver once per process (thread-safe); the same answer after.
// A missing or incompatible driver is qiaoErrorInsufficientDriver, reported once on stderr.
Expected<const qiaoDriverTable *> loadDriver();

// Opens a chain `LAYER:...:DRIVER` (or a driver alone) and checks the driver's table, without
// calling init: what loadDriver does with QIAO_DRIVER, for the driver conformance run.
Expected<const qiaoDriverTable *> openDriver(const std::string &spec);

} // namespace qiao::rt
