// Explicit graph nodes beyond kernels: a 1D memcpy node uploads, two kernels run after it, an
// empty node joins them, and a memcpy node downloads after the join.
// conform: tags=graphs,explicit,copy
// expect: uploaded 1..64, both kernels ran before the download: sum 2080 + 64 * 100 = 8480
// expect: PASS memcpy_and_empty_nodes
#include "conform.h"

__global__ void addToHalf(int *v, int offset, int value) { v[offset + threadIdx.x] += value; }

int main() {
  int h[64], back[64], *d;
  for (int i = 0; i < 64; ++i)
    h[i] = i + 1;
  CHECK(cudaMalloc(&d, sizeof h));
  cudaGraph_t g;
  CHECK(cudaGraphCreate(&g, 0));
  cudaGraphNode_t upload, low, high, join, download;
  CHECK(cudaGraphAddMemcpyNode1D(&upload, g, nullptr, 0, d, h, sizeof h, cudaMemcpyHostToDevice));
  int zero = 0, half = 32, hundred = 100;
  void *lowArgs[] = {&d, &zero, &hundred}, *highArgs[] = {&d, &half, &hundred};
  cudaKernelNodeParams kp = {};
  kp.func = (void *)addToHalf;
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(32);
  kp.kernelParams = lowArgs;
  CHECK(cudaGraphAddKernelNode(&low, g, &upload, 1, &kp));
  kp.kernelParams = highArgs;
  CHECK(cudaGraphAddKernelNode(&high, g, &upload, 1, &kp));
  cudaGraphNode_t both[] = {low, high};
  CHECK(cudaGraphAddEmptyNode(&join, g, both, 2));
  CHECK(cudaGraphAddMemcpyNode1D(&download, g, &join, 1, back, d, sizeof back,
                                 cudaMemcpyDeviceToHost));
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, g, 0));
  CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaDeviceSynchronize());
  int sum = 0;
  for (int i = 0; i < 64; ++i) {
    EXPECT(back[i] == i + 101);
    sum += back[i];
  }
  std::printf("uploaded 1..64, both kernels ran before the download: sum 2080 + 64 * 100 = %d\n",
              sum);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(g));
  std::printf("PASS memcpy_and_empty_nodes\n");
  return 0;
}
