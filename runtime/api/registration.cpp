// Registration of host-side handles (kernel stubs, device variables) and their lookups.
#include "Registry.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>

using namespace qiao;
using namespace qiao::rt;

namespace {

// What translated code declares about its host-compiled kernels before main()
// (QIAO_KERNEL_SHARED_BYTES, QIAO_KERNEL_LAUNCH_BOUNDS, QIAO_KERNEL_DECLARE): kept apart from the
// runtime, which may not be up yet.
struct DeclaredHostKernel {
  size_t sharedBytes = 0;
  int maxThreadsPerBlock = 0; // __launch_bounds__; 0: none
};
std::mutex &declarationsMutex() {
  static std::mutex mutex;
  return mutex;
}
std::map<const void *, DeclaredHostKernel> &declarations() {
  static auto *table = new std::map<const void *, DeclaredHostKernel>; // outlives destructors
  return *table;
}
std::optional<DeclaredHostKernel> declaredHostKernel(const void *func) {
  std::lock_guard lock(declarationsMutex());
  auto found = declarations().find(func);
  if (found == declarations().end())
    return std::nullopt;
  return found->second;
}

} // namespace

namespace qiao::rt {

qiaoFunction_st &registerHostKernel(Runtime &rt, const void *func) {
  const int device = currentDevice();
  const qiaoDrvDeviceInfo &info = rt.devices[device].info;
  qiaoFunction_st &f = rt.hostKernelFunctions.emplace_back();
  rt.hostKernels.device = device;
  f.module = &rt.hostKernels;
  f.name = "host-compiled kernel";
  f.hostCompiled = true;
  // What a host-compiled kernel can honestly report: the device's limits, or its
  // __launch_bounds__, no registers, and the static shared memory the translator counted.
  const DeclaredHostKernel declared = declaredHostKernel(func).value_or(DeclaredHostKernel{});
  f.info.maxThreadsPerBlock = info.maxThreadsPerBlock;
  if (declared.maxThreadsPerBlock > 0)
    f.info.maxThreadsPerBlock = std::min(declared.maxThreadsPerBlock, info.maxThreadsPerBlock);
  f.info.ptxVersion = f.info.binaryVersion = info.computeMajor * 10 + info.computeMinor;
  f.info.sharedSizeBytes = declared.sharedBytes;
  // CUDA's default dynamic shared memory limit: the block's 48 KiB less the static part.
  f.maxDynamicSharedBytes = static_cast<int>(info.sharedMemPerBlock > declared.sharedBytes
                                                 ? info.sharedMemPerBlock - declared.sharedBytes
                                                 : 0);
  rt.registeredFunctions[func][device] = &f;
  return f;
}

namespace {

// The calling thread's device's entry, else any: a host-compiled kernel or host variable serves
// every device, and a kernel loaded for another device only reports its attributes (a launch of
// it on this device's streams is refused by the driver).
template <class T> T &forCurrentDevice(std::map<int, T> &perDevice) {
  auto mine = perDevice.find(currentDevice());
  return mine != perDevice.end() ? mine->second : perDevice.begin()->second;
}

} // namespace

Expected<qiaoFunction_st *> registeredFunction(Runtime &rt, const void *hostFunction) {
  if (qiaoFunction_st *device = deviceCodeFunction(rt, hostFunction))
    return device;
  auto found = rt.registeredFunctions.find(hostFunction);
  if (hostFunction && found == rt.registeredFunctions.end() && declaredHostKernel(hostFunction))
    return &registerHostKernel(rt, hostFunction); // named through a void pointer before use
  if (!hostFunction || found == rt.registeredFunctions.end())
    return Error{qiaoErrorInvalidDeviceFunction, "no kernel registered for this host function"};
  return forCurrentDevice(found->second);
}

Expected<RegisteredVar> registeredVar(Runtime &rt, const void *hostVar) {
  deviceCodeVariable(rt, hostVar); // registers the module's copy on first use
  auto found = rt.registeredVars.find(hostVar);
  if (!hostVar || found == rt.registeredVars.end())
    return Error{qiaoErrorInvalidSymbol, "no device variable registered for this symbol"};
  return forCurrentDevice(found->second);
}

Expected<qiaoFunction_st *> knownFunction(Runtime &rt, qiaoFunction_t function) {
  if (!function || !rt.functions.count(function))
    return Error{qiaoErrorInvalidResourceHandle, "unknown function handle"};
  return function;
}

void forgetModule(Runtime &rt, qiaoModule_st *module) {
  for (auto &[name, function] : module->functions) {
    for (auto entry = rt.registeredFunctions.begin(); entry != rt.registeredFunctions.end();) {
      std::erase_if(entry->second, [&](const auto &loaded) { return loaded.second == function; });
      entry = entry->second.empty() ? rt.registeredFunctions.erase(entry) : std::next(entry);
    }
    rt.functions.erase(function);
    delete function;
  }
  rt.modules.erase(module);
  delete module;
}

} // namespace qiao::rt

extern "C" qiaoError_t qiaoRegisterFunction(const void *hostFunction, qiaoFunction_t function) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(hostFunction != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, function);
    if (!known)
      return known.error();
    rt.registeredFunctions[hostFunction][function->module ? function->module->device : 0] =
        function;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeclareHostKernelSharedBytes(const void *func, size_t bytes) {
  if (func == nullptr)
    return qiaoErrorInvalidValue;
  std::lock_guard lock(declarationsMutex());
  declarations()[func].sharedBytes = bytes;
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoDeclareHostKernel(const void *func) {
  if (func == nullptr)
    return qiaoErrorInvalidValue;
  std::lock_guard lock(declarationsMutex());
  declarations().try_emplace(func);
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoDeclareHostKernelLaunchBounds(const void *func, int maxThreadsPerBlock) {
  if (func == nullptr || maxThreadsPerBlock <= 0)
    return qiaoErrorInvalidValue;
  std::lock_guard lock(declarationsMutex());
  declarations()[func].maxThreadsPerBlock = maxThreadsPerBlock;
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoRegisterHostKernel(const void *func) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(func != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    if (!rt.registeredFunctions.count(func)) // else a PTX kernel, or registered before
      registerHostKernel(rt, func);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoRegisterHostVar(const void *var, size_t bytes) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(var != nullptr && bytes != 0, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    // A variable the shim registered for a PTX module keeps its device copy, as does one of
    // qiao-c++'s device code.
    if (rt.registeredVars.count(var) || deviceCodeVariable(rt, var))
      return Status::ok();
    // Its host address is its address on every device.
    for (int device = 0; device < static_cast<int>(rt.devices.size()); ++device)
      rt.registeredVars[var][device] = RegisteredVar{const_cast<void *>(var), bytes, true};
    // Its address, handed out by qiaoGetSymbolAddress, is then valid in copies like any device
    // pointer: the device sees the variable as registered host memory.
    rt.driver->memRegister(const_cast<void *>(var), bytes, 0);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoRegisterVar(const void *hostVar, void *deviceAddress, size_t bytes) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(hostVar != nullptr && deviceAddress != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    // The shim loads a fatbinary for the calling thread's device and registers its copies.
    rt.registeredVars[hostVar][currentDevice()] = RegisteredVar{deviceAddress, bytes};
    return Status::ok();
  });
}
