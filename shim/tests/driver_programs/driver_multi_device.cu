// A driver-API program for two devices: a context and a module per device (kernels.ptx, argv[1]),
// each device's own __constant__ and memory accounting, peer access between the contexts, and
// cuMemcpyPeer(Async) between their buffers. Run with QIAO_EMU_DEVICES=2.
#include "driver_check.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

struct FillArgs { // fill(unsigned *out, unsigned value, int n)
  CUdeviceptr out;
  unsigned value;
  int n;
};

int main(int argc, char **argv) {
  EXPECT(argc == 2);
  std::ifstream file(argv[1]);
  std::string ptx((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT(!ptx.empty());
  CU_CHECK(cuInit(0));
  int count = 0;
  CU_CHECK(cuDeviceGetCount(&count));
  EXPECT(count == 2);
  CUdevice devices[2];
  CU_CHECK(cuDeviceGet(&devices[0], 0));
  CU_CHECK(cuDeviceGet(&devices[1], 1));
  CU_EXPECT_ERROR(cuDeviceGet(&devices[0], 2), CUDA_ERROR_INVALID_DEVICE);
  char bus0[32], bus1[32];
  CU_CHECK(cuDeviceGetPCIBusId(bus0, sizeof bus0, devices[0]));
  CU_CHECK(cuDeviceGetPCIBusId(bus1, sizeof bus1, devices[1]));
  EXPECT(std::string(bus0) != bus1);

  // The primary contexts are one per device.
  CUcontext primary[2];
  CU_CHECK(cuDevicePrimaryCtxRetain(&primary[0], devices[0]));
  CU_CHECK(cuDevicePrimaryCtxRetain(&primary[1], devices[1]));
  EXPECT(primary[0] != primary[1]);

  const int n = 512;
  CUcontext contexts[2];
  CUmodule modules[2];
  CUfunction fills[2];
  CUdeviceptr buffers[2];
  size_t freeBefore[2], freeAfter[2], total = 0;
  for (int d = 0; d < 2; ++d) {
    CU_CHECK(cuCtxCreate(&contexts[d], nullptr, 0, devices[d]));
    CUdevice current = -1;
    CU_CHECK(cuCtxGetDevice(&current));
    EXPECT(current == devices[d]);
    CU_CHECK(cuMemGetInfo(&freeBefore[d], &total));
    CU_CHECK(cuModuleLoadData(&modules[d], ptx.c_str()));
    CU_CHECK(cuModuleGetFunction(&fills[d], modules[d], "fill"));
    CU_CHECK(cuMemAlloc(&buffers[d], n * sizeof(unsigned)));
    FillArgs args{buffers[d], 1000u * (d + 1), n};
    void *params[] = {&args.out, &args.value, &args.n};
    CU_CHECK(cuLaunchKernel(fills[d], n / 128, 1, 1, 128, 1, 1, 0, nullptr, params, nullptr));
    CU_CHECK(cuCtxSynchronize());
    CU_CHECK(cuCtxPopCurrent(nullptr));
  }
  // Each device's allocation (and module) counts against that device only.
  for (int d = 0; d < 2; ++d) {
    CU_CHECK(cuCtxPushCurrent(contexts[d]));
    CU_CHECK(cuMemGetInfo(&freeAfter[d], &total));
    EXPECT(freeAfter[d] < freeBefore[d]);
    int ordinal = -1;
    CU_CHECK(cuPointerGetAttribute(&ordinal, CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL, buffers[d]));
    EXPECT(ordinal == d);
    CU_CHECK(cuCtxPopCurrent(nullptr));
  }
  std::printf("a context, a module and memory per device\n");

  int can = 0;
  CU_CHECK(cuDeviceCanAccessPeer(&can, devices[0], devices[1]));
  EXPECT(can == 1);
  CU_CHECK(cuDeviceCanAccessPeer(&can, devices[1], devices[1]));
  EXPECT(can == 0);
  CU_CHECK(cuCtxPushCurrent(contexts[1]));
  CU_CHECK(cuCtxEnablePeerAccess(contexts[0], 0));
  CU_EXPECT_ERROR(cuCtxEnablePeerAccess(contexts[0], 0), CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED);
  CU_CHECK(cuCtxDisablePeerAccess(contexts[0]));
  CU_EXPECT_ERROR(cuCtxDisablePeerAccess(contexts[0]), CUDA_ERROR_PEER_ACCESS_NOT_ENABLED);
  std::printf("peer access codes ok\n");

  // Device 0's values into the second half of device 1's buffer, then back the other way.
  CU_CHECK(cuMemcpyPeer(buffers[1] + n / 2 * sizeof(unsigned), contexts[1], buffers[0], contexts[0],
                        n / 2 * sizeof(unsigned)));
  CUstream stream;
  CU_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  CU_CHECK(cuMemcpyPeerAsync(buffers[0], contexts[0], buffers[1], contexts[1],
                             n / 2 * sizeof(unsigned), stream));
  CU_CHECK(cuStreamSynchronize(stream));
  std::vector<unsigned> on0(n), on1(n);
  CU_CHECK(cuMemcpyDtoH(on1.data(), buffers[1], n * sizeof(unsigned)));
  CU_CHECK(cuMemcpyDtoH(on0.data(), buffers[0], n * sizeof(unsigned)));
  for (int i = 0; i < n / 2; ++i) {
    EXPECT(on1[i] == 2000u + i && on1[n / 2 + i] == 1000u + i);
    EXPECT(on0[i] == 2000u + i && on0[n / 2 + i] == 1000u + n / 2 + i);
  }
  std::printf("peer copies: device 1 holds %u..%u, device 0 starts %u\n", on1[0], on1[n - 1],
              on0[0]);
  CU_CHECK(cuStreamDestroy(stream));
  CU_CHECK(cuCtxPopCurrent(nullptr));
  for (int d = 0; d < 2; ++d) {
    CU_CHECK(cuCtxPushCurrent(contexts[d]));
    CU_CHECK(cuMemFree(buffers[d]));
    CU_CHECK(cuModuleUnload(modules[d]));
    CU_CHECK(cuCtxPopCurrent(nullptr));
    CU_CHECK(cuCtxDestroy(contexts[d]));
    CU_CHECK(cuDevicePrimaryCtxRelease(devices[d]));
  }
  std::printf("PASS driver_multi_device\n");
  return 0;
}
