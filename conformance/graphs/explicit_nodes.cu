// A graph built node by node: a memset node, two kernel nodes that both depend on it, a join
// kernel that depends on both, and a host node last; the node count and edges are as added.
// conform: tags=graphs,explicit
// expect: 5 nodes, 5 edges
// expect: host node saw the join's result: 2 * (10 + 20) = 60
// expect: PASS explicit_nodes
#include "conform.h"

__global__ void setAt(int *v, int i, int value) { v[i] = value; }
__global__ void join(int *v) { v[2] = 2 * (v[0] + v[1]); }

static int seen = -1;
void CUDART_CB readBack(void *p) { seen = static_cast<int *>(p)[2]; }

int main() {
  int *d, *h;
  CHECK(cudaMalloc(&d, 3 * sizeof(int)));
  CHECK(cudaHostAlloc(&h, 3 * sizeof(int), cudaHostAllocMapped));
  int *hd;
  CHECK(cudaHostGetDevicePointer((void **)&hd, h, 0));
  cudaGraph_t g;
  CHECK(cudaGraphCreate(&g, 0));
  cudaGraphNode_t memset, a, b, j, host;
  cudaMemsetParams mp = {};
  mp.dst = hd;
  mp.value = 0;
  mp.elementSize = 4;
  mp.width = 3;
  mp.height = 1;
  CHECK(cudaGraphAddMemsetNode(&memset, g, nullptr, 0, &mp));
  int i0 = 0, v0 = 10, i1 = 1, v1 = 20;
  void *argsA[] = {&hd, &i0, &v0}, *argsB[] = {&hd, &i1, &v1}, *argsJ[] = {&hd};
  cudaKernelNodeParams kp = {};
  kp.func = (void *)setAt;
  kp.gridDim = dim3(1);
  kp.blockDim = dim3(1);
  kp.kernelParams = argsA;
  CHECK(cudaGraphAddKernelNode(&a, g, &memset, 1, &kp));
  kp.kernelParams = argsB;
  CHECK(cudaGraphAddKernelNode(&b, g, &memset, 1, &kp));
  kp.func = (void *)join;
  kp.kernelParams = argsJ;
  cudaGraphNode_t both[] = {a, b};
  CHECK(cudaGraphAddKernelNode(&j, g, both, 2, &kp));
  cudaHostNodeParams hp = {readBack, h};
  CHECK(cudaGraphAddHostNode(&host, g, &j, 1, &hp));
  size_t nodes = 0, edges = 0;
  CHECK(cudaGraphGetNodes(g, nullptr, &nodes));
  CHECK(cudaGraphGetEdges(g, nullptr, nullptr, nullptr, &edges));
  std::printf("%zu nodes, %zu edges\n", nodes, edges);
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, g, 0));
  CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaDeviceSynchronize());
  std::printf("host node saw the join's result: 2 * (10 + 20) = %d\n", seen);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(g));
  std::printf("PASS explicit_nodes\n");
  return 0;
}
