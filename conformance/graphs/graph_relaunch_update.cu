// A graph executed many times sees the memory as it is at each launch;
// cudaGraphExecKernelNodeSetParams changes a kernel node's argument in the executable graph
// without rebuilding it.
// conform: tags=graphs,explicit,update
// expect: 10 launches accumulated 10 x 5 = 50
// expect: after updating the node's argument to 7: 57
// expect: PASS graph_relaunch_update
#include "conform.h"

__global__ void addValue(int *p, int v) { *p += v; }

int main() {
  int *d, h = 0;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  cudaGraph_t g;
  CHECK(cudaGraphCreate(&g, 0));
  int five = 5;
  void *args[] = {&d, &five};
  cudaKernelNodeParams kp = {};
  kp.func = (void *)addValue;
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(1);
  kp.kernelParams = args;
  cudaGraphNode_t node;
  CHECK(cudaGraphAddKernelNode(&node, g, nullptr, 0, &kp));
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, g, 0));
  for (int i = 0; i < 10; ++i)
    CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("10 launches accumulated 10 x 5 = %d\n", h);
  int seven = 7;
  void *args7[] = {&d, &seven};
  kp.kernelParams = args7;
  CHECK(cudaGraphExecKernelNodeSetParams(exec, node, &kp));
  CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("after updating the node's argument to 7: %d\n", h);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(g));
  std::printf("PASS graph_relaunch_update\n");
  return 0;
}
