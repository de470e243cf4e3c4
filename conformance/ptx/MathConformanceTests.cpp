// Math and conversions. IEEE-exact operations (add, mul, fma, sqrt, division with default rounding)
// are correctly rounded in CUDA and must match bit for bit; transcendental functions are held to
// the maximum ulp errors CUDA documents (Programming Guide, "Mathematical Functions", without
// fast-math), measured against a long double reference rounded to the result type.
#include "ConformanceHarness.h"

#include <cfenv>
#include <climits>
#include <limits>

namespace qiao::conformance {
namespace {

struct FloatCheck {
  const char *name;
  uint64_t maxUlp; // 0: bit-exact
  float (*reference)(float a, float b);
};

// In the order of math_f32's outputs.
const FloatCheck kFloatChecks[] = {
    {"sqrtf", 0, [](float a, float) { return std::sqrt(std::fabs(a)); }},
    {"division", 0, [](float a, float b) { return a / b; }},
    {"fmaf", 0, [](float a, float b) { return std::fmaf(a, b, a); }},
    {"expf", 2, [](float a, float) { return float(std::exp((long double)(a * 0.5f))); }},
    {"logf", 1,
     [](float a, float) { return float(std::log((long double)(std::fabs(a) + 1e-3f))); }},
    {"sinf", 2, [](float a, float) { return float(std::sin((long double)a)); }},
    {"cosf", 2, [](float a, float) { return float(std::cos((long double)a)); }},
    {"tanhf", 2, [](float a, float) { return float(std::tanh((long double)(a * 0.25f))); }},
    {"powf", 4,
     [](float a, float b) {
       // nvcc contracts fabsf(a) * 0.1f + 0.01f into one fma.
       float base = std::fmaf(std::fabs(a), 0.1f, 0.01f);
       return float(std::pow((long double)base, (long double)(b * 0.25f)));
     }},
    {"rsqrtf", 2,
     [](float a, float) { return float(1.0L / std::sqrt((long double)(std::fabs(a) + 0.5f))); }},
    {"__fdividef", 2, [](float a, float b) { return a / b; }},
    {"a*b+1 (contracted)", 0, [](float a, float b) { return std::fmaf(a, b, 1.0f); }},
};

TEST(PtxMath, SinglePrecisionWithinDocumentedUlp) {
  PtxModule module("math_float");
  ASSERT_TRUE(module.loaded());
  Inputs gen(60);
  const int functions = std::size(kFloatChecks);
  for (int n : testSizes()) {
    auto x = gen.floats(n, -100.0f, 100.0f);
    std::vector<float> y(n);
    for (auto &v : y) // |y| in [0.5, 8]: inside __fdividef's documented range
      v = gen.floatIn(0.5f, 8.0f) * (gen.next() & 1 ? 1.0f : -1.0f);
    DeviceArray<float> dx(x), dy(y), dout(size_t(n) * functions);
    QIAO_ASSERT_OK(
        module.launch("math_f32", blocksFor(n, 128), 128, 0, dx.get(), dy.get(), dout.get(), n));
    auto out = dout.read();
    for (int f = 0; f < functions; ++f)
      for (int i = 0; i < n; ++i) {
        float got = out[size_t(f) * n + i];
        float expected = kFloatChecks[f].reference(x[i], y[i]);
        ASSERT_TRUE(withinUlp(got, expected, kFloatChecks[f].maxUlp))
            << kFloatChecks[f].name << " beyond " << kFloatChecks[f].maxUlp << " ulp (" << x[i]
            << ", " << y[i] << "): got " << got << ", expected " << expected << " (n=" << n << ")";
      }
  }
}

struct DoubleCheck {
  const char *name;
  uint64_t maxUlp;
  double (*reference)(double a, double b);
};

const DoubleCheck kDoubleChecks[] = {
    {"sqrt", 0, [](double a, double) { return std::sqrt(std::fabs(a)); }},
    {"division", 0, [](double a, double b) { return a / b; }},
    {"fma", 0, [](double a, double b) { return std::fma(a, b, a); }},
    {"sin", 2, [](double a, double) { return double(std::sin((long double)a)); }},
    {"exp", 1, [](double a, double) { return double(std::exp((long double)(a * 0.5))); }},
    {"log", 1,
     [](double a, double) { return double(std::log((long double)(std::fabs(a) + 1e-3))); }},
    {"cos", 2, [](double a, double) { return double(std::cos((long double)a)); }},
};

TEST(PtxMath, DoublePrecisionWithinDocumentedUlp) {
  PtxModule module("math_double");
  ASSERT_TRUE(module.loaded());
  Inputs gen(61);
  const int functions = std::size(kDoubleChecks);
  for (int n : testSizes()) {
    std::vector<double> x(n), y(n);
    for (int i = 0; i < n; ++i) {
      x[i] = gen.doubleIn(-60.0, 60.0);
      y[i] = gen.doubleIn(0.5, 8.0) * (gen.next() & 1 ? 1.0 : -1.0);
    }
    DeviceArray<double> dx(x), dy(y), dout(size_t(n) * functions);
    QIAO_ASSERT_OK(
        module.launch("math_f64", blocksFor(n, 128), 128, 0, dx.get(), dy.get(), dout.get(), n));
    auto out = dout.read();
    for (int f = 0; f < functions; ++f)
      for (int i = 0; i < n; ++i) {
        double got = out[size_t(f) * n + i];
        double expected = kDoubleChecks[f].reference(x[i], y[i]);
        ASSERT_TRUE(withinUlp(got, expected, kDoubleChecks[f].maxUlp))
            << kDoubleChecks[f].name << " beyond " << kDoubleChecks[f].maxUlp << " ulp (" << x[i]
            << ", " << y[i] << "): got " << got << ", expected " << expected << " (n=" << n << ")";
      }
  }
}

unsigned bitReverse(unsigned v) {
  unsigned r = 0;
  for (int k = 0; k < 32; ++k)
    r |= ((v >> k) & 1u) << (31 - k);
  return r;
}
uint64_t bitReverse64(uint64_t v) {
  return uint64_t(bitReverse(unsigned(v))) << 32 | bitReverse(unsigned(v >> 32));
}

// PTX prmt in its default mode: result byte k is byte (selector nibble k & 7) of {y, x}.
unsigned bytePerm(unsigned x, unsigned y, unsigned s) {
  uint64_t bytes = uint64_t(y) << 32 | x;
  unsigned r = 0;
  for (int k = 0; k < 4; ++k)
    r |= unsigned((bytes >> (8 * ((s >> (4 * k)) & 7))) & 0xff) << (8 * k);
  return r;
}

std::vector<unsigned> intReference(int x, int y) {
  unsigned ux = x, uy = y;
  uint64_t wide = uint64_t(uy) << 32 | ux;
  unsigned shiftWrap = unsigned(y & 63) & 31, shiftClamp = std::min(unsigned(y & 63), 32u);
  unsigned absX = x < 0 ? 0u - ux : ux;
  return {
      unsigned(x / y),
      unsigned(x % y),
      ux / uy,
      ux % uy,
      unsigned(x == 0 ? 32 : __builtin_clz(ux)),
      unsigned(__builtin_popcount(ux)),
      bitReverse(ux),
      bytePerm(ux, uy, uy & 0x7777),
      unsigned((wide << shiftWrap) >> 32),
      unsigned(wide >> shiftWrap),
      unsigned((wide << shiftClamp) >> 32),
      unsigned(x == 0 ? 0 : __builtin_ctz(ux) + 1),
      unsigned((int64_t(x) * y) >> 32),
      unsigned((uint64_t(ux) * uy) >> 32),
      absX + unsigned(std::min(x, y)) - unsigned(std::max(x, y)),
      unsigned(x >> (y & 31)) ^ (ux >> (uy & 31)) ^ (ux << (uy & 31)),
  };
}

TEST(PtxInteger, DivisionWithNegativesAndBitIntrinsics) {
  PtxModule module("integer_ops");
  ASSERT_TRUE(module.loaded());
  Inputs gen(62);
  const int functions = 16;
  for (int n : testSizes()) {
    std::vector<int> a(n), b(n);
    for (int i = 0; i < n; ++i) {
      a[i] = i % 11 == 0 ? 0 : gen.intIn(INT_MIN + 1, INT_MAX);
      b[i] = i % 2 ? gen.intIn(-50, 50) : gen.intIn(INT_MIN + 1, INT_MAX);
      if (b[i] == 0)
        b[i] = -3;
    }
    DeviceArray<int> da(a), db(b);
    DeviceArray<unsigned> dout(size_t(n) * functions);
    QIAO_ASSERT_OK(
        module.launch("int_ops", blocksFor(n, 128), 128, 0, da.get(), db.get(), dout.get(), n));
    auto out = dout.read();
    for (int i = 0; i < n; ++i) {
      auto expected = intReference(a[i], b[i]);
      for (int f = 0; f < functions; ++f)
        ASSERT_EQ(out[size_t(f) * n + i], expected[f])
            << "operation " << f << " of int_ops(" << a[i] << ", " << b[i] << ")";
    }
  }
}

TEST(PtxInteger, SixtyFourBitDivisionAndBitCounts) {
  PtxModule module("integer_ops");
  ASSERT_TRUE(module.loaded());
  Inputs gen(63);
  for (int n : testSizes()) {
    std::vector<long long> a(n), b(n);
    for (int i = 0; i < n; ++i) {
      a[i] = static_cast<long long>(gen.next() >> (i % 40));
      if (i % 3 == 0)
        a[i] = -a[i];
      b[i] =
          i % 2 ? gen.intIn(-1000, 1000) : static_cast<long long>(gen.next() >> 20) - (1ll << 43);
      if (b[i] == 0)
        b[i] = 7;
    }
    DeviceArray<long long> da(a), db(b);
    DeviceArray<unsigned long long> dout(size_t(n) * 8);
    QIAO_ASSERT_OK(
        module.launch("int64_ops", blocksFor(n, 128), 128, 0, da.get(), db.get(), dout.get(), n));
    auto out = dout.read();
    for (int i = 0; i < n; ++i) {
      long long x = a[i], y = b[i];
      uint64_t ux = x, uy = y;
      uint64_t expected[8] = {uint64_t(x / y),
                              uint64_t(x % y),
                              ux / uy,
                              ux % uy,
                              uint64_t(x == 0 ? 64 : __builtin_clzll(ux)),
                              uint64_t(__builtin_popcountll(ux)),
                              bitReverse64(ux),
                              uint64_t((unsigned __int128)ux * uy >> 64)};
      for (int f = 0; f < 8; ++f)
        ASSERT_EQ(out[size_t(f) * n + i], expected[f])
            << "operation " << f << " of int64_ops(" << x << ", " << y << ")";
    }
  }
}

// Saturating float-to-integer conversion as PTX cvt defines it: NaN becomes 0.
template <class Int> Int saturate(float v, double (*round)(double)) {
  if (std::isnan(v))
    return 0;
  double r = round(v);
  if (r <= double(std::numeric_limits<Int>::min()))
    return std::numeric_limits<Int>::min();
  if (r >= double(std::numeric_limits<Int>::max()))
    return std::numeric_limits<Int>::max();
  return static_cast<Int>(r);
}
double roundHalfEven(double v) { return std::nearbyint(v); } // default mode: to nearest even
double roundTrunc(double v) { return std::trunc(v); }
double roundFloor(double v) { return std::floor(v); }
double roundCeil(double v) { return std::ceil(v); }

uint16_t floatToHalf(float f) {
  uint32_t bits = std::bit_cast<uint32_t>(f);
  uint16_t sign = (bits >> 16) & 0x8000;
  double a = std::fabs(double(f));
  if (std::isnan(f))
    return sign | 0x7e00;
  if (std::isinf(f)) // frexp leaves the exponent of an infinity unspecified
    return sign | 0x7c00;
  if (a < 0x1p-14) // subnormal halves: multiples of 2^-24; 1024 of them is the smallest normal
    return sign | uint16_t(std::nearbyint(a * 0x1p24));
  int e;
  std::frexp(a, &e);
  int exponent = e - 1;
  double mantissa = std::nearbyint(std::ldexp(a, 10 - exponent)); // in [1024, 2048]
  if (mantissa == 2048)
    mantissa = 1024, ++exponent;
  if (exponent > 15)
    return sign | 0x7c00;
  return sign | uint16_t((exponent + 15) << 10 | (unsigned(mantissa) - 1024));
}

float halfToFloat(uint16_t h) {
  float sign = h & 0x8000 ? -1.0f : 1.0f;
  int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  if (exponent == 31)
    return mantissa ? std::numeric_limits<float>::quiet_NaN()
                    : sign * std::numeric_limits<float>::infinity();
  if (exponent == 0)
    return sign * std::ldexp(float(mantissa), -24);
  return sign * std::ldexp(float(mantissa + 1024), exponent - 25);
}

float roundTowardZero(double exact) {
  float f = static_cast<float>(exact);
  if (std::fabs(double(f)) > std::fabs(exact))
    f = std::nextafter(f, 0.0f);
  return f;
}

TEST(PtxConversions, RoundingModesSaturationAndHalf) {
  PtxModule module("conversions");
  ASSERT_TRUE(module.loaded());
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {0.0f,
                          -0.0f,
                          0.5f,
                          1.5f,
                          2.5f,
                          -0.5f,
                          -1.5f,
                          -2.5f,
                          0.49999997f,
                          1e-8f,
                          -3e-6f,
                          6.1e-5f,
                          65504.0f,
                          65519.0f,
                          65520.0f,
                          -70000.0f,
                          2147483520.0f,
                          2147483648.0f,
                          -2147483648.0f,
                          -3e9f,
                          4294967040.0f,
                          5e9f,
                          1e20f,
                          inf,
                          -inf,
                          std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::denorm_min(),
                          1.00048828125f,
                          1.000732421875f,
                          3.14159265f};
  Inputs gen(64);
  for (int i = 0; i < 200; ++i)
    x.push_back(gen.floatIn(-1e5f, 1e5f));
  for (int i = 0; i < 200; ++i)
    x.push_back(std::bit_cast<float>(static_cast<uint32_t>(gen.next())));
  const int n = x.size(), functions = 11;
  DeviceArray<float> dx(x);
  DeviceArray<unsigned> dout(size_t(n) * functions);
  QIAO_ASSERT_OK(module.launch("convert_f32", blocksFor(n, 128), 128, 0, dx.get(), dout.get(), n));
  auto out = dout.read();
  for (int i = 0; i < n; ++i) {
    float v = x[i];
    uint32_t vbits = std::bit_cast<uint32_t>(v);
    auto at = [&](int f) { return out[size_t(f) * n + i]; };
    ASSERT_EQ(int(at(0)), saturate<int>(v, roundHalfEven)) << "__float2int_rn(" << v << ")";
    ASSERT_EQ(int(at(1)), saturate<int>(v, roundTrunc)) << "__float2int_rz(" << v << ")";
    ASSERT_EQ(int(at(2)), saturate<int>(v, roundFloor)) << "__float2int_rd(" << v << ")";
    ASSERT_EQ(int(at(3)), saturate<int>(v, roundCeil)) << "__float2int_ru(" << v << ")";
    ASSERT_EQ(at(4), saturate<unsigned>(v, roundTrunc)) << "__float2uint_rz(" << v << ")";
    ASSERT_EQ(int(at(5)), saturate<int>(v, roundTrunc)) << "(int)" << v;
    uint16_t half = floatToHalf(v);
    float widened = halfToFloat(half);
    if (std::isnan(v)) {
      ASSERT_EQ(at(6) & 0x7c00, 0x7c00u) << "__float2half(NaN) must be NaN";
      ASSERT_NE(at(6) & 0x3ff, 0u) << "__float2half(NaN) must be NaN";
      ASSERT_TRUE(std::isnan(std::bit_cast<float>(at(7)))) << "half round trip of NaN";
    } else {
      ASSERT_EQ(at(6), half) << "__float2half(" << v << ")";
      ASSERT_TRUE(sameBits(std::bit_cast<float>(at(7)), widened)) << "__half2float of " << v;
    }
    ASSERT_TRUE(sameBits(std::bit_cast<float>(at(8)), static_cast<float>(int32_t(vbits))))
        << "__int2float_rn(" << int32_t(vbits) << ")";
    float narrowed = static_cast<float>(double(v) * (1.0 + 0x1p-30));
    ASSERT_TRUE(withinUlp(std::bit_cast<float>(at(9)), narrowed, 0)) << "double->float of " << v;
    ASSERT_TRUE(sameBits(std::bit_cast<float>(at(10)), roundTowardZero(double(vbits))))
        << "__uint2float_rz(" << vbits << ")";
  }
}

} // namespace
} // namespace qiao::conformance
