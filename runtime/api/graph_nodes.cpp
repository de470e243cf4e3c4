// Graph nodes beyond kernels, 1D copies, memsets and host functions: 3D copies, child graphs,
// event record and wait nodes, memory allocation and free nodes; cloning a graph.
#include "Graphs.h"
#include "Memory.h"

#include <algorithm>
#include <map>

using namespace qiao;
using namespace qiao::rt;

namespace {

Status added(const Expected<qiaoGraphNode_st *> &node) {
  return node ? Status::ok() : Status(node.error());
}

Expected<qiaoEvent_st *> knownEvent(Runtime &rt, qiaoEvent_t event) {
  if (event == nullptr || rt.events.count(event) == 0)
    return Error{qiaoErrorInvalidResourceHandle, "unknown event handle"};
  return event;
}

// A copy of `graph` on the same device, registered; its child graphs are copied too.
qiaoGraph_st *copyGraph(Runtime &rt, const qiaoGraph_st &graph) {
  auto *copy = new qiaoGraph_st();
  copy->device = graph.device;
  std::map<const qiaoGraphNode_st *, qiaoGraphNode_st *> copied;
  for (const auto &node : graph.nodes) {
    auto twin = std::make_unique<qiaoGraphNode_st>();
    twin->type = node->type;
    twin->work = node->work;
    twin->event = node->event;
    twin->allocation = node->allocation;
    twin->kernel = node->kernel;
    twin->original = node.get();
    twin->graph = copy;
    for (const qiaoGraphNode_st *dep : node->dependencies)
      twin->dependencies.push_back(copied.at(dep)); // a dependency was added before its node
    if (node->child) {
      twin->child = copyGraph(rt, *node->child);
      twin->child->owner = twin.get();
    }
    copied[node.get()] = twin.get();
    copy->nodes.push_back(std::move(twin));
  }
  rt.graphs.insert(copy);
  return copy;
}

// A pool's properties as a memory allocation node may name them: a device of this runtime,
// pinned memory, no IPC handles.
Status checkAllocationProps(Runtime &rt, const qiaoMemPoolProps &props) {
  QIAO_REQUIRE(props.allocType == qiaoMemAllocationTypePinned, qiaoErrorInvalidValue);
  QIAO_REQUIRE(props.location.type == qiaoMemLocationTypeDevice &&
                   validDevice(rt, props.location.id),
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(props.handleTypes == qiaoMemHandleTypeNone, qiaoErrorInvalidValue);
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoGraphAddMemcpyNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                              const qiaoGraphNode_t *pDependencies,
                                              size_t numDependencies,
                                              const qiaoMemcpy3DParms *pCopyParams) {
  return enter([&](Runtime &rt) -> Status {
    auto work = copy3DWork(rt, pCopyParams);
    if (!work)
      return work.error();
    std::lock_guard lock(rt.mutex);
    return added(addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                         qiaoGraphNodeTypeMemcpy, std::move(*work)));
  });
}

extern "C" qiaoError_t qiaoGraphAddChildGraphNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                                  const qiaoGraphNode_t *pDependencies,
                                                  size_t numDependencies, qiaoGraph_t childGraph) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto child = knownGraph(rt, childGraph);
    if (!child)
      return child.error();
    QIAO_REQUIRE(childGraph != graph, qiaoErrorInvalidValue);
    QIAO_REQUIRE(!holdsMemoryNodes(*childGraph), qiaoErrorNotSupported);
    auto node = addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                        qiaoGraphNodeTypeGraph, StreamWork());
    if (!node)
      return node.error();
    (*node)->child = copyGraph(rt, *childGraph);
    (*node)->child->owner = *node;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphChildGraphNodeGetGraph(qiaoGraphNode_t node, qiaoGraph_t *pGraph) {
  return enter([&](Runtime &) -> Status {
    QIAO_REQUIRE(node != nullptr && pGraph != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(node->type == qiaoGraphNodeTypeGraph && node->child, qiaoErrorInvalidValue);
    *pGraph = node->child;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphAddEventRecordNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                                   const qiaoGraphNode_t *pDependencies,
                                                   size_t numDependencies, qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownEvent(rt, event);
    if (!known)
      return known.error();
    const qiaoDriverTable *driver = rt.driver;
    qiaoDrvEvent driverEvent = event->event;
    auto node = addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                        qiaoGraphNodeTypeEventRecord, [driver, driverEvent](qiaoDrvQueue queue) {
                          return driver->enqueueEventRecord(queue, driverEvent);
                        });
    if (!node)
      return node.error();
    (*node)->event = event;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphAddEventWaitNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                                 const qiaoGraphNode_t *pDependencies,
                                                 size_t numDependencies, qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownEvent(rt, event);
    if (!known)
      return known.error();
    const qiaoDriverTable *driver = rt.driver;
    qiaoDrvEvent driverEvent = event->event;
    auto node = addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                        qiaoGraphNodeTypeWaitEvent, [driver, driverEvent](qiaoDrvQueue queue) {
                          return driver->enqueueEventWait(queue, driverEvent);
                        });
    if (!node)
      return node.error();
    (*node)->event = event;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphAddMemAllocNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                                const qiaoGraphNode_t *pDependencies,
                                                size_t numDependencies,
                                                qiaoMemAllocNodeParams *nodeParams) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(nodeParams != nullptr && nodeParams->bytesize != 0, qiaoErrorInvalidValue);
    QIAO_TRY(checkAllocationProps(rt, nodeParams->poolProps));
    QIAO_REQUIRE(nodeParams->accessDescCount == 0 || nodeParams->accessDescs != nullptr,
                 qiaoErrorInvalidValue);
    for (size_t i = 0; i < nodeParams->accessDescCount; ++i) {
      const qiaoMemAccessDesc &access = nodeParams->accessDescs[i];
      // One device per allocation: only the owning device's read-write access can be asked for.
      QIAO_REQUIRE(access.location.type == qiaoMemLocationTypeDevice &&
                       access.location.id == nodeParams->poolProps.location.id &&
                       access.flags == qiaoMemAccessFlagsProtReadWrite,
                   qiaoErrorInvalidValue);
    }
    {
      std::lock_guard lock(rt.mutex);
      auto known = knownGraph(rt, graph);
      if (!known)
        return known.error();
      QIAO_REQUIRE(graph->device == nodeParams->poolProps.location.id, qiaoErrorInvalidValue);
    }
    // Allocated once, now: every launch of the graph uses this address.
    void *allocation = nullptr;
    QIAO_TRY(allocate(rt, &allocation, nodeParams->bytesize, QIAO_DRV_MEM_DEVICE, 0));
    std::lock_guard lock(rt.mutex);
    auto node = addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                        qiaoGraphNodeTypeMemAlloc, StreamWork());
    if (!node) {
      (void)rt.driver->memFree(allocation, QIAO_DRV_MEM_DEVICE);
      return node.error();
    }
    (*node)->allocation = allocation;
    Device &device = rt.devices[graph->device];
    rt.graphAllocations[allocation] = GraphAllocation{graph->device, nodeParams->bytesize};
    device.graphMemory += nodeParams->bytesize;
    device.graphMemoryHigh = std::max(device.graphMemoryHigh, device.graphMemory);
    nodeParams->dptr = allocation;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphAddMemFreeNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                               const qiaoGraphNode_t *pDependencies,
                                               size_t numDependencies, void *dptr) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(dptr != nullptr && rt.graphAllocations.count(dptr) != 0, qiaoErrorInvalidValue);
    auto node = addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                        qiaoGraphNodeTypeMemFree, StreamWork());
    if (!node)
      return node.error();
    (*node)->allocation = dptr;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphClone(qiaoGraph_t *pGraphClone, qiaoGraph_t originalGraph) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pGraphClone != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, originalGraph);
    if (!known)
      return known.error();
    QIAO_REQUIRE(!holdsMemoryNodes(*originalGraph), qiaoErrorNotSupported);
    *pGraphClone = copyGraph(rt, *originalGraph);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphNodeFindInClone(qiaoGraphNode_t *pNode,
                                                qiaoGraphNode_t originalNode,
                                                qiaoGraph_t clonedGraph) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pNode != nullptr && originalNode != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, clonedGraph);
    if (!known)
      return known.error();
    auto found = std::find_if(clonedGraph->nodes.begin(), clonedGraph->nodes.end(),
                              [&](const auto &node) { return node->original == originalNode; });
    QIAO_REQUIRE(found != clonedGraph->nodes.end(), qiaoErrorInvalidValue);
    *pNode = found->get();
    return Status::ok();
  });
}
