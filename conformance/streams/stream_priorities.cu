// Stream priorities: the range has greatest <= least (lower numbers are higher priority); a
// stream created with a priority outside the range gets it clamped into the range.
// conform: tags=streams,priorities
// expect: range ok, requested priorities clamped into it
// expect: PASS stream_priorities
#include "conform.h"

int main() {
  int least = 0, greatest = 0;
  CHECK(cudaDeviceGetStreamPriorityRange(&least, &greatest));
  EXPECT(greatest <= least);
  cudaStream_t high, low, beyond;
  CHECK(cudaStreamCreateWithPriority(&high, cudaStreamNonBlocking, greatest));
  CHECK(cudaStreamCreateWithPriority(&low, cudaStreamDefault, least));
  CHECK(cudaStreamCreateWithPriority(&beyond, cudaStreamDefault, greatest - 100));
  int p = 12345;
  CHECK(cudaStreamGetPriority(high, &p));
  EXPECT(p == greatest);
  CHECK(cudaStreamGetPriority(low, &p));
  EXPECT(p == least);
  CHECK(cudaStreamGetPriority(beyond, &p));
  EXPECT(p == greatest);
  unsigned flags = 99;
  CHECK(cudaStreamGetFlags(high, &flags));
  EXPECT(flags == cudaStreamNonBlocking);
  CHECK(cudaStreamGetFlags(low, &flags));
  EXPECT(flags == cudaStreamDefault);
  std::printf("range ok, requested priorities clamped into it\n");
  for (cudaStream_t s : {high, low, beyond})
    CHECK(cudaStreamDestroy(s));
  std::printf("PASS stream_priorities\n");
  return 0;
}
