// Operations IEEE 754 defines exactly are correctly rounded on the device (division and sqrt
// without fast math, fmaf as one rounding): bit-identical to the host's IEEE arithmetic.
// conform: tags=math,float,double,ieee
// expect: float add/mul/div/sqrt/fma bit-exact over 4096 inputs
// expect: double add/mul/div/sqrt/fma bit-exact over 4096 inputs
// expect: PASS ieee_exact
#include "conform.h"

#include <cmath>
#include <cstdint>
#include <cstring>

const int n = 4096;

__global__ void ops(const float *a, const float *b, float *f, const double *c, const double *d,
                    double *g) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  f[5 * i + 0] = __fadd_rn(a[i], b[i]);
  f[5 * i + 1] = __fmul_rn(a[i], b[i]);
  f[5 * i + 2] = a[i] / b[i];
  f[5 * i + 3] = sqrtf(fabsf(a[i]));
  f[5 * i + 4] = fmaf(a[i], b[i], a[i]);
  g[5 * i + 0] = __dadd_rn(c[i], d[i]);
  g[5 * i + 1] = __dmul_rn(c[i], d[i]);
  g[5 * i + 2] = c[i] / d[i];
  g[5 * i + 3] = sqrt(fabs(c[i]));
  g[5 * i + 4] = fma(c[i], d[i], c[i]);
}

int main() {
  static float a[n], b[n], f[5 * n];
  static double c[n], d[n], g[5 * n];
  uint64_t s = 7;
  auto next = [&] { return s = s * 6364136223846793005ull + 1442695040888963407ull; };
  for (int i = 0; i < n; ++i) {
    a[i] = ((next() >> 40) / 16777216.0f - 0.5f) * 1000.0f;
    b[i] = ((next() >> 40) / 16777216.0f + 0.01f) * ((next() & 1) ? 3.0f : -3.0f);
    c[i] = ((next() >> 11) / 9007199254740992.0 - 0.5) * 1e6;
    d[i] = ((next() >> 11) / 9007199254740992.0 + 0.01) * ((next() & 1) ? 7.0 : -7.0);
  }
  float *da, *db, *df;
  double *dc, *dd, *dg;
  CHECK(cudaMalloc(&da, sizeof a));
  CHECK(cudaMalloc(&db, sizeof b));
  CHECK(cudaMalloc(&df, sizeof f));
  CHECK(cudaMalloc(&dc, sizeof c));
  CHECK(cudaMalloc(&dd, sizeof d));
  CHECK(cudaMalloc(&dg, sizeof g));
  CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, b, sizeof b, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dc, c, sizeof c, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dd, d, sizeof d, cudaMemcpyHostToDevice));
  ops<<<n / 128, 128>>>(da, db, df, dc, dd, dg);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(f, df, sizeof f, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(g, dg, sizeof g, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i) {
    volatile float x = a[i], y = b[i];
    const float fr[5] = {x + y, x * y, x / y, std::sqrt(std::fabs(x)), std::fmaf(x, y, x)};
    volatile double u = c[i], v = d[i];
    const double gr[5] = {u + v, u * v, u / v, std::sqrt(std::fabs(u)), std::fma(u, v, u)};
    for (int k = 0; k < 5; ++k) {
      if (std::memcmp(&f[5 * i + k], &fr[k], 4) != 0) {
        std::printf("float op %d differs at %.9g, %.9g: %.9g vs %.9g\n", k, x, y, f[5 * i + k],
                    fr[k]);
        return 1;
      }
      if (std::memcmp(&g[5 * i + k], &gr[k], 8) != 0) {
        std::printf("double op %d differs at %.17g, %.17g\n", k, u, v);
        return 1;
      }
    }
  }
  std::printf("float add/mul/div/sqrt/fma bit-exact over %d inputs\n", n);
  std::printf("double add/mul/div/sqrt/fma bit-exact over %d inputs\n", n);
  std::printf("PASS ieee_exact\n");
  return 0;
}
