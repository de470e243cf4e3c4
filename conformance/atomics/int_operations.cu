// Every 32-bit integer atomic: add, sub, exch, min, max (signed and unsigned), inc and dec with
// their wrap-around rules, and, or, xor, and CAS; 256 threads hit one word each.
// conform: tags=atomics,integer
// expect: add 32640 sub -32640 min -128 max 127 umax 255
// expect: inc wraps to 0 at 100: 56 dec: 44
// expect: and 0x00000000 or 0x000000ff xor 0x00000000
// expect: cas winners 1, exch saw 255 distinct values
// expect: PASS int_operations
#include "conform.h"

struct Results {
  int add, sub, min, max;
  unsigned umax, inc, dec, andBits, orBits, xorBits;
  int casWinners;
  int exchSeen[256];
  int exchLast;
};

__global__ void hammer(Results *r) {
  int t = threadIdx.x;
  atomicAdd(&r->add, t);
  atomicSub(&r->sub, t);
  atomicMin(&r->min, t - 128);
  atomicMax(&r->max, t - 128);
  atomicMax(&r->umax, (unsigned)t);
  atomicInc(&r->inc, 99u); // ((old >= 99) ? 0 : old + 1): 256 increments from 0 end at 56
  atomicDec(&r->dec, 99u); // ((old == 0 || old > 99) ? 99 : old - 1): from 0, 256 decrements
  atomicAnd(&r->andBits, ~(1u << (t % 32)));
  atomicOr(&r->orBits, 1u << (t % 8));
  atomicXor(&r->xorBits, 1u << (t % 32)); // every bit flipped 8 times
  if (atomicCAS(&r->casWinners, 0, 1) == 0)
    atomicAdd(&r->casWinners, 0);
  int old = atomicExch(&r->exchLast, t);
  r->exchSeen[t] = old;
}

int main() {
  Results h = {};
  h.min = 1000, h.max = -1000, h.andBits = 0xFFFFFFFFu, h.exchLast = -1;
  Results *d;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemcpy(d, &h, sizeof h, cudaMemcpyHostToDevice));
  hammer<<<1, 256>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("add %d sub %d min %d max %d umax %u\n", h.add, h.sub, h.min, h.max, h.umax);
  std::printf("inc wraps to 0 at 100: %u dec: %u\n", h.inc, h.dec);
  std::printf("and 0x%08x or 0x%08x xor 0x%08x\n", h.andBits, h.orBits, h.xorBits);
  // The exchanges form a chain: every old value except one (the initial -1) is some thread's id,
  // each seen once.
  int seen[256] = {}, distinct = 0, initial = 0;
  for (int t = 0; t < 256; ++t) {
    if (h.exchSeen[t] == -1)
      ++initial;
    else if (h.exchSeen[t] >= 0 && h.exchSeen[t] < 256 && seen[h.exchSeen[t]]++ == 0)
      ++distinct;
  }
  EXPECT(initial == 1);
  std::printf("cas winners %d, exch saw %d distinct values\n", h.casWinners, distinct);
  std::printf("PASS int_operations\n");
  return 0;
}
