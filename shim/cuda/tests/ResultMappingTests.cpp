// The Qiao-to-CUresult table: every Qiao code becomes a defined CUresult; the codes whose numbers
// differ between cudaError_t and CUresult map to the driver's code for the same condition.
#include "DriverApi.h"

#include <gtest/gtest.h>

using namespace qiao::cuda;

TEST(ResultMapping, EveryQiaoCodeIsADefinedCuResult) {
#define QIAO_ERROR(name, value, description)                                                       \
  EXPECT_NE(cuResultName(toCuResult(value)), nullptr) << #name;
#include <qiao/qiao_errors.def>
#undef QIAO_ERROR
}

TEST(ResultMapping, SameNumberSameCode) {
  EXPECT_EQ(toCuResult(qiaoSuccess), CUDA_SUCCESS);
  EXPECT_EQ(toCuResult(qiaoErrorInitializationError), CUDA_ERROR_NOT_INITIALIZED);
  EXPECT_EQ(toCuResult(qiaoErrorDeviceUninitialized), CUDA_ERROR_INVALID_CONTEXT);
  EXPECT_EQ(toCuResult(qiaoErrorInvalidResourceHandle), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_EQ(toCuResult(qiaoErrorSymbolNotFound), CUDA_ERROR_NOT_FOUND);
  EXPECT_EQ(toCuResult(qiaoErrorNoKernelImageForDevice), CUDA_ERROR_NO_BINARY_FOR_GPU);
  EXPECT_EQ(toCuResult(qiaoErrorIllegalAddress), CUDA_ERROR_ILLEGAL_ADDRESS);
}

TEST(ResultMapping, DifferingNumbers) {
  EXPECT_EQ(toCuResult(qiaoErrorInvalidConfiguration), CUDA_ERROR_INVALID_VALUE);
  EXPECT_EQ(toCuResult(qiaoErrorInvalidDeviceFunction), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_EQ(toCuResult(qiaoErrorInvalidSymbol), CUDA_ERROR_NOT_FOUND);
  EXPECT_EQ(toCuResult(qiaoErrorInvalidMemcpyDirection), CUDA_ERROR_INVALID_VALUE);
  EXPECT_EQ(toCuResult(12345), CUDA_ERROR_UNKNOWN);
}
