// Lookups of the objects behind handles and of host-side registrations.
#pragma once

#include "Runtime.h"

namespace qiao::rt {

// Needs rt.mutex held.
Expected<qiaoFunction_st *> registeredFunction(Runtime &rt, const void *hostFunction);
Expected<RegisteredVar> registeredVar(Runtime &rt, const void *hostVar);
// Makes a host-compiled kernel known by its address, with what translated code declared about
// it (static shared memory, __launch_bounds__); needs rt.mutex held and func not yet registered.
qiaoFunction_st &registerHostKernel(Runtime &rt, const void *func);
Expected<qiaoFunction_st *> knownFunction(Runtime &rt, qiaoFunction_t function);
// How many blocks of f, blockSize threads each with dynamicShared bytes, one multiprocessor
// holds at once (CUDA's occupancy calculation; occupancy.cpp).
int activeBlocksPerMultiprocessor(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f,
                                  int blockSize, size_t dynamicShared);
// Loads PTX text as a module for the calling thread's device (module.cpp); a failure is printed.
Status loadPtxModule(Runtime &rt, qiaoModule_t *module, const char *text, const char *origin);
// The module's kernel called name, made known on first use; needs rt.mutex held.
Expected<qiaoFunction_st *> moduleFunction(Runtime &rt, qiaoModule_st *module, const char *name);
// The PTX kernel registered as device code for a host-compiled kernel (qiaoRegisterDeviceCode),
// loaded for the calling thread's device on first use, registered for hostFunction and
// returned; null when it has none or its module does not load there (the launch then runs the
// host-compiled kernel). Needs rt.mutex held. device_code.cpp.
qiaoFunction_st *deviceCodeFunction(Runtime &rt, const void *hostFunction);
// Whether hostVar is a variable of registered device code whose module is loaded for the calling
// thread's device (loading it if need be): its registration is then the module's copy. Needs
// rt.mutex held. device_code.cpp.
bool deviceCodeVariable(Runtime &rt, const void *hostVar);
// Drops a module, its functions and the registrations naming them.
void forgetModule(Runtime &rt, qiaoModule_st *module);

} // namespace qiao::rt
