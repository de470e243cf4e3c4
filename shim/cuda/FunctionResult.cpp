// Results of calls on function handles, as NVIDIA's static runtime needs them.
//
// That runtime resolves a host function to a kernel itself; for a host function it has no kernel
// for (a plain C++ function passed to cudaLaunchKernel, cudaFuncGetAttributes, ...) it hands the
// host address to cuLaunchKernel / cuKernelGetAttribute / cuKernelSetAttribute as the handle
// (measured with gdb), and passes a result it has no mapping for through to the program
// unchanged (shim/dark/NOTES.md). CUDA answers those calls with cudaErrorInvalidDeviceFunction
// (98); no documented CUresult maps to it, so with that runtime in the process an unknown
// function handle is answered with the undocumented CUresult 98. Programs using the driver API
// alone get the documented CUDA_ERROR_INVALID_HANDLE.
#include "DarkApi.h"
#include "DriverApi.h"

namespace qiao::cuda {

CUresult toFunctionResult(qiaoError_t code) {
  if (code == qiaoErrorInvalidResourceHandle && qiaoDarkRuntimeAttached())
    return static_cast<CUresult>(qiaoErrorInvalidDeviceFunction);
  return toCuResult(code);
}

} // namespace qiao::cuda
