// A __constant__ struct with nested arrays, indexed differently by each thread (a divergent
// constant-memory access), and its address from cudaGetSymbolAddress.
// conform: tags=symbols,constant
// expect: table lookups: 0 11 22 33 44 55 66 77, name length 4
// expect: PASS constant_struct
#include "conform.h"

struct Table {
  int values[8];
  char name[8];
  double scale;
};
__constant__ Table table;

__global__ void lookup(int *out) {
  int t = threadIdx.x;
  out[t] = table.values[(t * 3) % 8] * (int)table.scale;
  if (t == 0) {
    int len = 0;
    while (table.name[len])
      ++len;
    out[8] = len;
  }
}

int main() {
  Table h = {};
  for (int i = 0; i < 8; ++i)
    h.values[(i * 3) % 8] = i * 11;
  h.name[0] = 'q', h.name[1] = 'i', h.name[2] = 'a', h.name[3] = 'o';
  h.scale = 1.0;
  CHECK(cudaMemcpyToSymbol(table, &h, sizeof h));
  void *address = nullptr;
  CHECK(cudaGetSymbolAddress(&address, table));
  EXPECT(address != nullptr);
  int *d, o[9];
  CHECK(cudaMalloc(&d, sizeof o));
  lookup<<<1, 8>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(o, d, sizeof o, cudaMemcpyDeviceToHost));
  std::printf("table lookups: %d %d %d %d %d %d %d %d, name length %d\n", o[0], o[1], o[2], o[3],
              o[4], o[5], o[6], o[7], o[8]);
  std::printf("PASS constant_struct\n");
  return 0;
}
