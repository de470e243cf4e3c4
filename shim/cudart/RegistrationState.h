// What nvcc's generated host code registers with the runtime, kept per fatbinary handle, and the
// lazy loading of each fatbinary's PTX into a Qiao module at the first use of one of its kernels
// or variables. Plain types only, so that both the CUDA-facing entry points (compiled against
// NVIDIA's headers) and the Qiao-facing code can include it.
#pragma once

#include "support/Expected.h"

#include <cstddef>
#include <string>

namespace qiao::shim {

// The handle __cudaRegisterFatBinary returns: an opaque record that lives until
// unregisterFatbin. `wrapper` is the 24-byte __fatBinC_Wrapper_t nvcc emits; it is read only at
// load time, so that programs that never launch pay nothing at startup.
void **registerFatbin(const void *wrapper);
void registerFunction(void **handle, const void *hostFunction, const char *deviceName);
void registerVar(void **handle, const void *hostVar, const char *deviceName, std::size_t bytes);
// `hostSlot` is the host pointer through which host code reaches a __managed__ variable; loading
// writes the variable's device address into it (device memory is host memory on Qiao).
void registerManagedVar(void **handle, void **hostSlot, const char *deviceName, std::size_t bytes);
// Loads the fatbinary now (__cudaInitModule, used before host code touches managed variables).
Status loadFatbin(void **handle);
// Forgets the record and unloads its module. Safe at process exit, in any order with other
// destructors: the registry itself is never destroyed.
void unregisterFatbin(void **handle);

// Before a launch or an attribute query: loads the fatbinary that registered `hostFunction`, so
// that libqiao knows the kernel. Ok for pointers this registry does not know: libqiao then
// answers for them (cudaErrorInvalidDeviceFunction, or a kernel registered another way). A load
// failure names the kernel and is reported once.
Status prepareFunction(const void *hostFunction);
// The same before a symbol copy or query on `hostVar`.
Status prepareVar(const void *hostVar);

// The kernel's PTX name (mangled as in the binary), or empty when `hostFunction` is unknown.
std::string deviceNameOf(const void *hostFunction);
// The qiaoFunction_t (as void *) behind a registered kernel, loading its fatbinary; nullptr when
// unknown or when loading fails.
void *moduleFunctionOf(const void *hostFunction);

// After a reset of `device`, which drops the modules loaded for it: the next use there loads
// again.
void forgetLoadedModules(int device);

} // namespace qiao::shim
