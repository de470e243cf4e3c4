// Libraries (CUDA 12's context-independent loading), as NVIDIA's static runtime uses them to
// register every translation unit's fatbin. A CUlibrary holds its PTX and loads it as a Qiao
// module at the first use of one of its kernels or variables, as CUDA's lazy loading does: a
// translation unit whose PTX the engine cannot run then fails only the calls that need it (as
// with Qiao's libcudart), not every runtime call of the program from its start. It loads again
// after a reset of its device (Libraries.h); a library is accepted wherever a CUmodule is
// (resolveModule).
#include "DevicePtx.h"
#include "DriverState.h"
#include "ImageKind.h"
#include "Libraries.h"
#include "support/JitLogs.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>

using namespace qiao::cuda;

namespace {

// Live libraries; never destroyed, as the runtime unloads them from its exit handlers.
struct LibrarySet {
  std::mutex mutex;
  std::set<CUlibrary> live;
};

LibrarySet &libraries() {
  static auto *instance = new LibrarySet();
  return *instance;
}

// True when the load is still the current one of its device (no reset since).
bool loadIsCurrent(int device, const LibraryLoad &load) {
  return load.deviceResets == deviceResets(device);
}

} // namespace

bool qiao::cuda::isLibrary(const void *handle) {
  LibrarySet &all = libraries();
  std::lock_guard lock(all.mutex);
  return all.live.count(static_cast<CUlibrary>(const_cast<void *>(handle))) != 0;
}

CUresult qiao::cuda::libraryModule(CUlibrary library, qiaoModule_t &module, std::uint64_t &load) {
  if (library == nullptr || !isLibrary(library))
    return CUDA_ERROR_INVALID_HANDLE;
  std::lock_guard lock(library->mutex);
  int device = 0;
  qiaoGetDevice(&device);
  auto found = library->loadsByDevice.find(device);
  if (found == library->loadsByDevice.end() || !loadIsCurrent(device, found->second)) {
    // A reset dropped the old module with its device; nothing is left to unload.
    LibraryLoad made;
    made.deviceResets = deviceResets(device);
    made.failure =
        loadFailure(qiao::fatbin::loadPtxUnits(&made.module, library->ptx), library->binary);
    made.number = ++library->loads;
    found = library->loadsByDevice.insert_or_assign(device, made).first;
  }
  module = found->second.module;
  load = found->second.number;
  return found->second.failure ? toCuResult(found->second.failure) : CUDA_SUCCESS;
}

CUresult qiao::cuda::resolveModule(CUmodule handle, qiaoModule_t &module) {
  std::uint64_t load = 0;
  if (isLibrary(handle))
    return libraryModule(reinterpret_cast<CUlibrary>(handle), module, load);
  module = reinterpret_cast<qiaoModule_t>(handle);
  return CUDA_SUCCESS;
}

// Qiao loads every module when asked: lazy loading never applies.
extern "C" CUresult cuModuleGetLoadingMode(CUmoduleLoadingMode *mode) {
  if (CUresult result = requireInit())
    return result;
  if (mode == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *mode = CU_MODULE_EAGER_LOADING;
  return CUDA_SUCCESS;
}

// The static runtime registers a translation unit here with its fatbin wrapper, before any context
// is current. The JIT options' log buffers get what is known now (support/JitLogs.h); the others,
// and the library options, only steer NVIDIA's compiler and loader.
extern "C" CUresult cuLibraryLoadData(CUlibrary *library, const void *code,
                                      CUjit_option *jitOptions, void **jitOptionsValues,
                                      unsigned int numJitOptions, CUlibraryOption *, void **,
                                      unsigned int) {
  if (CUresult result = requireInit())
    return result;
  if (library == nullptr || code == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  auto logs = qiao::JitLogs::parse(numJitOptions, reinterpret_cast<const int *>(jitOptions),
                                   jitOptionsValues);
  if (!logs)
    return CUDA_ERROR_INVALID_VALUE;
  // What the fatbin holds is checked now (a SASS-only binary says so at once); the PTX is loaded
  // at the library's first use.
  auto ptx = qiao::fatbin::devicePtx(code, 0, qiao::fatbin::currentDeviceArch());
  logs->write("", ptx ? "" : ptx.error().message);
  if (!ptx) {
    std::fprintf(stderr, "qiao: cannot load library from memory: %s\n",
                 ptx.error().message.c_str());
    return toCuResult(ptx.error().code);
  }
  auto *made = new CUlib_st();
  made->ptx = std::move(ptx).value();
  made->binary = isBinaryImage(code);
  LibrarySet &all = libraries();
  std::lock_guard lock(all.mutex);
  all.live.insert(made);
  *library = made;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuLibraryUnload(CUlibrary library) {
  if (CUresult result = requireInit())
    return result;
  LibrarySet &all = libraries();
  {
    std::lock_guard lock(all.mutex);
    if (library == nullptr || all.live.erase(library) == 0)
      return CUDA_ERROR_INVALID_HANDLE;
  }
  for (const auto &kernel : library->kernels)
    forgetKernel(kernel.get());
  // A module of an earlier load went with its device's reset.
  qiaoError_t error = qiaoSuccess;
  for (const auto &[device, load] : library->loadsByDevice)
    if (load.module && loadIsCurrent(device, load))
      if (qiaoError_t unloaded = qiaoModuleUnload(load.module))
        error = unloaded;
  delete library;
  return toCuResult(error);
}

extern "C" CUresult cuLibraryGetModule(CUmodule *module, CUlibrary library) {
  if (CUresult result = requireInit())
    return result;
  if (module == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoModule_t loaded = nullptr;
  std::uint64_t load = 0;
  if (CUresult result = libraryModule(library, loaded, load))
    return result;
  *module = reinterpret_cast<CUmodule>(loaded);
  return CUDA_SUCCESS;
}

// `__device__`, `__constant__` and `__managed__` variables alike: managed memory is ordinary
// device memory here, as every allocation is addressable from the host.
extern "C" CUresult cuLibraryGetGlobal(CUdeviceptr *dptr, size_t *bytes, CUlibrary library,
                                       const char *name) {
  if (CUresult result = requireInit())
    return result;
  if (name == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoModule_t module = nullptr;
  std::uint64_t load = 0;
  if (CUresult result = libraryModule(library, module, load))
    return result;
  void *address = nullptr;
  size_t size = 0;
  if (qiaoError_t error = qiaoModuleGetGlobal(&address, &size, module, name))
    return toCuResult(error);
  if (dptr)
    *dptr = toDevicePointer(address);
  if (bytes)
    *bytes = size;
  return CUDA_SUCCESS;
}

extern "C" CUresult cuLibraryGetManaged(CUdeviceptr *dptr, size_t *bytes, CUlibrary library,
                                        const char *name) {
  return cuLibraryGetGlobal(dptr, bytes, library, name);
}

// Setting attributes: the maximum dynamic shared memory, the carveout preference, clusters of
// more than 8 blocks and the cluster scheduling policy are what libqiao keeps per function;
// CUDA's other settable attributes (cluster shapes) are refused as CUDA refuses unknown ones.
namespace {
CUresult setAttribute(CUfunction function, CUfunction_attribute attrib, int value) {
  if (CUresult result = requireInit())
    return result;
  if (function == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  switch (attrib) {
  case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
    return toFunctionResult(qiaoModuleFuncSetAttribute(
        toQiao(function), qiaoFuncAttributeMaxDynamicSharedMemorySize, value));
  case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT:
    return toFunctionResult(qiaoModuleFuncSetAttribute(
        toQiao(function), qiaoFuncAttributePreferredSharedMemoryCarveout, value));
  case CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED:
    return toFunctionResult(qiaoModuleFuncSetAttribute(
        toQiao(function), qiaoFuncAttributeNonPortableClusterSizeAllowed, value));
  case CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE:
    return toFunctionResult(qiaoModuleFuncSetAttribute(
        toQiao(function), qiaoFuncAttributeClusterSchedulingPolicyPreference, value));
  default:
    return CUDA_ERROR_INVALID_VALUE;
  }
}

CUresult setCacheConfig(CUfunction function, CUfunc_cache config) {
  if (CUresult result = requireInit())
    return result;
  if (function == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toFunctionResult(
      qiaoModuleFuncSetCacheConfig(toQiao(function), static_cast<qiaoFuncCache>(config)));
}
} // namespace

extern "C" CUresult cuFuncSetAttribute(CUfunction hfunc, CUfunction_attribute attrib, int value) {
  return setAttribute(hfunc, attrib, value);
}
extern "C" CUresult cuKernelSetAttribute(CUfunction_attribute attrib, int val, CUkernel kernel,
                                         CUdevice) {
  return setAttribute(reinterpret_cast<CUfunction>(kernel), attrib, val);
}
extern "C" CUresult cuFuncSetCacheConfig(CUfunction hfunc, CUfunc_cache config) {
  return setCacheConfig(hfunc, config);
}
extern "C" CUresult cuKernelSetCacheConfig(CUkernel kernel, CUfunc_cache config, CUdevice) {
  return setCacheConfig(reinterpret_cast<CUfunction>(kernel), config);
}

// Occupancy of a module's function (cudaOccupancyMaxActiveBlocksPerMultiprocessor of the static
// runtime comes here; its MaxPotentialBlockSize is a header template built on this one).
extern "C" CUresult cuOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, CUfunction func,
                                                                int blockSize,
                                                                size_t dynamicSMemSize) {
  if (CUresult result = requireInit())
    return result;
  if (func == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toFunctionResult(qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(
      numBlocks, toQiao(func), blockSize, dynamicSMemSize));
}
extern "C" CUresult
cuOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int *numBlocks, CUfunction func, int blockSize,
                                                     size_t dynamicSMemSize, unsigned int flags) {
  // CU_OCCUPANCY_DISABLE_CACHING_OVERRIDE changes nothing here: there is no L1/shared split.
  if (flags & ~static_cast<unsigned>(CU_OCCUPANCY_DISABLE_CACHING_OVERRIDE))
    return CUDA_ERROR_INVALID_VALUE;
  return cuOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, func, blockSize, dynamicSMemSize);
}

extern "C" CUresult cuOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                            CUfunction func, int numBlocks,
                                                            int blockSize) {
  if (CUresult result = requireInit())
    return result;
  if (func == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoModuleOccupancyAvailableDynamicSMemPerBlock(dynamicSmemSize, toQiao(func),
                                                                    numBlocks, blockSize));
}
