#include "DriverSlots.h"

#include <algorithm>

namespace qiao::layers {
namespace {

std::vector<std::string> splitParams(const char *list) {
  std::vector<std::string> names;
  std::string current;
  for (const char *c = list; *c; ++c) {
    if (*c == ',') {
      names.push_back(current);
      current.clear();
    } else if (*c != ' ') {
      current += *c;
    }
  }
  if (!current.empty())
    names.push_back(current);
  return names;
}

struct NamedCode {
  qiaoDrvStatus code;
  const char *name; // qiaoDrv spelling, as driver_errors.h names it
};

const NamedCode kCodeNames[] = {
#define QIAO_ERROR(name, value, description) {value, #name},
#include <qiao/qiao_errors.def>
#undef QIAO_ERROR
};

} // namespace

const std::vector<SlotContract> &slotContracts() {
  // Never destroyed: the runtime calls the seam from exit handlers (a CUDA program unregisters
  // its kernels at exit), after static destructors may have run.
  static const auto *contracts = new std::vector<SlotContract>{
#define QIAO_DRIVER_SLOT(name, params, ...) {#name, splitParams(params), {__VA_ARGS__}},
#include "DriverSlots.def"
#undef QIAO_DRIVER_SLOT
  };
  return *contracts;
}

const SlotContract &slotContract(Slot slot) { return slotContracts()[static_cast<int>(slot)]; }

bool slotMayReturn(Slot slot, qiaoDrvStatus status) {
  if (status == qiaoDrvSuccess || status == qiaoDrvErrorMemoryAllocation ||
      status == qiaoDrvErrorOperatingSystem || status == qiaoDrvErrorUnknown)
    return true;
  const auto &errors = slotContract(slot).errors;
  return std::find(errors.begin(), errors.end(), status) != errors.end();
}

std::string statusName(qiaoDrvStatus status) {
  for (const NamedCode &named : kCodeNames)
    if (named.code == status)
      // qiao_errors.def spells them qiaoError...; driver_errors.h qiaoDrvError...
      return "qiaoDrv" + std::string(named.name + 4) + " (" + std::to_string(status) + ")";
  return "status " + std::to_string(status);
}

} // namespace qiao::layers
