// Pinned, mapped and registered host memory, pitched allocations, memory info and pointer queries.
#include "check.h"
#include <cstring>
#include <vector>

__global__ void incr(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    p[i] += 1;
}
__global__ void fillPitched(float *p, size_t pitch, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y;
  if (x < w && y < h)
    reinterpret_cast<float *>(reinterpret_cast<char *>(p) + y * pitch)[x] = y * 100 + x;
}

// Fills the stack below the caller with a pattern, so that a result the driver writes only partly
// (a 1-byte boolean where the runtime reads 4) shows up as garbage instead of lucky zeros.
__attribute__((noinline)) void poisonStack() {
  volatile unsigned char junk[32768];
  for (unsigned i = 0; i < sizeof junk; ++i)
    junk[i] = 0xAA;
}

int main() {
  const int n = 1000;
  int *pinned;
  CHECK(cudaMallocHost(&pinned, n * sizeof(int)));
  for (int i = 0; i < n; ++i)
    pinned[i] = i;
  int *dev;
  CHECK(cudaMalloc(&dev, n * sizeof(int)));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaMemcpyAsync(dev, pinned, n * sizeof(int), cudaMemcpyHostToDevice, s));
  incr<<<(n + 255) / 256, 256, 0, s>>>(dev, n);
  CHECK(cudaMemcpyAsync(pinned, dev, n * sizeof(int), cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  EXPECT(pinned[999] == 1000);

  int *mapped, *mappedDev;
  CHECK(cudaHostAlloc(&mapped, n * sizeof(int), cudaHostAllocMapped | cudaHostAllocPortable));
  CHECK(cudaHostGetDevicePointer(&mappedDev, mapped, 0));
  std::memset(mapped, 0, n * sizeof(int));
  incr<<<(n + 255) / 256, 256>>>(mappedDev, n);
  CHECK(cudaDeviceSynchronize());
  EXPECT(mapped[500] == 1);
  unsigned flags = 0;
  CHECK(cudaHostGetFlags(&flags, mapped));
  EXPECT(flags & cudaHostAllocMapped);

  std::vector<int> reg(n, 7);
  CHECK(cudaHostRegister(reg.data(), n * sizeof(int), cudaHostRegisterDefault));
  CHECK(cudaMemcpy(dev, reg.data(), n * sizeof(int), cudaMemcpyDefault));
  int *dev2;
  CHECK(cudaMalloc(&dev2, n * sizeof(int)));
  CHECK(cudaMemcpy(dev2, dev, n * sizeof(int), cudaMemcpyDeviceToDevice));
  CHECK(cudaMemsetAsync(dev, 0, n * sizeof(int), s));
  CHECK(cudaMemcpyAsync(reg.data(), dev2, n * sizeof(int), cudaMemcpyDefault, s));
  CHECK(cudaStreamSynchronize(s));
  EXPECT(reg[3] == 7);
  CHECK(cudaHostUnregister(reg.data()));

  cudaPointerAttributes attr;
  poisonStack();
  CHECK(cudaPointerGetAttributes(&attr, dev));
  EXPECT(attr.type == cudaMemoryTypeDevice && attr.device == 0);
  poisonStack();
  CHECK(cudaPointerGetAttributes(&attr, pinned));
  EXPECT(attr.type == cudaMemoryTypeHost);
  poisonStack();
  CHECK(cudaPointerGetAttributes(&attr, mapped));
  EXPECT(attr.type == cudaMemoryTypeHost && attr.devicePointer == mappedDev);
  int *managed;
  CHECK(cudaMallocManaged(&managed, sizeof(int)));
  poisonStack();
  CHECK(cudaPointerGetAttributes(&attr, managed));
  EXPECT(attr.type == cudaMemoryTypeManaged);
  CHECK(cudaFree(managed));
  int stackVar;
  poisonStack();
  CHECK(cudaPointerGetAttributes(&attr, &stackVar));
  EXPECT(attr.type == cudaMemoryTypeUnregistered);
  EXPECT(attr.device == cudaInvalidDeviceId);

  size_t freeBytes = 0, totalBytes = 0;
  CHECK(cudaMemGetInfo(&freeBytes, &totalBytes));
  EXPECT(freeBytes > 0 && freeBytes <= totalBytes);

  const int w = 37, h = 5;
  float *pitched;
  size_t pitch;
  CHECK(cudaMallocPitch(&pitched, &pitch, w * sizeof(float), h));
  EXPECT(pitch >= w * sizeof(float));
  CHECK(cudaMemset2D(pitched, pitch, 0, w * sizeof(float), h));
  fillPitched<<<dim3(1, h), 64>>>(pitched, pitch, w, h);
  std::vector<float> host(w * h);
  CHECK(cudaMemcpy2D(host.data(), w * sizeof(float), pitched, pitch, w * sizeof(float), h,
                     cudaMemcpyDeviceToHost));
  EXPECT(host[4 * w + 36] == 436.0f);
  std::printf("pitch %s, mapped ok\n", pitch % 256 == 0 ? "aligned" : "odd");

  CHECK(cudaFree(pitched));
  CHECK(cudaFree(dev2));
  CHECK(cudaFree(dev));
  CHECK(cudaFreeHost(mapped));
  CHECK(cudaFreeHost(pinned));
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS host_memory\n");
  return 0;
}
