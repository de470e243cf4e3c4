// printf's %s with strings built in device memory at run time, and %.*s-style precision on a
// device string; a loop printing in order within one thread.
// conform: tags=printf,strings
// expect: built on the device: [qiao-42]
// expect: first 4 chars: [qiao]
// expect: line 0
// expect: line 1
// expect: line 2
// expect: PASS device_strings
#include "conform.h"

__global__ void strings() {
  char text[16] = "qiao-";
  int value = 42, at = 5;
  text[at++] = '0' + value / 10;
  text[at++] = '0' + value % 10;
  text[at] = 0;
  printf("built on the device: [%s]\n", text);
  printf("first 4 chars: [%.4s]\n", text);
  for (int i = 0; i < 3; ++i)
    printf("line %d\n", i);
}

int main() {
  strings<<<1, 1>>>();
  CHECK_LAUNCH();
  std::printf("PASS device_strings\n");
  return 0;
}
