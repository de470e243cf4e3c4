// The first CUDA program: c = a + b on the device, checked on the host. Built by nvcc as is and run
// unmodified on the Qiao device: `build/bin/qiao-run build/samples/vector_add`.
#include <cstdio>
#include <vector>

__global__ void vectorAdd(const float *a, const float *b, float *c, int n) {
  // A grid-stride loop: any grid covers any n.
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    c[i] = a[i] + b[i];
}

#define CHECK(call)                                                                            \
  do {                                                                                         \
    cudaError_t status_ = (call);                                                              \
    if (status_ != cudaSuccess) {                                                              \
      std::printf("vector_add: FAIL: %s: %s\n", #call, cudaGetErrorString(status_));           \
      return 1;                                                                                \
    }                                                                                          \
  } while (0)

int main() {
  const int n = 50000;
  std::vector<float> a(n), b(n), c(n);
  for (int i = 0; i < n; ++i) {
    a[i] = 0.5f * i;
    b[i] = 1000.0f - i;
  }
  float *da, *db, *dc;
  CHECK(cudaMalloc(&da, n * sizeof(float)));
  CHECK(cudaMalloc(&db, n * sizeof(float)));
  CHECK(cudaMalloc(&dc, n * sizeof(float)));
  CHECK(cudaMemcpy(da, a.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  vectorAdd<<<64, 256>>>(da, db, dc, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  CHECK(cudaFree(dc));
  for (int i = 0; i < n; ++i) {
    if (c[i] != a[i] + b[i]) {
      std::printf("vector_add: FAIL at %d: got %g, expected %g\n", i, c[i], a[i] + b[i]);
      return 1;
    }
  }
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("vector_add: PASS (%d elements on %s)\n", n, prop.name);
  return 0;
}
