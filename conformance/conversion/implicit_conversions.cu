// Conversions C++ performs implicitly in device code: float to int truncates toward zero,
// int to float rounds to nearest even, double to float rounds to nearest, char and bool
// promotions, and unsigned/signed comparisons.
// conform: tags=conversion,cxx
// expect: (int)-2.9f=-2 (int)2.9f=2 (float)16777217=16777216 (float)0.1=0.100000001
// expect: (unsigned char)-1=255 (bool)0.5=1 -1<1u=0 (long long)-1.5=-1
// expect: PASS implicit_conversions
#include "conform.h"

__global__ void convert(double *o, float a, int big, double tenth, int minusOne) {
  o[0] = (int)-a;
  o[1] = (int)a;
  o[2] = (float)big;
  o[3] = (float)tenth;
  o[4] = (unsigned char)minusOne;
  o[5] = (bool)(a - 2.4f);
  o[6] = minusOne < 1u;
  o[7] = (long long)(minusOne * 1.5);
}

int main() {
  double *d, h[8];
  CHECK(cudaMalloc(&d, sizeof h));
  convert<<<1, 1>>>(d, 2.9f, 16777217, 0.1, -1);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("(int)-2.9f=%.0f (int)2.9f=%.0f (float)16777217=%.0f (float)0.1=%.9g\n", h[0], h[1],
              h[2], h[3]);
  std::printf("(unsigned char)-1=%.0f (bool)0.5=%.0f -1<1u=%.0f (long long)-1.5=%.0f\n", h[4], h[5],
              h[6], h[7]);
  std::printf("PASS implicit_conversions\n");
  return 0;
}
