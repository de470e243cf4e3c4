// Devices and contexts: what cuDeviceGet* report, the calling thread's context stack, primary
// contexts, and the codes CUDA documents for bad handles.
#include "driver_checks.h"

#include <cstring>

bool checkDevice(CUdevice device) {
  int count = 0;
  CU_CHECK(cuDeviceGetCount(&count));
  EXPECT_THAT(count >= 1, "%d devices", count);
  CUdevice none;
  EXPECT_THAT(cuDeviceGet(&none, count) == CUDA_ERROR_INVALID_DEVICE, "device %d exists", count);
  char name[256];
  CU_CHECK(cuDeviceGetName(name, sizeof name, device));
  EXPECT_THAT(std::strlen(name) > 0, "an empty device name");
  size_t bytes = 0;
  CU_CHECK(cuDeviceTotalMem(&bytes, device));
  EXPECT_THAT(bytes > 0, "no memory");
  int major = 0, threads = 0, warp = 0;
  CU_CHECK(cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
  CU_CHECK(cuDeviceGetAttribute(&threads, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, device));
  CU_CHECK(cuDeviceGetAttribute(&warp, CU_DEVICE_ATTRIBUTE_WARP_SIZE, device));
  EXPECT_THAT(major >= 7 && threads == 1024 && warp == 32, "sm_%d, %d threads, warp %d", major,
              threads, warp);
  return true;
}

bool checkContexts(CUdevice device) {
  CUcontext first, second, current;
  CU_CHECK(cuCtxCreate(&first, NULL, CU_CTX_SCHED_AUTO, device));
  CU_CHECK(cuCtxCreate(&second, NULL, CU_CTX_SCHED_AUTO, device));
  CU_CHECK(cuCtxGetCurrent(&current));
  EXPECT_THAT(current == second, "cuCtxCreate did not make the new context current");
  CUcontext popped;
  CU_CHECK(cuCtxPopCurrent(&popped));
  CU_CHECK(cuCtxGetCurrent(&current));
  EXPECT_THAT(popped == second && current == first, "the stack did not pop");
  CU_CHECK(cuCtxPushCurrent(second));
  CUdevice ctxDevice;
  CU_CHECK(cuCtxGetDevice(&ctxDevice));
  EXPECT_THAT(ctxDevice == device, "context of device %d", int(ctxDevice));
  CU_CHECK(cuCtxSynchronize());
  CU_CHECK(cuCtxDestroy(second)); // also pops it
  CU_CHECK(cuCtxGetCurrent(&current));
  EXPECT_THAT(current == first, "cuCtxDestroy left the destroyed context current");
  CU_CHECK(cuCtxDestroy(first));

  CUcontext primary;
  CU_CHECK(cuDevicePrimaryCtxRetain(&primary, device));
  unsigned int flags = 0;
  int active = 0;
  CU_CHECK(cuDevicePrimaryCtxGetState(device, &flags, &active));
  EXPECT_THAT(active == 1, "the retained primary context is not active");
  CU_CHECK(cuCtxSetCurrent(primary));
  CU_CHECK(cuCtxGetCurrent(&current));
  EXPECT_THAT(current == primary, "cuCtxSetCurrent did not set the primary context");
  CU_CHECK(cuCtxSetCurrent(NULL));
  CU_CHECK(cuDevicePrimaryCtxRelease(device));
  return true;
}
