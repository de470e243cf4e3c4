// Error names and descriptions against NVIDIA's own: this program links NVIDIA's static runtime
// (libcudart_static.a), whose cudaGetErrorName and cudaGetErrorString answer without a GPU or
// driver, and loads our libcudart.so.13 beside it with dlopen, then asks both about every code
// from -16 to 1100 and a few far beyond. Each answer must be the same text: programs print them,
// and qiao-conform compares their output with a GPU's.
#include <cuda_runtime_api.h>

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

namespace {

using TextOf = const char *(*)(cudaError_t);

struct Shim {
  void *handle = dlopen(QIAO_CUDART_PATH, RTLD_NOW | RTLD_LOCAL);
  TextOf name = handle ? reinterpret_cast<TextOf>(dlsym(handle, "cudaGetErrorName")) : nullptr;
  TextOf string = handle ? reinterpret_cast<TextOf>(dlsym(handle, "cudaGetErrorString")) : nullptr;
};

std::vector<int> codesToAsk() {
  std::vector<int> codes;
  for (int code = -16; code <= 1100; ++code)
    codes.push_back(code);
  for (int code : {5000, 10000, 65535, 100000, INT_MAX, INT_MIN})
    codes.push_back(code);
  return codes;
}

std::string text(const char *s) { return s ? s : "(null)"; }

TEST(NvidiaErrorStrings, EveryCodeReadsAsNvidiasRuntimeSaysIt) {
  Shim shim;
  ASSERT_NE(shim.handle, nullptr) << dlerror();
  ASSERT_NE(shim.name, nullptr);
  ASSERT_NE(shim.string, nullptr);
  // The two runtimes must be two: the shim's functions are not the ones linked in here.
  ASSERT_NE(reinterpret_cast<void *>(shim.string), reinterpret_cast<void *>(&cudaGetErrorString));
  int named = 0;
  for (int code : codesToAsk()) {
    auto error = static_cast<cudaError_t>(code);
    std::string nvidiaName = text(cudaGetErrorName(error));
    EXPECT_EQ(text(shim.name(error)), nvidiaName) << "cudaGetErrorName(" << code << ")";
    EXPECT_EQ(text(shim.string(error)), text(cudaGetErrorString(error)))
        << "cudaGetErrorString(" << code << ") = " << nvidiaName;
    named += nvidiaName.rfind("cuda", 0) == 0;
  }
  // CUDA 13.0 names 134 codes (cudaErrorApiFailureBase, 10000, among them); a toolkit with more
  // must find them all in qiao_errors.def too.
  EXPECT_GE(named, 134);
}

} // namespace
