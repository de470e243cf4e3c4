// Occupancy of a kernel with launch bounds and many PTX registers (an unrolled loop): a block of
// its bounded size always fits, as ptxas makes it, so code that sizes grids from occupancy (CUB's
// DeviceHistogram does) launches work instead of none.
#include "check.h"

#include <cub/cub.cuh>
#include <vector>

__global__ void __launch_bounds__(384) heavy(const int *__restrict__ in, int *out) {
  int acc = 0;
#pragma unroll
  for (int i = 0; i < 600; ++i) {
    int v = in[threadIdx.x * 600 + i];
    acc ^= (v * (i + 3)) + (acc >> 3);
    if (v & i)
      out[i] = acc;
  }
  out[threadIdx.x] = acc;
}

int main() {
  int blocks = 0;
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, heavy, 384, 0));
  EXPECT(blocks >= 1);
  cudaFuncAttributes attributes;
  CHECK(cudaFuncGetAttributes(&attributes, heavy));
  EXPECT(attributes.maxThreadsPerBlock == 384 && attributes.numRegs <= 168);

  const int n = 20000, bins = 32;
  std::vector<int> samples(n), expected(bins, 0);
  for (int i = 0; i < n; ++i) {
    samples[i] = (i * 7919) % 1000;
    ++expected[samples[i] * bins / 1000];
  }
  int *dSamples, *dHistogram;
  CHECK(cudaMalloc(&dSamples, n * sizeof(int)));
  CHECK(cudaMalloc(&dHistogram, bins * sizeof(int)));
  CHECK(cudaMemcpy(dSamples, samples.data(), n * sizeof(int), cudaMemcpyHostToDevice));
  void *temp = nullptr;
  size_t tempBytes = 0;
  CHECK(cub::DeviceHistogram::HistogramEven(temp, tempBytes, dSamples, dHistogram, bins + 1, 0,
                                            1000, n));
  CHECK(cudaMalloc(&temp, tempBytes));
  CHECK(cub::DeviceHistogram::HistogramEven(temp, tempBytes, dSamples, dHistogram, bins + 1, 0,
                                            1000, n));
  std::vector<int> histogram(bins);
  CHECK(cudaMemcpy(histogram.data(), dHistogram, bins * sizeof(int), cudaMemcpyDeviceToHost));
  EXPECT(histogram == expected);
  std::printf("occupancy of bounded kernels ok, histogram of %d samples ok\n", n);
  std::printf("PASS occupancy_bounds\n");
  return 0;
}
