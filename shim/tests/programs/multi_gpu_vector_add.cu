// Several devices at once: a vector add split across every device, each part with its own
// stream, allocations and copies; per-device memory accounting, distinct PCI bus ids, pointer
// attributes naming the right device, and the current device kept per host thread.
#include "check.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

__global__ void addParts(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    c[i] = a[i] + b[i];
}

struct Part {
  int offset = 0, count = 0;
  float *a = nullptr, *b = nullptr, *c = nullptr;
  cudaStream_t stream = nullptr;
};

int main() {
  int devices = 0;
  CHECK(cudaGetDeviceCount(&devices));
  std::printf("devices %d\n", devices);
  EXPECT(devices >= 2);

  // Each device is its own PCI function.
  std::vector<std::string> busIds;
  for (int d = 0; d < devices; ++d) {
    char bus[32];
    CHECK(cudaDeviceGetPCIBusId(bus, sizeof bus, d));
    for (const auto &seen : busIds)
      EXPECT(seen != bus);
    busIds.push_back(bus);
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, d));
    int fromBus = -1;
    CHECK(cudaDeviceGetByPCIBusId(&fromBus, bus));
    EXPECT(fromBus == d);
  }

  // Memory is accounted per device: an allocation on device 0 leaves device 1's free memory.
  size_t free0 = 0, total0 = 0, free1 = 0, total1 = 0, after0 = 0, after1 = 0;
  CHECK(cudaSetDevice(0));
  CHECK(cudaMemGetInfo(&free0, &total0));
  CHECK(cudaSetDevice(1));
  CHECK(cudaMemGetInfo(&free1, &total1));
  CHECK(cudaSetDevice(0));
  void *big = nullptr;
  const size_t bigBytes = 64 << 20;
  CHECK(cudaMalloc(&big, bigBytes));
  CHECK(cudaMemGetInfo(&after0, &total0));
  CHECK(cudaSetDevice(1));
  CHECK(cudaMemGetInfo(&after1, &total1));
  EXPECT(free0 - after0 >= bigBytes);
  EXPECT(after1 == free1);
  cudaPointerAttributes attributes;
  CHECK(cudaPointerGetAttributes(&attributes, big));
  EXPECT(attributes.device == 0 && attributes.type == cudaMemoryTypeDevice);
  CHECK(cudaFree(big)); // any device may free it: the pointer names its device
  std::printf("memory accounted per device\n");

  // The current device belongs to the host thread that set it.
  CHECK(cudaSetDevice(1));
  int seenByThread = -1;
  std::thread other([&] {
    cudaGetDevice(&seenByThread); // a new thread starts on device 0
    cudaSetDevice(0);
  });
  other.join();
  int mine = -1;
  CHECK(cudaGetDevice(&mine));
  EXPECT(seenByThread == 0 && mine == 1);
  std::printf("current device per thread\n");

  const int n = 1 << 16;
  std::vector<float> a(n), b(n), c(n, -1.0f);
  for (int i = 0; i < n; ++i) {
    a[i] = float(i);
    b[i] = float(2 * (n - i));
  }
  std::vector<Part> parts(devices);
  const int chunk = (n + devices - 1) / devices;
  for (int d = 0; d < devices; ++d) {
    Part &p = parts[d];
    p.offset = d * chunk;
    p.count = std::min(chunk, n - p.offset);
    CHECK(cudaSetDevice(d));
    CHECK(cudaStreamCreate(&p.stream));
    CHECK(cudaMalloc(&p.a, p.count * sizeof(float)));
    CHECK(cudaMalloc(&p.b, p.count * sizeof(float)));
    CHECK(cudaMalloc(&p.c, p.count * sizeof(float)));
    CHECK(cudaPointerGetAttributes(&attributes, p.c));
    EXPECT(attributes.device == d);
    CHECK(cudaMemcpyAsync(p.a, &a[p.offset], p.count * sizeof(float), cudaMemcpyHostToDevice,
                          p.stream));
    CHECK(cudaMemcpyAsync(p.b, &b[p.offset], p.count * sizeof(float), cudaMemcpyHostToDevice,
                          p.stream));
    addParts<<<(p.count + 255) / 256, 256, 0, p.stream>>>(p.a, p.b, p.c, p.count);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpyAsync(&c[p.offset], p.c, p.count * sizeof(float), cudaMemcpyDeviceToHost,
                          p.stream));
  }
  for (int d = 0; d < devices; ++d) {
    CHECK(cudaSetDevice(d));
    CHECK(cudaStreamSynchronize(parts[d].stream));
    CHECK(cudaStreamDestroy(parts[d].stream));
    CHECK(cudaFree(parts[d].a));
    CHECK(cudaFree(parts[d].b));
    CHECK(cudaFree(parts[d].c));
  }
  for (int i = 0; i < n; ++i)
    if (c[i] != float(2 * n - i)) {
      std::printf("FAIL c[%d] = %f, expected %f\n", i, c[i], float(2 * n - i));
      return 1;
    }
  std::printf("vector add over %d devices ok\n", devices);
  std::printf("PASS multi_gpu_vector_add\n");
  return 0;
}
