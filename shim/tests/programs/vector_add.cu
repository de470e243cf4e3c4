// Vector add launched three ways: <<<>>>, cudaLaunchKernel and cudaLaunchKernelEx.
#include "check.h"

#include <vector>

__global__ void add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    c[i] = a[i] + b[i];
}

static int verify(const std::vector<float> &c, float scale) {
  for (size_t i = 0; i < c.size(); ++i)
    if (c[i] != scale * 3.0f * float(i)) {
      std::printf("FAIL c[%zu] = %f\n", i, c[i]);
      return 1;
    }
  return 0;
}

int main() {
  const int n = 1000;
  std::vector<float> a(n), b(n), c(n);
  for (int i = 0; i < n; ++i) {
    a[i] = float(i);
    b[i] = 2.0f * float(i);
  }
  float *da, *db, *dc;
  CHECK(cudaMalloc(&da, n * sizeof(float)));
  CHECK(cudaMalloc(&db, n * sizeof(float)));
  CHECK(cudaMalloc(&dc, n * sizeof(float)));
  CHECK(cudaMemcpy(da, a.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b.data(), n * sizeof(float), cudaMemcpyHostToDevice));

  add<<<(n + 127) / 128, 128>>>(da, db, dc, n);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost));
  if (verify(c, 1.0f))
    return 1;
  std::printf("triple chevron ok\n");

  CHECK(cudaMemset(dc, 0, n * sizeof(float)));
  int count = n;
  void *args[] = {&da, &db, &dc, &count};
  CHECK(cudaLaunchKernel((const void *)add, dim3(8), dim3(128), args, 0, nullptr));
  CHECK(cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost));
  if (verify(c, 1.0f))
    return 1;
  std::printf("cudaLaunchKernel ok\n");

  CHECK(cudaMemset(dc, 0, n * sizeof(float)));
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(4);
  config.blockDim = dim3(256);
  cudaLaunchAttribute attribute[1];
  attribute[0].id = cudaLaunchAttributeClusterDimension;
  attribute[0].val.clusterDim.x = 1;
  attribute[0].val.clusterDim.y = 1;
  attribute[0].val.clusterDim.z = 1;
  config.attrs = attribute;
  config.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&config, add, (const float *)da, (const float *)db, dc, n));
  CHECK(cudaMemcpy(c.data(), dc, n * sizeof(float), cudaMemcpyDeviceToHost));
  if (verify(c, 1.0f))
    return 1;
  std::printf("cudaLaunchKernelEx ok\n");

  CHECK(cudaFree(da));
  CHECK(cudaFree(db));
  CHECK(cudaFree(dc));
  std::printf("PASS vector_add\n");
  return 0;
}
