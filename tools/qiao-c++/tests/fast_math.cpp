// nvcc's --use_fast_math (built so): single-precision math as the fast intrinsics, denormals
// flushed to zero, division and square root approximated, with the properties CUDA documents
// for them; double precision untouched.
#include <cmath>
#include <cstdio>
#include <qiao/device.h>

__global__ void fastMath(const float *in, const double *inDouble, float *out, double *outDouble) {
  const float subnormal = in[0], big = in[1], huge = in[2], x = in[3];
  out[0] = subnormal * 2;          // flushed: +0 (2e-40 without --ftz=true)
  out[1] = big / huge;             // 2^100 / 2^127: 0, as __fdividef for 2^126 < |y| < 2^128
  out[2] = expf(x);                // __expf: 2 + floor(|1.173 x|) ulp
  out[3] = sinf(x);                // __sinf: absolute error 2^-21.41 in [-pi, pi]
  out[4] = logf(x);                // __logf: absolute error 2^-21.41 in [0.5, 2]
  outDouble[0] = inDouble[0] * 2;  // double precision keeps its subnormals
  outDouble[1] = exp(inDouble[1]); // and its accuracy (1 ulp)
}

int main() {
  const float in[4] = {1e-40f, 0x1p100f, 0x1p127f, 1.25f};
  const double inDouble[2] = {1e-310, 1.25};
  float *dIn, *dOut;
  double *dInDouble, *dOutDouble;
  qiaoMalloc(&dIn, sizeof in);
  qiaoMalloc(&dInDouble, sizeof inDouble);
  qiaoMemcpy(dInDouble, inDouble, sizeof inDouble, qiaoMemcpyHostToDevice);
  qiaoMalloc(&dOut, 5 * sizeof(float));
  qiaoMalloc(&dOutDouble, 2 * sizeof(double));
  qiaoMemcpy(dIn, in, sizeof in, qiaoMemcpyHostToDevice);
  qiaoLaunchKernelGGL(fastMath, dim3(1), dim3(1), 0, 0, dIn, dInDouble, dOut, dOutDouble);
  float out[5];
  double outDouble[2];
  qiaoMemcpy(out, dOut, sizeof out, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(outDouble, dOutDouble, sizeof outDouble, qiaoMemcpyDeviceToHost);
  std::printf("%g %g\n", out[0], out[1]);
  // The intrinsics' documented error bounds, against the double-precision C library.
  const double expUlp = std::nextafter(std::exp(1.25f), 4.0f) - std::exp(1.25f);
  std::printf(
      "__expf %s, __sinf %s, __logf %s\n",
      std::fabs(out[2] - std::exp(1.25)) <= (2 + std::floor(1.173 * 1.25)) * expUlp
          ? "within 3 ulp"
          : "OUT OF BOUND",
      std::fabs(out[3] - std::sin(1.25)) <= std::exp2(-21.41) ? "within 2^-21.41" : "OUT OF BOUND",
      std::fabs(out[4] - std::log(1.25)) <= std::exp2(-21.41) ? "within 2^-21.41" : "OUT OF BOUND");
  std::printf("%g %s\n", outDouble[0],
              outDouble[1] == 3.4903429574618414 ? "exp(1.25)" : "exp off");
  return 0;
}
