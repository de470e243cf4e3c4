// Device code of host-compiled programs: qiao-c++ compiles each translation unit's kernels to PTX
// as well and registers it before main (qiaoRegisterDeviceCode). A launch or attribute query of
// such a kernel finds its PTX kernel here, loaded for the device on first use, so the kernel runs
// through the device's module path (the PTX engine, or a driver's own formats) rather than as
// host code; when the PTX does not load, the host-compiled kernel stays what runs.
#include "Registry.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

using namespace qiao;
using namespace qiao::rt;

namespace {

// One translation unit's PTX: loaded once per device, or known not to load there.
struct DeviceCodeUnit {
  const char *ptx = nullptr; // static storage of the registering program
  std::map<int, qiaoModule_st *> modules;
  std::map<int, bool> failed;
};

struct DeviceCodeKernel {
  DeviceCodeUnit *unit = nullptr;
  std::string entry;
};

// Registrations arrive before main, before the runtime is up: kept apart from it.
struct DeviceCodeTable {
  std::mutex mutex;
  std::vector<DeviceCodeUnit *> units; // never freed: a kernel may launch from a destructor
  std::map<const void *, DeviceCodeKernel> kernels;
};
DeviceCodeTable &table() {
  static auto *instance = new DeviceCodeTable;
  return *instance;
}

// QIAO_DEVICE_CODE=host runs every such kernel host-compiled, as if no PTX were registered
// (to compare the two, or to step into a kernel with a host debugger).
bool deviceCodeEnabled() {
  static const bool enabled = [] {
    const char *value = std::getenv("QIAO_DEVICE_CODE");
    return !value || std::strcmp(value, "host") != 0;
  }();
  return enabled;
}

} // namespace

namespace qiao::rt {

qiaoFunction_st *deviceCodeFunction(Runtime &rt, const void *hostFunction) {
  if (!hostFunction || !deviceCodeEnabled())
    return nullptr;
  DeviceCodeKernel kernel;
  {
    std::lock_guard lock(table().mutex);
    auto found = table().kernels.find(hostFunction);
    if (found == table().kernels.end())
      return nullptr;
    kernel = found->second;
  }
  const int device = currentDevice();
  auto registered = rt.registeredFunctions.find(hostFunction);
  if (registered != rt.registeredFunctions.end()) {
    auto loaded = registered->second.find(device);
    if (loaded != registered->second.end() && !loaded->second->hostCompiled)
      return loaded->second;
  }
  DeviceCodeUnit &unit = *kernel.unit;
  if (unit.failed[device])
    return nullptr;
  if (!unit.modules.count(device)) {
    qiaoModule_t module = nullptr;
    if (!loadPtxModule(rt, &module, unit.ptx, "(device code of a qiao-c++ program)")) {
      unit.failed[device] = true; // loadPtxModule printed why
      return nullptr;
    }
    unit.modules[device] = module;
  }
  auto function = moduleFunction(rt, unit.modules[device], kernel.entry.c_str());
  if (!function)
    return nullptr;
  rt.registeredFunctions[hostFunction][device] = *function;
  return *function;
}

} // namespace qiao::rt

extern "C" qiaoError_t qiaoRegisterDeviceCode(const char *ptx, const qiaoDeviceCodeKernel *kernels,
                                              size_t count) {
  if (!ptx || (count != 0 && !kernels))
    return qiaoErrorInvalidValue;
  for (size_t i = 0; i < count; ++i)
    if (!kernels[i].entry)
      return qiaoErrorInvalidValue;
  std::lock_guard lock(table().mutex);
  auto *unit = new DeviceCodeUnit;
  unit->ptx = ptx;
  table().units.push_back(unit);
  for (size_t i = 0; i < count; ++i)
    if (kernels[i].hostFunction) // a kernel the host compiler did not keep
      table().kernels[kernels[i].hostFunction] = DeviceCodeKernel{unit, kernels[i].entry};
  return qiaoSuccess;
}
