// Graph nodes beyond kernels, 1D copies and memsets, as CUDA documents them: 3D copies, child
// graphs (a copy taken when the node is added), event record and wait nodes, memory allocation
// and free nodes (a fixed address for every launch), clones, and changes to instantiated graphs
// (qiaoGraphExecMemcpyNodeSetParams1D, qiaoGraphExecUpdate with its result info).
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <vector>

namespace {

struct Graph {
  qiaoGraph_t graph = nullptr;
  Graph() { EXPECT_EQ(qiaoGraphCreate(&graph, 0), qiaoSuccess); }
  ~Graph() {
    if (graph) {
      EXPECT_EQ(qiaoGraphDestroy(graph), qiaoSuccess);
    }
  }
};

// Instantiates, launches on the legacy stream, waits and destroys the instantiated graph.
void runOnce(qiaoGraph_t graph) {
  qiaoGraphExec_t exec = nullptr;
  ASSERT_EQ(qiaoGraphInstantiate(&exec, graph, 0), qiaoSuccess);
  ASSERT_EQ(qiaoGraphLaunch(exec, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoGraphExecDestroy(exec), qiaoSuccess);
}

qiaoMemsetParams fill(void *dst, unsigned value, size_t bytes) {
  return qiaoMemsetParams{dst, 0, value, 1, bytes, 1};
}

TEST(GraphNodes, MemcpyNodeCopiesA3DRegion) {
  // A 4 x 3 x 2 box of bytes out of a pitched 8 x 4 x 2 volume into a dense host buffer.
  const size_t pitch = 8, rows = 4, slices = 2;
  std::vector<unsigned char> host(pitch * rows * slices);
  for (size_t i = 0; i < host.size(); ++i)
    host[i] = static_cast<unsigned char>(i);
  void *device = nullptr;
  ASSERT_EQ(qiaoMalloc(&device, host.size()), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(device, host.data(), host.size(), qiaoMemcpyHostToDevice), qiaoSuccess);
  std::vector<unsigned char> box(4 * 3 * 2, 0);
  qiaoMemcpy3DParms p{};
  p.srcPtr = make_qiaoPitchedPtr(device, pitch, pitch, rows);
  p.srcPos = make_qiaoPos(2, 1, 0);
  p.dstPtr = make_qiaoPitchedPtr(box.data(), 4, 4, 3);
  p.extent = make_qiaoExtent(4, 3, 2);
  p.kind = qiaoMemcpyDeviceToHost;
  Graph g;
  qiaoGraphNode_t node = nullptr;
  ASSERT_EQ(qiaoGraphAddMemcpyNode(&node, g.graph, nullptr, 0, &p), qiaoSuccess);
  qiaoGraphNodeType type{};
  ASSERT_EQ(qiaoGraphNodeGetType(node, &type), qiaoSuccess);
  EXPECT_EQ(type, qiaoGraphNodeTypeMemcpy);
  runOnce(g.graph);
  for (size_t z = 0; z < 2; ++z)
    for (size_t y = 0; y < 3; ++y)
      for (size_t x = 0; x < 4; ++x)
        EXPECT_EQ(box[(z * 3 + y) * 4 + x], host[(z * rows + y + 1) * pitch + x + 2]);
  // A row past its pitch is refused when the node is added, as cudaMemcpy3D refuses it.
  p.extent = make_qiaoExtent(7, 1, 1);
  EXPECT_EQ(qiaoGraphAddMemcpyNode(&node, g.graph, nullptr, 0, &p), qiaoErrorInvalidPitchValue);
  EXPECT_EQ(qiaoGraphAddMemcpyNode(&node, g.graph, nullptr, 0, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFree(device), qiaoSuccess);
}

TEST(GraphNodes, ChildGraphIsCopiedWhenAddedAndRunsInPlace) {
  unsigned char *bytes = nullptr;
  ASSERT_EQ(qiaoMallocManaged(reinterpret_cast<void **>(&bytes), 16), qiaoSuccess);
  Graph child;
  qiaoGraphNode_t set = nullptr;
  qiaoMemsetParams sevens = fill(bytes, 7, 16);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&set, child.graph, nullptr, 0, &sevens), qiaoSuccess);
  Graph parent;
  qiaoGraphNode_t zero = nullptr, childNode = nullptr, tail = nullptr;
  qiaoMemsetParams zeros = fill(bytes, 0, 16);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&zero, parent.graph, nullptr, 0, &zeros), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddChildGraphNode(&childNode, parent.graph, &zero, 1, child.graph),
            qiaoSuccess);
  qiaoMemsetParams head = fill(bytes, 1, 4); // after the child: the first 4 bytes become 1
  ASSERT_EQ(qiaoGraphAddMemsetNode(&tail, parent.graph, &childNode, 1, &head), qiaoSuccess);
  // Changing the original child afterwards does not change the node's copy.
  qiaoGraphNode_t later = nullptr;
  qiaoMemsetParams nines = fill(bytes, 9, 16);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&later, child.graph, &set, 1, &nines), qiaoSuccess);
  qiaoGraph_t copy = nullptr;
  ASSERT_EQ(qiaoGraphChildGraphNodeGetGraph(childNode, &copy), qiaoSuccess);
  ASSERT_NE(copy, child.graph);
  size_t count = 0;
  ASSERT_EQ(qiaoGraphGetNodes(copy, nullptr, &count), qiaoSuccess);
  EXPECT_EQ(count, 1u);
  qiaoGraphNodeType type{};
  ASSERT_EQ(qiaoGraphNodeGetType(childNode, &type), qiaoSuccess);
  EXPECT_EQ(type, qiaoGraphNodeTypeGraph);
  runOnce(parent.graph);
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(bytes[i], i < 4 ? 1 : 7) << i;
  // The node's graph belongs to the node; a graph cannot be its own child.
  EXPECT_EQ(qiaoGraphDestroy(copy), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphAddChildGraphNode(&tail, parent.graph, nullptr, 0, parent.graph),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphChildGraphNodeGetGraph(zero, &copy), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFree(bytes), qiaoSuccess);
}

TEST(GraphNodes, EventRecordNodeRecordsAtLaunchAndWaitNodeWaits) {
  qiaoEvent_t event = nullptr;
  ASSERT_EQ(qiaoEventCreate(&event), qiaoSuccess);
  Graph g;
  qiaoGraphNode_t record = nullptr, wait = nullptr;
  ASSERT_EQ(qiaoGraphAddEventRecordNode(&record, g.graph, nullptr, 0, event), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddEventWaitNode(&wait, g.graph, &record, 1, event), qiaoSuccess);
  qiaoGraphNodeType type{};
  ASSERT_EQ(qiaoGraphNodeGetType(record, &type), qiaoSuccess);
  EXPECT_EQ(type, qiaoGraphNodeTypeEventRecord);
  ASSERT_EQ(qiaoGraphNodeGetType(wait, &type), qiaoSuccess);
  EXPECT_EQ(type, qiaoGraphNodeTypeWaitEvent);
  qiaoEvent_t start = nullptr;
  ASSERT_EQ(qiaoEventCreate(&start), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(start, nullptr), qiaoSuccess);
  runOnce(g.graph);
  // Recorded by the graph's launch: it completed, and it has a time after `start`.
  EXPECT_EQ(qiaoEventQuery(event), qiaoSuccess);
  float ms = -1;
  EXPECT_EQ(qiaoEventElapsedTime(&ms, start, event), qiaoSuccess);
  EXPECT_GE(ms, 0.0f);
  EXPECT_EQ(qiaoGraphAddEventRecordNode(&record, g.graph, nullptr, 0, nullptr),
            qiaoErrorInvalidResourceHandle);
  EXPECT_EQ(qiaoEventDestroy(start), qiaoSuccess);
  EXPECT_EQ(qiaoEventDestroy(event), qiaoSuccess);
}

TEST(GraphNodes, MemoryNodesKeepOneAddressForEveryLaunch) {
  qiaoMemAllocNodeParams alloc{};
  alloc.poolProps.allocType = qiaoMemAllocationTypePinned;
  alloc.poolProps.location = {qiaoMemLocationTypeDevice, 0};
  alloc.bytesize = 64;
  Graph g;
  qiaoGraphNode_t allocNode = nullptr, set = nullptr, copy = nullptr, freeNode = nullptr;
  ASSERT_EQ(qiaoGraphAddMemAllocNode(&allocNode, g.graph, nullptr, 0, &alloc), qiaoSuccess);
  ASSERT_NE(alloc.dptr, nullptr);
  qiaoMemsetParams fives = fill(alloc.dptr, 5, 64);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&set, g.graph, &allocNode, 1, &fives), qiaoSuccess);
  std::vector<unsigned char> out(64, 0);
  ASSERT_EQ(qiaoGraphAddMemcpyNode1D(&copy, g.graph, &set, 1, out.data(), alloc.dptr, 64,
                                     qiaoMemcpyDeviceToHost),
            qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddMemFreeNode(&freeNode, g.graph, &copy, 1, alloc.dptr), qiaoSuccess);
  qiaoGraphNodeType type{};
  ASSERT_EQ(qiaoGraphNodeGetType(allocNode, &type), qiaoSuccess);
  EXPECT_EQ(type, qiaoGraphNodeTypeMemAlloc);
  ASSERT_EQ(qiaoGraphNodeGetType(freeNode, &type), qiaoSuccess);
  EXPECT_EQ(type, qiaoGraphNodeTypeMemFree);
  runOnce(g.graph);
  runOnce(g.graph);
  EXPECT_EQ(out, std::vector<unsigned char>(64, 5));
  // CUDA: a graph with memory nodes cannot be cloned or nested.
  qiaoGraph_t clone = nullptr;
  EXPECT_EQ(qiaoGraphClone(&clone, g.graph), qiaoErrorNotSupported);
  Graph parent;
  qiaoGraphNode_t child = nullptr;
  EXPECT_EQ(qiaoGraphAddChildGraphNode(&child, parent.graph, nullptr, 0, g.graph),
            qiaoErrorNotSupported);
  // Bad arguments: no size, a host location, IPC handles, a free of memory no node allocated.
  qiaoMemAllocNodeParams bad = alloc;
  bad.bytesize = 0;
  EXPECT_EQ(qiaoGraphAddMemAllocNode(&child, g.graph, nullptr, 0, &bad), qiaoErrorInvalidValue);
  bad = alloc;
  bad.poolProps.location.type = qiaoMemLocationTypeHost;
  EXPECT_EQ(qiaoGraphAddMemAllocNode(&child, g.graph, nullptr, 0, &bad), qiaoErrorInvalidValue);
  bad = alloc;
  bad.poolProps.handleTypes = qiaoMemHandleTypePosixFileDescriptor;
  EXPECT_EQ(qiaoGraphAddMemAllocNode(&child, g.graph, nullptr, 0, &bad), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphAddMemFreeNode(&child, g.graph, nullptr, 0, out.data()),
            qiaoErrorInvalidValue);
}

TEST(GraphNodes, CloneCopiesNodesAndEdgesAndMapsThemBack) {
  unsigned char *bytes = nullptr;
  ASSERT_EQ(qiaoMallocManaged(reinterpret_cast<void **>(&bytes), 8), qiaoSuccess);
  Graph g;
  qiaoGraphNode_t first = nullptr, second = nullptr;
  qiaoMemsetParams threes = fill(bytes, 3, 8), fours = fill(bytes, 4, 2);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&first, g.graph, nullptr, 0, &threes), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&second, g.graph, &first, 1, &fours), qiaoSuccess);
  Graph clone;
  ASSERT_EQ(qiaoGraphDestroy(clone.graph), qiaoSuccess);
  ASSERT_EQ(qiaoGraphClone(&clone.graph, g.graph), qiaoSuccess);
  qiaoGraphNode_t firstCopy = nullptr, secondCopy = nullptr;
  ASSERT_EQ(qiaoGraphNodeFindInClone(&firstCopy, first, clone.graph), qiaoSuccess);
  ASSERT_EQ(qiaoGraphNodeFindInClone(&secondCopy, second, clone.graph), qiaoSuccess);
  EXPECT_NE(firstCopy, first);
  qiaoGraphNode_t from = nullptr, to = nullptr;
  size_t edges = 1;
  ASSERT_EQ(qiaoGraphGetEdges(clone.graph, &from, &to, nullptr, &edges), qiaoSuccess);
  EXPECT_EQ(edges, 1u);
  EXPECT_EQ(from, firstCopy);
  EXPECT_EQ(to, secondCopy);
  ASSERT_EQ(qiaoGraphDestroy(g.graph), qiaoSuccess); // the clone outlives its original
  g.graph = nullptr;
  runOnce(clone.graph);
  EXPECT_EQ(bytes[0], 4);
  EXPECT_EQ(bytes[7], 3);
  qiaoGraphNode_t found = nullptr;
  EXPECT_EQ(qiaoGraphNodeFindInClone(&found, firstCopy, clone.graph), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphClone(nullptr, clone.graph), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFree(bytes), qiaoSuccess);
}

TEST(GraphNodes, ExecMemcpyNodeSetParams1DRetargetsOneCopy) {
  std::vector<int> a(4, 1), b(4, 2), out(4, 0);
  int *device = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&device), 16), qiaoSuccess);
  Graph g;
  qiaoGraphNode_t up = nullptr, down = nullptr;
  ASSERT_EQ(
      qiaoGraphAddMemcpyNode1D(&up, g.graph, nullptr, 0, device, a.data(), 16, qiaoMemcpyDefault),
      qiaoSuccess);
  ASSERT_EQ(
      qiaoGraphAddMemcpyNode1D(&down, g.graph, &up, 1, out.data(), device, 16, qiaoMemcpyDefault),
      qiaoSuccess);
  qiaoGraphExec_t exec = nullptr;
  ASSERT_EQ(qiaoGraphInstantiate(&exec, g.graph, 0), qiaoSuccess);
  ASSERT_EQ(
      qiaoGraphExecMemcpyNodeSetParams1D(exec, up, device, b.data(), 16, qiaoMemcpyHostToDevice),
      qiaoSuccess);
  ASSERT_EQ(qiaoGraphLaunch(exec, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  EXPECT_EQ(out, b);
  // Checked as a copy: an unknown kind, and a node that is not a copy of this graph.
  EXPECT_EQ(qiaoGraphExecMemcpyNodeSetParams1D(exec, up, device, b.data(), 16,
                                               static_cast<qiaoMemcpyKind>(9)),
            qiaoErrorInvalidMemcpyDirection);
  EXPECT_EQ(
      qiaoGraphExecMemcpyNodeSetParams1D(exec, nullptr, device, b.data(), 16, qiaoMemcpyDefault),
      qiaoErrorInvalidValue);
  ASSERT_EQ(qiaoGraphExecDestroy(exec), qiaoSuccess);
  EXPECT_EQ(qiaoFree(device), qiaoSuccess);
}

TEST(GraphNodes, ExecUpdateTakesParametersFromAGraphOfTheSameShape) {
  unsigned char *bytes = nullptr;
  ASSERT_EQ(qiaoMallocManaged(reinterpret_cast<void **>(&bytes), 8), qiaoSuccess);
  auto build = [&](Graph &g, unsigned value, bool extraEdge) {
    qiaoGraphNode_t a = nullptr, b = nullptr, c = nullptr;
    qiaoMemsetParams all = fill(bytes, value, 8), half = fill(bytes, value + 1, 4);
    EXPECT_EQ(qiaoGraphAddMemsetNode(&a, g.graph, nullptr, 0, &all), qiaoSuccess);
    EXPECT_EQ(qiaoGraphAddMemsetNode(&b, g.graph, &a, 1, &half), qiaoSuccess);
    EXPECT_EQ(qiaoGraphAddEmptyNode(&c, g.graph, extraEdge ? &b : &a, 1), qiaoSuccess);
  };
  Graph original, changed, rewired;
  build(original, 10, false);
  build(changed, 20, false);
  build(rewired, 30, true);
  qiaoGraphExec_t exec = nullptr;
  ASSERT_EQ(qiaoGraphInstantiate(&exec, original.graph, 0), qiaoSuccess);
  qiaoGraphExecUpdateResultInfo info{};
  ASSERT_EQ(qiaoGraphExecUpdate(exec, changed.graph, &info), qiaoSuccess);
  EXPECT_EQ(info.result, qiaoGraphExecUpdateSuccess);
  ASSERT_EQ(qiaoGraphLaunch(exec, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  EXPECT_EQ(bytes[0], 21);
  EXPECT_EQ(bytes[7], 20);
  // A dependency that differs: the node of the new graph and the dependency are named.
  EXPECT_EQ(qiaoGraphExecUpdate(exec, rewired.graph, &info), qiaoErrorGraphExecUpdateFailure);
  EXPECT_EQ(info.result, qiaoGraphExecUpdateErrorTopologyChanged);
  qiaoGraphNode_t nodes[3] = {};
  size_t count = 3;
  ASSERT_EQ(qiaoGraphGetNodes(rewired.graph, nodes, &count), qiaoSuccess);
  EXPECT_EQ(info.errorNode, nodes[2]);
  EXPECT_EQ(info.errorFromNode, nodes[1]);
  // A node of another type.
  Graph retyped;
  qiaoGraphNode_t a = nullptr, b = nullptr, c = nullptr;
  qiaoMemsetParams all = fill(bytes, 1, 8);
  ASSERT_EQ(qiaoGraphAddMemsetNode(&a, retyped.graph, nullptr, 0, &all), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddEmptyNode(&b, retyped.graph, &a, 1), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddEmptyNode(&c, retyped.graph, &a, 1), qiaoSuccess);
  EXPECT_EQ(qiaoGraphExecUpdate(exec, retyped.graph, &info), qiaoErrorGraphExecUpdateFailure);
  EXPECT_EQ(info.result, qiaoGraphExecUpdateErrorNodeTypeChanged);
  EXPECT_EQ(info.errorNode, b);
  // Another node count: no node to name.
  Graph smaller;
  ASSERT_EQ(qiaoGraphAddEmptyNode(&a, smaller.graph, nullptr, 0), qiaoSuccess);
  EXPECT_EQ(qiaoGraphExecUpdate(exec, smaller.graph, &info), qiaoErrorGraphExecUpdateFailure);
  EXPECT_EQ(info.result, qiaoGraphExecUpdateErrorTopologyChanged);
  EXPECT_EQ(info.errorNode, nullptr);
  // A failed update leaves the instantiated graph as it was.
  ASSERT_EQ(qiaoGraphLaunch(exec, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  EXPECT_EQ(bytes[0], 21);
  EXPECT_EQ(qiaoGraphExecUpdate(exec, changed.graph, nullptr), qiaoErrorInvalidValue);
  ASSERT_EQ(qiaoGraphExecDestroy(exec), qiaoSuccess);
  EXPECT_EQ(qiaoFree(bytes), qiaoSuccess);
}

} // namespace
