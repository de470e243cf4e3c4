// Device printf output of a kernel appears before host output that follows its synchronisation,
// and kernels' outputs appear in launch order.
// conform: tags=printf,ordering
// expect: host before
// expect: kernel 1
// expect: kernel 2
// expect: host after
// expect: PASS ordered_with_host
#include "conform.h"

__global__ void say(int n) { printf("kernel %d\n", n); }

int main() {
  std::printf("host before\n");
  std::fflush(stdout);
  say<<<1, 1>>>(1);
  say<<<1, 1>>>(2);
  CHECK_LAUNCH();
  std::printf("host after\n");
  std::printf("PASS ordered_with_host\n");
  return 0;
}
