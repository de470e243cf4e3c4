// The hidden registration entry points nvcc's generated host code calls (signatures as
// crt/host_runtime.h declares them). A static constructor per translation unit registers its
// fatbinary, then each kernel and variable, then calls __cudaRegisterFatBinaryEnd; an atexit
// handler unregisters. Nothing here reads the fatbinary yet: see RegistrationState.h.
#include "RegistrationErrors.h"
#include "RegistrationExport.h"
#include "RegistrationState.h"

#include <cuda_runtime_api.h>

extern "C" {

QIAO_SHIM_EXPORT void **__cudaRegisterFatBinary(void *fatCubin) {
  return qiao::shim::registerFatbin(fatCubin);
}

// The End call marks that every kernel and variable of the fatbinary is registered. Loading is
// still deferred to first use, so that startup stays cheap and a fatbinary without PTX is
// reported at the launch that needs it, naming the kernel.
QIAO_SHIM_EXPORT void __cudaRegisterFatBinaryEnd(void **) {}

QIAO_SHIM_EXPORT void __cudaUnregisterFatBinary(void **fatCubinHandle) {
  qiao::shim::unregisterFatbin(fatCubinHandle);
}

QIAO_SHIM_EXPORT void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *,
                                             const char *deviceName, int, uint3 *, uint3 *, dim3 *,
                                             dim3 *, int *) {
  qiao::shim::registerFunction(fatCubinHandle, hostFun, deviceName);
}

// `deviceAddress` is, in nvcc's output, the variable's name again; `ext`, `constant` and `global`
// change nothing here: the PTX declares the state space, and the module resolves it by name.
QIAO_SHIM_EXPORT void __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *,
                                        const char *deviceName, int, size_t size, int, int) {
  qiao::shim::registerVar(fatCubinHandle, hostVar, deviceName, size);
}

QIAO_SHIM_EXPORT void __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress,
                                               char *, const char *deviceName, int, size_t size,
                                               int, int) {
  qiao::shim::registerManagedVar(fatCubinHandle, hostVarPtrAddress, deviceName, size);
}

// Called before host code first touches a managed variable of the module; a nonzero result
// tells the generated code not to ask again. On failure the variables point at zeroed host
// storage (never null), the error is the thread's last error, and the answer is still 1: asking
// again would not change it.
QIAO_SHIM_EXPORT char __cudaInitModule(void **fatCubinHandle) {
  qiao::shim::recordError(qiao::shim::loadFatbin(fatCubinHandle));
  return 1;
}

} // extern "C"
