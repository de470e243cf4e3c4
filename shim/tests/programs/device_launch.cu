// Dynamic parallelism: one thread of each block launches a child grid that reads what the block
// wrote before the launch, two launches into a stream the block created run in order (the second
// reads what the first wrote), and a launch through cudaGetParameterBuffer/cudaLaunchDevice. The
// host reads every child's output once the parent's grid has completed (a parent is complete only
// when its children are).
#include "check.h"

constexpr int kBlocks = 24, kThreads = 64;

__global__ void doubleAndAddOne(const int *in, int *out) {
  out[threadIdx.x] = in[threadIdx.x] * 2 + 1;
}

__global__ void storeSeven(int *slot) { *slot = 7; }
__global__ void addToPrevious(int *slot) { slot[1] = slot[0] + 10; }

__global__ void scaleBy(int *out, int factor) { out[threadIdx.x] *= factor; }

__global__ void parent(int *in, int *out, int *ordered, int *direct, int *errors) {
  int base = blockIdx.x * kThreads;
  in[base + threadIdx.x] = blockIdx.x * 1000 + threadIdx.x;
  __syncthreads(); // the child sees the whole block's writes
  if (threadIdx.x != 0)
    return;
  doubleAndAddOne<<<1, kThreads>>>(in + base, out + base);
  cudaStream_t stream;
  int created = cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
  storeSeven<<<1, 1, 0, stream>>>(ordered + 2 * blockIdx.x);
  addToPrevious<<<1, 1, 0, stream>>>(ordered + 2 * blockIdx.x);
  int destroyed = cudaStreamDestroy(stream);
  // The parameter buffer holds the arguments as the kernel's parameters are laid out.
  void *buffer = cudaGetParameterBuffer(alignof(int *), sizeof(int *) + sizeof(int));
  int launched = cudaErrorMemoryAllocation;
  if (buffer) {
    direct[blockIdx.x] = blockIdx.x;
    *static_cast<int **>(buffer) = direct + blockIdx.x;
    *reinterpret_cast<int *>(static_cast<char *>(buffer) + sizeof(int *)) = 3;
    launched = cudaLaunchDevice((void *)scaleBy, buffer, dim3(1), dim3(1), 0, 0);
  }
  errors[blockIdx.x] = created | destroyed | launched | cudaGetLastError();
}

int main() {
  int *in, *out, *ordered, *direct, *errors;
  CHECK(cudaMalloc(&in, kBlocks * kThreads * sizeof(int)));
  CHECK(cudaMalloc(&out, kBlocks * kThreads * sizeof(int)));
  CHECK(cudaMalloc(&ordered, 2 * kBlocks * sizeof(int)));
  CHECK(cudaMalloc(&direct, kBlocks * sizeof(int)));
  CHECK(cudaMalloc(&errors, kBlocks * sizeof(int)));
  CHECK(cudaMemset(out, 0, kBlocks * kThreads * sizeof(int)));
  parent<<<kBlocks, kThreads>>>(in, out, ordered, direct, errors);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());

  static int h[kBlocks * kThreads], o[2 * kBlocks], d[kBlocks], e[kBlocks];
  CHECK(cudaMemcpy(h, out, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(o, ordered, sizeof o, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(d, direct, sizeof d, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(e, errors, sizeof e, cudaMemcpyDeviceToHost));
  for (int b = 0; b < kBlocks; ++b) {
    EXPECT(e[b] == cudaSuccess);
    for (int t = 0; t < kThreads; ++t)
      EXPECT(h[b * kThreads + t] == (b * 1000 + t) * 2 + 1);
    EXPECT(o[2 * b] == 7 && o[2 * b + 1] == 17);
    EXPECT(d[b] == 3 * b);
  }
  std::printf("children of %d blocks ok: out[%d] = %d\n", kBlocks, kBlocks * kThreads - 1,
              h[kBlocks * kThreads - 1]);
  std::printf("device stream in order: %d then %d\n", o[0], o[1]);
  std::printf("cudaLaunchDevice ok: direct[5] = %d\n", d[5]);
  std::printf("PASS device_launch\n");
  return 0;
}
