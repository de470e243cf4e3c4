// Relocatable device code (nvcc -rdc=true rdc_main.cu rdc_lib.cu): this unit's kernel calls a
// __device__ function and writes a __device__ variable that rdc_lib.cu defines; the host sets the
// other unit's __constant__ through its symbol. Checks every result exactly.
#include "check.h"

extern __device__ int hits;
extern __constant__ int scale;
extern __device__ int table[4];
__device__ int scaled(int x);
static __device__ int calls; // a different variable from rdc_lib.cu's `calls`

__global__ void report(int *out);

__global__ void compute(int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    out[i] = scaled(i);
    atomicAdd(&hits, 1);
    if (i == 0)
      calls = 1000;
    if (i == 0)
      printf("main computes %d values\n", n);
  }
}

int main() {
  const int n = 64;
  int *out = nullptr;
  CHECK(cudaMalloc(&out, n * sizeof(int)));
  compute<<<2, 32>>>(out, n);
  CHECK(cudaGetLastError());
  int host[n];
  CHECK(cudaMemcpy(host, out, sizeof host, cudaMemcpyDeviceToHost));
  int tableHost[4] = {10, 20, 30, 40};
  for (int i = 0; i < n; ++i)
    EXPECT(host[i] == i * 3 + tableHost[i & 3]);
  std::printf("out[5] = %d\n", host[5]);

  int *seen = nullptr;
  CHECK(cudaMalloc(&seen, 2 * sizeof(int)));
  report<<<1, 1>>>(seen);
  int seenHost[2] = {0, 0};
  CHECK(cudaMemcpy(seenHost, seen, sizeof seenHost, cudaMemcpyDeviceToHost));
  EXPECT(seenHost[0] == n);
  EXPECT(seenHost[1] == n);
  std::printf("hits %d calls %d\n", seenHost[0], seenHost[1]);

  // The other unit's __constant__ and __device__ variables, through their symbols here.
  int newScale = 5;
  CHECK(cudaMemcpyToSymbol(scale, &newScale, sizeof newScale));
  int zero = 0;
  CHECK(cudaMemcpyToSymbol(hits, &zero, sizeof zero));
  compute<<<1, 4>>>(out, 4);
  CHECK(cudaMemcpy(host, out, 4 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < 4; ++i)
    EXPECT(host[i] == i * 5 + tableHost[i]);
  int hitsHost = 0;
  CHECK(cudaMemcpyFromSymbol(&hitsHost, hits, sizeof hitsHost));
  EXPECT(hitsHost == 4);
  int callsHere = 0;
  CHECK(cudaMemcpyFromSymbol(&callsHere, calls, sizeof callsHere));
  EXPECT(callsHere == 1000);
  std::printf("scale 5: out[3] = %d, hits %d\n", host[3], hitsHost);
  CHECK(cudaFree(out));
  CHECK(cudaFree(seen));
  std::printf("PASS rdc\n");
  return 0;
}
