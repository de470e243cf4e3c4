// Sums a vector of integers on the Qiao device (shared-memory tree per block, one atomic per block)
// and compares with a host loop. Integer sums are exact, so any difference is a bug.
#include "SampleSupport.h"

#include <vector>

int main(int argc, char **argv) {
  std::string ptx = loadSamplePtx(argc, argv, QIAO_SAMPLE_PTX);
  const int n = 100003;
  std::vector<int> in(n);
  long long expected = 0;
  for (int i = 0; i < n; ++i) {
    in[i] = (i * 7919) % 2001 - 1000; // negatives too
    expected += in[i];
  }

  qiaoModule_t module;
  qiaoFunction_t kernel;
  SAMPLE_CHECK(qiaoModuleLoadData(&module, ptx.c_str()));
  SAMPLE_CHECK(qiaoModuleGetFunction(&kernel, module, "reduce_sum"));

  void *dIn, *dTotal;
  SAMPLE_CHECK(qiaoMalloc(&dIn, n * sizeof(int)));
  SAMPLE_CHECK(qiaoMalloc(&dTotal, sizeof(long long)));
  SAMPLE_CHECK(qiaoMemcpy(dIn, in.data(), n * sizeof(int), qiaoMemcpyHostToDevice));
  SAMPLE_CHECK(qiaoMemset(dTotal, 0, sizeof(long long)));

  int count = n;
  void *params[] = {&dIn, &dTotal, &count};
  SAMPLE_CHECK(qiaoModuleLaunchKernel(kernel, 40, 1, 1, 256, 1, 1, 0, nullptr, params, nullptr));
  SAMPLE_CHECK(qiaoDeviceSynchronize());
  long long total = 0;
  SAMPLE_CHECK(qiaoMemcpy(&total, dTotal, sizeof total, qiaoMemcpyDeviceToHost));

  SAMPLE_CHECK(qiaoFree(dIn));
  SAMPLE_CHECK(qiaoFree(dTotal));
  SAMPLE_CHECK(qiaoModuleUnload(module));
  if (total != expected) {
    std::printf("reduce: FAIL: got %lld, expected %lld\n", total, expected);
    return 1;
  }
  std::printf("reduce: PASS (sum of %d integers = %lld)\n", n, total);
  return 0;
}
