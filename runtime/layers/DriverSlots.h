// The slots of qiaoDriverTable as data (DriverSlots.def): their names, parameter names and the
// status codes each one's contract allows, for layers and the driver conformance run.
#pragma once

#include <qiao/driver.h>

#include <string>
#include <vector>

namespace qiao::layers {

enum class Slot : int {
#define QIAO_DRIVER_SLOT(name, params, ...) name,
#include "DriverSlots.def"
#undef QIAO_DRIVER_SLOT
};

struct SlotContract {
  const char *name;
  std::vector<std::string> params;
  std::vector<qiaoDrvStatus> errors; // listed under "Errors" in driver.h
};

// Every slot, in table order.
const std::vector<SlotContract> &slotContracts();
const SlotContract &slotContract(Slot slot);

// Whether the contract lets `slot` return `status`: success, a code it lists, or one of the three
// every slot may return (out of host memory, an operating-system failure, unknown).
bool slotMayReturn(Slot slot, qiaoDrvStatus status);

// "qiaoDrvErrorInvalidValue (1)"; "status N" for a number driver_errors.h does not name.
std::string statusName(qiaoDrvStatus status);

} // namespace qiao::layers
