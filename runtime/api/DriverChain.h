// QIAO_DRIVER as a chain of layers over one driver: `validate:trace:emu` is the driver emu
// wrapped by trace, wrapped by validate (the first name is the layer the runtime calls).
#pragma once

#include "support/Expected.h"

#include <qiao/driver.h>

#include <string>
#include <vector>

namespace qiao::rt {

struct DriverChain {
  std::vector<std::string> layers; // outermost first
  std::string driver;
};

// Splits a QIAO_DRIVER value at ':'. An empty name anywhere is qiaoErrorInsufficientDriver.
Expected<DriverChain> parseDriverChain(const std::string &spec);

// Wraps driver with the chain's layers, innermost first, so the first layer named is the table
// returned. An unknown layer is qiaoErrorInsufficientDriver, reported once on stderr.
Expected<const qiaoDriverTable *> applyLayers(const DriverChain &chain,
                                              const qiaoDriverTable *driver);

} // namespace qiao::rt
