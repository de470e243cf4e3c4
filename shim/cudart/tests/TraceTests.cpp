// QIAO_LOG=1: each implemented entry point prints "qiao: cudaXxx(args) -> cudaErrorName". The
// switch is read once per process, so this program sets it before its first CUDA call (main).
#include "StderrCapture.h"

#include <cuda_runtime_api.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

TEST(CudartTrace, EachCallPrintsItsArgumentsAndResult) {
  int version = 0;
  qiao::test::StderrCapture capture;
  cudaRuntimeGetVersion(&version);
  cudaSetDevice(-3);
  cudaGetLastError();
  cudaMemset(nullptr, 5, 0);
  std::string said = capture.finish();
  char expected[256];
  std::snprintf(expected, sizeof expected,
                "qiao: cudaRuntimeGetVersion(%p) -> cudaSuccess\n"
                "qiao: cudaSetDevice(-3) -> cudaErrorInvalidDevice\n"
                "qiao: cudaGetLastError() -> cudaErrorInvalidDevice\n",
                static_cast<void *>(&version));
  EXPECT_EQ(said.substr(0, std::strlen(expected)), expected);
  EXPECT_NE(said.find("qiao: cudaMemset(nullptr, 5, 0) -> "), std::string::npos) << said;
}

TEST(CudartTrace, TextResultsAreQuoted) {
  qiao::test::StderrCapture capture;
  cudaGetErrorName(cudaErrorInvalidValue);
  EXPECT_EQ(capture.finish(), "qiao: cudaGetErrorName(1) -> \"cudaErrorInvalidValue\"\n");
}

} // namespace

int main(int argc, char **argv) {
  setenv("QIAO_LOG", "1", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
