// Kernel launch and function attributes.
#include "DarkApi.h"
#include "DriverState.h"

#include <cstdio>
#include <mutex>

using namespace qiao::cuda;

namespace {

// The `extra` convention (CU_LAUNCH_PARAM_BUFFER_POINTER/SIZE/END) has the same values in Qiao.
static_assert(CU_LAUNCH_PARAM_END_AS_INT == 0 && CU_LAUNCH_PARAM_BUFFER_POINTER_AS_INT == 1 &&
              CU_LAUNCH_PARAM_BUFFER_SIZE_AS_INT == 2);

// Whether libqiao knows f as a function (a CUkernel is one too).
bool isFunction(CUfunction f) {
  int ignored = 0;
  return qiaoFuncGetAttribute(&ignored, QIAO_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, toQiao(f)) !=
         qiaoErrorInvalidResourceHandle;
}

CUresult launch(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                unsigned bz, unsigned sharedMemBytes, qiaoStream_t stream, void **kernelParams,
                void **extra, bool cooperative = false) {
  if (CUresult result = requireContext())
    return result;
  if (f == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  if (cooperative && extra != nullptr)
    return CUDA_ERROR_INVALID_VALUE; // cooperative launches take kernelParams only
  qiaoError_t error = cooperative
                          ? qiaoModuleLaunchCooperativeKernel(toQiao(f), gx, gy, gz, bx, by, bz,
                                                              sharedMemBytes, stream, kernelParams)
                          : qiaoModuleLaunchKernel(toQiao(f), gx, gy, gz, bx, by, bz,
                                                   sharedMemBytes, stream, kernelParams, extra);
  // NVIDIA's static runtime does not check a launch's configuration: it hands cuLaunchKernel's
  // result to the program as the launch's cudaError_t, passing values it has no mapping for
  // through unchanged (measured, shim/dark/NOTES.md). cudaErrorInvalidConfiguration (9) therefore
  // has to come from the driver as the undocumented CUresult 9. Programs using the driver API
  // alone get the documented CUDA_ERROR_INVALID_VALUE.
  if (error == qiaoErrorInvalidConfiguration && qiaoDarkRuntimeAttached())
    return static_cast<CUresult>(qiaoErrorInvalidConfiguration);
  // A stream handle can be the unknown one too: only an unknown function is a host function.
  if (error == qiaoErrorInvalidResourceHandle && !isFunction(f))
    return toFunctionResult(error);
  return toCuResult(error);
}

} // namespace

extern "C" CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
                                   unsigned int gridDimZ, unsigned int blockDimX,
                                   unsigned int blockDimY, unsigned int blockDimZ,
                                   unsigned int sharedMemBytes, CUstream hStream,
                                   void **kernelParams, void **extra) {
  return launch(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes,
                toQiao(hStream), kernelParams, extra);
}

extern "C" CUresult cuLaunchKernel_ptsz(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
                                        unsigned int gridDimZ, unsigned int blockDimX,
                                        unsigned int blockDimY, unsigned int blockDimZ,
                                        unsigned int sharedMemBytes, CUstream hStream,
                                        void **kernelParams, void **extra) {
  return launch(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes,
                perThread(hStream), kernelParams, extra);
}

// CUfunction_attribute values 0..9 are qiaoFunction_attribute's; Qiao rejects the others.
extern "C" CUresult cuFuncGetAttribute(int *pi, CUfunction_attribute attrib, CUfunction hfunc) {
  if (CUresult result = requireContext())
    return result;
  if (pi == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (hfunc == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toFunctionResult(
      qiaoFuncGetAttribute(pi, static_cast<qiaoFunction_attribute>(attrib), toQiao(hfunc)));
}

namespace {

// The launch attributes (priorities, programmatic serialisation, ...) do not change how the Qiao
// device runs a grid, so they are ignored; except a cooperative one, and a cluster shape of more
// than one block, which the device does not emulate: CUDA_ERROR_NOT_SUPPORTED, as
// libcudart.so.13's cudaLaunchKernelEx answers cudaErrorNotSupported.
CUresult launchEx(const CUlaunchConfig *config, CUfunction f, void **kernelParams, void **extra,
                  bool perThreadDefault) {
  if (config == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (config->numAttrs > 0 && config->attrs == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  bool cooperative = false;
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    const CUlaunchAttribute &attribute = config->attrs[i];
    if (attribute.id == CU_LAUNCH_ATTRIBUTE_COOPERATIVE)
      cooperative = attribute.value.cooperative != 0;
    const auto &cluster = attribute.value.clusterDim;
    if (attribute.id == CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION &&
        uint64_t(cluster.x) * cluster.y * cluster.z > 1) {
      static std::once_flag told;
      std::call_once(told, [] {
        std::fprintf(stderr, "qiao: thread block clusters are not supported (the device runs "
                             "clusters of one block)\n");
      });
      return CUDA_ERROR_NOT_SUPPORTED;
    }
  }
  qiaoStream_t stream = perThreadDefault ? perThread(config->hStream) : toQiao(config->hStream);
  return launch(f, config->gridDimX, config->gridDimY, config->gridDimZ, config->blockDimX,
                config->blockDimY, config->blockDimZ, config->sharedMemBytes, stream, kernelParams,
                extra, cooperative);
}

} // namespace

extern "C" CUresult cuLaunchKernelEx(const CUlaunchConfig *config, CUfunction f,
                                     void **kernelParams, void **extra) {
  return launchEx(config, f, kernelParams, extra, false);
}

extern "C" CUresult cuLaunchKernelEx_ptsz(const CUlaunchConfig *config, CUfunction f,
                                          void **kernelParams, void **extra) {
  return launchEx(config, f, kernelParams, extra, true);
}

// Cooperative launches: all blocks resident at once, for grid-wide synchronisation.
extern "C" CUresult cuLaunchCooperativeKernel(CUfunction f, unsigned int gridDimX,
                                              unsigned int gridDimY, unsigned int gridDimZ,
                                              unsigned int blockDimX, unsigned int blockDimY,
                                              unsigned int blockDimZ, unsigned int sharedMemBytes,
                                              CUstream hStream, void **kernelParams) {
  return launch(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes,
                toQiao(hStream), kernelParams, nullptr, true);
}

extern "C" CUresult cuLaunchCooperativeKernel_ptsz(CUfunction f, unsigned int gridDimX,
                                                   unsigned int gridDimY, unsigned int gridDimZ,
                                                   unsigned int blockDimX, unsigned int blockDimY,
                                                   unsigned int blockDimZ,
                                                   unsigned int sharedMemBytes, CUstream hStream,
                                                   void **kernelParams) {
  return launch(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes,
                perThread(hStream), kernelParams, nullptr, true);
}
