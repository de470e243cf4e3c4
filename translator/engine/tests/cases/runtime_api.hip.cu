// Runtime API calls, types and enumerators, including inside templates and typedefs.
#include <cuda_runtime.h>
#include <cstdio>
#include <vector>

typedef cudaError_t Status;
using Stream = cudaStream_t;

template <class T> struct Result {
  T value;
  cudaError_t error = cudaSuccess;
};

template <class T> cudaError_t allocate(T **out, size_t n) {
  return cudaMalloc(out, n * sizeof(T));
}

int main() {
  int count = 0;
  Status s = cudaGetDeviceCount(&count);
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  struct cudaDeviceProp other = prop;
  std::printf("%s %d %zu\n", prop.name, other.major, prop.totalGlobalMem);
  float *d = nullptr;
  allocate(&d, 16);
  std::vector<float> h(16, 1.0f);
  cudaMemcpy(d, h.data(), 16 * sizeof(float), cudaMemcpyHostToDevice);
  Stream stream;
  cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreateWithFlags(&stop, cudaEventDisableTiming);
  cudaEventRecord(start, stream);
  cudaMemcpyAsync(h.data(), d, 16 * sizeof(float), cudaMemcpyDeviceToHost, stream);
  cudaStreamSynchronize(stream);
  Result<int> r{1};
  enum cudaMemcpyKind kind = cudaMemcpyDefault;
  if (cudaGetLastError() != cudaSuccess || s != cudaSuccess || r.error != cudaSuccess)
    std::printf("error: %s\n", cudaGetErrorString(cudaGetLastError()));
  cudaFree(d);
  return kind == cudaMemcpyDefault ? 0 : 1;
}
