// Atomics on global and shared memory: add (int, float), max, min, CAS-based increment, exchange.
#include "check.h"

__global__ void histogram(const int *values, int n, int *bins, int *maxValue, int *minValue,
                          float *total, unsigned *casCounter) {
  __shared__ int local[8];
  if (threadIdx.x < 8)
    local[threadIdx.x] = 0;
  __syncthreads();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    atomicAdd(&local[values[i] % 8], 1);
    atomicMax(maxValue, values[i]);
    atomicMin(minValue, values[i]);
    atomicAdd(total, 0.5f);
    unsigned seen = *casCounter, assumed;
    do {
      assumed = seen;
      seen = atomicCAS(casCounter, assumed, assumed + 1);
    } while (seen != assumed);
  }
  __syncthreads();
  if (threadIdx.x < 8)
    atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
}

int main() {
  const int n = 1000;
  int host[n];
  for (int i = 0; i < n; ++i)
    host[i] = (i * 37) % 1001;
  int *values, *bins, *maxValue, *minValue;
  float *total;
  unsigned *casCounter;
  CHECK(cudaMalloc(&values, sizeof host));
  CHECK(cudaMalloc(&bins, 8 * sizeof(int)));
  CHECK(cudaMalloc(&maxValue, sizeof(int)));
  CHECK(cudaMalloc(&minValue, sizeof(int)));
  CHECK(cudaMalloc(&total, sizeof(float)));
  CHECK(cudaMalloc(&casCounter, sizeof(unsigned)));
  CHECK(cudaMemcpy(values, host, sizeof host, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(bins, 0, 8 * sizeof(int)));
  CHECK(cudaMemset(maxValue, 0, sizeof(int)));
  int big = 1 << 30;
  CHECK(cudaMemcpy(minValue, &big, sizeof big, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(total, 0, sizeof(float)));
  CHECK(cudaMemset(casCounter, 0, sizeof(unsigned)));
  histogram<<<(n + 255) / 256, 256>>>(values, n, bins, maxValue, minValue, total, casCounter);
  CHECK(cudaDeviceSynchronize());
  int hbins[8], hmax, hmin;
  float htotal;
  unsigned hcas;
  CHECK(cudaMemcpy(hbins, bins, sizeof hbins, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hmax, maxValue, sizeof hmax, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hmin, minValue, sizeof hmin, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&htotal, total, sizeof htotal, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hcas, casCounter, sizeof hcas, cudaMemcpyDeviceToHost));
  int expectBins[8] = {0}, expectMax = 0, expectMin = big;
  for (int i = 0; i < n; ++i) {
    ++expectBins[host[i] % 8];
    expectMax = host[i] > expectMax ? host[i] : expectMax;
    expectMin = host[i] < expectMin ? host[i] : expectMin;
  }
  for (int b = 0; b < 8; ++b)
    EXPECT(hbins[b] == expectBins[b]);
  EXPECT(hmax == expectMax && hmin == expectMin);
  EXPECT(htotal == 500.0f);
  EXPECT(hcas == unsigned(n));
  std::printf("max %d min %d total %.1f cas %u\n", hmax, hmin, htotal, hcas);
  std::printf("PASS atomics\n");
  return 0;
}
