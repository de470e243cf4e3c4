// cuda_bf16.h in kernels: conversions from float in each rounding mode, __hadd, __hsub, __hmul,
// __hfma and __hdiv (also over division's hard cases: subnormal ties, overflow, subnormal and
// huge divisors), their __nv_bfloat162 forms, comparisons and packing. CUDA documents every one
// as rounding to nearest even (or in the mode its name gives); the host checks each result
// against the nearest bfloat16 to the exact value, found by searching every bfloat16 (so the
// reference shares no rounding code with what it checks), and ties go to the even encoding.
#include "check.h"

#include <cmath>
#include <cstring>
#include <cuda_bf16.h>

constexpr int kCases = 512;
constexpr int kOps = 5; // add, sub, mul, fma, div

// Results as raw bits, one row per case: the five operations, then the pair forms of add, mul and
// fma on (a, b) and (b, a).
constexpr int kRow = kOps + 6;

__global__ void arithmetic(const unsigned short *a, const unsigned short *b,
                           const unsigned short *c, unsigned short *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= kCases)
    return;
  __nv_bfloat16 x = __ushort_as_bfloat16(a[i]), y = __ushort_as_bfloat16(b[i]),
                z = __ushort_as_bfloat16(c[i]);
  unsigned short *row = out + kRow * i;
  row[0] = __bfloat16_as_ushort(__hadd(x, y));
  row[1] = __bfloat16_as_ushort(__hsub(x, y));
  row[2] = __bfloat16_as_ushort(__hmul(x, y));
  row[3] = __bfloat16_as_ushort(__hfma(x, y, z));
  row[4] = __bfloat16_as_ushort(__hdiv(x, y));
  __nv_bfloat162 p = __halves2bfloat162(x, y), q = __halves2bfloat162(y, x);
  __nv_bfloat162 sum = __hadd2(p, q), product = __hmul2(p, q);
  __nv_bfloat162 fused = __hfma2(p, q, __bfloat162bfloat162(z));
  row[5] = __bfloat16_as_ushort(__low2bfloat16(sum));
  row[6] = __bfloat16_as_ushort(__high2bfloat16(sum));
  row[7] = __bfloat16_as_ushort(__low2bfloat16(product));
  row[8] = __bfloat16_as_ushort(__high2bfloat16(product));
  row[9] = __bfloat16_as_ushort(__low2bfloat16(fused));
  row[10] = __bfloat16_as_ushort(__high2bfloat16(fused));
}

// __hdiv over the whole range: quotients that are subnormal (where ties occur), that round up
// to infinity or just stay finite, and divisors that are subnormal or near the top.
__global__ void division(const unsigned short *a, const unsigned short *b, unsigned short *out,
                         int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = __bfloat16_as_ushort(__hdiv(__ushort_as_bfloat16(a[i]), __ushort_as_bfloat16(b[i])));
}

// Each float converted four ways (nearest even, toward zero, up, down), and back to float.
__global__ void conversions(const float *in, unsigned short *bits, float *back, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  bits[4 * i] = __bfloat16_as_ushort(__float2bfloat16(in[i]));
  bits[4 * i + 1] = __bfloat16_as_ushort(__float2bfloat16_rz(in[i]));
  bits[4 * i + 2] = __bfloat16_as_ushort(__float2bfloat16_ru(in[i]));
  bits[4 * i + 3] = __bfloat16_as_ushort(__float2bfloat16_rd(in[i]));
  __nv_bfloat162 pair = __floats2bfloat162_rn(in[i], -in[i]);
  back[2 * i] = __low2float(pair);
  back[2 * i + 1] = __high2float(pair) + (__hlt(pair.y, pair.x) ? 0.0f : 1000.0f);
}

float valueOf(unsigned short bits) {
  unsigned int word = unsigned(bits) << 16;
  float f;
  std::memcpy(&f, &word, sizeof f);
  return f;
}

// The bfloat16 nearest to v (v >= 0 or a finite negative), ties to the even encoding: a search
// over all of them; from the midpoint between the largest finite one and 2^128 up, infinity.
unsigned short nearest(double v) {
  if (v >= 0x1.ffp127)
    return 0x7f80;
  unsigned short best = 0;
  double bestDistance = INFINITY;
  for (unsigned bits = 0; bits < 0x10000; ++bits) {
    float f = valueOf(static_cast<unsigned short>(bits));
    if (!std::isfinite(f) || bits == 0x8000) // no case here rounds to -0
      continue;
    double distance = std::fabs(double{f} - v);
    if (distance < bestDistance || (distance == bestDistance && (bits & 1) == 0)) {
      best = static_cast<unsigned short>(bits);
      bestDistance = distance;
    }
  }
  return best;
}

// A bfloat16 with a random sign, 8 significant bits and an exponent in [-6, 6]: sums, products
// and fused products of three are exact in double.
unsigned short sample(unsigned &state) {
  state = state * 1664525u + 1013904223u;
  unsigned sign = (state >> 31) << 15;
  unsigned exponent = 127 - 6 + (state >> 8) % 13;
  unsigned mantissa = (state >> 1) & 0x7f;
  return static_cast<unsigned short>(sign | (exponent << 7) | mantissa);
}

int main() {
  unsigned short ha[kCases], hb[kCases], hc[kCases];
  unsigned state = 2026;
  for (int i = 0; i < kCases; ++i) {
    ha[i] = sample(state);
    hb[i] = sample(state);
    hc[i] = sample(state);
  }
  // Ties on purpose: 1 + 2^-8 lies halfway between 1 and its successor.
  ha[0] = 0x3f80; // 1.0
  hb[0] = 0x3b80; // 2^-8
  ha[1] = 0x3f81; // 1 + 2^-7
  hb[1] = 0x3b80;
  unsigned short *da, *db, *dc, *dout;
  CHECK(cudaMalloc(&da, sizeof ha));
  CHECK(cudaMalloc(&db, sizeof hb));
  CHECK(cudaMalloc(&dc, sizeof hc));
  CHECK(cudaMalloc(&dout, kCases * kRow * sizeof(unsigned short)));
  CHECK(cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice));
  arithmetic<<<(kCases + 127) / 128, 128>>>(da, db, dc, dout);
  CHECK(cudaGetLastError());
  static unsigned short got[kCases * kRow];
  CHECK(cudaMemcpy(got, dout, sizeof got, cudaMemcpyDeviceToHost));
  int bad = 0, ties = 0;
  for (int i = 0; i < kCases; ++i) {
    double x = valueOf(ha[i]), y = valueOf(hb[i]), z = valueOf(hc[i]);
    double exact[kOps - 1] = {x + y, x - y, x * y, x * y + z};
    unsigned short expected[kRow];
    for (int op = 0; op < kOps - 1; ++op) {
      expected[op] = nearest(exact[op]);
      double gap = std::fabs(double{valueOf(expected[op])} - exact[op]);
      for (int step : {-1, 1})
        ties += gap != 0 &&
                std::fabs(double{valueOf(static_cast<unsigned short>(expected[op] + step))} -
                          exact[op]) == gap;
    }
    // Division rounds the quotient to nearest even, as the others do (the double quotient of two
    // 8-bit significands rounds to the same bfloat16 as the exact one).
    expected[4] = nearest(x / y);
    expected[5] = expected[6] = expected[0];
    expected[7] = expected[8] = expected[2];
    expected[9] = expected[10] = expected[3];
    for (int k = 0; k < kRow; ++k) {
      unsigned short result = got[kRow * i + k];
      if (result != expected[k] && bad++ < 5)
        std::printf("FAIL case %d result %d: 0x%04x, expected 0x%04x\n", i, k, result, expected[k]);
    }
  }
  EXPECT(bad == 0);
  std::printf("1 + 2^-8 -> 0x%04x, 1 + 2^-7 + 2^-8 -> 0x%04x\n", got[0], got[kRow]);
  EXPECT(got[0] == 0x3f80 && got[kRow] == 0x3f82);
  std::printf("arithmetic ok: %d cases, %d ties to even\n", kCases, ties);

  // Division's hard cases, then positive operands of any finite encoding (subnormals included).
  constexpr int kDivisions = 1024;
  static unsigned short qa[kDivisions], qb[kDivisions], quotients[kDivisions];
  const unsigned short hard[][2] = {
      {0x0001, 0x4000}, // 2^-133 / 2: halfway between 0 and the least subnormal -> 0
      {0x0003, 0x4000}, // 1.5 * 2^-133: a tie -> 2 * 2^-133
      {0x0005, 0x4000}, // 2.5 * 2^-133: a tie -> 2 * 2^-133
      {0x0007, 0x4000}, // 3.5 * 2^-133: a tie -> 4 * 2^-133
      {0x0081, 0x4000}, // (2^-126 + 2^-133) / 2: a tie just under the normal range
      {0x0080, 0x3f81}, // 2^-126 / (1 + 2^-7): just under the least normal
      {0x7f7f, 0x3f7f}, // the largest finite / 0.99609375: rounds up to infinity
      {0x7f7f, 0x3f80}, // the largest finite / 1
      {0x7f00, 0x3f7f}, // 2^127 / 0.99609375: stays finite
      {0x3f80, 0x0001}, // 1 / 2^-133: overflows
      {0x3f80, 0x7f00}, // 1 / 2^127: the subnormal 2^-127
      {0x3fc0, 0x7f40}, // 1.5 / 1.5 * 2^127
      {0x0003, 0x0002}, // subnormal / subnormal
      {0x4040, 0x4040}, // 3 / 3
      {0x3f80, 0x4040}, // 1 / 3
      {0x0001, 0x3f81}, // the least subnormal / (1 + 2^-7)
  };
  const int hardCount = sizeof hard / sizeof hard[0];
  unsigned divState = 7;
  for (int i = 0; i < kDivisions; ++i) {
    if (i < hardCount) {
      qa[i] = hard[i][0];
      qb[i] = hard[i][1];
      continue;
    }
    do {
      divState = divState * 1664525u + 1013904223u;
      qa[i] = static_cast<unsigned short>((divState >> 9) % 0x7f80);
      divState = divState * 1664525u + 1013904223u;
      qb[i] = static_cast<unsigned short>((divState >> 9) % 0x7f80);
    } while (qb[i] == 0);
  }
  unsigned short *dqa, *dqb, *dq;
  CHECK(cudaMalloc(&dqa, sizeof qa));
  CHECK(cudaMalloc(&dqb, sizeof qb));
  CHECK(cudaMalloc(&dq, sizeof quotients));
  CHECK(cudaMemcpy(dqa, qa, sizeof qa, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dqb, qb, sizeof qb, cudaMemcpyHostToDevice));
  division<<<kDivisions / 128, 128>>>(dqa, dqb, dq, kDivisions);
  CHECK(cudaGetLastError());
  CHECK(cudaMemcpy(quotients, dq, sizeof quotients, cudaMemcpyDeviceToHost));
  for (int i = 0; i < kDivisions; ++i) {
    unsigned short expected = nearest(double{valueOf(qa[i])} / double{valueOf(qb[i])});
    if (quotients[i] != expected && bad++ < 5)
      std::printf("FAIL division 0x%04x / 0x%04x: 0x%04x, expected 0x%04x\n", qa[i], qb[i],
                  quotients[i], expected);
  }
  EXPECT(bad == 0);
  std::printf("division ok: %d quotients, subnormal ties 0x%04x 0x%04x, overflow 0x%04x\n",
              kDivisions, quotients[0], quotients[1], quotients[6]);
  CHECK(cudaFree(dqa));
  CHECK(cudaFree(dqb));
  CHECK(cudaFree(dq));

  // Conversions: ties, values between two bfloat16s on both sides of zero, overflow, NaN.
  const float inputs[] = {1.00390625f, 1.01171875f,    1.00390637f, -1.00390637f, 3.0e38f,
                          -3.0e38f,    3.40282347e38f, 1.0e-40f,    -2.5f,        NAN};
  const int n = sizeof inputs / sizeof inputs[0];
  const unsigned short expectedBits[n][4] = {
      {0x3f80, 0x3f80, 0x3f81, 0x3f80}, {0x3f82, 0x3f81, 0x3f82, 0x3f81},
      {0x3f81, 0x3f80, 0x3f81, 0x3f80}, {0xbf81, 0xbf80, 0xbf80, 0xbf81},
      {0x7f62, 0x7f61, 0x7f62, 0x7f61}, {0xff62, 0xff61, 0xff61, 0xff62},
      {0x7f80, 0x7f7f, 0x7f80, 0x7f7f}, {0x0001, 0x0001, 0x0002, 0x0001},
      {0xc020, 0xc020, 0xc020, 0xc020}, {0x7fff, 0x7fff, 0x7fff, 0x7fff}};
  float *din, *dback;
  unsigned short *dbits;
  CHECK(cudaMalloc(&din, sizeof inputs));
  CHECK(cudaMalloc(&dbits, 4 * n * sizeof(unsigned short)));
  CHECK(cudaMalloc(&dback, 2 * n * sizeof(float)));
  CHECK(cudaMemcpy(din, inputs, sizeof inputs, cudaMemcpyHostToDevice));
  conversions<<<1, 32>>>(din, dbits, dback, n);
  CHECK(cudaGetLastError());
  unsigned short bits[4 * n];
  float back[2 * n];
  CHECK(cudaMemcpy(bits, dbits, sizeof bits, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(back, dback, sizeof back, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    for (int mode = 0; mode < 4; ++mode)
      if (bits[4 * i + mode] != expectedBits[i][mode] && bad++ < 5)
        std::printf("FAIL convert %g mode %d: 0x%04x, expected 0x%04x\n", inputs[i], mode,
                    bits[4 * i + mode], expectedBits[i][mode]);
    if (i < n - 1 &&
        (back[2 * i] != valueOf(expectedBits[i][0]) ||
         back[2 * i + 1] != -back[2 * i] + (inputs[i] > 0 ? 0.0f : 1000.0f)) &&
        bad++ < 5)
      std::printf("FAIL pair of %g: %g %g\n", inputs[i], back[2 * i], back[2 * i + 1]);
  }
  EXPECT(bad == 0);
  // The host side of cuda_bf16.h rounds the same way.
  EXPECT(__bfloat16_as_ushort(__float2bfloat16(1.01171875f)) == 0x3f82);
  EXPECT(__bfloat162float(__ushort_as_bfloat16(0x3f82)) == 1.015625f);
  std::printf("conversions ok: nearest even, toward zero, up, down, overflow, subnormal, NaN\n");
  for (void *p : {static_cast<void *>(da), static_cast<void *>(db), static_cast<void *>(dc),
                  static_cast<void *>(dout), static_cast<void *>(din), static_cast<void *>(dbits),
                  static_cast<void *>(dback)})
    CHECK(cudaFree(p));
  std::printf("PASS bf16_math\n");
  return 0;
}
