// __constant__ and __device__ variables: initialisers, cudaMemcpyToSymbol/FromSymbol (sync, with
// offset, async), cudaGetSymbolAddress/Size.
#include "check.h"

__constant__ float coefficients[4];
__device__ int counter = 42;
__device__ int table[8];

__global__ void apply(float *out) {
  int i = threadIdx.x;
  out[i] = coefficients[0] + coefficients[1] * i + coefficients[2] * i * i + coefficients[3];
  table[i] = i * i + counter;
  // Every thread has read counter before thread 0 changes it (no data race).
  __syncthreads();
  if (i == 0)
    counter += 1;
}

int main() {
  int initial = 0;
  CHECK(cudaMemcpyFromSymbol(&initial, counter, sizeof(int)));
  EXPECT(initial == 42);
  float c[4] = {1.0f, 2.0f, 0.0f, 0.0f};
  CHECK(cudaMemcpyToSymbol(coefficients, c, 2 * sizeof(float)));
  float c2[2] = {3.0f, 10.0f};
  CHECK(cudaMemcpyToSymbol(coefficients, c2, sizeof c2, 2 * sizeof(float)));
  size_t size = 0;
  CHECK(cudaGetSymbolSize(&size, table));
  EXPECT(size == 8 * sizeof(int));
  int *tableAddress = nullptr;
  CHECK(cudaGetSymbolAddress((void **)&tableAddress, table));
  EXPECT(tableAddress != nullptr);
  float *out;
  CHECK(cudaMalloc(&out, 8 * sizeof(float)));
  apply<<<1, 8>>>(out);
  CHECK(cudaGetLastError());
  float hout[8];
  CHECK(cudaMemcpy(hout, out, sizeof hout, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 8; ++i)
    EXPECT(hout[i] == 1.0f + 2.0f * i + 3.0f * i * i + 10.0f);
  int htable[8];
  CHECK(cudaMemcpy(htable, tableAddress, sizeof htable, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 8; ++i)
    EXPECT(htable[i] == i * i + 42);
  cudaStream_t stream;
  CHECK(cudaStreamCreate(&stream));
  int after = 0;
  CHECK(cudaMemcpyFromSymbolAsync(&after, counter, sizeof(int), 0, cudaMemcpyDeviceToHost, stream));
  CHECK(cudaStreamSynchronize(stream));
  EXPECT(after == 43);
  EXPECT(cudaMemcpyToSymbol(counter, c, 2 * sizeof(int), 4) == cudaErrorInvalidValue);
  EXPECT(cudaGetLastError() == cudaErrorInvalidValue);
  CHECK(cudaStreamDestroy(stream));
  std::printf("counter %d -> %d\n", initial, after);
  std::printf("PASS symbols\n");
  return 0;
}
