/* A stand-in for NVIDIA's libcuda.so.1 in a directory a test program's RPATH names: if the
 * dynamic loader ever picks it instead of Qiao's, the program says so and fails. */
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor)) static void announce(void) {
  fputs("decoy libcuda.so.1 loaded instead of Qiao's\n", stderr);
  fflush(stderr);
  _exit(99);
}

int cuInit(unsigned int flags) {
  (void)flags;
  return 999;
}
