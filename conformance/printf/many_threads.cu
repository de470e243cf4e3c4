// printf from every thread of two blocks: each line arrives whole (lines from concurrently
// running threads may come in any order).
// conform: tags=printf,concurrency
// expect-sorted: block 0 thread 0 value 0
// expect-sorted: block 0 thread 1 value 10
// expect-sorted: block 0 thread 2 value 20
// expect-sorted: block 1 thread 0 value 1000
// expect-sorted: block 1 thread 1 value 1010
// expect-sorted: block 1 thread 2 value 1020
// expect: PASS many_threads
#include "conform.h"

__global__ void report() {
  printf("block %d thread %d value %d\n", blockIdx.x, threadIdx.x,
         blockIdx.x * 1000 + threadIdx.x * 10);
}

int main() {
  report<<<2, 3>>>();
  CHECK_LAUNCH();
  std::printf("PASS many_threads\n");
  return 0;
}
