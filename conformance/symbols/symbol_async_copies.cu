// cudaMemcpyToSymbolAsync / cudaMemcpyFromSymbolAsync are ordered with kernels in the stream.
// conform: tags=symbols,async,streams
// expect: round trip through the symbol: 10 -> 20 -> 40
// expect: PASS symbol_async_copies
#include "conform.h"

__device__ int value;

__global__ void doubleValue() { value *= 2; }

int main() {
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  int *pinned;
  CHECK(cudaMallocHost(&pinned, 3 * sizeof(int)));
  pinned[0] = 10;
  CHECK(cudaMemcpyToSymbolAsync(value, pinned, sizeof(int), 0, cudaMemcpyHostToDevice, s));
  doubleValue<<<1, 1, 0, s>>>();
  CHECK(cudaMemcpyFromSymbolAsync(pinned + 1, value, sizeof(int), 0, cudaMemcpyDeviceToHost, s));
  doubleValue<<<1, 1, 0, s>>>();
  CHECK(cudaMemcpyFromSymbolAsync(pinned + 2, value, sizeof(int), 0, cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  std::printf("round trip through the symbol: %d -> %d -> %d\n", pinned[0], pinned[1], pinned[2]);
  CHECK(cudaFreeHost(pinned));
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS symbol_async_copies\n");
  return 0;
}
