// The launch entry points: <<<>>> as nvcc 13 compiles it (push the configuration, then the
// kernel's stub gets a kernel handle once, pops the configuration and calls __cudaLaunchKernel),
// and the public cudaLaunchKernel / cudaLaunchKernelExC / cudaLaunchCooperativeKernel with their
// per-thread-default-stream (_ptsz) flavours. Signatures as NVIDIA's headers declare them
// (crt/device_functions.h, crt/host_runtime.h, cuda_runtime_api.h).
//
// A cudaKernel_t here is the kernel's host stub address itself: the stub is what registration
// knows, and CUDA lets a cudaKernel_t be passed where a host function pointer is expected.
#include "Launch.h"
#include "RegistrationErrors.h"
#include "RegistrationExport.h"
#include "RegistrationState.h"
#include "Trace.h"

#include <cuda_runtime_api.h>

using qiao::shim::DefaultStream;
using qiao::shim::LaunchShape;

namespace {

LaunchShape shapeOf(dim3 grid, dim3 block, size_t sharedBytes, cudaStream_t stream) {
  LaunchShape shape;
  shape.grid[0] = grid.x;
  shape.grid[1] = grid.y;
  shape.grid[2] = grid.z;
  shape.block[0] = block.x;
  shape.block[1] = block.y;
  shape.block[2] = block.z;
  shape.sharedBytes = sharedBytes;
  shape.stream = stream;
  return shape;
}

cudaError_t launch(const void *func, dim3 grid, dim3 block, void **args, size_t sharedBytes,
                   cudaStream_t stream, DefaultStream meaning, bool cooperative = false) {
  LaunchShape shape = shapeOf(grid, block, sharedBytes, stream);
  shape.cooperative = cooperative;
  return static_cast<cudaError_t>(qiao::shim::launchKernel(func, shape, args, meaning));
}

cudaError_t fail(cudaError_t code, const char *why) {
  return static_cast<cudaError_t>(qiao::shim::recordError(qiao::Error{code, why}));
}

// Launch attributes: hints about caches, scheduling and synchronisation change nothing on the
// emulated device; a cooperative launch keeps every block resident, and a cluster shape makes
// the grid's blocks thread block clusters (libqiao validates the shape).
cudaError_t checkAttributes(const cudaLaunchConfig_t &config) {
  if (config.numAttrs > 0 && config.attrs == nullptr)
    return fail(cudaErrorInvalidValue, "launch attributes missing");
  for (unsigned i = 0; i < config.numAttrs; ++i) {
    switch (config.attrs[i].id) {
    case cudaLaunchAttributeIgnore:
    case cudaLaunchAttributeAccessPolicyWindow:
    case cudaLaunchAttributeCooperative:
    case cudaLaunchAttributeSynchronizationPolicy:
    case cudaLaunchAttributeClusterDimension:
    case cudaLaunchAttributeClusterSchedulingPolicyPreference:
    case cudaLaunchAttributeProgrammaticStreamSerialization:
    case cudaLaunchAttributePriority:
    case cudaLaunchAttributeMemSyncDomainMap:
    case cudaLaunchAttributeMemSyncDomain:
      break;
    default:
      return fail(cudaErrorNotSupported, "launch attribute not supported");
    }
  }
  return cudaSuccess;
}

cudaError_t launchEx(const cudaLaunchConfig_t *config, const void *func, void **args,
                     DefaultStream meaning) {
  if (config == nullptr)
    return fail(cudaErrorInvalidValue, "no launch configuration");
  if (cudaError_t bad = checkAttributes(*config))
    return bad;
  LaunchShape shape =
      shapeOf(config->gridDim, config->blockDim, config->dynamicSmemBytes, config->stream);
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    const cudaLaunchAttribute &attribute = config->attrs[i];
    if (attribute.id == cudaLaunchAttributeCooperative)
      shape.cooperative = attribute.val.cooperative != 0;
    if (attribute.id == cudaLaunchAttributeClusterDimension) {
      shape.clusterGiven = true;
      shape.cluster[0] = attribute.val.clusterDim.x;
      shape.cluster[1] = attribute.val.clusterDim.y;
      shape.cluster[2] = attribute.val.clusterDim.z;
    }
  }
  return static_cast<cudaError_t>(qiao::shim::launchKernel(func, shape, args, meaning));
}

} // namespace

extern "C" {

QIAO_SHIM_EXPORT unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                                                      struct CUstream_st *stream) {
  qiao::shim::pushCallConfiguration(shapeOf(gridDim, blockDim, sharedMem, stream));
  return 0; // 0: the generated code goes on to call the kernel's stub
}

// `stream` points at the stub's cudaStream_t.
QIAO_SHIM_EXPORT cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim,
                                                        size_t *sharedMem, void *stream) {
  LaunchShape shape;
  if (!gridDim || !blockDim || !sharedMem || !stream)
    return cudaErrorInvalidValue;
  if (!qiao::shim::popCallConfiguration(shape))
    return cudaErrorMissingConfiguration;
  *gridDim = dim3(shape.grid[0], shape.grid[1], shape.grid[2]);
  *blockDim = dim3(shape.block[0], shape.block[1], shape.block[2]);
  *sharedMem = shape.sharedBytes;
  *static_cast<cudaStream_t *>(stream) = static_cast<cudaStream_t>(shape.stream);
  return cudaSuccess;
}

QIAO_SHIM_EXPORT cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFunction) {
  if (!kernel || !hostFunction)
    return cudaErrorInvalidValue;
  *kernel = reinterpret_cast<cudaKernel_t>(const_cast<void *>(hostFunction));
  return cudaSuccess;
}

QIAO_SHIM_EXPORT cudaError_t cudaGetKernel(cudaKernel_t *kernel, const void *entryFuncAddr) {
  if (!kernel || !entryFuncAddr)
    return fail(cudaErrorInvalidValue, "cudaGetKernel: null argument");
  if (qiao::shim::deviceNameOf(entryFuncAddr).empty())
    return fail(cudaErrorInvalidDeviceFunction, "cudaGetKernel: not a registered kernel");
  *kernel = reinterpret_cast<cudaKernel_t>(const_cast<void *>(entryFuncAddr));
  return cudaSuccess;
}

QIAO_SHIM_EXPORT cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                                                void **args, size_t sharedMem,
                                                cudaStream_t stream) {
  return QIAO_TRACED(
      launch(kernel, gridDim, blockDim, args, sharedMem, stream, DefaultStream::Legacy), kernel,
      gridDim, blockDim, sharedMem, stream);
}

QIAO_SHIM_EXPORT cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim,
                                                     dim3 blockDim, void **args, size_t sharedMem,
                                                     cudaStream_t stream) {
  return QIAO_TRACED(
      launch(kernel, gridDim, blockDim, args, sharedMem, stream, DefaultStream::PerThread), kernel,
      gridDim, blockDim, sharedMem, stream);
}

QIAO_SHIM_EXPORT cudaError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim,
                                              void **args, size_t sharedMem, cudaStream_t stream) {
  return QIAO_TRACED(
      launch(func, gridDim, blockDim, args, sharedMem, stream, DefaultStream::Legacy), func,
      gridDim, blockDim, sharedMem, stream);
}

QIAO_SHIM_EXPORT cudaError_t cudaLaunchKernel_ptsz(const void *func, dim3 gridDim, dim3 blockDim,
                                                   void **args, size_t sharedMem,
                                                   cudaStream_t stream) {
  return QIAO_TRACED(
      launch(func, gridDim, blockDim, args, sharedMem, stream, DefaultStream::PerThread), func,
      gridDim, blockDim, sharedMem, stream);
}

QIAO_SHIM_EXPORT cudaError_t cudaLaunchCooperativeKernel(const void *func, dim3 gridDim,
                                                         dim3 blockDim, void **args,
                                                         size_t sharedMem, cudaStream_t stream) {
  return QIAO_TRACED(
      launch(func, gridDim, blockDim, args, sharedMem, stream, DefaultStream::Legacy, true), func,
      gridDim, blockDim, sharedMem, stream);
}

QIAO_SHIM_EXPORT cudaError_t cudaLaunchCooperativeKernel_ptsz(const void *func, dim3 gridDim,
                                                              dim3 blockDim, void **args,
                                                              size_t sharedMem,
                                                              cudaStream_t stream) {
  return QIAO_TRACED(
      launch(func, gridDim, blockDim, args, sharedMem, stream, DefaultStream::PerThread, true),
      func, gridDim, blockDim, sharedMem, stream);
}

QIAO_SHIM_EXPORT cudaError_t cudaLaunchKernelExC(const cudaLaunchConfig_t *config, const void *func,
                                                 void **args) {
  return QIAO_TRACED(launchEx(config, func, args, DefaultStream::Legacy), config, func);
}

QIAO_SHIM_EXPORT cudaError_t cudaLaunchKernelExC_ptsz(const cudaLaunchConfig_t *config,
                                                      const void *func, void **args) {
  return QIAO_TRACED(launchEx(config, func, args, DefaultStream::PerThread), config, func);
}

} // extern "C"
