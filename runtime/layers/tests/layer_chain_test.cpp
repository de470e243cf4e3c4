// QIAO_DRIVER chains through the runtime's loader: layers stack over a driver, show the runtime
// the driver's name, formats and optional slots, and a chain that cannot be built is refused
// with qiaoErrorInsufficientDriver and one line on stderr.
#include "LayerTestSupport.h"

#include <gmock/gmock.h>

namespace {

using ::testing::HasSubstr;

qiaoError_t open(const char *spec, const qiaoDriverTable **table) {
  return qiaoInternalOpenDriver(spec, table);
}

TEST(LayerChain, LayersShowTheDriversFaceAndForward) {
  const qiaoDriverTable *example = nullptr, *validated = nullptr, *traced = nullptr;
  ASSERT_EQ(open("example", &example), qiaoSuccess);
  ASSERT_EQ(open("validate:example", &validated), qiaoSuccess);
  ASSERT_EQ(open("trace:validate:example", &traced), qiaoSuccess);
  EXPECT_NE(validated, example);
  EXPECT_NE(traced, validated);
  for (const qiaoDriverTable *table : {validated, traced}) {
    EXPECT_STREQ(table->name, "example");
    EXPECT_EQ(table->abi_version, QIAO_DRIVER_ABI_VERSION);
    EXPECT_EQ(table->formats, example->formats);
    // The example driver leaves the optional slots NULL: so do the layers over it.
    EXPECT_EQ(table->moduleLink, nullptr);
    EXPECT_EQ(table->enqueueHostKernel, nullptr);
    EXPECT_EQ(table->textureCreate, nullptr);
    EXPECT_NE(table->enqueueLaunch, nullptr);
  }
  ASSERT_EQ(traced->init(), qiaoDrvSuccess);
  int32_t count = 0;
  ASSERT_EQ(traced->deviceCount(&count), qiaoDrvSuccess);
  EXPECT_EQ(count, 1); // the example driver's one device, through both layers
  // The same layer over the same driver is the same table.
  const qiaoDriverTable *again = nullptr;
  ASSERT_EQ(open("validate:example", &again), qiaoSuccess);
  EXPECT_EQ(again, validated);
}

TEST(LayerChain, AChainThatCannotBeBuiltIsRefused) {
  struct Case {
    const char *spec;
    const char *message;
  } cases[] = {
      {"nosuchlayer:example",
       "qiao: QIAO_DRIVER=nosuchlayer:example: unknown layer 'nosuchlayer' (layers: trace, "
       "validate)"},
      {"validate::example", "qiao: QIAO_DRIVER=validate::example: empty name in the chain"},
      {"trace:", "qiao: QIAO_DRIVER=trace:: empty name in the chain"},
      {"validate:nosuchdriver", "qiao: cannot load driver libqiao-driver-nosuchdriver.so"},
      // validate already wraps the example driver in this process; a second validate would
      // wrap the first.
      {"validate:validate:example", "layer validate already wraps another driver"},
  };
  for (const Case &c : cases) {
    const qiaoDriverTable *table = nullptr;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(open(c.spec, &table), qiaoErrorInsufficientDriver) << c.spec;
    EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr(c.message)) << c.spec;
    EXPECT_EQ(table, nullptr);
  }
  const qiaoDriverTable *table = nullptr;
  EXPECT_EQ(open(nullptr, &table), qiaoErrorInvalidValue);
}

} // namespace
