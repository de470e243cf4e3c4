// Capture across streams: an event recorded in the origin stream and waited on by a second
// stream forks the capture; joining back makes one graph with both branches, which runs both.
// conform: tags=graphs,capture,events
// expect: forked capture ran both branches: a=11 b=22, graph has 3 nodes
// expect: PASS capture_multi_stream
#include "conform.h"

__global__ void set(int *p, int v) { *p = v; }
__global__ void addBoth(int *a, int *b) {
  *a += 1;
  *b += 2;
}

int main() {
  int *d, h[2];
  CHECK(cudaMalloc(&d, sizeof h));
  cudaStream_t s1, s2;
  CHECK(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
  CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
  cudaEvent_t fork, join;
  CHECK(cudaEventCreateWithFlags(&fork, cudaEventDisableTiming));
  CHECK(cudaEventCreateWithFlags(&join, cudaEventDisableTiming));
  CHECK(cudaStreamBeginCapture(s1, cudaStreamCaptureModeGlobal));
  CHECK(cudaEventRecord(fork, s1));
  CHECK(cudaStreamWaitEvent(s2, fork, 0));
  set<<<1, 1, 0, s1>>>(d, 10);
  set<<<1, 1, 0, s2>>>(d + 1, 20);
  CHECK(cudaEventRecord(join, s2));
  CHECK(cudaStreamWaitEvent(s1, join, 0));
  addBoth<<<1, 1, 0, s1>>>(d, d + 1);
  cudaGraph_t g;
  CHECK(cudaStreamEndCapture(s1, &g));
  size_t nodes = 0;
  CHECK(cudaGraphGetNodes(g, nullptr, &nodes));
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, g, 0));
  CHECK(cudaGraphLaunch(exec, s1));
  CHECK(cudaStreamSynchronize(s1));
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("forked capture ran both branches: a=%d b=%d, graph has %zu nodes\n", h[0], h[1],
              nodes);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(g));
  std::printf("PASS capture_multi_stream\n");
  return 0;
}
