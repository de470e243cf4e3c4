// Enum arguments outside their enumerators, as C callers and the shims pass them (CUDA's enums
// arrive as plain integers). Every enum of the C API has the underlying type int in C++, so any
// such value is a valid value for the runtime to check and refuse; without it the checks
// themselves were undefined behaviour (UBSan stopped at the first load).
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <type_traits>

namespace {

template <class Enum>
constexpr bool holdsAnyInt = std::is_same_v<std::underlying_type_t<Enum>, int>;
static_assert(holdsAnyInt<qiaoError_t> && holdsAnyInt<qiaoMemcpyKind> && holdsAnyInt<qiaoLimit> &&
              holdsAnyInt<qiaoFuncCache> && holdsAnyInt<qiaoDeviceAttr> &&
              holdsAnyInt<qiaoFuncAttribute> && holdsAnyInt<qiaoFunction_attribute> &&
              holdsAnyInt<qiaoMemoryAdvise> && holdsAnyInt<qiaoMemLocationType> &&
              holdsAnyInt<qiaoChannelFormatKind> && holdsAnyInt<qiaoStreamCaptureMode> &&
              holdsAnyInt<qiaoTextureAddressMode> && holdsAnyInt<qiaoGraphNodeType>);

TEST(EnumArguments, ValuesOutsideTheEnumeratorsAreRefusedWithCudasCodes) {
  for (int raw : {-1, 100000, 0x7fffffff, -0x7fffffff - 1}) { // invalid for every enum here
    auto kind = static_cast<qiaoMemcpyKind>(raw);
    char a[8] = {}, b[8] = {};
    EXPECT_EQ(qiaoMemcpy(a, b, sizeof a, kind), qiaoErrorInvalidMemcpyDirection) << raw;
    EXPECT_EQ(qiaoMemcpy2D(a, 8, b, 8, 8, 1, kind), qiaoErrorInvalidMemcpyDirection) << raw;
    int value = 0;
    EXPECT_EQ(qiaoDeviceGetAttribute(&value, static_cast<qiaoDeviceAttr>(raw), 0),
              qiaoErrorInvalidValue)
        << raw;
    size_t limit = 0;
    EXPECT_EQ(qiaoDeviceGetLimit(&limit, static_cast<qiaoLimit>(raw)), qiaoErrorUnsupportedLimit)
        << raw;
    EXPECT_EQ(qiaoDeviceSetCacheConfig(static_cast<qiaoFuncCache>(raw)), qiaoErrorInvalidValue)
        << raw;
    qiaoStream_t stream = nullptr;
    ASSERT_EQ(qiaoStreamCreate(&stream), qiaoSuccess);
    EXPECT_EQ(qiaoStreamBeginCapture(stream, static_cast<qiaoStreamCaptureMode>(raw)),
              qiaoErrorInvalidValue)
        << raw;
    EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
  }
  qiaoGetLastError();
}

} // namespace
