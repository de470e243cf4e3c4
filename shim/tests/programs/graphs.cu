// CUDA graphs: a capture that forks into a second stream and joins back through events, replayed
// several times; an explicit graph of memset, kernel, copy and host nodes with dependencies;
// what a capture refuses (synchronising the capturing stream invalidates it).
#include "check.h"

#include <vector>

__global__ void axpy(float a, const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] += a * x[i];
}

__global__ void scale(float *y, float factor, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] *= factor;
}

static int hostRuns = 0;
static void CUDART_CB countRun(void *) { ++hostRuns; }

int main() {
  const int n = 4096;
  std::vector<float> hx(n), hy(n);
  for (int i = 0; i < n; ++i)
    hx[i] = float(i % 7);
  float *x, *y, *z;
  CHECK(cudaMalloc(&x, n * sizeof(float)));
  CHECK(cudaMalloc(&y, n * sizeof(float)));
  CHECK(cudaMalloc(&z, n * sizeof(float)));
  CHECK(cudaMemcpy(x, hx.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemset(y, 0, n * sizeof(float)));
  CHECK(cudaMemset(z, 0, n * sizeof(float)));

  cudaStream_t main, side;
  CHECK(cudaStreamCreateWithFlags(&main, cudaStreamNonBlocking));
  CHECK(cudaStreamCreateWithFlags(&side, cudaStreamNonBlocking));
  cudaEvent_t fork, join;
  CHECK(cudaEventCreateWithFlags(&fork, cudaEventDisableTiming));
  CHECK(cudaEventCreateWithFlags(&join, cudaEventDisableTiming));

  // Capture: main does y += 2x, side does z += x, main waits for side and adds y += 1x.
  cudaStreamCaptureStatus status;
  CHECK(cudaStreamIsCapturing(main, &status));
  EXPECT(status == cudaStreamCaptureStatusNone);
  CHECK(cudaStreamBeginCapture(main, cudaStreamCaptureModeGlobal));
  CHECK(cudaStreamIsCapturing(main, &status));
  EXPECT(status == cudaStreamCaptureStatusActive);
  unsigned long long id = 0;
  CHECK(cudaStreamGetCaptureInfo(main, &status, &id));
  EXPECT(status == cudaStreamCaptureStatusActive && id != 0);
  axpy<<<n / 256, 256, 0, main>>>(2.0f, x, y, n);
  CHECK(cudaEventRecord(fork, main));
  CHECK(cudaStreamWaitEvent(side, fork, 0));
  CHECK(cudaStreamIsCapturing(side, &status));
  EXPECT(status == cudaStreamCaptureStatusActive);
  axpy<<<n / 256, 256, 0, side>>>(1.0f, x, z, n);
  CHECK(cudaEventRecord(join, side));
  CHECK(cudaStreamWaitEvent(main, join, 0));
  axpy<<<n / 256, 256, 0, main>>>(1.0f, x, y, n);
  CHECK(cudaLaunchHostFunc(main, countRun, nullptr));
  cudaGraph_t captured;
  CHECK(cudaStreamEndCapture(main, &captured));
  CHECK(cudaStreamIsCapturing(side, &status));
  EXPECT(status == cudaStreamCaptureStatusNone);
  EXPECT(hostRuns == 0); // recorded, not run
  size_t nodes = 0;
  CHECK(cudaGraphGetNodes(captured, nullptr, &nodes));
  EXPECT(nodes == 4);
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, captured, 0));
  for (int r = 0; r < 5; ++r)
    CHECK(cudaGraphLaunch(exec, main));
  CHECK(cudaStreamSynchronize(main));
  CHECK(cudaMemcpy(hy.data(), y, n * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(hy[6] == 5 * 3 * 6.0f && hostRuns == 5);
  CHECK(cudaMemcpy(hy.data(), z, n * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(hy[13] == 5 * 6.0f);
  std::printf("captured %zu nodes, 5 launches ok\n", nodes);

  // Explicit: memset z to 0, then z += 3x, then z *= 2, then copy z to y and count a run.
  cudaGraph_t built;
  CHECK(cudaGraphCreate(&built, 0));
  cudaMemsetParams clear = {};
  clear.dst = z;
  clear.value = 0;
  clear.elementSize = 4;
  clear.width = n;
  clear.height = 1;
  cudaGraphNode_t clearNode, addNode, scaleNode, copyNode, hostNode;
  CHECK(cudaGraphAddMemsetNode(&clearNode, built, nullptr, 0, &clear));
  float a = 3.0f, factor = 2.0f;
  int count = n;
  void *axpyArgs[] = {&a, &x, &z, &count};
  cudaKernelNodeParams k = {};
  k.func = reinterpret_cast<void *>(axpy);
  k.gridDim = dim3(n / 256);
  k.blockDim = dim3(256);
  k.kernelParams = axpyArgs;
  CHECK(cudaGraphAddKernelNode(&addNode, built, &clearNode, 1, &k));
  a = 100.0f; // arguments are copied when the node is made
  void *scaleArgs[] = {&z, &factor, &count};
  k.func = reinterpret_cast<void *>(scale);
  k.kernelParams = scaleArgs;
  CHECK(cudaGraphAddKernelNode(&scaleNode, built, &addNode, 1, &k));
  CHECK(cudaGraphAddMemcpyNode1D(&copyNode, built, &scaleNode, 1, y, z, n * sizeof(float),
                                 cudaMemcpyDeviceToDevice));
  cudaHostNodeParams host = {countRun, nullptr};
  CHECK(cudaGraphAddHostNode(&hostNode, built, &copyNode, 1, &host));
  cudaGraphNodeType type;
  CHECK(cudaGraphNodeGetType(copyNode, &type));
  EXPECT(type == cudaGraphNodeTypeMemcpy);
  cudaGraphExec_t builtExec;
  CHECK(cudaGraphInstantiateWithFlags(&builtExec, built, 0));
  CHECK(cudaGraphLaunch(builtExec, main));
  CHECK(cudaGraphLaunch(builtExec, main));
  CHECK(cudaStreamSynchronize(main));
  CHECK(cudaMemcpy(hy.data(), y, n * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(hy[6] == 36.0f && hostRuns == 7);
  std::printf("explicit graph y[6] = %.1f\n", hy[6]);

  // Dependencies added afterwards decide the order: the memset added second runs first.
  cudaGraph_t ordered;
  CHECK(cudaGraphCreate(&ordered, 0));
  a = 1.0f;
  void *copyArgs[] = {&a, &x, &z, &count};
  k.func = reinterpret_cast<void *>(axpy);
  k.kernelParams = copyArgs;
  cudaGraphNode_t addLater, clearFirst;
  CHECK(cudaGraphAddKernelNode(&addLater, ordered, nullptr, 0, &k));
  CHECK(cudaGraphAddMemsetNode(&clearFirst, ordered, nullptr, 0, &clear));
  CHECK(cudaGraphAddDependencies(ordered, &clearFirst, &addLater, nullptr, 1));
  size_t roots = 0, edges = 0;
  CHECK(cudaGraphGetRootNodes(ordered, nullptr, &roots));
  CHECK(cudaGraphGetEdges(ordered, nullptr, nullptr, nullptr, &edges));
  EXPECT(roots == 1 && edges == 1);
  cudaGraphExec_t orderedExec;
  CHECK(cudaGraphInstantiate(&orderedExec, ordered, 0));
  CHECK(cudaGraphLaunch(orderedExec, main));
  CHECK(cudaMemcpyAsync(hy.data(), z, n * sizeof(float), cudaMemcpyDeviceToHost, main));
  CHECK(cudaStreamSynchronize(main));
  EXPECT(hy[6] == 6.0f);
  // New arguments for the instantiated kernel node: z = 0 + 2x.
  a = 2.0f;
  CHECK(cudaGraphExecKernelNodeSetParams(orderedExec, addLater, &k));
  CHECK(cudaGraphLaunch(orderedExec, main));
  CHECK(cudaMemcpyAsync(hy.data(), z, n * sizeof(float), cudaMemcpyDeviceToHost, main));
  CHECK(cudaStreamSynchronize(main));
  EXPECT(hy[6] == 12.0f);
  CHECK(cudaGraphExecDestroy(orderedExec));
  CHECK(cudaGraphDestroy(ordered));
  std::printf("added dependencies and new node parameters ok\n");

  // Synchronising a capturing stream is refused and spoils the capture.
  CHECK(cudaStreamBeginCapture(main, cudaStreamCaptureModeGlobal));
  scale<<<n / 256, 256, 0, main>>>(y, 0.5f, n);
  cudaError_t e = cudaStreamSynchronize(main);
  std::printf("synchronize in capture -> %s\n", cudaGetErrorName(e));
  cudaGetLastError();
  cudaGraph_t spoiled = nullptr;
  e = cudaStreamEndCapture(main, &spoiled);
  std::printf("end of spoiled capture -> %s\n", cudaGetErrorName(e));
  EXPECT(spoiled == nullptr);
  cudaGetLastError();
  e = cudaStreamBeginCapture(cudaStreamLegacy, cudaStreamCaptureModeGlobal);
  std::printf("capture of the legacy stream -> %s\n", cudaGetErrorName(e));
  cudaGetLastError();

  CHECK(cudaGraphExecDestroy(builtExec));
  CHECK(cudaGraphDestroy(built));
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(captured));
  CHECK(cudaStreamDestroy(main));
  CHECK(cudaStreamDestroy(side));
  std::printf("PASS graphs\n");
  return 0;
}
