// CUDA graphs beyond capture and the basic nodes: a 3D memcpy node, a child graph, event record
// and wait nodes, memory allocation and free nodes, cloning, and changes to an instantiated graph
// (kernel and memcpy node parameters, cudaGraphExecUpdate with its result info), editing nodes and
// edges, and the device's graph memory counters. Built with
// -cudart shared (Qiao's libcudart.so.13) and with nvcc's static runtime (Qiao's libcuda.so.1).
#include "check.h"

#include <vector>

__global__ void addTo(int *data, int value, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] += value;
}

static int kernelNode(cudaGraph_t graph, cudaGraphNode_t *node, const cudaGraphNode_t *deps,
                      size_t count, int *data, int *value, int *n) {
  void *args[] = {&data, value, n};
  cudaKernelNodeParams p = {};
  p.func = reinterpret_cast<void *>(addTo);
  p.gridDim = dim3(1);
  p.blockDim = dim3(64);
  p.kernelParams = args;
  CHECK(cudaGraphAddKernelNode(node, graph, deps, count, &p));
  return 0;
}

static int launch(cudaGraphExec_t exec, cudaStream_t stream) {
  CHECK(cudaGraphLaunch(exec, stream));
  CHECK(cudaStreamSynchronize(stream));
  return 0;
}

// A pitched device volume filled on the host, a 3D region of it copied out by a graph node.
static int memcpy3DNode(cudaStream_t stream) {
  const size_t width = 6, height = 4, depth = 3;
  std::vector<int> volume(width * height * depth);
  for (size_t i = 0; i < volume.size(); ++i)
    volume[i] = int(i);
  cudaPitchedPtr device;
  CHECK(cudaMalloc3D(&device, make_cudaExtent(width * sizeof(int), height, depth)));
  cudaMemcpy3DParms up = {};
  up.srcPtr = make_cudaPitchedPtr(volume.data(), width * sizeof(int), width, height);
  up.dstPtr = device;
  up.extent = make_cudaExtent(width * sizeof(int), height, depth);
  up.kind = cudaMemcpyHostToDevice;
  std::vector<int> box(2 * 2 * 2, -1);
  cudaMemcpy3DParms down = {};
  down.srcPtr = device;
  down.srcPos = make_cudaPos(3 * sizeof(int), 1, 1);
  down.dstPtr = make_cudaPitchedPtr(box.data(), 2 * sizeof(int), 2, 2);
  down.extent = make_cudaExtent(2 * sizeof(int), 2, 2);
  down.kind = cudaMemcpyDeviceToHost;
  cudaGraph_t graph;
  CHECK(cudaGraphCreate(&graph, 0));
  cudaGraphNode_t upNode, downNode;
  CHECK(cudaGraphAddMemcpyNode(&upNode, graph, nullptr, 0, &up));
  CHECK(cudaGraphAddMemcpyNode(&downNode, graph, &upNode, 1, &down));
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  if (launch(exec, stream))
    return 1;
  for (int z = 0; z < 2; ++z)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x)
        EXPECT(box[(z * 2 + y) * 2 + x] == volume[((z + 1) * height + y + 1) * width + x + 3]);
  // New parameters for the instantiated copy: the box from the volume's first corner.
  down.srcPos = make_cudaPos(0, 0, 0);
  CHECK(cudaGraphExecMemcpyNodeSetParams(exec, downNode, &down));
  if (launch(exec, stream))
    return 1;
  EXPECT(box[0] == 0 && box[3] == int(width + 1) && box[7] == int(width * height + width + 1));
  std::printf("3D memcpy node box[7] = %d\n", box[7]);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(graph));
  CHECK(cudaFree(device.ptr));
  return 0;
}

// A child graph (copied when added), event record and wait nodes around it, a clone.
static int childEventsClone(int *data, int n, cudaStream_t stream) {
  cudaGraph_t child;
  CHECK(cudaGraphCreate(&child, 0));
  cudaGraphNode_t add1;
  int one = 1, count = n;
  if (kernelNode(child, &add1, nullptr, 0, data, &one, &count))
    return 1;
  cudaEvent_t done;
  CHECK(cudaEventCreate(&done));
  cudaGraph_t graph;
  CHECK(cudaGraphCreate(&graph, 0));
  cudaGraphNode_t childNode, record, wait;
  CHECK(cudaGraphAddChildGraphNode(&childNode, graph, nullptr, 0, child));
  CHECK(cudaGraphAddEventRecordNode(&record, graph, &childNode, 1, done));
  CHECK(cudaGraphAddEventWaitNode(&wait, graph, &record, 1, done));
  cudaGraphNodeType type;
  CHECK(cudaGraphNodeGetType(childNode, &type));
  EXPECT(type == cudaGraphNodeTypeGraph);
  cudaGraph_t inside;
  CHECK(cudaGraphChildGraphNodeGetGraph(childNode, &inside));
  size_t nodes = 0;
  CHECK(cudaGraphGetNodes(inside, nullptr, &nodes));
  EXPECT(inside != child && nodes == 1);
  cudaGraph_t clone;
  CHECK(cudaGraphClone(&clone, graph));
  cudaGraphNode_t recordInClone;
  CHECK(cudaGraphNodeFindInClone(&recordInClone, record, clone));
  CHECK(cudaGraphNodeGetType(recordInClone, &type));
  EXPECT(recordInClone != record && type == cudaGraphNodeTypeEventRecord);
  CHECK(cudaGraphDestroy(child)); // the node's copy stays
  CHECK(cudaGraphDestroy(graph)); // the clone stays
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, clone, 0));
  CHECK(cudaMemsetAsync(data, 0, n * sizeof(int), stream));
  for (int i = 0; i < 3; ++i)
    CHECK(cudaGraphLaunch(exec, stream));
  CHECK(cudaEventSynchronize(done));
  CHECK(cudaStreamSynchronize(stream));
  CHECK(cudaEventQuery(done));
  std::vector<int> host(n);
  CHECK(cudaMemcpy(host.data(), data, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; ++i)
    EXPECT(host[i] == 3);
  std::printf("child graph in a clone, 3 launches: %d\n", host[n - 1]);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(clone));
  CHECK(cudaEventDestroy(done));
  return 0;
}

// Memory nodes: the graph allocates, fills, copies out and frees; every launch sees one address.
static int memoryNodes(cudaStream_t stream) {
  const int n = 64;
  cudaGraph_t graph;
  CHECK(cudaGraphCreate(&graph, 0));
  cudaMemAllocNodeParams alloc = {};
  alloc.poolProps.allocType = cudaMemAllocationTypePinned;
  alloc.poolProps.location.type = cudaMemLocationTypeDevice;
  alloc.poolProps.location.id = 0;
  alloc.bytesize = n * sizeof(int);
  cudaGraphNode_t allocNode, zero, add, copy, freeNode;
  CHECK(cudaGraphAddMemAllocNode(&allocNode, graph, nullptr, 0, &alloc));
  EXPECT(alloc.dptr != nullptr);
  int *scratch = static_cast<int *>(alloc.dptr);
  cudaMemsetParams clear = {};
  clear.dst = scratch;
  clear.elementSize = 4;
  clear.width = n;
  clear.height = 1;
  clear.value = 40;
  CHECK(cudaGraphAddMemsetNode(&zero, graph, &allocNode, 1, &clear));
  int two = 2, count = n;
  if (kernelNode(graph, &add, &zero, 1, scratch, &two, &count))
    return 1;
  std::vector<int> host(n, 0);
  CHECK(cudaGraphAddMemcpyNode1D(&copy, graph, &add, 1, host.data(), scratch, n * sizeof(int),
                                 cudaMemcpyDeviceToHost));
  CHECK(cudaGraphAddMemFreeNode(&freeNode, graph, &copy, 1, alloc.dptr));
  cudaGraphNodeType type;
  CHECK(cudaGraphNodeGetType(freeNode, &type));
  EXPECT(type == cudaGraphNodeTypeMemFree);
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  for (int i = 0; i < 2; ++i)
    if (launch(exec, stream))
      return 1;
  for (int i = 0; i < n; ++i)
    EXPECT(host[i] == 42);
  std::printf("memory nodes: %d\n", host[0]);
  cudaGraph_t clone;
  cudaError_t cloned = cudaGraphClone(&clone, graph);
  std::printf("clone with memory nodes -> %s\n", cudaGetErrorName(cloned));
  EXPECT(cloned == cudaErrorNotSupported);
  cudaGetLastError();
  int local = 0;
  cudaError_t badFree = cudaGraphAddMemFreeNode(&freeNode, graph, nullptr, 0, &local);
  EXPECT(badFree == cudaErrorInvalidValue);
  cudaGetLastError();
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(graph));
  return 0;
}

// Kernel node parameters and a whole update of an instantiated graph.
static int updates(int *data, int n, cudaStream_t stream) {
  int five = 5, seven = 7, count = n;
  cudaGraph_t graph, same, other;
  cudaGraphNode_t node, sameNode, first, second;
  CHECK(cudaGraphCreate(&graph, 0));
  if (kernelNode(graph, &node, nullptr, 0, data, &five, &count))
    return 1;
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  CHECK(cudaMemsetAsync(data, 0, n * sizeof(int), stream));
  if (launch(exec, stream))
    return 1;
  // The instantiated node adds 7 from now on; the graph itself still adds 5.
  void *args[] = {&data, &seven, &count};
  cudaKernelNodeParams p = {};
  p.func = reinterpret_cast<void *>(addTo);
  p.gridDim = dim3(1);
  p.blockDim = dim3(64);
  p.kernelParams = args;
  CHECK(cudaGraphExecKernelNodeSetParams(exec, node, &p));
  if (launch(exec, stream))
    return 1;
  // The graph's node still adds 5: its parameters read back, with its own copy of the arguments.
  cudaKernelNodeParams got = {};
  CHECK(cudaGraphKernelNodeGetParams(node, &got));
  EXPECT(got.func == reinterpret_cast<void *>(addTo) && got.blockDim.x == 64 &&
         got.kernelParams != nullptr && *static_cast<int *>(got.kernelParams[1]) == 5 &&
         got.kernelParams[1] != static_cast<void *>(&five));
  // An update from a graph of the same shape whose node adds 1000.
  int thousand = 1000;
  CHECK(cudaGraphCreate(&same, 0));
  if (kernelNode(same, &sameNode, nullptr, 0, data, &five, &count))
    return 1;
  // Set to add 1000 in the graph before the update takes it.
  void *thousandArgs[] = {&data, &thousand, &count};
  p.kernelParams = thousandArgs;
  CHECK(cudaGraphKernelNodeSetParams(sameNode, &p));
  CHECK(cudaGraphKernelNodeGetParams(sameNode, &got));
  EXPECT(*static_cast<int *>(got.kernelParams[1]) == 1000);
  cudaGraphExecUpdateResultInfo info;
  CHECK(cudaGraphExecUpdate(exec, same, &info));
  EXPECT(info.result == cudaGraphExecUpdateSuccess);
  if (launch(exec, stream))
    return 1;
  int last = 0;
  CHECK(cudaMemcpy(&last, data + n - 1, sizeof last, cudaMemcpyDeviceToHost));
  EXPECT(last == 5 + 7 + 1000);
  // Two nodes where the instantiated graph has one: refused, the graph unchanged.
  CHECK(cudaGraphCreate(&other, 0));
  if (kernelNode(other, &first, nullptr, 0, data, &five, &count) ||
      kernelNode(other, &second, &first, 1, data, &five, &count))
    return 1;
  cudaError_t refused = cudaGraphExecUpdate(exec, other, &info);
  std::printf("update with another topology -> %s, result %d\n", cudaGetErrorName(refused),
              int(info.result));
  EXPECT(refused == cudaErrorGraphExecUpdateFailure &&
         info.result == cudaGraphExecUpdateErrorTopologyChanged);
  cudaGetLastError();
  if (launch(exec, stream))
    return 1;
  CHECK(cudaMemcpy(&last, data + n - 1, sizeof last, cudaMemcpyDeviceToHost));
  EXPECT(last == 5 + 7 + 1000 + 1000);
  std::printf("updates ok: %d\n", last);
  CHECK(cudaGraphExecDestroy(exec));
  for (cudaGraph_t g : {graph, same, other})
    CHECK(cudaGraphDestroy(g));
  return 0;
}

// Edges and nodes one by one, event nodes' events, memory node parameters, graph memory.
static int nodeEdits(cudaStream_t stream) {
  cudaGraph_t graph;
  CHECK(cudaGraphCreate(&graph, 0));
  cudaEvent_t first, second;
  CHECK(cudaEventCreate(&first));
  CHECK(cudaEventCreate(&second));
  cudaGraphNode_t a, b, record;
  CHECK(cudaGraphAddEmptyNode(&a, graph, nullptr, 0));
  CHECK(cudaGraphAddEmptyNode(&b, graph, &a, 1));
  cudaGraphNode_t ab[] = {a, b};
  CHECK(cudaGraphAddEventRecordNode(&record, graph, ab, 2, first));
  size_t count = 0;
  CHECK(cudaGraphNodeGetDependencies(record, nullptr, nullptr, &count));
  EXPECT(count == 2);
  CHECK(cudaGraphRemoveDependencies(graph, &a, &record, nullptr, 1));
  cudaGraphNode_t dependents[2] = {};
  count = 2;
  CHECK(cudaGraphNodeGetDependentNodes(a, dependents, nullptr, &count));
  EXPECT(count == 1 && dependents[0] == b);
  CHECK(cudaGraphDestroyNode(b));
  CHECK(cudaGraphNodeGetDependencies(record, nullptr, nullptr, &count));
  EXPECT(count == 0);
  cudaEvent_t got;
  CHECK(cudaGraphEventRecordNodeSetEvent(record, second));
  CHECK(cudaGraphEventRecordNodeGetEvent(record, &got));
  EXPECT(got == second);
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, graph, 0));
  CHECK(cudaGraphExecEventRecordNodeSetEvent(exec, record, first));
  CHECK(cudaGraphUpload(exec, stream));
  if (launch(exec, stream))
    return 1;
  CHECK(cudaEventQuery(first));
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(graph));

  // A memory node reports its allocation; the device counts graph memory.
  int device = 0;
  CHECK(cudaGetDevice(&device));
  unsigned long long before = 0, after = 0;
  CHECK(cudaDeviceGetGraphMemAttribute(device, cudaGraphMemAttrUsedMemCurrent, &before));
  CHECK(cudaGraphCreate(&graph, 0));
  cudaMemAllocNodeParams alloc = {};
  alloc.poolProps.allocType = cudaMemAllocationTypePinned;
  alloc.poolProps.location.type = cudaMemLocationTypeDevice;
  alloc.poolProps.location.id = device;
  alloc.bytesize = 1 << 16;
  cudaGraphNode_t allocNode, freeNode;
  CHECK(cudaGraphAddMemAllocNode(&allocNode, graph, nullptr, 0, &alloc));
  CHECK(cudaGraphAddMemFreeNode(&freeNode, graph, &allocNode, 1, alloc.dptr));
  cudaMemAllocNodeParams read = {};
  CHECK(cudaGraphMemAllocNodeGetParams(allocNode, &read));
  void *freed = nullptr;
  CHECK(cudaGraphMemFreeNodeGetParams(freeNode, &freed));
  EXPECT(read.dptr == alloc.dptr && read.bytesize == alloc.bytesize && freed == alloc.dptr);
  CHECK(cudaDeviceGetGraphMemAttribute(device, cudaGraphMemAttrUsedMemCurrent, &after));
  EXPECT(after == before + alloc.bytesize);
  CHECK(cudaDeviceGraphMemTrim(device));
  cudaError_t refused = cudaGraphDestroyNode(freeNode);
  std::printf("graph memory +%llu, destroy a memory graph's node -> %s\n", after - before,
              cudaGetErrorName(refused));
  EXPECT(refused == cudaErrorNotSupported);
  cudaGetLastError();
  CHECK(cudaGraphDestroy(graph));
  CHECK(cudaEventDestroy(first));
  CHECK(cudaEventDestroy(second));
  return 0;
}

int main() {
  const int n = 64;
  int *data;
  CHECK(cudaMalloc(&data, n * sizeof(int)));
  cudaStream_t stream;
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  if (memcpy3DNode(stream) || childEventsClone(data, n, stream) || memoryNodes(stream) ||
      updates(data, n, stream) || nodeEdits(stream))
    return 1;
  CHECK(cudaStreamDestroy(stream));
  CHECK(cudaFree(data));
  std::printf("PASS graph_nodes\n");
  return 0;
}
