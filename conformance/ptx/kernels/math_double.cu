// Double-precision math: out[f * n + i] for f = sqrt, division, fma, sin, exp, log, cos.
extern "C" __global__ void math_f64(const double *x, const double *y, double *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  double a = x[i], b = y[i];
  double *o = out + i;
  o[0 * n] = sqrt(fabs(a));
  o[1 * n] = a / b;
  o[2 * n] = fma(a, b, a);
  o[3 * n] = sin(a);
  o[4 * n] = exp(a * 0.5);
  o[5 * n] = log(fabs(a) + 1e-3);
  o[6 * n] = cos(a);
}
