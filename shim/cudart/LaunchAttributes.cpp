// Kernel attributes and occupancy for host stubs registered by nvcc's code: each loads the
// kernel's module first (as a launch does), then asks libqiao.
//
// Declared with Qiao's types, which have CUDA's layouts and values (qiao_runtime.h), because
// NVIDIA's header and Qiao's cannot be included together (both define dim3). The CUDA names and
// signatures are those of cuda_runtime_api.h (CUDA 13.0).
#include "RegistrationErrors.h"
#include "RegistrationExport.h"
#include "RegistrationState.h"
#include "Trace.h"

#include <qiao/qiao_runtime.h>

#include "Trace.h"
#include <algorithm>
#include <mutex>

#include <set>
#include <string>

using namespace qiao::shim;

// cudaFuncAttributes: 3 size_t and 29 ints (CUDA 13.0 driver_types.h).
static_assert(sizeof(qiaoFuncAttributes) == 3 * sizeof(size_t) + 29 * sizeof(int) + 4);

namespace {

qiaoError_t prepare(const void *func) {
  return static_cast<qiaoError_t>(recordError(prepareFunction(func)));
}

} // namespace

extern "C" {

QIAO_SHIM_EXPORT qiaoError_t cudaFuncGetAttributes(qiaoFuncAttributes *attr, const void *func) {
  qiaoError_t result = prepare(func);
  if (result == qiaoSuccess)
    result = qiaoFuncGetAttributes(attr, func);
  return QIAO_TRACED(result, attr, func);
}

QIAO_SHIM_EXPORT qiaoError_t cudaFuncSetAttribute(const void *func, qiaoFuncAttribute attr,
                                                  int value) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoFuncSetAttribute(func, attr, value);
}

QIAO_SHIM_EXPORT qiaoError_t cudaFuncSetCacheConfig(const void *func, qiaoFuncCache cacheConfig) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoFuncSetCacheConfig(func, cacheConfig);
}

// Deprecated in CUDA 13 (bank width is fixed); validated and accepted, as CUDA does.
QIAO_SHIM_EXPORT qiaoError_t cudaFuncSetSharedMemConfig(const void *func, int config) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  if (config < 0 || config > 2)
    return static_cast<qiaoError_t>(recordError(qiao::Error{qiaoErrorInvalidValue, "config"}));
  qiaoFuncAttributes ignored;
  return qiaoFuncGetAttributes(&ignored, func);
}

// The kernel's name as its PTX spells it (mangled for C++ kernels), valid for the program's life.
QIAO_SHIM_EXPORT qiaoError_t cudaFuncGetName(const char **name, const void *func) {
  if (name == nullptr || func == nullptr)
    return static_cast<qiaoError_t>(recordError(qiao::Error{qiaoErrorInvalidValue, "null"}));
  if (deviceNameOf(func).empty())
    return static_cast<qiaoError_t>(
        recordError(qiao::Error{qiaoErrorInvalidDeviceFunction, "not a registered kernel"}));
  // Interned and never freed, so the pointer stays valid for the program's life.
  static std::mutex mutex;
  static auto *names = new std::set<std::string>();
  std::lock_guard lock(mutex);
  *name = names->insert(deviceNameOf(func)).first->c_str();
  return qiaoSuccess;
}

// The module function (what libcuda's CUfunction is in Qiao) behind a registered host stub.
QIAO_SHIM_EXPORT qiaoError_t cudaGetFuncBySymbol(qiaoFunction_t *functionPtr,
                                                 const void *symbolPtr) {
  if (functionPtr == nullptr || symbolPtr == nullptr)
    return static_cast<qiaoError_t>(recordError(qiao::Error{qiaoErrorInvalidValue, "null"}));
  if (qiaoError_t failed = prepare(symbolPtr))
    return failed;
  void *function = moduleFunctionOf(symbolPtr);
  if (function == nullptr)
    return static_cast<qiaoError_t>(
        recordError(qiao::Error{qiaoErrorInvalidDeviceFunction, "not a registered kernel"}));
  *functionPtr = static_cast<qiaoFunction_t>(function);
  return qiaoSuccess;
}

QIAO_SHIM_EXPORT qiaoError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks,
                                                                           const void *func,
                                                                           int blockSize,
                                                                           size_t dynamicSMemSize) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, func, blockSize, dynamicSMemSize);
}

QIAO_SHIM_EXPORT qiaoError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize, unsigned int flags) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(numBlocks, func, blockSize,
                                                                dynamicSMemSize, flags);
}

QIAO_SHIM_EXPORT qiaoError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                                       const void *func,
                                                                       int numBlocks,
                                                                       int blockSize) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoOccupancyAvailableDynamicSMemPerBlock(dynamicSmemSize, func, numBlocks, blockSize);
}

// Thread block clusters: the largest cluster a launch of config may use, and how many of its
// clusters the device holds at once (cudaLaunchConfig_t has qiaoLaunchConfig_t's layout).
QIAO_SHIM_EXPORT qiaoError_t cudaOccupancyMaxPotentialClusterSize(
    int *clusterSize, const void *func, const qiaoLaunchConfig_t *config) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoOccupancyMaxPotentialClusterSize(clusterSize, func, config);
}

QIAO_SHIM_EXPORT qiaoError_t cudaOccupancyMaxActiveClusters(int *numClusters, const void *func,
                                                            const qiaoLaunchConfig_t *config) {
  if (qiaoError_t failed = prepare(func))
    return failed;
  return qiaoOccupancyMaxActiveClusters(numClusters, func, config);
}

} // extern "C"
