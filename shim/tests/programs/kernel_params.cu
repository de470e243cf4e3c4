// Kernel arguments as real code passes them: a 1 KiB struct by value indexed at run time (nvcc
// then reads param space through a register), a __grid_constant__ struct whose address a device
// function takes (cvta.param), and a kernel of 24 parameters.
#include "check.h"

struct Table {
  int values[256];
};

struct Weights {
  float w[8];
};

__global__ void lookup(Table table, const int *index, int *out) {
  out[threadIdx.x] = table.values[index[threadIdx.x]];
}

__device__ __noinline__ float weighted(const Weights *weights, int i) { return weights->w[i % 8]; }

__global__ void useGridConstant(const __grid_constant__ Weights weights, float *out) {
  out[threadIdx.x] = weighted(&weights, threadIdx.x) * 2.0f;
}

__global__ void many(int *out, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                     double b0, double b1, double b2, double b3, char c0, char c1, short s0,
                     short s1, long long l0, long long l1, float f0, float f1, float f2, float f3) {
  out[0] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + c0 + c1 + s0 + s1;
  out[1] = int(b0 + b1 + b2 + b3 + f0 + f1 + f2 + f3);
  out[2] = int(l1 - l0);
}

int main() {
  Table table;
  for (int i = 0; i < 256; ++i)
    table.values[i] = i * i;
  int *index, *out;
  CHECK(cudaMallocManaged(&index, 64 * sizeof(int)));
  CHECK(cudaMallocManaged(&out, 64 * sizeof(int)));
  for (int i = 0; i < 64; ++i)
    index[i] = (i * 37) % 256;
  lookup<<<1, 64>>>(table, index, out);
  CHECK(cudaDeviceSynchronize());
  for (int i = 0; i < 64; ++i)
    EXPECT(out[i] == index[i] * index[i]);

  Weights weights;
  for (int i = 0; i < 8; ++i)
    weights.w[i] = 0.5f * i;
  float *scaled;
  CHECK(cudaMallocManaged(&scaled, 32 * sizeof(float)));
  useGridConstant<<<1, 32>>>(weights, scaled);
  CHECK(cudaDeviceSynchronize());
  EXPECT(scaled[13] == 5.0f);

  many<<<1, 1>>>(out, 1, 2, 3, 4, 5, 6, 7, 8, 0.5, 1.5, 2.5, 3.5, 'a', 'b', 1000, -1000, 1LL << 40,
                 (1LL << 40) + 77, 1.0f, 2.0f, 3.0f, 4.0f);
  CHECK(cudaDeviceSynchronize());
  EXPECT(out[0] == 36 + 'a' + 'b' && out[1] == 18 && out[2] == 77);
  std::printf("struct 1 KiB indexed, grid constant, 24 parameters ok\n");
  std::printf("PASS kernel_params\n");
  return 0;
}
