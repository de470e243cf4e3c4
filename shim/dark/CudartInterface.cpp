// Table 6bd5fb6c-5bf4-e74a-8987-d93912fd9df9 (ZLUDA's CUDART_INTERFACE): the runtime retains the
// primary context through slot 2 and registers each fatbin through slots 1, 6 and 8.
#include "DevicePtx.h"
#include "DriverImports.h"
#include "Table.h"

#include <qiao/qiao_runtime.h>

#include <cstdio>
#include <string>

namespace qiao::dark {
namespace {

// Loads the PTX in what the runtime registered (a __fatBinC_Wrapper_t, or a bare container) as
// a Qiao module; the module handle is the CUmodule libcuda.so.1 hands out too.
int loadModule(qiaoModule_t *module, const void *image) {
  if (module == nullptr || image == nullptr)
    return kInvalidValue;
  auto ptx = fatbin::devicePtx(image, 0, fatbin::currentDeviceArch());
  if (!ptx) {
    std::fprintf(stderr, "qiao: registering a fatbin at %p: %s\n", image,
                 ptx.error().message.c_str());
    return ptx.error().code;
  }
  qiaoError_t loaded = fatbin::loadPtxUnits(module, *ptx);
  // A fatbin whose PTX targets a newer device holds no image for this one (shim/cuda/ImageKind.h).
  return loaded == qiaoErrorUnsupportedPtxVersion ? qiaoErrorNoKernelImageForDevice : loaded;
}

// Slot 1: (CUmodule *out, fatbin wrapper); no result is returned.
void moduleFromWrapper(qiaoModule_t *module, const void *wrapper) { loadModule(module, wrapper); }

// Slot 2: retain device's primary context, as cuDevicePrimaryCtxRetain.
int primaryContext(CUcontext *context, int device) {
  return cuDevicePrimaryCtxRetain(context, device);
}

// Slot 6: (CUmodule *out, fatbin wrapper, two pointers, a flag word); the extra arguments were
// seen null/zero for ordinary programs.
int moduleFromWrapperExt(qiaoModule_t *module, const void *wrapper, void *, void *, unsigned) {
  return loadModule(module, wrapper);
}

// Slot 8: as slot 6 with the image first and the module second.
int moduleFromImageExt(const void *image, qiaoModule_t *module, void *, void *, unsigned) {
  return loadModule(module, image);
}

} // namespace

void fillCudartInterface(Table &table) {
  table.set(1, reinterpret_cast<const void *>(&moduleFromWrapper));
  table.set(2, reinterpret_cast<const void *>(&primaryContext));
  table.set(6, reinterpret_cast<const void *>(&moduleFromWrapperExt));
  table.set(8, reinterpret_cast<const void *>(&moduleFromImageExt));
}

} // namespace qiao::dark
