// The device runtime's copies and questions (CUDA Programming Guide, CUDA Dynamic Parallelism,
// device-side API): cudaMemcpyAsync and cudaMemsetAsync from device code take their place in the
// stream among the grids launched into it (a copy after a child sees what the child wrote, a
// child after a fill sees the fill); device code reads the device's attributes and limits as the
// host does.
// conform: tags=launch,dynamic-parallelism nvcc=-rdc=true libs=cudadevrt
// expect: copy after child: copied[0] = 5, copied[255] = 1280
// expect: fill before child: filled[0] = 0x1010102, filled[255] = 0x1010102
// expect: device code sees warp size 32 and the host's stack limit
// expect: PASS device_side_copies
#include "conform.h"

__global__ void scale(int *data, int factor) { data[threadIdx.x] *= factor; }
__global__ void increment(int *data) { data[threadIdx.x] += 1; }

__global__ void parent(int *in, int *copied, int *filled, int *answers, size_t *stack) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  in[i] = i + 1;
  __syncthreads();
  if (threadIdx.x != 0)
    return;
  int offset = blockIdx.x * blockDim.x;
  scale<<<1, blockDim.x>>>(in + offset, 5);
  cudaMemcpyAsync(copied + offset, in + offset, blockDim.x * sizeof(int), cudaMemcpyDeviceToDevice,
                  0);
  cudaMemsetAsync(filled + offset, 1, blockDim.x * sizeof(int), 0);
  increment<<<1, blockDim.x>>>(filled + offset);
  if (blockIdx.x == 0) {
    answers[0] = cudaDeviceGetAttribute(&answers[1], cudaDevAttrWarpSize, 0);
    answers[2] = cudaDeviceGetLimit(stack, cudaLimitStackSize);
    answers[3] = cudaGetLastError();
  }
}

int main() {
  const int blocks = 4, threads = 64, n = blocks * threads;
  int *in, *copied, *filled, *answers, hc[n], hf[n], ha[4];
  size_t *stack, deviceStack = 0, hostStack = 0;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&copied, n * sizeof(int)));
  CHECK(cudaMalloc(&filled, n * sizeof(int)));
  CHECK(cudaMalloc(&answers, sizeof ha));
  CHECK(cudaMalloc(&stack, sizeof *stack));
  parent<<<blocks, threads>>>(in, copied, filled, answers, stack);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hc, copied, sizeof hc, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hf, filled, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(ha, answers, sizeof ha, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&deviceStack, stack, sizeof deviceStack, cudaMemcpyDeviceToHost));
  CHECK(cudaDeviceGetLimit(&hostStack, cudaLimitStackSize));
  for (int i = 0; i < n; ++i) {
    EXPECT(hc[i] == 5 * (i + 1));
    EXPECT(hf[i] == 0x01010101 + 1);
  }
  EXPECT(ha[0] == cudaSuccess && ha[1] == 32 && ha[2] == cudaSuccess && ha[3] == cudaSuccess);
  EXPECT(deviceStack == hostStack);
  std::printf("copy after child: copied[0] = %d, copied[%d] = %d\n", hc[0], n - 1, hc[n - 1]);
  std::printf("fill before child: filled[0] = %#x, filled[%d] = %#x\n", hf[0], n - 1, hf[n - 1]);
  std::printf("device code sees warp size %d and the host's stack limit\n", ha[1]);
  std::printf("PASS device_side_copies\n");
  return 0;
}
