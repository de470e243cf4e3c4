// The emulated device's driver table (driver.h), built into libqiao as the `emu` driver.
#pragma once

#include "qiao/driver.h"

extern "C" {
// The table for abiVersion, or NULL when this driver cannot serve that ABI.
const qiaoDriverTable *qiaoEmuDriverGetTable(uint32_t abiVersion);
}
