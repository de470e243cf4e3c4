// The user's own names stay as they are, even when they look like CUDA's: a function, a
// parameter, a member, a namespace-qualified name, and text in comments and strings.
#include <cuda_runtime.h>
#include <cstdio>

namespace mylib {
int cudaMalloc(int bytes) { return bytes; } // not CUDA's
} // namespace mylib

struct Settings {
  int cudaFree = 3;
};

static int cudaCheckAll(int cudaDeviceCount) { return cudaDeviceCount; }

int main() {
  Settings s;
  // cudaMalloc in a comment stays; so does "cudaMalloc" in a string.
  std::printf("cudaMalloc %d %d\n", mylib::cudaMalloc(4), s.cudaFree);
  void *p;
  cudaMalloc(&p, 8); // this one is CUDA's
  return cudaCheckAll(0);
}
