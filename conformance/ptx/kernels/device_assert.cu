#include <cassert>

// A failing device assert ends the kernel with cudaErrorAssert (710).
extern "C" __global__ void assert_not_13(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    assert(in[i] != 13);
    out[i] = in[i] + 1;
  }
}
