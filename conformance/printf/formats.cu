// Device printf with the common conversions (%d %u %x %ld %lld %f %.3e %g %s %c %%, widths and
// precision); the buffer is flushed at synchronisation.
// conform: tags=printf
// expect: int -42 unsigned 42 hex ff ll -9000000000 long 123
// expect: float 3.141593 exp 6.022e+23 g 0.0001 str [qiao] char Z 100%
// expect: width [   42][42   ][0042][+3.50]
// expect: PASS formats
#include "conform.h"

__global__ void formats() {
  printf("int %d unsigned %u hex %x ll %lld long %ld\n", -42, 42u, 255, -9000000000LL, 123L);
  printf("float %f exp %.3e g %g str [%s] char %c 100%%\n", 3.14159265, 6.022e23, 0.0001, "qiao",
         'Z');
  printf("width [%5d][%-5d][%04d][%+.2f]\n", 42, 42, 42, 3.5);
}

int main() {
  formats<<<1, 1>>>();
  CHECK_LAUNCH();
  std::printf("PASS formats\n");
  return 0;
}
