// Stream capture: a memset, two kernels and a copy captured into a graph, instantiated once and
// launched three times; nothing runs during capture; the capture status is reported.
// conform: tags=graphs,capture,streams
// expect: capturing: status 1, nothing ran yet: 0
// expect: after 3 launches: 6 6 6 ... 6 (256 values)
// expect: PASS stream_capture
#include "conform.h"

__global__ void addThree(int *v) { v[threadIdx.x] += 3; }

int main() {
  int *d, *h;
  CHECK(cudaMalloc(&d, 256 * sizeof(int)));
  CHECK(cudaMallocHost(&h, 256 * sizeof(int)));
  CHECK(cudaMemset(d, 0, 256 * sizeof(int)));
  for (int i = 0; i < 256; ++i)
    h[i] = -1;
  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  cudaGraph_t graph;
  CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
  CHECK(cudaMemsetAsync(d, 0, 256 * sizeof(int), s));
  addThree<<<1, 256, 0, s>>>(d);
  addThree<<<1, 256, 0, s>>>(d);
  CHECK(cudaMemcpyAsync(h, d, 256 * sizeof(int), cudaMemcpyDeviceToHost, s));
  cudaStreamCaptureStatus status;
  CHECK(cudaStreamIsCapturing(s, &status));
  std::printf("capturing: status %d, nothing ran yet: %d\n", (int)status, h[0] + 1);
  CHECK(cudaStreamEndCapture(s, &graph));
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  for (int i = 0; i < 3; ++i)
    CHECK(cudaGraphLaunch(exec, s));
  CHECK(cudaStreamSynchronize(s));
  for (int i = 0; i < 256; ++i)
    EXPECT(h[i] == 6);
  std::printf("after 3 launches: %d %d %d ... %d (256 values)\n", h[0], h[1], h[2], h[255]);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(graph));
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS stream_capture\n");
  return 0;
}
