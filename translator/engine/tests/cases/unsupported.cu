// APIs without a Qiao counterpart stay in place behind a marker comment, reported once each.
#include <cuda_runtime.h>

int main() {
  cudaGraph_t graph;
  cudaGraphCreate(&graph, 0);
  cudaGraphDestroy(graph);
  void *p;
  cudaMalloc(&p, 16);
  return 0;
}
