// Device printf output reaches stdout at synchronisation points, as CUDA's printf FIFO does: what
// the host prints between a launch and the next synchronisation comes first. The program captures
// its own stdout in a file to check the order.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

__global__ void hello(int value) { printf("device says %d\n", value); }

int main() {
  char path[] = "/tmp/qiao-printf-order-XXXXXX";
  int file = mkstemp(path);
  int saved = dup(1);
  std::fflush(stdout);
  dup2(file, 1);
  hello<<<1, 1>>>(42);
  std::printf("host line after the launch\n");
  std::fflush(stdout);
  cudaError_t status = cudaDeviceSynchronize();
  std::fflush(stdout);
  dup2(saved, 1);
  std::string text;
  char buffer[256];
  FILE *in = std::fopen(path, "r");
  while (in && std::fgets(buffer, sizeof buffer, in))
    text += buffer;
  if (in)
    std::fclose(in);
  unlink(path);
  std::size_t host = text.find("host line after the launch");
  std::size_t device = text.find("device says 42");
  if (status != cudaSuccess || host == std::string::npos || device == std::string::npos ||
      device < host) {
    std::printf("FAIL printf_order: status %s, captured:\n%s", cudaGetErrorName(status),
                text.c_str());
    return 1;
  }
  std::printf("PASS printf_order\n");
  return 0;
}
