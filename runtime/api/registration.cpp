// Registration of host-side handles (kernel stubs, device variables) and their lookups.
#include "Registry.h"

#include <map>
#include <mutex>

using namespace qiao;
using namespace qiao::rt;

namespace qiao::rt {

Expected<qiaoFunction_st *> registeredFunction(Runtime &rt, const void *hostFunction) {
  auto found = rt.registeredFunctions.find(hostFunction);
  if (!hostFunction || found == rt.registeredFunctions.end())
    return Error{qiaoErrorInvalidDeviceFunction, "no kernel registered for this host function"};
  return found->second;
}

Expected<RegisteredVar> registeredVar(Runtime &rt, const void *hostVar) {
  auto found = rt.registeredVars.find(hostVar);
  if (!hostVar || found == rt.registeredVars.end())
    return Error{qiaoErrorInvalidSymbol, "no device variable registered for this symbol"};
  return found->second;
}

Expected<qiaoFunction_st *> knownFunction(Runtime &rt, qiaoFunction_t function) {
  if (!function || !rt.functions.count(function))
    return Error{qiaoErrorInvalidResourceHandle, "unknown function handle"};
  return function;
}

void forgetModule(Runtime &rt, qiaoModule_st *module) {
  for (auto &[name, function] : module->functions) {
    std::erase_if(rt.registeredFunctions, [&](auto &entry) { return entry.second == function; });
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
    rt.registeredFunctions[hostFunction] = function;
    return Status::ok();
  });
}

namespace {
// Static shared memory of host-compiled kernels, declared by translated code before main()
// (QIAO_KERNEL_SHARED_BYTES): kept apart from the runtime, which may not be up yet.
std::mutex &sharedBytesMutex() {
  static std::mutex mutex;
  return mutex;
}
std::map<const void *, size_t> &sharedBytesTable() {
  static auto *table = new std::map<const void *, size_t>; // outlives static destructors
  return *table;
}
} // namespace

extern "C" qiaoError_t qiaoDeclareHostKernelSharedBytes(const void *func, size_t bytes) {
  if (func == nullptr)
    return qiaoErrorInvalidValue;
  std::lock_guard lock(sharedBytesMutex());
  sharedBytesTable()[func] = bytes;
  return qiaoSuccess;
}

extern "C" qiaoError_t qiaoRegisterHostKernel(const void *func) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(func != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    if (rt.registeredFunctions.count(func))
      return Status::ok(); // a PTX kernel, or registered before
    const int device = currentDevice();
    const qiaoDrvDeviceInfo &info = rt.devices[device].info;
    qiaoFunction_st &f = rt.hostKernelFunctions.emplace_back();
    rt.hostKernels.device = device;
    f.module = &rt.hostKernels;
    f.name = "host-compiled kernel";
    f.hostCompiled = true;
    // What a host-compiled kernel can honestly report: the device's limits, no registers, and
    // the static shared memory the translator counted (QIAO_KERNEL_SHARED_BYTES), if any.
    f.info.maxThreadsPerBlock = info.maxThreadsPerBlock;
    f.info.ptxVersion = f.info.binaryVersion = info.computeMajor * 10 + info.computeMinor;
    {
      std::lock_guard sharedLock(sharedBytesMutex());
      auto declared = sharedBytesTable().find(func);
      if (declared != sharedBytesTable().end())
        f.info.sharedSizeBytes = declared->second;
    }
    rt.registeredFunctions[func] = &f;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoRegisterHostVar(const void *var, size_t bytes) {
  return enterAlways([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(var != nullptr && bytes != 0, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    // A variable the shim registered for a PTX module keeps its device copy.
    if (!rt.registeredVars.try_emplace(var, RegisteredVar{const_cast<void *>(var), bytes, true})
             .second)
      return Status::ok();
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
    rt.registeredVars[hostVar] = RegisteredVar{deviceAddress, bytes};
    return Status::ok();
  });
}
