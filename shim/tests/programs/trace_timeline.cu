// Work whose timeline qiao-run --trace records (CheckTrace.py reads it): three kernel launches of
// two kernels (one a template, so its name needs demangling), a copy each way, a memset and a
// host function, on the legacy default stream and on a stream of its own.
#include "check.h"

#include <cstdio>
#include <vector>

namespace timeline {

__global__ void addOne(int *data, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] += 1;
}

template <class T> __global__ void scale(T *data, T factor, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] *= factor;
}

} // namespace timeline

void markDone(void *flag) { *static_cast<int *>(flag) = 1; }

int main() {
  constexpr int n = 1024;
  std::vector<int> host(n);
  for (int i = 0; i < n; ++i)
    host[i] = i;
  int *ints = nullptr;
  float *floats = nullptr;
  CHECK(cudaMalloc(&ints, n * sizeof(int)));
  CHECK(cudaMalloc(&floats, 256 * sizeof(float)));
  CHECK(cudaMemcpy(ints, host.data(), n * sizeof(int), cudaMemcpyHostToDevice)); // 4096 bytes
  timeline::addOne<<<n / 256, 256>>>(ints, n);
  timeline::addOne<<<n / 256, 256>>>(ints, n);
  CHECK(cudaGetLastError());
  // The stream's work starts after the default stream's: QIAO_EXEC=check (this program's .check
  // test) compares whole memory around each launch, which another stream's concurrent work
  // would change under it.
  CHECK(cudaDeviceSynchronize());

  cudaStream_t stream;
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  CHECK(cudaMemsetAsync(floats, 0, 256 * sizeof(float), stream)); // 1024 bytes
  timeline::scale<float><<<1, 256, 0, stream>>>(floats, 2.0f, 256);
  int done = 0;
  CHECK(cudaLaunchHostFunc(stream, markDone, &done));
  CHECK(cudaStreamSynchronize(stream));
  EXPECT(done == 1);

  CHECK(cudaMemcpy(host.data(), ints, n * sizeof(int), cudaMemcpyDeviceToHost)); // 4096 bytes
  for (int i = 0; i < n; ++i)
    EXPECT(host[i] == i + 2);
  CHECK(cudaStreamDestroy(stream));
  CHECK(cudaFree(ints));
  CHECK(cudaFree(floats));
  std::printf("PASS trace_timeline\n");
  return 0;
}
