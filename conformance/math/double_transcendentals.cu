// Double-precision functions within CUDA's documented maximum ulp errors: exp 1, log 1, sin 2,
// cos 2, tan 2, atan 2, cbrt 1, log2 1; against a long double reference over 2048 inputs.
// conform: tags=math,double,ulp
// expect: exp within 1 ulp
// expect: log within 1 ulp
// expect: sin within 2 ulp
// expect: cos within 2 ulp
// expect: tan within 2 ulp
// expect: atan within 2 ulp
// expect: cbrt within 1 ulp
// expect: log2 within 1 ulp
// expect: PASS double_transcendentals
#include "conform.h"

#include <cmath>
#include <cstdint>
#include <cstring>

const int kFunctions = 8, kInputs = 2048;

__global__ void evaluate(const double *x, double *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= kInputs)
    return;
  double v = x[i];
  double positive = fabs(v) + 0.001;
  out[0 * kInputs + i] = exp(v * 0.5);
  out[1 * kInputs + i] = log(positive);
  out[2 * kInputs + i] = sin(v);
  out[3 * kInputs + i] = cos(v);
  out[4 * kInputs + i] = tan(v * 0.01);
  out[5 * kInputs + i] = atan(v);
  out[6 * kInputs + i] = cbrt(v);
  out[7 * kInputs + i] = log2(positive);
}

long double reference(int f, double v) {
  double positive = std::fabs(v) + 0.001;
  switch (f) {
  case 0:
    return std::exp((long double)(v * 0.5));
  case 1:
    return std::log((long double)positive);
  case 2:
    return std::sin((long double)v);
  case 3:
    return std::cos((long double)v);
  case 4:
    return std::tan((long double)(v * 0.01));
  case 5:
    return std::atan((long double)v);
  case 6:
    return std::cbrt((long double)v);
  default:
    return std::log2((long double)positive);
  }
}

int64_t ulpDistance(double a, double b) {
  int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  if (ia < 0)
    ia = INT64_MIN - ia;
  if (ib < 0)
    ib = INT64_MIN - ib;
  return ia > ib ? ia - ib : ib - ia;
}

int main() {
  const char *names[kFunctions] = {"exp", "log", "sin", "cos", "tan", "atan", "cbrt", "log2"};
  const int bounds[kFunctions] = {1, 1, 2, 2, 2, 2, 1, 1};
  static double x[kInputs], out[kFunctions * kInputs];
  uint64_t state = 99;
  for (int i = 0; i < kInputs; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = ((state >> 11) / 9007199254740992.0 - 0.5) * 120.0; // [-60, 60)
  }
  double *dx, *dout;
  CHECK(cudaMalloc(&dx, sizeof x));
  CHECK(cudaMalloc(&dout, sizeof out));
  CHECK(cudaMemcpy(dx, x, sizeof x, cudaMemcpyHostToDevice));
  evaluate<<<kInputs / 256, 256>>>(dx, dout);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  bool ok = true;
  for (int f = 0; f < kFunctions; ++f) {
    int64_t worst = 0;
    int worstAt = 0;
    for (int i = 0; i < kInputs; ++i) {
      int64_t d = ulpDistance(out[f * kInputs + i], (double)reference(f, x[i]));
      if (d > worst)
        worst = d, worstAt = i;
    }
    if (worst <= bounds[f])
      std::printf("%s within %d ulp\n", names[f], bounds[f]);
    else {
      std::printf("%s off by %lld ulp at x=%.17g\n", names[f], (long long)worst, x[worstAt]);
      ok = false;
    }
  }
  EXPECT(ok);
  std::printf("PASS double_transcendentals\n");
  return 0;
}
