// The example driver of docs/driver.md (driver/ExampleDriver.c, C, written from driver.h alone)
// under the runtime: devices, memory, copies, fills, streams, events and host functions behave
// as CUDA documents them, through QIAO_DRIVER=example.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

TEST(ExampleDriver, DescribesItsDevice) {
  int count = 0;
  ASSERT_EQ(qiaoGetDeviceCount(&count), qiaoSuccess);
  EXPECT_EQ(count, 1);
  qiaoDeviceProp_t prop;
  ASSERT_EQ(qiaoGetDeviceProperties(&prop, 0), qiaoSuccess);
  EXPECT_STREQ(prop.name, "Qiao example device");
  EXPECT_EQ(prop.major, 8);
  EXPECT_EQ(prop.warpSize, 32);
  EXPECT_EQ(qiaoSetDevice(1), qiaoErrorInvalidDevice);
}

TEST(ExampleDriver, CopiesAndFillsMoveTheBytes) {
  std::vector<int> host(256), back(256, -1);
  for (int i = 0; i < 256; ++i)
    host[i] = i * 3;
  int *device = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&device), 256 * sizeof(int)), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(device, host.data(), 256 * sizeof(int), qiaoMemcpyHostToDevice),
            qiaoSuccess);
  ASSERT_EQ(qiaoMemset(device + 128, 0x01, 128 * sizeof(int)), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(back.data(), device, 256 * sizeof(int), qiaoMemcpyDefault), qiaoSuccess);
  for (int i = 0; i < 256; ++i)
    EXPECT_EQ(back[i], i < 128 ? i * 3 : 0x01010101) << i;
  qiaoPointerAttributes attributes{};
  ASSERT_EQ(qiaoPointerGetAttributes(&attributes, device + 5), qiaoSuccess);
  EXPECT_EQ(attributes.type, qiaoMemoryTypeDevice);
  EXPECT_EQ(qiaoFree(device), qiaoSuccess);
  EXPECT_EQ(qiaoFree(device), qiaoErrorInvalidValue); // freed already
}

void addOne(void *counter) { ++*static_cast<int *>(counter); }

TEST(ExampleDriver, StreamsEventsAndHostFunctionsKeepTheirOrder) {
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreate(&stream), qiaoSuccess);
  qiaoEvent_t start = nullptr, end = nullptr;
  ASSERT_EQ(qiaoEventCreate(&start), qiaoSuccess);
  ASSERT_EQ(qiaoEventCreate(&end), qiaoSuccess);
  int counter = 0;
  ASSERT_EQ(qiaoEventRecord(start, stream), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(stream, addOne, &counter), qiaoSuccess);
  ASSERT_EQ(qiaoLaunchHostFunc(stream, addOne, &counter), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(end, stream), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(stream), qiaoSuccess);
  EXPECT_EQ(counter, 2);
  EXPECT_EQ(qiaoEventQuery(end), qiaoSuccess);
  float ms = -1;
  ASSERT_EQ(qiaoEventElapsedTime(&ms, start, end), qiaoSuccess);
  EXPECT_GE(ms, 0.0f);
  EXPECT_EQ(qiaoEventDestroy(start), qiaoSuccess);
  EXPECT_EQ(qiaoEventDestroy(end), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
}

// The example takes PTX but runs no kernels: looking one up says so, as CUDA does for a name the
// module lacks, and an -rdc link needs the optional link slot it leaves out.
TEST(ExampleDriver, ModulesLoadButHoldNoKernels) {
  const char *ptx = ".version 9.0\n.target sm_80\n.address_size 64\n";
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, ptx), qiaoSuccess);
  qiaoFunction_t function = nullptr;
  EXPECT_EQ(qiaoModuleGetFunction(&function, module, "anything"), qiaoErrorSymbolNotFound);
  const char *units[] = {ptx, ptx};
  qiaoModule_t linked = nullptr;
  EXPECT_EQ(qiaoModuleLinkDataEx(&linked, 2, units, 0, nullptr, nullptr), qiaoErrorNotSupported);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace

int main(int argc, char **argv) {
  setenv("QIAO_DRIVER", "example", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
