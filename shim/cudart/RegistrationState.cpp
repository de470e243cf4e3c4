// The registry of fatbinaries, kernels and variables nvcc's host code registers, and their lazy
// loading into Qiao modules (see RegistrationState.h).
#include "RegistrationState.h"

#include "DevicePtx.h"
#include "RegistrationErrors.h"

#include <qiao/qiao_runtime.h>

#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

namespace qiao::shim {
namespace {

struct FunctionEntry {
  const void *host = nullptr;
  std::string name;
  std::map<int, qiaoFunction_t> functions; // per device, once loaded there
};

struct VarEntry {
  const void *host = nullptr; // the host shadow, or for managed variables the host pointer slot
  std::string name;
  std::size_t bytes = 0;
  bool managed = false;
};

// A fatbinary loads once per device, as each CUDA context loads its own module: each device has
// its own copy of the kernels and variables.
struct FatbinRecord {
  const void *wrapper = nullptr;
  std::vector<FunctionEntry> functions;
  std::vector<VarEntry> vars;
  std::map<int, qiaoModule_t> modules; // per device, once loaded there
  bool failed = false;                 // its PTX cannot load on this machine, for any device
  Error failure;                       // when failed
  bool reported = false;               // the failure was printed (once per fatbinary)
  // Managed variables of a fatbinary that cannot load still get zeroed host storage, so that host
  // code reading them does not dereference null.
  std::vector<std::unique_ptr<unsigned char[]>> fallbackStorage;
};

struct Registry {
  std::mutex mutex;
  std::set<FatbinRecord *> records;
  std::unordered_map<const void *, FatbinRecord *> byFunction;
  std::unordered_map<const void *, FatbinRecord *> byVar;
};

// Never destroyed: __cudaUnregisterFatBinary runs from atexit, interleaved with the program's
// static destructors, and a kernel may be launched from a destructor.
Registry &registry() {
  static Registry *instance = new Registry();
  return *instance;
}

FatbinRecord *recordOf(Registry &reg, void **handle) {
  auto *record = reinterpret_cast<FatbinRecord *>(handle);
  return reg.records.count(record) ? record : nullptr;
}

std::string demangled(const std::string &name) {
  int status = 0;
  char *readable = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  if (status != 0 || !readable)
    return name;
  std::string result(readable);
  std::free(readable);
  return result;
}

int currentDevice() {
  int device = 0;
  if (qiaoGetDevice(&device) != qiaoSuccess)
    device = 0;
  return device;
}

unsigned deviceArch(int device) {
  int major = 8, minor = 0;
  qiaoDeviceGetAttribute(&major, qiaoDevAttrComputeCapabilityMajor, device);
  qiaoDeviceGetAttribute(&minor, qiaoDevAttrComputeCapabilityMinor, device);
  return static_cast<unsigned>(major * 10 + minor);
}

void bindVariable(qiaoModule_t module, VarEntry &var) {
  void *address = nullptr;
  std::size_t bytes = 0;
  if (qiaoModuleGetGlobal(&address, &bytes, module, var.name.c_str()) != qiaoSuccess) {
    std::fprintf(stderr, "qiao: device variable '%s' is not in its module's PTX\n",
                 demangled(var.name).c_str());
    return;
  }
  qiaoRegisterVar(var.host, address, bytes);
  if (var.managed) {
    // As CUDA's runtime does: the host slot points at the variable, and the device address is
    // itself a valid symbol (host code naming a managed variable reads through the slot).
    *static_cast<void **>(const_cast<void *>(var.host)) = address;
    qiaoRegisterVar(address, address, bytes);
  }
}

void giveFallbackStorage(FatbinRecord &record) {
  for (VarEntry &var : record.vars) {
    if (!var.managed)
      continue;
    auto &storage = record.fallbackStorage.emplace_back(new unsigned char[var.bytes + 1]());
    *static_cast<void **>(const_cast<void *>(var.host)) = storage.get();
  }
}

// Loads for the calling thread's device. Needs reg.mutex held. Module-level failures are
// remembered (the fatbinary will not change); sticky device errors are not, since they say
// nothing about the module.
Status load(FatbinRecord &record) {
  const int device = currentDevice();
  if (record.modules.count(device))
    return Status::ok();
  if (record.failed)
    return record.failure;
  auto ptx = fatbin::devicePtx(record.wrapper, 0, deviceArch(device));
  if (!ptx) {
    record.failed = true;
    record.failure = ptx.error();
    giveFallbackStorage(record);
    return record.failure;
  }
  qiaoModule_t module = nullptr;
  qiaoError_t loaded = fatbin::loadPtxUnits(&module, *ptx);
  // PTX for a newer device than this one: CUDA's runtime finds no image for it in the fatbin.
  if (loaded == qiaoErrorUnsupportedPtxVersion)
    loaded = qiaoErrorNoKernelImageForDevice;
  if (loaded != qiaoSuccess) {
    Error error{loaded, std::string("its PTX does not load: ") + qiaoGetErrorString(loaded)};
    if (isStickyError(loaded))
      return error;
    record.failed = true;
    record.failure = std::move(error);
    record.reported = true; // libqiao printed why
    giveFallbackStorage(record);
    return record.failure;
  }
  const bool first = record.modules.empty();
  record.modules[device] = module;
  for (FunctionEntry &function : record.functions) {
    qiaoFunction_t loaded = nullptr;
    if (qiaoModuleGetFunction(&loaded, module, function.name.c_str()) != qiaoSuccess ||
        qiaoRegisterFunction(function.host, loaded) != qiaoSuccess) {
      if (first) // the same PTX on every device: said once
        std::fprintf(stderr, "qiao: kernel '%s' is not in its module's PTX\n",
                     demangled(function.name).c_str());
      continue;
    }
    function.functions[device] = loaded;
  }
  for (VarEntry &var : record.vars)
    if (!var.managed || first) // managed memory is one copy that every device shares
      bindVariable(module, var);
  return Status::ok();
}

// Loads for a use of `what` (a kernel or variable name) and reports a failure once, naming it.
Status loadFor(FatbinRecord &record, const std::string &what, const char *kind) {
  Status status = load(record);
  if (!status && record.failed && !record.reported) {
    record.reported = true;
    std::fprintf(stderr, "qiao: cannot run %s '%s': %s\n", kind, demangled(what).c_str(),
                 status.error().message.c_str());
  }
  return status;
}

} // namespace

void **registerFatbin(const void *wrapper) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  auto *record = new FatbinRecord();
  record->wrapper = wrapper;
  reg.records.insert(record);
  return reinterpret_cast<void **>(record);
}

void registerFunction(void **handle, const void *hostFunction, const char *deviceName) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  FatbinRecord *record = recordOf(reg, handle);
  if (!record || !hostFunction || !deviceName)
    return;
  record->functions.push_back(FunctionEntry{hostFunction, deviceName, {}});
  reg.byFunction[hostFunction] = record;
}

void registerVar(void **handle, const void *hostVar, const char *deviceName, std::size_t bytes) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  FatbinRecord *record = recordOf(reg, handle);
  if (!record || !hostVar || !deviceName)
    return;
  record->vars.push_back(VarEntry{hostVar, deviceName, bytes, false});
  reg.byVar[hostVar] = record;
}

void registerManagedVar(void **handle, void **hostSlot, const char *deviceName, std::size_t bytes) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  FatbinRecord *record = recordOf(reg, handle);
  if (!record || !hostSlot || !deviceName)
    return;
  record->vars.push_back(VarEntry{hostSlot, deviceName, bytes, true});
  reg.byVar[hostSlot] = record;
}

Status loadFatbin(void **handle) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  FatbinRecord *record = recordOf(reg, handle);
  if (!record)
    return Error{qiaoErrorInvalidResourceHandle, "unknown fatbinary handle"};
  std::string first = record->functions.empty() ? (record->vars.empty() ? "" : record->vars[0].name)
                                                : record->functions[0].name;
  return loadFor(*record, first, "the module of");
}

void unregisterFatbin(void **handle) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  FatbinRecord *record = recordOf(reg, handle);
  if (!record)
    return;
  std::erase_if(reg.byFunction, [&](const auto &entry) { return entry.second == record; });
  std::erase_if(reg.byVar, [&](const auto &entry) { return entry.second == record; });
  reg.records.erase(record);
  // A module with variables stays loaded: libqiao keeps their symbol registrations, and host code
  // may still read managed variables from destructors that run after this.
  if (record->vars.empty())
    for (const auto &[device, module] : record->modules)
      qiaoModuleUnload(module);
  for (auto &storage : record->fallbackStorage)
    storage.release();
  delete record;
}

Status prepareFunction(const void *hostFunction) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  auto found = reg.byFunction.find(hostFunction);
  if (found == reg.byFunction.end())
    return Status::ok();
  FatbinRecord &record = *found->second;
  for (const FunctionEntry &function : record.functions)
    if (function.host == hostFunction)
      return loadFor(record, function.name, "kernel");
  return Status::ok();
}

Status prepareVar(const void *hostVar) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  auto found = reg.byVar.find(hostVar);
  if (found == reg.byVar.end())
    return Status::ok();
  FatbinRecord &record = *found->second;
  for (const VarEntry &var : record.vars)
    if (var.host == hostVar)
      return loadFor(record, var.name, "device variable");
  return Status::ok();
}

std::string deviceNameOf(const void *hostFunction) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  auto found = reg.byFunction.find(hostFunction);
  if (found == reg.byFunction.end())
    return {};
  for (const FunctionEntry &function : found->second->functions)
    if (function.host == hostFunction)
      return function.name;
  return {};
}

void *moduleFunctionOf(const void *hostFunction) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  auto found = reg.byFunction.find(hostFunction);
  if (found == reg.byFunction.end())
    return nullptr;
  FatbinRecord &record = *found->second;
  for (FunctionEntry &function : record.functions) {
    if (function.host != hostFunction)
      continue;
    if (!loadFor(record, function.name, "kernel"))
      return nullptr;
    auto loaded = function.functions.find(currentDevice());
    return loaded == function.functions.end() ? nullptr : loaded->second;
  }
  return nullptr;
}

void forgetLoadedModules(int device) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  for (FatbinRecord *record : reg.records) {
    record->modules.erase(device);
    for (FunctionEntry &function : record->functions)
      function.functions.erase(device);
  }
}

} // namespace qiao::shim
