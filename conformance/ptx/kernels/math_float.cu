// Single-precision math as nvcc compiles it without fast-math: out[f * n + i] holds function f
// (in the order listed) applied to x[i] (and y[i] for the two-argument ones).
extern "C" __global__ void math_f32(const float *x, const float *y, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  float a = x[i], b = y[i];
  float *o = out + i;
  o[0 * n] = sqrtf(fabsf(a));
  o[1 * n] = a / b;
  o[2 * n] = fmaf(a, b, a);
  o[3 * n] = expf(a * 0.5f);
  o[4 * n] = logf(fabsf(a) + 1e-3f);
  o[5 * n] = sinf(a);
  o[6 * n] = cosf(a);
  o[7 * n] = tanhf(a * 0.25f);
  o[8 * n] = powf(fabsf(a) * 0.1f + 0.01f, b * 0.25f);
  o[9 * n] = rsqrtf(fabsf(a) + 0.5f);
  o[10 * n] = __fdividef(a, b);
  o[11 * n] = a * b + 1.0f; // contracted to fma
}
