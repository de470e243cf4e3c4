// cuComplex.h in device code: every single-precision operation on pairs of numbers, the same in
// double precision after a conversion, checked against std::complex on the host.
#include <cuComplex.h>
#include <cuda_runtime.h>

#include <cmath>
#include <complex>

#include "device_api.h"

namespace {

struct FloatResults {
  cuFloatComplex sum, difference, product, quotient, conjugate, fused;
  float magnitude, real, imaginary;
};
struct DoubleResults {
  cuDoubleComplex sum, difference, product, quotient, conjugate, fused;
  double magnitude;
  cuFloatComplex narrowed;
};

__global__ void complexOps(const cuFloatComplex *a, const cuFloatComplex *b, FloatResults *f,
                           DoubleResults *d, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  const cuComplex x = make_cuComplex(cuCrealf(a[i]), cuCimagf(a[i]));
  const cuFloatComplex y = make_cuFloatComplex(b[i].x, b[i].y);
  f[i].sum = cuCaddf(x, y);
  f[i].difference = cuCsubf(x, y);
  f[i].product = cuCmulf(x, y);
  f[i].quotient = cuCdivf(x, y);
  f[i].conjugate = cuConjf(x);
  f[i].fused = cuCfmaf(x, y, f[i].sum);
  f[i].magnitude = cuCabsf(y);
  f[i].real = cuCrealf(f[i].product);
  f[i].imaginary = cuCimagf(f[i].product);
  const cuDoubleComplex u = cuComplexFloatToDouble(x);
  const cuDoubleComplex v =
      make_cuDoubleComplex(cuCreal(cuComplexFloatToDouble(y)), cuCimag(cuComplexFloatToDouble(y)));
  d[i].sum = cuCadd(u, v);
  d[i].difference = cuCsub(u, v);
  d[i].product = cuCmul(u, v);
  d[i].quotient = cuCdiv(u, v);
  d[i].conjugate = cuConj(u);
  d[i].fused = cuCfma(u, v, d[i].sum);
  d[i].magnitude = cuCabs(v);
  d[i].narrowed = cuComplexDoubleToFloat(d[i].product);
}

bool near(double got, double want, double tolerance) {
  return std::fabs(got - want) <= tolerance * std::fmax(1.0, std::fabs(want));
}
bool near(std::complex<double> got, std::complex<double> want, double tolerance) {
  return near(got.real(), want.real(), tolerance) && near(got.imag(), want.imag(), tolerance);
}
std::complex<double> of(cuFloatComplex c) { return {c.x, c.y}; }
std::complex<double> of(cuDoubleComplex c) { return {c.x, c.y}; }

} // namespace

bool checkComplexMath() {
  const int n = 64;
  cuFloatComplex a[n], b[n];
  a[0] = make_cuFloatComplex(1, 2), b[0] = make_cuFloatComplex(3, 4);
  // Operands whose naive quotient overflows float in |b|^2: the division must scale first.
  a[1] = make_cuFloatComplex(1e30f, 1e30f), b[1] = make_cuFloatComplex(2e30f, 2e30f);
  for (int i = 2; i < n; ++i) {
    a[i] = make_cuFloatComplex(0.25f * float(i % 7) - 0.5f, 1.5f - 0.125f * float(i % 11));
    b[i] = make_cuFloatComplex(1.0f + 0.5f * float(i % 5), 0.75f * float(i % 3) - 1.0f);
  }
  cuFloatComplex *dA, *dB;
  FloatResults *dF;
  DoubleResults *dD;
  API_CHECK(cudaMalloc(&dA, sizeof a));
  API_CHECK(cudaMalloc(&dB, sizeof b));
  API_CHECK(cudaMalloc(&dF, n * sizeof(FloatResults)));
  API_CHECK(cudaMalloc(&dD, n * sizeof(DoubleResults)));
  API_CHECK(cudaMemcpy(dA, a, sizeof a, cudaMemcpyHostToDevice));
  API_CHECK(cudaMemcpy(dB, b, sizeof b, cudaMemcpyHostToDevice));
  complexOps<<<2, 32>>>(dA, dB, dF, dD, n);
  API_CHECK(cudaGetLastError());
  static FloatResults f[n];
  static DoubleResults d[n];
  API_CHECK(cudaMemcpy(f, dF, sizeof f, cudaMemcpyDeviceToHost));
  API_CHECK(cudaMemcpy(d, dD, sizeof d, cudaMemcpyDeviceToHost));

  // Exact cases: (1+2i)(3+4i) = -5+10i, |3+4i| = 5, and the scaled quotient of huge numbers.
  EXPECT_THAT(f[0].product.x == -5.0f && f[0].product.y == 10.0f, "product %g%+gi", f[0].product.x,
              f[0].product.y);
  EXPECT_THAT(f[0].real == -5.0f && f[0].imaginary == 10.0f, "cuCrealf/cuCimagf");
  EXPECT_THAT(f[0].magnitude == 5.0f && d[0].magnitude == 5.0, "|3+4i| = %g, %g", f[0].magnitude,
              d[0].magnitude);
  EXPECT_THAT(near(of(f[1].quotient), 0.5, 1e-6), "huge quotient %g%+gi", f[1].quotient.x,
              f[1].quotient.y);
  for (int i = 0; i < n; ++i) {
    if (i == 1)
      continue; // its products overflow float, as they would under CUDA
    const std::complex<double> x = of(a[i]), y = of(b[i]);
    EXPECT_THAT(near(of(f[i].sum), x + y, 1e-6) && near(of(d[i].sum), x + y, 1e-12), "sum %d", i);
    EXPECT_THAT(near(of(f[i].difference), x - y, 1e-6) && near(of(d[i].difference), x - y, 1e-12),
                "difference %d", i);
    EXPECT_THAT(near(of(f[i].product), x * y, 1e-6) && near(of(d[i].product), x * y, 1e-12),
                "product %d", i);
    EXPECT_THAT(near(of(f[i].quotient), x / y, 1e-6) && near(of(d[i].quotient), x / y, 1e-12),
                "quotient %d: %g%+gi, want %g%+gi", i, f[i].quotient.x, f[i].quotient.y,
                (x / y).real(), (x / y).imag());
    EXPECT_THAT(of(f[i].conjugate) == std::conj(x) && of(d[i].conjugate) == std::conj(x),
                "conjugate %d", i);
    EXPECT_THAT(near(of(f[i].fused), x * y + (x + y), 1e-6) &&
                    near(of(d[i].fused), x * y + (x + y), 1e-12),
                "fused multiply-add %d", i);
    EXPECT_THAT(near(f[i].magnitude, std::abs(y), 1e-6) && near(d[i].magnitude, std::abs(y), 1e-12),
                "magnitude %d", i);
    EXPECT_THAT(d[i].narrowed.x == float(d[i].product.x) &&
                    d[i].narrowed.y == float(d[i].product.y),
                "cuComplexDoubleToFloat %d", i);
  }
  API_CHECK(cudaFree(dA));
  API_CHECK(cudaFree(dB));
  API_CHECK(cudaFree(dF));
  API_CHECK(cudaFree(dD));
  return true;
}
