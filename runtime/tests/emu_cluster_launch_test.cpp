// Thread block clusters through the runtime API: on a device of compute capability 9.0 or later
// (QIAO_EMU_CC=9.0, CTest's runtime.emu.clusters_cc90) a launch groups its blocks into clusters,
// validated as CUDA documents; below 9.0 (the default device) clusters of several blocks are
// qiaoErrorNotSupported and clusters of one still run.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

// out[block] = %cluster_ctarank; `ranks` requires clusters of 2 (.reqnctapercluster).
constexpr const char *kKernels = R"(
.visible .entry ranks_free(.param .u64 out)
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %cluster_ctarank;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
}
.visible .entry ranks(.param .u64 out)
.explicitcluster
.reqnctapercluster 2, 1, 1
{
  .reg .b32 %r<4>; .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %cluster_ctarank;
  mul.wide.u32 %rd2, %r1, 4;
  add.u64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
  ret;
}
)";

class EmuClusterLaunch : public ::testing::Test {
protected:
  void SetUp() override {
    int major = 0, minor = 0;
    ASSERT_EQ(qiaoDeviceGetAttribute(&major, qiaoDevAttrComputeCapabilityMajor, 0), qiaoSuccess);
    ASSERT_EQ(qiaoDeviceGetAttribute(&minor, qiaoDevAttrComputeCapabilityMinor, 0), qiaoSuccess);
    ASSERT_EQ(qiaoDeviceGetAttribute(&clusterLaunch_, qiaoDevAttrClusterLaunch, 0), qiaoSuccess);
    EXPECT_EQ(clusterLaunch_, major >= 9 ? 1 : 0);
    std::string ptx = ".version 9.0\n.target sm_" + std::to_string(major * 10 + minor) +
                      "\n.address_size 64\n" + kKernels;
    ASSERT_EQ(qiaoModuleLoadData(&module_, ptx.c_str()), qiaoSuccess);
    ASSERT_EQ(qiaoModuleGetFunction(&free_, module_, "ranks_free"), qiaoSuccess);
    ASSERT_EQ(qiaoModuleGetFunction(&compiled_, module_, "ranks"), qiaoSuccess);
    ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&out_), 32 * sizeof(unsigned)), qiaoSuccess);
  }
  void TearDown() override {
    qiaoFree(out_);
    qiaoModuleUnload(module_);
  }

  // Launches f over `blocks` blocks of 32 threads with a cluster shape of x blocks (0: none).
  qiaoError_t launch(qiaoFunction_t f, unsigned blocks, unsigned x) {
    qiaoLaunchAttribute attribute = {};
    attribute.id = qiaoLaunchAttributeClusterDimension;
    attribute.val.clusterDim.x = x;
    attribute.val.clusterDim.y = 1;
    attribute.val.clusterDim.z = 1;
    qiaoLaunchConfig_t config = {};
    config.gridDim = dim3(blocks);
    config.blockDim = dim3(32);
    config.attrs = x ? &attribute : nullptr;
    config.numAttrs = x ? 1 : 0;
    void *args[] = {&out_};
    qiaoError_t launched = qiaoModuleLaunchKernelExC(&config, f, args, nullptr);
    qiaoGetLastError(); // each test checks the codes itself
    return launched;
  }
  std::vector<unsigned> ranks(unsigned blocks) {
    std::vector<unsigned> host(blocks);
    EXPECT_EQ(qiaoMemcpy(host.data(), out_, blocks * sizeof(unsigned), qiaoMemcpyDeviceToHost),
              qiaoSuccess);
    return host;
  }
  qiaoLaunchConfig_t configOf(qiaoLaunchAttribute *attribute) {
    qiaoLaunchConfig_t config = {};
    config.gridDim = dim3(16);
    config.blockDim = dim3(32);
    config.attrs = attribute;
    config.numAttrs = attribute ? 1 : 0;
    return config;
  }

  int clusterLaunch_ = 0;
  qiaoModule_t module_ = nullptr;
  qiaoFunction_t free_ = nullptr, compiled_ = nullptr;
  unsigned *out_ = nullptr;
};

TEST_F(EmuClusterLaunch, ClustersOfOneRunOnEveryDevice) {
  ASSERT_EQ(launch(free_, 4, 1), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(ranks(4), (std::vector<unsigned>{0, 0, 0, 0}));
  EXPECT_EQ(launch(free_, 4, 0), qiaoSuccess);
  qiaoLaunchAttribute zero = {};
  zero.id = qiaoLaunchAttributeClusterDimension;
  zero.val.clusterDim.x = 0;
  zero.val.clusterDim.y = 1;
  zero.val.clusterDim.z = 1;
  qiaoLaunchConfig_t config = configOf(&zero);
  void *args[] = {&out_};
  EXPECT_EQ(qiaoModuleLaunchKernelExC(&config, free_, args, nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST_F(EmuClusterLaunch, SeveralBlocksNeedADeviceWithClusters) {
  if (clusterLaunch_)
    GTEST_SKIP() << "the device runs clusters (EmuClusterLaunch.Validated* test it)";
  EXPECT_EQ(launch(free_, 4, 2), qiaoErrorNotSupported);
  EXPECT_EQ(qiaoModuleLaunchKernel(compiled_, 4, 1, 1, 32, 1, 1, 0, nullptr,
                                   std::vector<void *>{&out_}.data(), nullptr),
            qiaoErrorNotSupported);
  qiaoGetLastError();
  int size = 0;
  qiaoLaunchConfig_t config = configOf(nullptr);
  EXPECT_EQ(qiaoModuleOccupancyMaxPotentialClusterSize(&size, free_, &config),
            qiaoErrorNotSupported);
  qiaoGetLastError();
}

TEST_F(EmuClusterLaunch, ValidatedShapesRunAsClusters) {
  if (!clusterLaunch_)
    GTEST_SKIP() << "needs QIAO_EMU_CC=9.0 (runtime.emu.clusters_cc90)";
  ASSERT_EQ(launch(free_, 8, 4), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(ranks(8), (std::vector<unsigned>{0, 1, 2, 3, 0, 1, 2, 3}));
  EXPECT_EQ(launch(free_, 6, 4), qiaoErrorInvalidClusterSize); // 6 is not a multiple of 4
  EXPECT_EQ(launch(free_, 9, 9), qiaoErrorInvalidClusterSize); // beyond the portable 8
  // A kernel compiled with clusters of 2: the shape by default, no other one.
  void *args[] = {&out_};
  ASSERT_EQ(qiaoModuleLaunchKernel(compiled_, 6, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr),
            qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(ranks(6), (std::vector<unsigned>{0, 1, 0, 1, 0, 1}));
  EXPECT_EQ(qiaoModuleLaunchKernel(compiled_, 5, 1, 1, 32, 1, 1, 0, nullptr, args, nullptr),
            qiaoErrorInvalidClusterSize);
  qiaoGetLastError();
  EXPECT_EQ(launch(compiled_, 8, 4), qiaoErrorInvalidClusterSize);
  EXPECT_EQ(launch(compiled_, 8, 2), qiaoSuccess);
  int width = 0;
  EXPECT_EQ(qiaoFuncGetAttribute(&width, QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH, compiled_),
            qiaoSuccess);
  EXPECT_EQ(width, 2);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
}

TEST_F(EmuClusterLaunch, NonPortableSizesNeedTheOptIn) {
  if (!clusterLaunch_)
    GTEST_SKIP() << "needs QIAO_EMU_CC=9.0 (runtime.emu.clusters_cc90)";
  int size = 0, active = 0;
  qiaoLaunchConfig_t config = configOf(nullptr);
  ASSERT_EQ(qiaoModuleOccupancyMaxPotentialClusterSize(&size, free_, &config), qiaoSuccess);
  EXPECT_EQ(size, 8);
  EXPECT_EQ(launch(free_, 16, 16), qiaoErrorInvalidClusterSize);
  ASSERT_EQ(qiaoModuleFuncSetAttribute(free_, qiaoFuncAttributeNonPortableClusterSizeAllowed, 1),
            qiaoSuccess);
  ASSERT_EQ(qiaoModuleOccupancyMaxPotentialClusterSize(&size, free_, &config), qiaoSuccess);
  EXPECT_EQ(size, 16);
  ASSERT_EQ(launch(free_, 16, 16), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  std::vector<unsigned> got = ranks(16);
  for (unsigned b = 0; b < 16; ++b)
    EXPECT_EQ(got[b], b);
  EXPECT_EQ(launch(free_, 32, 32), qiaoErrorInvalidClusterSize); // beyond 16 whatever is set
  qiaoLaunchAttribute four = {};
  four.id = qiaoLaunchAttributeClusterDimension;
  four.val.clusterDim.x = 4;
  four.val.clusterDim.y = 1;
  four.val.clusterDim.z = 1;
  config = configOf(&four);
  int perSm = 0, sms = 0;
  ASSERT_EQ(qiaoModuleOccupancyMaxActiveClusters(&active, free_, &config), qiaoSuccess);
  ASSERT_EQ(qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, free_, 32, 0), qiaoSuccess);
  ASSERT_EQ(qiaoDeviceGetAttribute(&sms, qiaoDevAttrMultiProcessorCount, 0), qiaoSuccess);
  EXPECT_EQ(active, perSm * sms / 4);
}

} // namespace
