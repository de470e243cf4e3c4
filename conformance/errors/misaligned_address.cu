// A misaligned 4-byte load in a kernel ends the kernel with cudaErrorMisalignedAddress, which is
// sticky like every kernel fault.
// conform: tags=errors,faults,sticky
// expect: misaligned load -> cudaErrorMisalignedAddress
// expect: afterwards -> cudaErrorMisalignedAddress
// expect: PASS misaligned_address
#include "conform.h"

__global__ void loadAt(const char *base, int offset, int *out) {
  *out = *reinterpret_cast<const int *>(base + offset);
}

int main() {
  char *buffer;
  int *out;
  CHECK(cudaMalloc(&buffer, 64));
  CHECK(cudaMalloc(&out, sizeof(int)));
  loadAt<<<1, 1>>>(buffer, 1, out);
  std::printf("misaligned load -> %s\n", cudaGetErrorName(cudaDeviceSynchronize()));
  std::printf("afterwards -> %s\n", cudaGetErrorName(cudaMemset(out, 0, 4)));
  std::printf("PASS misaligned_address\n");
  return 0;
}
