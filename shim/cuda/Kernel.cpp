// Kernel handles: a CUkernel names a kernel of a library (Libraries.h) and stands for its
// function in the library's current load, so that the handles NVIDIA's static runtime keeps go on
// working after cudaDeviceReset, as CUDA's context-independent kernels do.
#include "DriverState.h"
#include "Libraries.h"

#include <mutex>
#include <set>

using namespace qiao::cuda;

namespace {

// Live kernel handles, so that a CUfunction can be told from a CUkernel. Never destroyed: the
// runtime unloads libraries from its exit handlers.
struct KernelSet {
  std::mutex mutex;
  std::set<CUkernel> live;
};

KernelSet &kernels() {
  static auto *instance = new KernelSet();
  return *instance;
}

bool isKernel(const void *handle) {
  KernelSet &all = kernels();
  std::lock_guard lock(all.mutex);
  return all.live.count(static_cast<CUkernel>(const_cast<void *>(handle))) != 0;
}

// The kernel's function in its library's current load, looked up again after a reload.
CUresult functionOf(CUkernel kernel, qiaoFunction_t &function) {
  qiaoModule_t module = nullptr;
  std::uint64_t load = 0;
  if (CUresult result = libraryModule(kernel->library, module, load))
    return result;
  std::lock_guard lock(kernel->library->mutex);
  if (kernel->load != load) {
    qiaoFunction_t found = nullptr;
    if (qiaoError_t error = qiaoModuleGetFunction(&found, module, kernel->name.c_str()))
      return toCuResult(error);
    kernel->function = found;
    kernel->load = load;
  }
  function = kernel->function;
  return CUDA_SUCCESS;
}

} // namespace

void qiao::cuda::registerKernel(CUkernel kernel) {
  KernelSet &all = kernels();
  std::lock_guard lock(all.mutex);
  all.live.insert(kernel);
}

void qiao::cuda::forgetKernel(CUkernel kernel) {
  KernelSet &all = kernels();
  std::lock_guard lock(all.mutex);
  all.live.erase(kernel);
}

qiaoFunction_t qiao::cuda::toQiao(CUfunction function) {
  if (function == nullptr || !isKernel(function))
    return reinterpret_cast<qiaoFunction_t>(function);
  qiaoFunction_t resolved = nullptr;
  if (functionOf(reinterpret_cast<CUkernel>(function), resolved) != CUDA_SUCCESS)
    return nullptr;
  return resolved;
}

// The same name gives the same handle, as in CUDA; the kernel must be in the library's PTX.
extern "C" CUresult cuLibraryGetKernel(CUkernel *kernel, CUlibrary library, const char *name) {
  if (CUresult result = requireInit())
    return result;
  if (kernel == nullptr || name == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoModule_t module = nullptr;
  std::uint64_t load = 0;
  if (CUresult result = libraryModule(library, module, load))
    return result;
  qiaoFunction_t function = nullptr;
  if (qiaoError_t error = qiaoModuleGetFunction(&function, module, name))
    return toCuResult(error);
  std::lock_guard lock(library->mutex);
  for (const auto &known : library->kernels)
    if (known->name == name) {
      *kernel = known.get();
      return CUDA_SUCCESS;
    }
  auto made = std::make_unique<CUkern_st>();
  made->library = library;
  made->name = name;
  made->function = function;
  made->load = load;
  *kernel = made.get();
  registerKernel(made.get());
  library->kernels.push_back(std::move(made));
  return CUDA_SUCCESS;
}

// The kernel's function in the current context: valid until that context is reset.
extern "C" CUresult cuKernelGetFunction(CUfunction *function, CUkernel kernel) {
  if (CUresult result = requireInit())
    return result;
  if (function == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (kernel == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  // NVIDIA's static runtime asks this of a host function it has no kernel for
  // (cudaFuncGetAttributes on a plain function): FunctionResult.cpp answers as CUDA does.
  if (!isKernel(kernel))
    return toFunctionResult(qiaoErrorInvalidResourceHandle);
  qiaoFunction_t resolved = nullptr;
  if (CUresult result = functionOf(kernel, resolved))
    return result;
  *function = reinterpret_cast<CUfunction>(resolved);
  return CUDA_SUCCESS;
}

// One device: the attributes do not depend on `dev`. NVIDIA's runtime reads every attribute up to
// the cluster ones for cudaFuncGetAttributes; those libqiao does not know (cluster requirements,
// scheduling preferences) read as 0, as for a kernel that sets none.
extern "C" CUresult cuKernelGetAttribute(int *pi, CUfunction_attribute attrib, CUkernel kernel,
                                         CUdevice) {
  if (CUresult result = requireInit())
    return result;
  if (pi == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (kernel == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  qiaoError_t error = qiaoFuncGetAttribute(pi, static_cast<qiaoFunction_attribute>(attrib),
                                           toQiao(reinterpret_cast<CUfunction>(kernel)));
  if (error == qiaoErrorInvalidValue && attrib >= 0 && attrib < CU_FUNC_ATTRIBUTE_MAX) {
    *pi = 0;
    return CUDA_SUCCESS;
  }
  return toFunctionResult(error);
}
