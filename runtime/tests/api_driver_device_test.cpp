// Driver-style device queries and error texts (cuDeviceGet, cuDeviceGetName, cuDeviceTotalMem,
// cuDeviceComputeCapability, cuGetErrorName, cuGetErrorString): the same facts the runtime
// API reports, and CUDA's codes for bad arguments.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace {

TEST(DriverDevices, QueriesMatchTheRuntimeProperties) {
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  qiaoDevice_t device = -1;
  ASSERT_EQ(qiaoDeviceGet(&device, count - 1), qiaoSuccess);
  EXPECT_EQ(device, count - 1);
  qiaoDeviceProp_t prop{};
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, device), qiaoSuccess);
  char name[256] = {};
  EXPECT_EQ(qiaoDeviceGetName(name, sizeof name, device), qiaoSuccess);
  EXPECT_STREQ(name, prop.name);
  size_t bytes = 0;
  EXPECT_EQ(qiaoDeviceTotalMem(&bytes, device), qiaoSuccess);
  EXPECT_EQ(bytes, prop.totalGlobalMem);
  int major = 0, minor = -1;
  EXPECT_EQ(qiaoDeviceComputeCapability(&major, &minor, device), qiaoSuccess);
  EXPECT_EQ(major, prop.major);
  EXPECT_EQ(minor, prop.minor);
}

TEST(DriverDevices, NameIsCutToTheBuffer) {
  qiaoDeviceProp_t prop{};
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  ASSERT_GT(std::strlen(prop.name), 3u);
  char name[4] = {'x', 'x', 'x', 'x'};
  EXPECT_EQ(qiaoDeviceGetName(name, sizeof name, 0), qiaoSuccess);
  EXPECT_EQ(std::string(name), std::string(prop.name, 3));
}

TEST(DriverDevices, BadArguments) {
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  qiaoDevice_t device = 0;
  EXPECT_EQ(qiaoDeviceGet(nullptr, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGet(&device, count), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDeviceGet(&device, -1), qiaoErrorInvalidDevice);
  char name[16];
  EXPECT_EQ(qiaoDeviceGetName(nullptr, 16, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGetName(name, 0, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGetName(name, sizeof name, count), qiaoErrorInvalidDevice);
  size_t bytes = 0;
  EXPECT_EQ(qiaoDeviceTotalMem(nullptr, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceTotalMem(&bytes, count), qiaoErrorInvalidDevice);
  int major = 0;
  EXPECT_EQ(qiaoDeviceComputeCapability(&major, nullptr, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceComputeCapability(&major, &major, -1), qiaoErrorInvalidDevice);
}

TEST(DriverErrors, NamesAndStringsComeThroughThePointer) {
  const char *text = nullptr;
  EXPECT_EQ(qiaoDrvGetErrorName(qiaoErrorInvalidValue, &text), qiaoSuccess);
  EXPECT_STREQ(text, "qiaoErrorInvalidValue");
  EXPECT_EQ(qiaoDrvGetErrorString(qiaoErrorMemoryAllocation, &text), qiaoSuccess);
  EXPECT_STREQ(text, qiaoGetErrorString(qiaoErrorMemoryAllocation));
  // CUDA: an unknown code sets *pStr to NULL and returns CUDA_ERROR_INVALID_VALUE.
  text = "unchanged";
  EXPECT_EQ(qiaoDrvGetErrorName(static_cast<qiaoError_t>(12345), &text), qiaoErrorInvalidValue);
  EXPECT_EQ(text, nullptr);
  text = "unchanged";
  EXPECT_EQ(qiaoDrvGetErrorString(static_cast<qiaoError_t>(-1), &text), qiaoErrorInvalidValue);
  EXPECT_EQ(text, nullptr);
  EXPECT_EQ(qiaoDrvGetErrorName(qiaoSuccess, nullptr), qiaoErrorInvalidValue);
}

} // namespace
