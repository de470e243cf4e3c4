// The emulated device's driver table (driver.h): libqiao-driver-emu.so exports it as the driver
// entry point (plugin/DriverEntry.cpp); the emulator's tests call it directly.
#pragma once

#include "qiao/driver.h"

extern "C" {
// The table for abiVersion, or NULL when this driver cannot serve that ABI.
const qiaoDriverTable *qiaoEmuDriverGetTable(uint32_t abiVersion);
}
