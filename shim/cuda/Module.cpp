// Modules: load PTX, fatbins and cubins carrying PTX; find functions and globals; unload.
#include "DevicePtx.h"
#include "DriverState.h"
#include "ImageKind.h"
#include "support/JitLogs.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

using namespace qiao::cuda;

namespace {

// The JIT options of a load (cuModuleLoadDataEx); only their log buffers mean something here.
struct JitOptions {
  unsigned count = 0;
  CUjit_option *options = nullptr;
  void **values = nullptr;
};

CUresult load(CUmodule *module, const void *image, size_t knownBytes, const char *origin,
              JitOptions jit = {}) {
  if (CUresult result = requireContext())
    return result;
  if (module == nullptr || image == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  const int *options = reinterpret_cast<const int *>(jit.options);
  auto logs = qiao::JitLogs::parse(jit.count, options, jit.values);
  if (!logs)
    return CUDA_ERROR_INVALID_VALUE;
  auto ptx = qiao::fatbin::devicePtx(image, knownBytes, qiao::fatbin::currentDeviceArch());
  if (!ptx) {
    // The one line a user needs: which module and why (e.g. SASS only: rebuild with PTX).
    std::fprintf(stderr, "qiao: cannot load module %s: %s\n", origin, ptx.error().message.c_str());
    logs->write("", ptx.error().message);
    return toCuResult(ptx.error().code);
  }
  qiaoModule_t loaded = nullptr;
  // libqiao fills the logs from here on.
  if (qiaoError_t error = qiao::fatbin::loadPtxUnits(&loaded, *ptx, jit.count,
                                                     const_cast<int *>(options), jit.values))
    return toCuResult(loadFailure(error, isBinaryImage(image)));
  *module = reinterpret_cast<CUmodule>(loaded);
  return CUDA_SUCCESS;
}

} // namespace

extern "C" CUresult cuModuleLoadData(CUmodule *module, const void *image) {
  return load(module, image, 0, "from memory");
}

// The JIT options steer NVIDIA's PTX compiler (optimisation level, target, ...); Qiao's engine has
// no such knobs, so they are checked for shape and otherwise ignored, but for the log buffers,
// which receive what the engine says about the module (support/JitLogs.h).
extern "C" CUresult cuModuleLoadDataEx(CUmodule *module, const void *image, unsigned int numOptions,
                                       CUjit_option *options, void **optionValues) {
  if (CUresult result = requireInit())
    return result;
  if (numOptions > 0 && (options == nullptr || optionValues == nullptr))
    return CUDA_ERROR_INVALID_VALUE;
  return load(module, image, 0, "from memory", JitOptions{numOptions, options, optionValues});
}

extern "C" CUresult cuModuleLoadFatBinary(CUmodule *module, const void *fatCubin) {
  return load(module, fatCubin, 0, "from a fatbinary");
}

extern "C" CUresult cuModuleLoad(CUmodule *module, const char *fname) {
  if (CUresult result = requireContext())
    return result;
  if (module == nullptr || fname == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  std::ifstream file(fname, std::ios::binary);
  if (!file)
    return CUDA_ERROR_FILE_NOT_FOUND;
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  size_t size = bytes.size();
  bytes.push_back('\0'); // PTX text read from a file ends here
  return load(module, bytes.data(), size, fname);
}

extern "C" CUresult cuModuleUnload(CUmodule hmod) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoModuleUnload(toQiao(hmod))); // a module, never a library
}

extern "C" CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
  if (CUresult result = requireContext())
    return result;
  qiaoModule_t module = nullptr;
  if (CUresult result = resolveModule(hmod, module))
    return result;
  qiaoFunction_t function = nullptr;
  if (qiaoError_t error = qiaoModuleGetFunction(&function, module, name))
    return toCuResult(error);
  *hfunc = reinterpret_cast<CUfunction>(function);
  return CUDA_SUCCESS;
}

extern "C" CUresult cuModuleGetGlobal(CUdeviceptr *dptr, size_t *bytes, CUmodule hmod,
                                      const char *name) {
  if (CUresult result = requireContext())
    return result;
  qiaoModule_t module = nullptr;
  if (CUresult result = resolveModule(hmod, module))
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
