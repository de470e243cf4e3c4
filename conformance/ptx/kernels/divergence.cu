// Data-dependent loops and branches: lanes of one warp leave loops at different iterations.

// Collatz steps to reach 1, capped; each lane's loop runs a different number of times and leaves
// by a break in divergent code.
extern "C" __global__ void collatz_steps(const unsigned *in, int *steps, int n, int cap) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return; // early exit of the partial last warp
  unsigned long long x = in[i];
  int count = 0;
  while (true) {
    if (x <= 1)
      break;
    if (count == cap) {
      count = -1;
      break;
    }
    x = (x & 1) ? 3 * x + 1 : x / 2;
    ++count;
  }
  steps[i] = count;
}

// Nested divergence: a switch inside a loop with continue and an early return.
extern "C" __global__ void branchy(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  int v = in[i], acc = 0;
  for (int k = 0; k < (v & 15); ++k) {
    if ((k + v) % 5 == 0)
      continue;
    switch ((v >> k) & 3) {
    case 0:
      acc += k;
      break;
    case 1:
      acc ^= v << (k & 7);
      break;
    case 2:
      acc -= 3 * k;
      break;
    default:
      if (acc > 1000) {
        out[i] = -acc;
        return;
      }
      acc = (acc & 0xfffff) * 2; // bounded: no signed overflow
    }
  }
  out[i] = acc;
}
