// __syncthreads_count, __syncthreads_and and __syncthreads_or evaluate a predicate over every
// thread of the block (several warps) and give every thread the same answer.
// conform: tags=shared,barriers
// expect: count(t%3==0)=86 and(t<256)=1 and(t<255)=0 or(t==255)=1 or(t>300)=0
// expect: PASS syncthreads_predicates
#include "conform.h"

__global__ void predicates(int *out) {
  int t = threadIdx.x;
  int c = __syncthreads_count(t % 3 == 0);
  int a1 = __syncthreads_and(t < 256);
  int a2 = __syncthreads_and(t < 255);
  int o1 = __syncthreads_or(t == 255);
  int o2 = __syncthreads_or(t > 300);
  // Every thread must agree; thread 0 reports, the others compare.
  __shared__ int disagreements;
  if (t == 0)
    disagreements = 0;
  __syncthreads();
  if (c != 86 || (a1 != 0) != 1 || a2 != 0 || (o1 != 0) != 1 || o2 != 0)
    atomicAdd(&disagreements, 1);
  __syncthreads();
  if (t == 0)
    out[0] = c, out[1] = a1 != 0, out[2] = a2, out[3] = o1 != 0, out[4] = o2,
    out[5] = disagreements;
}

int main() {
  int *d, h[6];
  CHECK(cudaMalloc(&d, sizeof h));
  predicates<<<1, 256>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("count(t%%3==0)=%d and(t<256)=%d and(t<255)=%d or(t==255)=%d or(t>300)=%d\n", h[0],
              h[1], h[2], h[3], h[4]);
  EXPECT(h[5] == 0);
  std::printf("PASS syncthreads_predicates\n");
  return 0;
}
