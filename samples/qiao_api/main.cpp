// Adds two vectors on the Qiao device and checks every element against a host loop. Float addition
// is correctly rounded on CUDA devices and on the host, so the results must match bit for bit.
#include "SampleSupport.h"

#include <cstring>
#include <vector>

int main(int argc, char **argv) {
  std::string ptx = loadSamplePtx(argc, argv, QIAO_SAMPLE_PTX);
  const int n = 10007; // not a multiple of the block size: the tail must be handled
  std::vector<float> a(n), b(n), c(n, -1.0f);
  for (int i = 0; i < n; ++i) {
    a[i] = 0.5f * static_cast<float>(i) - 100.25f;
    b[i] = 1.0f / static_cast<float>(i + 3);
  }

  qiaoModule_t module;
  qiaoFunction_t kernel;
  SAMPLE_CHECK(qiaoModuleLoadData(&module, ptx.c_str()));
  SAMPLE_CHECK(qiaoModuleGetFunction(&kernel, module, "vector_add"));

  void *da, *db, *dc;
  const size_t bytes = n * sizeof(float);
  SAMPLE_CHECK(qiaoMalloc(&da, bytes));
  SAMPLE_CHECK(qiaoMalloc(&db, bytes));
  SAMPLE_CHECK(qiaoMalloc(&dc, bytes));
  SAMPLE_CHECK(qiaoMemcpy(da, a.data(), bytes, qiaoMemcpyHostToDevice));
  SAMPLE_CHECK(qiaoMemcpy(db, b.data(), bytes, qiaoMemcpyHostToDevice));

  int count = n;
  void *params[] = {&da, &db, &dc, &count};
  // Fewer threads than elements, so the grid-stride loop runs more than once per thread.
  SAMPLE_CHECK(qiaoModuleLaunchKernel(kernel, 16, 1, 1, 256, 1, 1, 0, nullptr, params, nullptr));
  SAMPLE_CHECK(qiaoDeviceSynchronize());
  SAMPLE_CHECK(qiaoMemcpy(c.data(), dc, bytes, qiaoMemcpyDeviceToHost));

  for (int i = 0; i < n; ++i) {
    float expected = a[i] + b[i];
    if (std::memcmp(&expected, &c[i], sizeof(float)) != 0) {
      std::printf("qiao_api: FAIL at %d: got %.9g, expected %.9g\n", i, c[i], expected);
      return 1;
    }
  }
  SAMPLE_CHECK(qiaoFree(da));
  SAMPLE_CHECK(qiaoFree(db));
  SAMPLE_CHECK(qiaoFree(dc));
  SAMPLE_CHECK(qiaoModuleUnload(module));
  std::printf("qiao_api: PASS (%d elements)\n", n);
  return 0;
}
