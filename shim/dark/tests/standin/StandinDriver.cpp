// The stand-in driver's entry points (see Standin.h). Handles are libqiao's, as in shim/cuda:
// CUmodule and CUlibrary are qiaoModule_t; CUfunction and CUkernel are qiaoFunction_t (the
// runtime passes a CUkernel straight to cuLaunchKernel); CUstream and CUevent are libqiao's.
#include "DarkApi.h"
#include "FatbinReader.h"
#include "PtxChooser.h"
#include "Standin.h"

#include <qiao/qiao_runtime.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>

struct CUctx_st {
  int device = 0;
};
typedef CUctx_st *CUcontext;
typedef int CUresult;
typedef std::uintptr_t CUdeviceptr;

namespace {

constexpr CUresult kSuccess = 0;
constexpr CUresult kInvalidValue = 1;
constexpr CUresult kInvalidImage = 200;
constexpr CUresult kNotSupported = 801;
constexpr int kDriverVersion = 13000;

// qiaoError_t uses the runtime's numbering. Codes 0-3 and 100 and up mean the same in the
// driver's numbering (400 invalid handle, 600 not ready, 700s launch faults...); the runtime-only
// codes below 100 are argument errors, CUDA_ERROR_INVALID_VALUE to the driver.
CUresult toCu(qiaoError_t error) {
  int code = static_cast<int>(error);
  return (code <= 3 || code >= 100) ? code : kInvalidValue;
}

void *ptr(CUdeviceptr p) { return reinterpret_cast<void *>(p); }
qiaoStream_t stream(void *s) { return static_cast<qiaoStream_t>(s); }
qiaoEvent_t event(void *e) { return static_cast<qiaoEvent_t>(e); }

CUctx_st gPrimary[16];
thread_local CUcontext tCurrent = nullptr;

struct LaunchConfig {
  unsigned gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes;
  void *hStream;
  void *attrs;
  unsigned numAttrs;
};

} // namespace

extern "C" {

CUresult cuInit(unsigned flags) {
  if (flags != 0)
    return kInvalidValue;
  int count = 0;
  return toCu(qiaoGetDeviceCount(&count));
}

CUresult cuDriverGetVersion(int *version) {
  if (version == nullptr)
    return kInvalidValue;
  *version = kDriverVersion;
  return kSuccess;
}

CUresult cuGetExportTable(const void **table, const unsigned char *uuid) {
  if (table == nullptr || uuid == nullptr)
    return kInvalidValue;
  *table = qiaoDarkExportTable(uuid);
  return *table ? kSuccess : kNotSupported;
}

CUresult cuDeviceGetCount(int *count) { return toCu(qiaoGetDeviceCount(count)); }

CUresult cuDeviceGet(int *device, int ordinal) {
  int count = 0;
  qiaoGetDeviceCount(&count);
  if (device == nullptr || ordinal < 0 || ordinal >= count)
    return 101;
  *device = ordinal;
  return kSuccess;
}

CUresult cuDeviceGetName(char *name, int length, int device) {
  qiaoDeviceProp_t prop{};
  if (name == nullptr || length <= 0 || qiaoGetDeviceProperties(&prop, device) != qiaoSuccess)
    return kInvalidValue;
  std::snprintf(name, length, "%s", prop.name);
  return kSuccess;
}

CUresult cuDeviceTotalMem_v2(std::size_t *bytes, int device) {
  qiaoDeviceProp_t prop{};
  if (bytes == nullptr || qiaoGetDeviceProperties(&prop, device) != qiaoSuccess)
    return kInvalidValue;
  *bytes = prop.totalGlobalMem;
  return kSuccess;
}

CUresult cuDeviceGetUuid_v2(unsigned char *uuid, int device) {
  qiaoDeviceProp_t prop{};
  if (uuid == nullptr || qiaoGetDeviceProperties(&prop, device) != qiaoSuccess)
    return kInvalidValue;
  std::memcpy(uuid, &prop.uuid, 16);
  return kSuccess;
}

CUresult cuDeviceGetAttribute(int *value, int attribute, int device) {
  if (value == nullptr)
    return kInvalidValue;
  // Attributes libqiao does not know read as 0, as for an unsupported feature.
  if (qiaoDeviceGetAttribute(value, static_cast<qiaoDeviceAttr>(attribute), device) != qiaoSuccess)
    *value = 0;
  return kSuccess;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *context, int device) {
  if (context == nullptr || device < 0 || device >= 16)
    return kInvalidValue;
  gPrimary[device].device = device;
  *context = &gPrimary[device];
  return kSuccess;
}

CUresult cuDevicePrimaryCtxRelease_v2(int) { return kSuccess; }

CUresult cuCtxGetCurrent(CUcontext *context) {
  if (context == nullptr)
    return kInvalidValue;
  *context = tCurrent;
  return kSuccess;
}

CUresult cuCtxSetCurrent(CUcontext context) {
  tCurrent = context;
  return context ? toCu(qiaoSetDevice(context->device)) : kSuccess;
}

CUresult cuCtxGetDevice(int *device) {
  if (device == nullptr)
    return kInvalidValue;
  *device = tCurrent ? tCurrent->device : 0;
  return kSuccess;
}

CUresult cuCtxSynchronize() { return toCu(qiaoDeviceSynchronize()); }

// The CUDA 13 flavours name the context; the runtime asks for them (version 13000) and calls them
// with its primary context.
CUresult cuCtxGetDevice_v2(int *device, CUcontext context) {
  if (device == nullptr)
    return kInvalidValue;
  if (context == nullptr)
    context = tCurrent;
  *device = context ? context->device : 0;
  return kSuccess;
}

CUresult cuCtxSynchronize_v2(CUcontext) { return toCu(qiaoDeviceSynchronize()); }

CUresult cuModuleGetLoadingMode(int *mode) {
  if (mode == nullptr)
    return kInvalidValue;
  *mode = 1; // CU_MODULE_EAGER_LOADING
  return kSuccess;
}

// The runtime hands each translation unit's registration wrapper to cuLibraryLoadData.
CUresult cuLibraryLoadData(qiaoModule_t *library, const void *code, void *, void *, unsigned,
                           void *, void *, unsigned) {
  if (library == nullptr || code == nullptr)
    return kInvalidValue;
  auto read = qiao::fatbin::readFatbinImage(code, 0);
  if (!read)
    return kInvalidImage;
  auto chosen = qiao::fatbin::choosePtx(read->entries, 80);
  if (!chosen)
    chosen = qiao::fatbin::choosePtx(read->entries, 121);
  if (!chosen) {
    std::fprintf(stderr, "qiao: %s\n", chosen.error().message.c_str());
    return 209; // CUDA_ERROR_NO_BINARY_FOR_GPU
  }
  std::string ptx((*chosen)->text());
  return toCu(qiaoModuleLoadData(library, ptx.c_str()));
}

CUresult cuLibraryUnload(qiaoModule_t library) { return toCu(qiaoModuleUnload(library)); }

CUresult cuLibraryGetKernel(qiaoFunction_t *kernel, qiaoModule_t library, const char *name) {
  return toCu(qiaoModuleGetFunction(kernel, library, name));
}

CUresult cuModuleGetGlobal_v2(CUdeviceptr *address, std::size_t *bytes, qiaoModule_t module,
                              const char *name) {
  void *found = nullptr;
  qiaoError_t error = qiaoModuleGetGlobal(&found, bytes, module, name);
  if (address != nullptr)
    *address = reinterpret_cast<CUdeviceptr>(found);
  return toCu(error);
}

CUresult cuLibraryGetManaged(CUdeviceptr *address, std::size_t *bytes, qiaoModule_t library,
                             const char *name) {
  return cuModuleGetGlobal_v2(address, bytes, library, name);
}

CUresult cuMemAlloc_v2(CUdeviceptr *address, std::size_t bytes) {
  void *p = nullptr;
  qiaoError_t error = qiaoMalloc(&p, bytes);
  *address = reinterpret_cast<CUdeviceptr>(p);
  return toCu(error);
}

CUresult cuMemAllocManaged(CUdeviceptr *address, std::size_t bytes, unsigned flags) {
  void *p = nullptr;
  qiaoError_t error = qiaoMallocManaged(&p, bytes, flags);
  *address = reinterpret_cast<CUdeviceptr>(p);
  return toCu(error);
}

CUresult cuMemFree_v2(CUdeviceptr address) { return toCu(qiaoFree(ptr(address))); }

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, std::size_t bytes) {
  return toCu(qiaoMemcpy(ptr(dst), src, bytes, qiaoMemcpyHostToDevice));
}

CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, std::size_t bytes) {
  return toCu(qiaoMemcpy(dst, ptr(src), bytes, qiaoMemcpyDeviceToHost));
}

CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, std::size_t bytes, void *s) {
  return toCu(qiaoMemcpyAsync(ptr(dst), src, bytes, qiaoMemcpyHostToDevice, stream(s)));
}

CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, std::size_t bytes, void *s) {
  return toCu(qiaoMemcpyAsync(dst, ptr(src), bytes, qiaoMemcpyDeviceToHost, stream(s)));
}

CUresult cuMemsetD8_v2(CUdeviceptr dst, unsigned char value, std::size_t count) {
  return toCu(qiaoMemset(ptr(dst), value, count));
}

CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char value, std::size_t count, void *s) {
  return toCu(qiaoMemsetAsync(ptr(dst), value, count, stream(s)));
}

CUresult cuLaunchKernel(qiaoFunction_t f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                        unsigned by, unsigned bz, unsigned shared, void *s, void **params,
                        void **extra) {
  return toCu(qiaoModuleLaunchKernel(f, gx, gy, gz, bx, by, bz, shared, stream(s), params, extra));
}

CUresult cuLaunchKernelEx(const LaunchConfig *c, qiaoFunction_t f, void **params, void **extra) {
  if (c == nullptr)
    return kInvalidValue;
  // Attributes (cluster size 1 in the tests) do not change how the emulated device runs.
  return toCu(qiaoModuleLaunchKernel(f, c->gridDimX, c->gridDimY, c->gridDimZ, c->blockDimX,
                                     c->blockDimY, c->blockDimZ, c->sharedMemBytes,
                                     stream(c->hStream), params, extra));
}

CUresult cuStreamCreate(qiaoStream_t *s, unsigned flags) {
  return toCu(qiaoStreamCreateWithFlags(s, flags));
}
CUresult cuStreamDestroy_v2(void *s) { return toCu(qiaoStreamDestroy(stream(s))); }
CUresult cuStreamSynchronize(void *s) { return toCu(qiaoStreamSynchronize(stream(s))); }
CUresult cuStreamQuery(void *s) { return toCu(qiaoStreamQuery(stream(s))); }
CUresult cuStreamWaitEvent(void *s, void *e, unsigned flags) {
  return toCu(qiaoStreamWaitEvent(stream(s), event(e), flags));
}
CUresult cuStreamAddCallback(void *s, qiaoStreamCallback_t callback, void *data, unsigned flags) {
  // CUstreamCallback has the same shape: (stream, status, user data).
  return toCu(qiaoStreamAddCallback(stream(s), callback, data, flags));
}
CUresult cuLaunchHostFunc(void *s, qiaoHostFn_t fn, void *data) {
  return toCu(qiaoLaunchHostFunc(stream(s), fn, data));
}

CUresult cuEventCreate(qiaoEvent_t *e, unsigned flags) {
  return toCu(qiaoEventCreateWithFlags(e, flags));
}
CUresult cuEventRecord(void *e, void *s) { return toCu(qiaoEventRecord(event(e), stream(s))); }
CUresult cuEventSynchronize(void *e) { return toCu(qiaoEventSynchronize(event(e))); }
CUresult cuEventElapsedTime_v2(float *ms, void *start, void *end) {
  return toCu(qiaoEventElapsedTime(ms, event(start), event(end)));
}
CUresult cuEventDestroy_v2(void *e) { return toCu(qiaoEventDestroy(event(e))); }

CUresult cuGetProcAddress_v2(const char *symbol, void **function, int version, unsigned long long,
                             int *status) {
  if (symbol == nullptr || function == nullptr)
    return kInvalidValue;
  void *found = qiao::dark::standin::implementation(symbol, version);
  *function = found ? found : qiao::dark::standin::notImplemented(symbol);
  if (status != nullptr)
    *status = 0; // CU_GET_PROC_ADDRESS_SUCCESS: every name gets a callable function
  return kSuccess;
}

CUresult cuGetProcAddress(const char *symbol, void **function, int version,
                          unsigned long long flags) {
  return cuGetProcAddress_v2(symbol, function, version, flags, nullptr);
}

} // extern "C"

namespace qiao::dark::standin {

// By requested (base) name and version (cuEventElapsedTime_v2 has the first flavour's shape). The
// runtime asks for the _ptsz/_ptds flavours by the base name with
// flags 2; the test programs only use stream handles, for which both flavours agree.
void *implementation(const char *name, int version) {
  if (version >= 13000 && std::strcmp(name, "cuCtxGetDevice") == 0)
    return reinterpret_cast<void *>(&cuCtxGetDevice_v2);
  if (version >= 13000 && std::strcmp(name, "cuCtxSynchronize") == 0)
    return reinterpret_cast<void *>(&cuCtxSynchronize_v2);
#define QIAO_ENTRY(requested, function)                                                            \
  { requested, reinterpret_cast<void *>(&function) }
  static const std::map<std::string, void *> entries = {
      QIAO_ENTRY("cuInit", cuInit),
      QIAO_ENTRY("cuDriverGetVersion", cuDriverGetVersion),
      QIAO_ENTRY("cuGetProcAddress", cuGetProcAddress_v2),
      QIAO_ENTRY("cuGetExportTable", cuGetExportTable),
      QIAO_ENTRY("cuDeviceGetCount", cuDeviceGetCount),
      QIAO_ENTRY("cuDeviceGet", cuDeviceGet),
      QIAO_ENTRY("cuDeviceGetName", cuDeviceGetName),
      QIAO_ENTRY("cuDeviceTotalMem", cuDeviceTotalMem_v2),
      QIAO_ENTRY("cuDeviceGetUuid", cuDeviceGetUuid_v2),
      QIAO_ENTRY("cuDeviceGetAttribute", cuDeviceGetAttribute),
      QIAO_ENTRY("cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain),
      QIAO_ENTRY("cuDevicePrimaryCtxRelease", cuDevicePrimaryCtxRelease_v2),
      QIAO_ENTRY("cuCtxGetCurrent", cuCtxGetCurrent),
      QIAO_ENTRY("cuCtxSetCurrent", cuCtxSetCurrent),
      QIAO_ENTRY("cuCtxGetDevice", cuCtxGetDevice),
      QIAO_ENTRY("cuCtxSynchronize", cuCtxSynchronize),
      QIAO_ENTRY("cuModuleGetLoadingMode", cuModuleGetLoadingMode),
      QIAO_ENTRY("cuLibraryLoadData", cuLibraryLoadData),
      QIAO_ENTRY("cuLibraryUnload", cuLibraryUnload),
      QIAO_ENTRY("cuLibraryGetKernel", cuLibraryGetKernel),
      QIAO_ENTRY("cuLibraryGetManaged", cuLibraryGetManaged),
      QIAO_ENTRY("cuModuleGetGlobal", cuModuleGetGlobal_v2),
      QIAO_ENTRY("cuMemAlloc", cuMemAlloc_v2),
      QIAO_ENTRY("cuMemAllocManaged", cuMemAllocManaged),
      QIAO_ENTRY("cuMemFree", cuMemFree_v2),
      QIAO_ENTRY("cuMemcpyHtoD", cuMemcpyHtoD_v2),
      QIAO_ENTRY("cuMemcpyDtoH", cuMemcpyDtoH_v2),
      QIAO_ENTRY("cuMemcpyHtoDAsync", cuMemcpyHtoDAsync_v2),
      QIAO_ENTRY("cuMemcpyDtoHAsync", cuMemcpyDtoHAsync_v2),
      QIAO_ENTRY("cuMemsetD8", cuMemsetD8_v2),
      QIAO_ENTRY("cuMemsetD8Async", cuMemsetD8Async),
      QIAO_ENTRY("cuLaunchKernel", cuLaunchKernel),
      QIAO_ENTRY("cuLaunchKernelEx", cuLaunchKernelEx),
      QIAO_ENTRY("cuStreamCreate", cuStreamCreate),
      QIAO_ENTRY("cuStreamDestroy", cuStreamDestroy_v2),
      QIAO_ENTRY("cuStreamSynchronize", cuStreamSynchronize),
      QIAO_ENTRY("cuStreamQuery", cuStreamQuery),
      QIAO_ENTRY("cuStreamWaitEvent", cuStreamWaitEvent),
      QIAO_ENTRY("cuStreamAddCallback", cuStreamAddCallback),
      QIAO_ENTRY("cuLaunchHostFunc", cuLaunchHostFunc),
      QIAO_ENTRY("cuEventCreate", cuEventCreate),
      QIAO_ENTRY("cuEventRecord", cuEventRecord),
      QIAO_ENTRY("cuEventSynchronize", cuEventSynchronize),
      QIAO_ENTRY("cuEventElapsedTime", cuEventElapsedTime_v2),
      QIAO_ENTRY("cuEventDestroy", cuEventDestroy_v2),
  };
#undef QIAO_ENTRY
  auto found = entries.find(name);
  return found == entries.end() ? nullptr : found->second;
}

} // namespace qiao::dark::standin
