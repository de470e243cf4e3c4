// Edges a real program meets: constant symbols written at an offset, the device heap, several
// host threads sharing the device, symbol queries, an invalid device, an impossible allocation, a
// bad copy and a failed device-side assert (sticky cudaErrorAssert).
#include "check.h"
#include <cassert>
#include <thread>
#include <vector>

__constant__ float coeffs[8];
__device__ int table[16];

__global__ void useConst(float *out) { out[threadIdx.x] = coeffs[threadIdx.x % 8] * 2.0f; }
__global__ void heap(int **slots) {
  int *p = (int *)malloc(4 * sizeof(int));
  if (p) {
    p[0] = threadIdx.x;
  }
  slots[threadIdx.x] = p;
}
__global__ void heapRead(int **slots, int *out) {
  out[threadIdx.x] = slots[threadIdx.x] ? slots[threadIdx.x][0] : -1;
  free(slots[threadIdx.x]);
}
__global__ void fillTable(int v) { table[threadIdx.x] = v + threadIdx.x; }
__global__ void check(int x) { assert(x < 5); }

int main() {
  float c[8];
  for (int i = 0; i < 8; ++i)
    c[i] = i;
  CHECK(cudaMemcpyToSymbol(coeffs, c + 2, 4 * sizeof(float), 2 * sizeof(float)));
  CHECK(cudaMemcpyToSymbol(coeffs, c, 2 * sizeof(float)));
  float *out;
  CHECK(cudaMalloc(&out, 32 * sizeof(float)));
  useConst<<<1, 32>>>(out);
  float h[32];
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  EXPECT(h[5] == 10.0f && h[9] == 2.0f);

  int **slots;
  int *vals;
  CHECK(cudaMalloc(&slots, 64 * sizeof(int *)));
  CHECK(cudaMalloc(&vals, 64 * sizeof(int)));
  heap<<<1, 64>>>(slots);
  heapRead<<<1, 64>>>(slots, vals);
  int hv[64];
  CHECK(cudaMemcpy(hv, vals, sizeof hv, cudaMemcpyDeviceToHost));
  EXPECT(hv[63] == 63);

  // Several host threads share the device.
  std::vector<std::thread> threads;
  std::vector<int> results(4, -1);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &results] {
      int *d;
      if (cudaMalloc(&d, sizeof(int)) != cudaSuccess)
        return;
      cudaStream_t s;
      cudaStreamCreate(&s);
      cudaMemsetAsync(d, 0, sizeof(int), s);
      int v = t * 10;
      cudaMemcpyAsync(d, &v, sizeof v, cudaMemcpyHostToDevice, s);
      int back = -1;
      cudaMemcpyAsync(&back, d, sizeof back, cudaMemcpyDeviceToHost, s);
      cudaStreamSynchronize(s);
      cudaStreamDestroy(s);
      cudaFree(d);
      results[t] = back;
    });
  for (auto &th : threads)
    th.join();
  EXPECT(results[3] == 30 && results[1] == 10);

  fillTable<<<1, 16>>>(100);
  int tbl[16];
  CHECK(cudaMemcpyFromSymbol(tbl, table, sizeof tbl));
  EXPECT(tbl[15] == 115);
  int *tableAddr;
  CHECK(cudaGetSymbolAddress((void **)&tableAddr, table));
  size_t tableSize = 0;
  CHECK(cudaGetSymbolSize(&tableSize, table));
  EXPECT(tableSize == sizeof tbl);

  EXPECT(cudaSetDevice(7) == cudaErrorInvalidDevice);
  void *huge;
  cudaError_t e = cudaMalloc(&huge, size_t(1) << 50);
  std::printf("huge malloc -> %s\n", cudaGetErrorName(e));
  EXPECT(cudaGetLastError() == cudaErrorMemoryAllocation);
  e = cudaMemcpy(h, (void *)0x10, 4, cudaMemcpyDeviceToHost);
  std::printf("bad memcpy -> %s\n", cudaGetErrorName(e));
  cudaGetLastError();

  check<<<1, 1>>>(7);
  e = cudaDeviceSynchronize();
  std::printf("assert -> %s\n", cudaGetErrorName(e));
  e = cudaMalloc(&huge, 16);
  std::printf("after assert -> %s\n", cudaGetErrorName(e));
  std::printf("PASS runtime_edges\n");
  return 0;
}
