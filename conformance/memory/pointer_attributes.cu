// cudaPointerGetAttributes tells device, pinned host, managed and plain host memory apart
// (plain host memory is cudaMemoryTypeUnregistered since CUDA 11, not an error).
// conform: tags=memory,uva
// expect: device 2 host 1 managed 3 unregistered 0
// expect: PASS pointer_attributes
#include "conform.h"

int main() {
  int *device, *pinned, *managed;
  static int plain[16];
  CHECK(cudaMalloc(&device, 64));
  CHECK(cudaMallocHost(&pinned, 64));
  CHECK(cudaMallocManaged(&managed, 64));
  cudaPointerAttributes a;
  CHECK(cudaPointerGetAttributes(&a, device));
  int tDevice = a.type;
  EXPECT(a.devicePointer == device && a.device == 0);
  CHECK(cudaPointerGetAttributes(&a, pinned));
  int tHost = a.type;
  EXPECT(a.hostPointer == pinned);
  CHECK(cudaPointerGetAttributes(&a, managed));
  int tManaged = a.type;
  EXPECT(a.devicePointer == managed && a.hostPointer == managed);
  CHECK(cudaPointerGetAttributes(&a, plain));
  int tPlain = a.type;
  std::printf("device %d host %d managed %d unregistered %d\n", tDevice, tHost, tManaged, tPlain);
  EXPECT(tDevice == cudaMemoryTypeDevice && tHost == cudaMemoryTypeHost &&
         tManaged == cudaMemoryTypeManaged && tPlain == cudaMemoryTypeUnregistered);
  CHECK(cudaFree(device));
  CHECK(cudaFreeHost(pinned));
  CHECK(cudaFree(managed));
  std::printf("PASS pointer_attributes\n");
  return 0;
}
