// Graphs node by node, as CUDA documents it: a node's dependencies and dependents (counted without
// an array, listed with one), removing edges and nodes, the event of an event node in a graph and
// in an instantiated graph, what memory nodes allocate and free, the device's graph memory
// counters, and uploads.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

struct Graph {
  qiaoGraph_t graph = nullptr;
  Graph() { EXPECT_EQ(qiaoGraphCreate(&graph, 0), qiaoSuccess); }
  ~Graph() { EXPECT_EQ(qiaoGraphDestroy(graph), qiaoSuccess); }
};

TEST(GraphEdit, DependenciesAndDependentsFollowEdgeChanges) {
  Graph g;
  qiaoGraphNode_t a = nullptr, b = nullptr, c = nullptr;
  ASSERT_EQ(qiaoGraphAddEmptyNode(&a, g.graph, nullptr, 0), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddEmptyNode(&b, g.graph, &a, 1), qiaoSuccess);
  qiaoGraphNode_t ab[] = {a, b};
  ASSERT_EQ(qiaoGraphAddEmptyNode(&c, g.graph, ab, 2), qiaoSuccess);
  size_t count = 0;
  ASSERT_EQ(qiaoGraphNodeGetDependencies(c, nullptr, nullptr, &count), qiaoSuccess);
  EXPECT_EQ(count, 2u);
  qiaoGraphNode_t listed[3] = {};
  qiaoGraphEdgeData edges[3];
  count = 3;
  ASSERT_EQ(qiaoGraphNodeGetDependentNodes(a, listed, edges, &count), qiaoSuccess);
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(listed[0], b);
  EXPECT_EQ(listed[1], c);
  EXPECT_EQ(listed[2], nullptr);
  EXPECT_EQ(edges[0].type, 0);
  // Removing the edge a -> c; a second removal of it fails and changes nothing.
  ASSERT_EQ(qiaoGraphRemoveDependencies(g.graph, &a, &c, nullptr, 1), qiaoSuccess);
  EXPECT_EQ(qiaoGraphRemoveDependencies(g.graph, &a, &c, nullptr, 1), qiaoErrorInvalidValue);
  count = 3;
  ASSERT_EQ(qiaoGraphNodeGetDependencies(c, listed, nullptr, &count), qiaoSuccess);
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(listed[0], b);
  // Destroying b removes its edges too: c becomes a root.
  ASSERT_EQ(qiaoGraphDestroyNode(b), qiaoSuccess);
  count = 3;
  ASSERT_EQ(qiaoGraphGetRootNodes(g.graph, listed, &count), qiaoSuccess);
  EXPECT_EQ(count, 2u);
  ASSERT_EQ(qiaoGraphGetNodes(g.graph, nullptr, &count), qiaoSuccess);
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(qiaoGraphNodeGetDependencies(c, nullptr, nullptr, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphDestroyNode(nullptr), qiaoErrorInvalidValue);
}

TEST(GraphEdit, EventNodesTakeANewEventInTheGraphAndInTheInstance) {
  qiaoEvent_t first = nullptr, second = nullptr, third = nullptr, got = nullptr;
  ASSERT_EQ(qiaoEventCreate(&first), qiaoSuccess);
  ASSERT_EQ(qiaoEventCreate(&second), qiaoSuccess);
  ASSERT_EQ(qiaoEventCreate(&third), qiaoSuccess);
  Graph g;
  qiaoGraphNode_t record = nullptr, wait = nullptr;
  ASSERT_EQ(qiaoGraphAddEventRecordNode(&record, g.graph, nullptr, 0, first), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddEventWaitNode(&wait, g.graph, &record, 1, first), qiaoSuccess);
  ASSERT_EQ(qiaoGraphEventRecordNodeGetEvent(record, &got), qiaoSuccess);
  EXPECT_EQ(got, first);
  ASSERT_EQ(qiaoGraphEventRecordNodeSetEvent(record, second), qiaoSuccess);
  ASSERT_EQ(qiaoGraphEventRecordNodeGetEvent(record, &got), qiaoSuccess);
  EXPECT_EQ(got, second);
  ASSERT_EQ(qiaoGraphEventWaitNodeGetEvent(wait, &got), qiaoSuccess);
  EXPECT_EQ(got, first);
  // The wrong kind of node, and no event.
  EXPECT_EQ(qiaoGraphEventWaitNodeGetEvent(record, &got), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoGraphEventRecordNodeSetEvent(record, nullptr), qiaoErrorInvalidResourceHandle);
  // The instance records `third` instead; the graph keeps `second`.
  qiaoGraphExec_t exec = nullptr;
  ASSERT_EQ(qiaoGraphInstantiate(&exec, g.graph, 0), qiaoSuccess);
  ASSERT_EQ(qiaoGraphExecEventRecordNodeSetEvent(exec, record, third), qiaoSuccess);
  EXPECT_EQ(qiaoGraphExecEventRecordNodeSetEvent(exec, wait, third), qiaoErrorInvalidValue);
  ASSERT_EQ(qiaoGraphUpload(exec, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoGraphLaunch(exec, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  qiaoEvent_t start = nullptr;
  ASSERT_EQ(qiaoEventCreate(&start), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(start, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoEventSynchronize(start), qiaoSuccess);
  float ms = -1;
  // `third` was recorded by the launch (before `start`); `second` never was.
  EXPECT_EQ(qiaoEventElapsedTime(&ms, third, start), qiaoSuccess);
  EXPECT_EQ(qiaoEventElapsedTime(&ms, second, start), qiaoErrorInvalidResourceHandle);
  qiaoGetLastError();
  ASSERT_EQ(qiaoGraphExecDestroy(exec), qiaoSuccess);
  EXPECT_EQ(qiaoGraphUpload(exec, nullptr), qiaoErrorInvalidValue);
  for (qiaoEvent_t event : {first, second, third, start})
    EXPECT_EQ(qiaoEventDestroy(event), qiaoSuccess);
}

TEST(GraphEdit, MemoryNodesReportTheirAllocationAndTheDeviceCountsIt) {
  uint64_t before = 0, high = 0;
  ASSERT_EQ(qiaoDeviceGetGraphMemAttribute(0, qiaoGraphMemAttrUsedMemCurrent, &before),
            qiaoSuccess);
  Graph g;
  qiaoMemAllocNodeParams alloc{};
  alloc.poolProps.allocType = qiaoMemAllocationTypePinned;
  alloc.poolProps.location = {qiaoMemLocationTypeDevice, 0};
  alloc.bytesize = 4096;
  qiaoGraphNode_t allocNode = nullptr, freeNode = nullptr;
  ASSERT_EQ(qiaoGraphAddMemAllocNode(&allocNode, g.graph, nullptr, 0, &alloc), qiaoSuccess);
  ASSERT_EQ(qiaoGraphAddMemFreeNode(&freeNode, g.graph, &allocNode, 1, alloc.dptr), qiaoSuccess);
  qiaoMemAllocNodeParams read{};
  ASSERT_EQ(qiaoGraphMemAllocNodeGetParams(allocNode, &read), qiaoSuccess);
  EXPECT_EQ(read.dptr, alloc.dptr);
  EXPECT_EQ(read.bytesize, 4096u);
  EXPECT_EQ(read.poolProps.location.type, qiaoMemLocationTypeDevice);
  void *freed = nullptr;
  ASSERT_EQ(qiaoGraphMemFreeNodeGetParams(freeNode, &freed), qiaoSuccess);
  EXPECT_EQ(freed, alloc.dptr);
  EXPECT_EQ(qiaoGraphMemFreeNodeGetParams(allocNode, &freed), qiaoErrorInvalidValue);
  uint64_t now = 0;
  ASSERT_EQ(qiaoDeviceGetGraphMemAttribute(0, qiaoGraphMemAttrUsedMemCurrent, &now), qiaoSuccess);
  EXPECT_EQ(now, before + 4096);
  ASSERT_EQ(qiaoDeviceGetGraphMemAttribute(0, qiaoGraphMemAttrReservedMemHigh, &high), qiaoSuccess);
  EXPECT_GE(high, now);
  // A graph holding memory nodes keeps its nodes and edges.
  EXPECT_EQ(qiaoGraphDestroyNode(freeNode), qiaoErrorNotSupported);
  EXPECT_EQ(qiaoGraphRemoveDependencies(g.graph, &allocNode, &freeNode, nullptr, 1),
            qiaoErrorNotSupported);
  // Only the high watermarks can be reset, and only to zero.
  uint64_t value = 0;
  EXPECT_EQ(qiaoDeviceSetGraphMemAttribute(0, qiaoGraphMemAttrUsedMemHigh, &value), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSetGraphMemAttribute(0, qiaoGraphMemAttrUsedMemCurrent, &value),
            qiaoErrorInvalidValue);
  value = 1;
  EXPECT_EQ(qiaoDeviceSetGraphMemAttribute(0, qiaoGraphMemAttrReservedMemHigh, &value),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceGraphMemTrim(0), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceGraphMemTrim(99), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDeviceGetGraphMemAttribute(0, static_cast<qiaoGraphMemAttributeType>(7), &value),
            qiaoErrorInvalidValue);
}

} // namespace
