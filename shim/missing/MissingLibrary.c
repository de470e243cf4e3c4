/* A stand-in for a CUDA library Qiao does not provide (libraries.txt): the program that needs it
 * loads it instead of failing in the dynamic loader, and its constructor, which runs before the
 * program's own code, says which library is missing and ends the program with
 * QIAO_MISSING_LIBRARY_EXIT. Its only symbol stands at the library's version node, so that the
 * loader accepts the program's versioned references before the constructor runs. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Documented in docs/cuda-binaries.md; sysexits.h's EX_UNAVAILABLE. */
#define QIAO_MISSING_LIBRARY_EXIT 69

__attribute__((visibility("default"))) const char qiao_missing_library[] = QIAO_SONAME;

__attribute__((constructor)) static void refuseToRun(void) {
  fprintf(stderr, "qiao: %s (%s) is not provided by Qiao yet; this program cannot run on Qiao\n",
          QIAO_SONAME, QIAO_PRODUCT);
  fflush(stderr);
  _exit(QIAO_MISSING_LIBRARY_EXIT);
}
