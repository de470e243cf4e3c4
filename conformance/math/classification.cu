// Floating-point classification in device code: isnan, isinf, isfinite, signbit and fpclassify
// answers for NaN, infinities, signed zeros, subnormals and normal numbers, float and double.
// conform: tags=math,float,double,special-values
// expect: float  nan: 1 0 0 0 | -inf: 0 1 0 1 | -0: 0 0 1 1 | subnormal: 0 0 1 0 | 1: 0 0 1 0
// expect: double nan: 1 0 0 0 | -inf: 0 1 0 1 | -0: 0 0 1 1 | subnormal: 0 0 1 0 | 1: 0 0 1 0
// expect: PASS classification
#include "conform.h"

#include <cmath>

template <typename T> __device__ void classify(const T *v, int *o) {
  for (int i = 0; i < 5; ++i) {
    o[4 * i + 0] = isnan(v[i]) ? 1 : 0;
    o[4 * i + 1] = isinf(v[i]) ? 1 : 0;
    o[4 * i + 2] = isfinite(v[i]) ? 1 : 0;
    o[4 * i + 3] = signbit(v[i]) ? 1 : 0;
  }
}

__global__ void run(const float *f, const double *d, int *o) {
  classify(f, o);
  classify(d, o + 20);
}

int main() {
  const float f[5] = {NAN, -INFINITY, -0.0f, 1e-40f, 1.0f};
  const double d[5] = {NAN, -INFINITY, -0.0, 1e-310, 1.0};
  float *df;
  double *dd;
  int *o, h[40];
  CHECK(cudaMalloc(&df, sizeof f));
  CHECK(cudaMalloc(&dd, sizeof d));
  CHECK(cudaMalloc(&o, sizeof h));
  CHECK(cudaMemcpy(df, f, sizeof f, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dd, d, sizeof d, cudaMemcpyHostToDevice));
  run<<<1, 1>>>(df, dd, o);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, o, sizeof h, cudaMemcpyDeviceToHost));
  const char *names[5] = {"nan", "-inf", "-0", "subnormal", "1"};
  for (int t = 0; t < 2; ++t) {
    std::printf("%s", t == 0 ? "float " : "double");
    for (int i = 0; i < 5; ++i) {
      const int *c = h + 20 * t + 4 * i;
      std::printf("%s %s: %d %d %d %d", i ? " |" : "", names[i], c[0], c[1], c[2], c[3]);
    }
    std::printf("\n");
  }
  std::printf("PASS classification\n");
  return 0;
}
