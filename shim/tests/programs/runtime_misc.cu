// The rest of the runtime API a program may touch: peers, PCI ids, device flags, stream-ordered
// allocation, managed-memory hints, 3D memsets, event flags, kernel handles and names.
#include "check.h"
#include <cstring>
#include <cuda_profiler_api.h>

__global__ void addOne(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    p[i] += 1;
}

int main() {
  CHECK(cudaInitDevice(0, 0, 0));
  CHECK(cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync));
  unsigned devFlags = 0;
  CHECK(cudaGetDeviceFlags(&devFlags));
  EXPECT((devFlags & cudaDeviceScheduleMask) == cudaDeviceScheduleBlockingSync);
  char bus[32] = {};
  CHECK(cudaDeviceGetPCIBusId(bus, sizeof bus, 0));
  int byBus = -1;
  CHECK(cudaDeviceGetByPCIBusId(&byBus, bus));
  EXPECT(byBus == 0);
  EXPECT(cudaDeviceEnablePeerAccess(0, 0) == cudaErrorInvalidDevice);
  EXPECT(cudaGetLastError() == cudaErrorInvalidDevice);

  const int n = 300;
  int *a, *b;
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  int dev = -1;
  CHECK(cudaStreamGetDevice(s, &dev));
  EXPECT(dev == 0);
  CHECK(cudaMallocAsync(&a, n * sizeof(int), s));
  CHECK(cudaMallocAsync(&b, n * sizeof(int), s));
  CHECK(cudaMemsetAsync(a, 0, n * sizeof(int), s));
  addOne<<<2, 256, 0, s>>>(a, n);
  CHECK(cudaMemcpyPeerAsync(b, 0, a, 0, n * sizeof(int), s));
  int host[n];
  CHECK(cudaMemcpyAsync(host, b, sizeof host, cudaMemcpyDeviceToHost, s));
  CHECK(cudaFreeAsync(a, s));
  CHECK(cudaFreeAsync(b, s));
  CHECK(cudaStreamSynchronize(s));
  EXPECT(host[0] == 1 && host[n - 1] == 1);

  int *m;
  CHECK(cudaMallocManaged(&m, n * sizeof(int)));
  cudaMemLocation loc = {cudaMemLocationTypeDevice, 0};
  CHECK(cudaMemAdvise(m, n * sizeof(int), cudaMemAdviseSetReadMostly, loc));
  CHECK(cudaMemPrefetchAsync(m, n * sizeof(int), loc, 0, s));
  CHECK(cudaStreamAttachMemAsync(s, m, 0, cudaMemAttachGlobal));
  CHECK(cudaMemsetAsync(m, 0, n * sizeof(int), s));
  addOne<<<2, 256, 0, s>>>(m, n);
  cudaEvent_t done;
  CHECK(cudaEventCreateWithFlags(&done, cudaEventDisableTiming));
  CHECK(cudaEventRecordWithFlags(done, s, cudaEventRecordDefault));
  CHECK(cudaEventSynchronize(done));
  CHECK(cudaEventQuery(done));
  EXPECT(m[7] == 1);

  cudaPitchedPtr vol;
  cudaExtent ext = make_cudaExtent(10 * sizeof(int), 4, 3);
  CHECK(cudaMalloc3D(&vol, ext));
  CHECK(cudaMemset3D(vol, 0x01, ext));
  int row[10];
  CHECK(cudaMemcpy(row, (char *)vol.ptr + vol.pitch * (4 * 2 + 3), sizeof row,
                   cudaMemcpyDeviceToHost));
  EXPECT(row[9] == 0x01010101);
  cudaPitchedPtr copyOf;
  CHECK(cudaMalloc3D(&copyOf, ext));
  cudaMemcpy3DPeerParms peer = {};
  peer.srcPtr = vol;
  peer.dstPtr = copyOf;
  peer.extent = ext;
  CHECK(cudaMemcpy3DPeer(&peer));
  CHECK(cudaMemcpy(row, (char *)copyOf.ptr + copyOf.pitch * 5, sizeof row, cudaMemcpyDeviceToHost));
  EXPECT(row[0] == 0x01010101);
  CHECK(cudaFree(copyOf.ptr));

  size_t smem = 0;
  CHECK(cudaOccupancyAvailableDynamicSMemPerBlock(&smem, addOne, 2, 256));
  EXPECT(smem > 0);
  const char *name = nullptr;
  CHECK(cudaFuncGetName(&name, addOne));
  EXPECT(name && std::strcmp(name, "_Z6addOnePii") == 0);
  cudaFunction_t fn;
  CHECK(cudaGetFuncBySymbol(&fn, reinterpret_cast<const void *>(addOne)));
  cudaKernel_t kernel;
  CHECK(cudaGetKernel(&kernel, addOne));
  CHECK(cudaProfilerStart());
  CHECK(cudaProfilerStop());
  CHECK(cudaPeekAtLastError());
  CHECK(cudaFree(vol.ptr));
  CHECK(cudaFree(m));
  CHECK(cudaEventDestroy(done));
  CHECK(cudaStreamDestroy(s));
  std::printf("bus %s\n", bus);
  std::printf("PASS runtime_misc\n");
  return 0;
}
