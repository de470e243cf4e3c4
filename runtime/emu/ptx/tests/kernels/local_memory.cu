// Kernels whose threads keep arrays in local memory (ld.local / st.local on a depot nvcc
// declares), for the tests that run them interpreted and compiled.

// Per-thread counts indexed by the data: the index is known only at run time, so the array lives
// in local memory.
extern "C" __global__ void localCounts(unsigned *out, const unsigned *in, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n)
    return;
  unsigned counts[16];
  for (int i = 0; i < 16; ++i)
    counts[i] = 0;
  unsigned v = in[t];
  for (int i = 0; i < 8; ++i)
    counts[(v >> (4 * i)) & 15] += i + 1;
  for (int i = 0; i < 16; ++i)
    out[t * 16 + i] = counts[i];
}

// sinf and cosf without -use_fast_math: arguments past about 105615 take the library's exact
// reduction, which keeps the product of the argument and 2/pi in a local array.
extern "C" __global__ void sines(float *out, const float *in, int n) {
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= n)
    return;
  float x = in[t];
  out[t] = sinf(x);
  out[n + t] = cosf(x);
}
