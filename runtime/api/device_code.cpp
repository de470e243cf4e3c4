// Device code of host-compiled programs: qiao-c++ compiles each translation unit's kernels to PTX
// as well and registers it before main (qiaoRegisterDeviceCode). A launch or attribute query of
// such a kernel, or a symbol call on one of the unit's variables, finds the unit's module here,
// loaded for the device on first use, so the kernel runs through the device's module path (the
// PTX engine, or a driver's own formats) rather than as host code, on the module's copy of the
// variables; when the PTX does not load, the host-compiled kernels and host variables stay.
#include "Registry.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace qiao;
using namespace qiao::rt;

namespace {

// One translation unit's PTX and variables: loaded once per device, or known not to load there.
struct DeviceCodeUnit {
  const char *ptx = nullptr; // static storage of the registering program
  std::vector<std::pair<const void *, std::string>> variables; // host variable, PTX name
  std::map<int, qiaoModule_st *> modules;
  std::map<int, bool> failed;
};

struct DeviceCodeSymbol {
  DeviceCodeUnit *unit = nullptr;
  std::string name;
};

// Registrations arrive before main, before the runtime is up: kept apart from it.
struct DeviceCodeTable {
  std::mutex mutex;
  // Units whose kernels stay host-compiled: their kernels may use another unit's extern
  // __device__ variable, which is then the host's global, so no unit's module may have its own.
  int hostUnits = 0;
  std::vector<DeviceCodeUnit *> units; // never freed: a kernel may launch from a destructor
  std::map<const void *, DeviceCodeSymbol> kernels, variables;
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

std::optional<DeviceCodeSymbol>
lookUp(std::map<const void *, DeviceCodeSymbol> DeviceCodeTable::*in, const void *host) {
  if (!host || !deviceCodeEnabled())
    return std::nullopt;
  std::lock_guard lock(table().mutex);
  auto found = (table().*in).find(host);
  if (found == (table().*in).end())
    return std::nullopt;
  return found->second;
}

// Whether a variable's PTX name has external linkage (not static, not in an anonymous
// namespace): another unit may name it.
bool sharedName(const std::string &name) {
  return !name.starts_with("_ZL") && name.find("_GLOBAL__N_") == std::string::npos;
}

// Whether the unit must stay host-compiled: it has a variable another unit's host-compiled
// kernels may use.
bool sharesWithHostUnits(const DeviceCodeUnit &unit) {
  std::lock_guard lock(table().mutex);
  if (table().hostUnits == 0)
    return false;
  for (const auto &variable : unit.variables)
    if (sharedName(variable.second))
      return true;
  return false;
}

// The unit's module on the calling thread's device, its variables registered as the module's
// copies; null when it does not load there. Needs rt.mutex held.
qiaoModule_st *loadedUnit(Runtime &rt, DeviceCodeUnit &unit) {
  const int device = currentDevice();
  if (unit.failed[device])
    return nullptr;
  if (sharesWithHostUnits(unit)) {
    unit.failed[device] = true;
    return nullptr;
  }
  if (auto loaded = unit.modules.find(device); loaded != unit.modules.end())
    return loaded->second;
  qiaoModule_t module = nullptr;
  if (!loadPtxModule(rt, &module, unit.ptx, "(device code of a qiao-c++ program)")) {
    unit.failed[device] = true; // loadPtxModule printed why
    return nullptr;
  }
  unit.modules[device] = module;
  for (const auto &[host, name] : unit.variables) {
    void *address = nullptr;
    uint64_t bytes = 0;
    if (rt.driver->moduleGetGlobal(module->module, name.c_str(), &address, &bytes) == 0)
      rt.registeredVars[host][device] = RegisteredVar{address, size_t(bytes)};
  }
  return module;
}

} // namespace

namespace qiao::rt {

qiaoFunction_st *deviceCodeFunction(Runtime &rt, const void *hostFunction) {
  auto kernel = lookUp(&DeviceCodeTable::kernels, hostFunction);
  if (!kernel)
    return nullptr;
  const int device = currentDevice();
  auto registered = rt.registeredFunctions.find(hostFunction);
  if (registered != rt.registeredFunctions.end()) {
    auto loaded = registered->second.find(device);
    if (loaded != registered->second.end() && !loaded->second->hostCompiled)
      return loaded->second;
  }
  qiaoModule_st *module = loadedUnit(rt, *kernel->unit);
  if (!module)
    return nullptr;
  auto function = moduleFunction(rt, module, kernel->name.c_str());
  if (!function)
    return nullptr;
  rt.registeredFunctions[hostFunction][device] = *function;
  return *function;
}

bool deviceCodeVariable(Runtime &rt, const void *hostVar) {
  auto variable = lookUp(&DeviceCodeTable::variables, hostVar);
  if (!variable || !loadedUnit(rt, *variable->unit))
    return false;
  auto registered = rt.registeredVars.find(hostVar);
  return registered != rt.registeredVars.end() && registered->second.count(currentDevice());
}

} // namespace qiao::rt

extern "C" qiaoError_t qiaoRegisterDeviceCode(const char *ptx, const qiaoDeviceCodeSymbol *symbols,
                                              size_t count) {
  if (!ptx && count == 0) { // a unit whose kernels stay host-compiled
    std::lock_guard lock(table().mutex);
    ++table().hostUnits;
    return qiaoSuccess;
  }
  if (!ptx || (count != 0 && !symbols))
    return qiaoErrorInvalidValue;
  for (size_t i = 0; i < count; ++i)
    if (!symbols[i].name ||
        (symbols[i].kind != qiaoDeviceCodeKernel && symbols[i].kind != qiaoDeviceCodeVariable))
      return qiaoErrorInvalidValue;
  std::lock_guard lock(table().mutex);
  auto *unit = new DeviceCodeUnit;
  unit->ptx = ptx;
  table().units.push_back(unit);
  for (size_t i = 0; i < count; ++i) {
    const qiaoDeviceCodeSymbol &symbol = symbols[i];
    if (!symbol.host) // a kernel or variable the host compiler did not keep
      continue;
    if (symbol.kind == qiaoDeviceCodeKernel) {
      table().kernels[symbol.host] = DeviceCodeSymbol{unit, symbol.name};
    } else {
      unit->variables.emplace_back(symbol.host, symbol.name);
      table().variables[symbol.host] = DeviceCodeSymbol{unit, symbol.name};
    }
  }
  return qiaoSuccess;
}
