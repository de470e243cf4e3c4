// C++17, built by its Makefile with nvcc's flags; calls malloc, atoi, memcpy and exit without
// including <cstdlib> or <cstring> (cuda_runtime.h brings them), and names CUDA removed.
#include <cuda_runtime.h>

#include "../common/check_helpers.h"
#include "kernels.cuh"

#include <optional>
#include <utility>

static std::optional<int> firstMismatch(const float *got, int n) {
  for (int i = 0; i < n; ++i)
    if (got[i] != 2.0f * float(i))
      return i;
  return std::nullopt;
}

static std::pair<unsigned, unsigned> binRange(const unsigned *bins) {
  unsigned low = bins[0], high = bins[0];
  for (int b = 1; b < kBins; ++b) {
    low = bins[b] < low ? bins[b] : low;
    high = bins[b] > high ? bins[b] : high;
  }
  return {low, high};
}

int main(int argc, char **argv) {
  const int n = argc > 1 ? atoi(argv[1]) : 4096;
  if (pickDevice() < 0 || !RUNTIME_IS_RECENT) {
    printf("FAIL no usable device\n");
    return 1;
  }
  CHECK(cudaThreadSetLimit(cudaLimitMallocHeapSize, size_t(1) << 20));

  float *in = nullptr, *out = nullptr, *total = nullptr;
  CHECK(cudaMallocManaged(&in, n * sizeof(float))); // default flags
  CHECK(cudaMallocManaged(&total, sizeof(float)));
  CHECK(cudaMalloc(&out, n * sizeof(float)));
  for (int i = 0; i < n; ++i)
    in[i] = float(i);
  *total = 0.0f;

  cudaStream_t stream;
  cudaEvent_t start, stop;
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  CHECK(cudaStreamAttachMemAsync(stream, in)); // default length and flags
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  CHECK(cudaEventRecord(start)); // default stream
  CHECK(cudaStreamWaitEvent(stream, start)); // default flags
  launchScaleAdd(out, in, n, stream);
  CHECK(cudaEventRecord(stop, stream));
  CHECK(cudaStreamSynchronize(stream));

  float *host = static_cast<float *>(malloc(n * sizeof(float)));
  CHECK(cudaMemcpyAsync(host, out, n * sizeof(float), cudaMemcpyDeviceToHost)); // default stream
  CHECK(cudaThreadSynchronize());
  if (auto bad = firstMismatch(host, n)) {
    printf("FAIL scaleAdd at %d: %g\n", *bad, host[*bad]);
    return 1;
  }

  int *values = nullptr;
  unsigned *bins = nullptr;
  CHECK(cudaMallocManaged(&values, n * sizeof(int)));
  CHECK(cudaMallocManaged(&bins, kBins * sizeof(unsigned)));
  int *staged = static_cast<int *>(malloc(n * sizeof(int)));
  for (int i = 0; i < n; ++i)
    staged[i] = i;
  memcpy(values, staged, n * sizeof(int));
  CHECK(cudaMemset(bins, 0, kBins * sizeof(unsigned)));
  histogram<<<(n + 255) / 256, 256>>>(values, n, bins);
  sum<<<(n + 255) / 256, 256>>>(in, n, total);
  CHECK(cudaDeviceSynchronize());
  const auto [low, high] = binRange(bins); // C++17
  const float expected = float(n) * float(n - 1) / 2.0f;
  if (low != high || *total != expected) {
    printf("FAIL histogram %u..%u, sum %g (expected %g)\n", low, high, *total, expected);
    return 1;
  }

  CHECK(cudaFree(out));
  CHECK(cudaFree(in));
  CHECK(cudaFree(total));
  CHECK(cudaFree(values));
  CHECK(cudaFree(bins));
  free(host);
  free(staged);
  printf("PASS cxx17_makefile (C++ %ld)\n", long(__cplusplus));
  CHECK(cudaThreadExit());
  return 0;
}
