// Launches, resets the device, launches again: kernels and device variables outlive
// cudaDeviceReset (CUDA loads the program's modules into the new primary context, and a device
// variable starts again from its initial value). Built with NVIDIA's static runtime too, which
// loads each translation unit with cuLibraryLoadData: libraries outlive the context.
#include "check.h"

#include <vector>

__device__ int launches = 7;
__constant__ float factor = 2.5f;

__global__ void scale(const float *in, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = in[i] * factor;
  if (i == 0)
    ++launches;
}

// One round on a freshly set up device: copies in, launches both ways, checks the results and
// the device variable (`expected` after the round's two launches).
static int round(const char *name, int expected) {
  const int n = 300;
  std::vector<float> in(n), out(n);
  for (int i = 0; i < n; ++i)
    in[i] = float(i);
  float *din, *dout;
  CHECK(cudaMalloc(&din, n * sizeof(float)));
  CHECK(cudaMalloc(&dout, n * sizeof(float)));
  CHECK(cudaMemcpy(din, in.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  scale<<<(n + 127) / 128, 128>>>(din, dout, n);
  CHECK(cudaGetLastError());
  int count = n;
  void *args[] = {&din, &dout, &count};
  CHECK(cudaLaunchKernel((const void *)scale, dim3(3), dim3(128), args, 0, nullptr));
  CHECK(cudaMemcpy(out.data(), dout, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i)
    EXPECT(out[i] == 2.5f * float(i));
  int seen = 0;
  CHECK(cudaMemcpyFromSymbol(&seen, launches, sizeof seen));
  EXPECT(seen == expected);
  cudaFuncAttributes attributes;
  CHECK(cudaFuncGetAttributes(&attributes, scale));
  EXPECT(attributes.maxThreadsPerBlock >= 128);
  CHECK(cudaFree(din));
  CHECK(cudaFree(dout));
  std::printf("%s ok: launches %d\n", name, seen);
  return 0;
}

int main() {
  if (round("before reset", 9))
    return 1;
  CHECK(cudaDeviceReset());
  if (round("after reset", 9))
    return 1;
  // A reset before anything else runs in the new context, then one with work still queued.
  CHECK(cudaDeviceReset());
  CHECK(cudaDeviceReset());
  float *scratch;
  CHECK(cudaMalloc(&scratch, 1024 * sizeof(float)));
  scale<<<8, 128>>>(scratch, scratch, 1024);
  CHECK(cudaDeviceReset());
  if (round("after three resets", 9))
    return 1;
  std::printf("PASS reset_relaunch\n");
  return 0;
}
