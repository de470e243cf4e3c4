// Kernel launch and function attributes.
#include "DarkApi.h"
#include "DriverState.h"

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

// A launch's cluster shape (CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION), when it names one.
struct ClusterShape {
  bool given = false;
  unsigned dims[3] = {1, 1, 1};
};

CUresult launch(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                unsigned bz, unsigned sharedMemBytes, qiaoStream_t stream, void **kernelParams,
                void **extra, bool cooperative = false, const ClusterShape &cluster = {}) {
  if (CUresult result = requireContext())
    return result;
  if (f == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  if (cooperative && extra != nullptr)
    return CUDA_ERROR_INVALID_VALUE; // cooperative launches take kernelParams only
  qiaoError_t error;
  if (cluster.given) {
    qiaoLaunchAttribute attributes[2] = {};
    attributes[0].id = qiaoLaunchAttributeClusterDimension;
    attributes[0].val.clusterDim.x = cluster.dims[0];
    attributes[0].val.clusterDim.y = cluster.dims[1];
    attributes[0].val.clusterDim.z = cluster.dims[2];
    attributes[1].id = qiaoLaunchAttributeCooperative;
    attributes[1].val.cooperative = cooperative ? 1 : 0;
    qiaoLaunchConfig_t config = {};
    config.gridDim = dim3(gx, gy, gz);
    config.blockDim = dim3(bx, by, bz);
    config.dynamicSmemBytes = sharedMemBytes;
    config.stream = stream;
    config.attrs = attributes;
    config.numAttrs = 2;
    error = qiaoModuleLaunchKernelExC(&config, toQiao(f), kernelParams, extra);
  } else if (cooperative) {
    error = qiaoModuleLaunchCooperativeKernel(toQiao(f), gx, gy, gz, bx, by, bz, sharedMemBytes,
                                              stream, kernelParams);
  } else {
    error = qiaoModuleLaunchKernel(toQiao(f), gx, gy, gz, bx, by, bz, sharedMemBytes, stream,
                                   kernelParams, extra);
  }
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

// CUfunction_attribute values 0..15 are qiaoFunction_attribute's; Qiao rejects the others.
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
// device runs a grid, so they are ignored; except a cooperative one, and a cluster shape, whose
// blocks run as thread block clusters (libqiao validates it: CUDA_ERROR_INVALID_CLUSTER_SIZE
// for a shape the grid does not divide into, ...).
CUresult launchEx(const CUlaunchConfig *config, CUfunction f, void **kernelParams, void **extra,
                  bool perThreadDefault) {
  if (config == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (config->numAttrs > 0 && config->attrs == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  bool cooperative = false;
  ClusterShape cluster;
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    const CUlaunchAttribute &attribute = config->attrs[i];
    if (attribute.id == CU_LAUNCH_ATTRIBUTE_COOPERATIVE)
      cooperative = attribute.value.cooperative != 0;
    if (attribute.id == CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION) {
      cluster.given = true;
      cluster.dims[0] = attribute.value.clusterDim.x;
      cluster.dims[1] = attribute.value.clusterDim.y;
      cluster.dims[2] = attribute.value.clusterDim.z;
    }
  }
  qiaoStream_t stream = perThreadDefault ? perThread(config->hStream) : toQiao(config->hStream);
  return launch(f, config->gridDimX, config->gridDimY, config->gridDimZ, config->blockDimX,
                config->blockDimY, config->blockDimZ, config->sharedMemBytes, stream, kernelParams,
                extra, cooperative, cluster);
}

// A driver launch configuration as libqiao's, with only its cluster shape among the attributes
// (what the cluster occupancy queries read).
qiaoLaunchConfig_t clusterQuery(const CUlaunchConfig &config, qiaoLaunchAttribute &attribute) {
  qiaoLaunchConfig_t query = {};
  query.gridDim = dim3(config.gridDimX, config.gridDimY, config.gridDimZ);
  query.blockDim = dim3(config.blockDimX, config.blockDimY, config.blockDimZ);
  query.dynamicSmemBytes = config.sharedMemBytes;
  for (unsigned i = 0; i < config.numAttrs && config.attrs != nullptr; ++i)
    if (config.attrs[i].id == CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION) {
      attribute = {};
      attribute.id = qiaoLaunchAttributeClusterDimension;
      attribute.val.clusterDim.x = config.attrs[i].value.clusterDim.x;
      attribute.val.clusterDim.y = config.attrs[i].value.clusterDim.y;
      attribute.val.clusterDim.z = config.attrs[i].value.clusterDim.z;
      query.attrs = &attribute;
      query.numAttrs = 1;
    }
  return query;
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

// Thread block clusters: the largest cluster a launch may use, and how many fit at once.
extern "C" CUresult cuOccupancyMaxPotentialClusterSize(int *clusterSize, CUfunction func,
                                                       const CUlaunchConfig *config) {
  if (CUresult result = requireContext())
    return result;
  if (func == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  if (config == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoLaunchAttribute attribute;
  qiaoLaunchConfig_t query = clusterQuery(*config, attribute);
  return toFunctionResult(
      qiaoModuleOccupancyMaxPotentialClusterSize(clusterSize, toQiao(func), &query));
}

extern "C" CUresult cuOccupancyMaxActiveClusters(int *numClusters, CUfunction func,
                                                 const CUlaunchConfig *config) {
  if (CUresult result = requireContext())
    return result;
  if (func == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  if (config == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoLaunchAttribute attribute;
  qiaoLaunchConfig_t query = clusterQuery(*config, attribute);
  return toFunctionResult(qiaoModuleOccupancyMaxActiveClusters(numClusters, toQiao(func), &query));
}
