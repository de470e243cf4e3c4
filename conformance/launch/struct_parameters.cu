// Kernel parameters of every size: a large struct by value (arrays, mixed alignment), doubles,
// chars and 64-bit values in one argument list.
// conform: tags=launch,parameters
// expect: struct sum 3141, tail c=x d=2.25 ll=-9000000000
// expect: PASS struct_parameters
#include "conform.h"

struct Big {
  char tag;
  double scale;
  int values[200];
  short last;
};

__global__ void consume(Big big, char c, double d, long long ll, long long *out) {
  long long sum = 0;
  for (int i = 0; i < 200; ++i)
    sum += big.values[i];
  out[0] = sum + big.last + (long long)big.scale + big.tag;
  out[1] = c;
  out[2] = (long long)(d * 100);
  out[3] = ll;
}

int main() {
  Big big{};
  big.tag = 1;
  big.scale = 40.0;
  for (int i = 0; i < 200; ++i)
    big.values[i] = 15;
  big.last = 100;
  long long *out, h[4];
  CHECK(cudaMalloc(&out, sizeof h));
  consume<<<1, 1>>>(big, 'x', 2.25, -9000000000LL, out);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("struct sum %lld, tail c=%c d=%.2f ll=%lld\n", h[0], (char)h[1], h[2] / 100.0, h[3]);
  EXPECT(h[0] == 3141 && h[1] == 'x' && h[2] == 225 && h[3] == -9000000000LL);
  std::printf("PASS struct_parameters\n");
  return 0;
}
