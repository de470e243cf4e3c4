// __device__ variables: their initialisers hold before any write, cudaGetSymbolAddress gives a
// pointer ordinary copies and kernels can use, and cudaGetSymbolSize gives the size.
// conform: tags=symbols,globals
// expect: initial 42 and {1,2,3,4}
// expect: size 16, kernel incremented through the address: 43
// expect: PASS device_variables
#include "conform.h"

__device__ int counter = 42;
__device__ int table[4] = {1, 2, 3, 4};

__global__ void bump(int *p) { atomicAdd(p, 1); }

int main() {
  int c = 0, t[4] = {};
  CHECK(cudaMemcpyFromSymbol(&c, counter, sizeof c));
  CHECK(cudaMemcpyFromSymbol(t, table, sizeof t));
  std::printf("initial %d and {%d,%d,%d,%d}\n", c, t[0], t[1], t[2], t[3]);
  int *address = nullptr;
  size_t size = 0;
  CHECK(cudaGetSymbolAddress((void **)&address, counter));
  CHECK(cudaGetSymbolSize(&size, table));
  bump<<<1, 1>>>(address);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(&c, address, sizeof c, cudaMemcpyDeviceToHost));
  std::printf("size %zu, kernel incremented through the address: %d\n", size, c);
  std::printf("PASS device_variables\n");
  return 0;
}
