// Reads its samples from a data file at run time (path given by run.sh), bins them on the
// device and in C on the host, and compares.
#include <cuda_runtime.h>

#include <cstdio>
#include <vector>

#include "histogram.h"

struct Sample {
  int value;
};
constexpr int kBins = 4;
constexpr int kLimit = 100;

#include "kernels.cu"

#define CHECK(call)                                                                              \
  do {                                                                                           \
    cudaError_t status = (call);                                                                 \
    if (status != cudaSuccess) {                                                                 \
      printf("FAIL %s: %s\n", #call, cudaGetErrorString(status));                                \
      return 1;                                                                                  \
    }                                                                                            \
  } while (0)

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("FAIL usage: app DATA_FILE\n");
    return 1;
  }
  FILE *data = fopen(argv[1], "r");
  if (!data) {
    printf("FAIL cannot open %s\n", argv[1]);
    return 1;
  }
  std::vector<int> values;
  for (int v; fscanf(data, "%d", &v) == 1;)
    values.push_back(v);
  fclose(data);
  const int count = int(values.size());

  std::vector<Sample> samples(count);
  for (int i = 0; i < count; ++i)
    samples[i].value = values[i];
  Sample *deviceSamples = nullptr;
  unsigned *bins = nullptr;
  int *total = nullptr;
  CHECK(cudaMalloc(&deviceSamples, count * sizeof(Sample)));
  CHECK(cudaMalloc(&bins, kBins * sizeof(unsigned)));
  CHECK(cudaMalloc(&total, sizeof(int)));
  CHECK(cudaMemset(bins, 0, kBins * sizeof(unsigned)));
  CHECK(cudaMemset(total, 0, sizeof(int)));
  CHECK(cudaMemcpy(deviceSamples, samples.data(), count * sizeof(Sample), cudaMemcpyHostToDevice));
  const int blocks = (count + 255) / 256;
  binSamples<<<blocks, 256>>>(deviceSamples, count, bins);
  sumSamples<<<blocks, 256>>>(deviceSamples, count, total);
  CHECK(cudaGetLastError());
  unsigned deviceBins[kBins];
  int deviceTotal = 0;
  CHECK(cudaMemcpy(deviceBins, bins, sizeof deviceBins, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&deviceTotal, total, sizeof(int), cudaMemcpyDeviceToHost));

  int hostBins[kBins];
  const int outside = histogram(values.data(), count, kLimit, kBins, hostBins);
  int hostTotal = 0;
  for (int v : values)
    hostTotal += v;
  for (int b = 0; b < kBins; ++b)
    if (int(deviceBins[b]) != hostBins[b]) {
      printf("FAIL bin %d: device %u, host %d\n", b, deviceBins[b], hostBins[b]);
      return 1;
    }
  if (deviceTotal != hostTotal) {
    printf("FAIL total: device %d, host %d\n", deviceTotal, hostTotal);
    return 1;
  }
  printf("PASS makefile_tree: %d samples, %d outside, bins %d %d %d %d, total %d\n", count,
         outside, hostBins[0], hostBins[1], hostBins[2], hostBins[3], hostTotal);
  CHECK(cudaFree(deviceSamples));
  CHECK(cudaFree(bins));
  CHECK(cudaFree(total));
  return 0;
}
