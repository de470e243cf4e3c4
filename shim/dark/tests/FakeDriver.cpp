// The driver entry points the tables call, for the unit tests: one device, one context.
#include "DriverImports.h"

#include "FakeDriver.h"

namespace qiao::dark::test {
CUcontext gCurrent = nullptr;
int gRetainCalls = 0;
CUctx_st *fakeContext() {
  static char storage;
  return reinterpret_cast<CUctx_st *>(&storage);
}
} // namespace qiao::dark::test

extern "C" int cuDriverGetVersion(int *version) {
  *version = 13000;
  return 0;
}

extern "C" int cuDevicePrimaryCtxRetain(CUcontext *context, int device) {
  if (device != 0)
    return 101; // CUDA_ERROR_INVALID_DEVICE
  ++qiao::dark::test::gRetainCalls;
  *context = qiao::dark::test::fakeContext();
  return 0;
}

extern "C" int cuCtxGetCurrent(CUcontext *context) {
  *context = qiao::dark::test::gCurrent;
  return 0;
}
