// Settings and queries of the current context: limits, cache preference, shared memory bank size,
// stream priorities, flags and API version. A context carries its device's settings, as in CUDA,
// where the primary context and cudaDeviceSetLimit share them.
#include "DriverState.h"

using namespace qiao::cuda;

// CUlimit and CUfunc_cache have cudaLimit's and cudaFuncCache's values.
static_assert(int{CU_LIMIT_STACK_SIZE} == int{qiaoLimitStackSize} &&
              int{CU_LIMIT_PRINTF_FIFO_SIZE} == int{qiaoLimitPrintfFifoSize} &&
              int{CU_LIMIT_MALLOC_HEAP_SIZE} == int{qiaoLimitMallocHeapSize});
static_assert(int{CU_FUNC_CACHE_PREFER_NONE} == int{qiaoFuncCachePreferNone} &&
              int{CU_FUNC_CACHE_PREFER_SHARED} == int{qiaoFuncCachePreferShared} &&
              int{CU_FUNC_CACHE_PREFER_L1} == int{qiaoFuncCachePreferL1} &&
              int{CU_FUNC_CACHE_PREFER_EQUAL} == int{qiaoFuncCachePreferEqual});

extern "C" CUresult cuCtxSetLimit(CUlimit limit, size_t value) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoDeviceSetLimit(static_cast<qiaoLimit>(limit), value));
}

extern "C" CUresult cuCtxGetLimit(size_t *pvalue, CUlimit limit) {
  if (CUresult result = requireContext())
    return result;
  if (pvalue == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoDeviceGetLimit(pvalue, static_cast<qiaoLimit>(limit)));
}

extern "C" CUresult cuCtxSetCacheConfig(CUfunc_cache config) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoDeviceSetCacheConfig(static_cast<qiaoFuncCache>(config)));
}

extern "C" CUresult cuCtxGetCacheConfig(CUfunc_cache *pconfig) {
  if (CUresult result = requireContext())
    return result;
  if (pconfig == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoFuncCache config = qiaoFuncCachePreferNone;
  if (qiaoError_t error = qiaoDeviceGetCacheConfig(&config))
    return toCuResult(error);
  *pconfig = static_cast<CUfunc_cache>(config);
  return CUDA_SUCCESS;
}

// Bank-size configuration is gone from devices since compute capability 5.0: CUDA reports the
// hardware's four-byte banks and takes any valid setting without effect, as cudart's calls do.
extern "C" CUresult cuCtxGetSharedMemConfig(CUsharedconfig *pConfig) {
  if (CUresult result = requireContext())
    return result;
  if (pConfig == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *pConfig = CU_SHARED_MEM_CONFIG_FOUR_BYTE_BANK_SIZE;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuCtxSetSharedMemConfig(CUsharedconfig config) {
  if (CUresult result = requireContext())
    return result;
  bool known = config == CU_SHARED_MEM_CONFIG_DEFAULT_BANK_SIZE ||
               config == CU_SHARED_MEM_CONFIG_FOUR_BYTE_BANK_SIZE ||
               config == CU_SHARED_MEM_CONFIG_EIGHT_BYTE_BANK_SIZE;
  return known ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

extern "C" CUresult cuCtxGetStreamPriorityRange(int *leastPriority, int *greatestPriority) {
  if (CUresult result = requireContext())
    return result;
  // Either pointer may be null: the caller asks for one end only.
  int least = 0, greatest = 0;
  if (qiaoError_t error = qiaoDeviceGetStreamPriorityRange(&least, &greatest))
    return toCuResult(error);
  if (leastPriority)
    *leastPriority = least;
  if (greatestPriority)
    *greatestPriority = greatest;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuCtxGetFlags(unsigned int *flags) {
  if (CUresult result = requireContext())
    return result;
  if (flags == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUcontext current = currentContext();
  if (!current->primary) {
    *flags = current->flags;
    return CUDA_SUCCESS;
  }
  *flags = withPrimary(current->device, [](PrimaryContext &p) { return p.flags; });
  return CUDA_SUCCESS;
}

// The version of the API the context was created with: 3020 for cuCtxCreate_v2 and later, which
// is the only flavour a CUDA 13 program can reach.
extern "C" CUresult cuCtxGetApiVersion(CUcontext ctx, unsigned int *version) {
  if (CUresult result = requireInit())
    return result;
  if (version == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (ctx == nullptr)
    ctx = currentContext();
  if (!isLive(ctx))
    return CUDA_ERROR_INVALID_CONTEXT;
  *version = 3020;
  return CUDA_SUCCESS;
}
