// A program that links cuFFT, which Qiao does not provide: under qiao-run it must stop before
// main with one message naming the library (shim/missing), never reach its own output.
#include <cstdio>
#include <cufft.h>

int main() {
  cufftHandle plan;
  cufftResult result = cufftPlan1d(&plan, 256, CUFFT_C2C, 1);
  std::printf("cufftPlan1d -> %d\n", int(result));
  cufftDestroy(plan);
  return 0;
}
