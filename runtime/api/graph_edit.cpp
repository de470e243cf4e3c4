// Reading and changing a graph node by node: its edges, removing nodes and edges, the event of an
// event node, what a memory node allocates or frees; an instantiated graph's event nodes; the
// device's graph memory counters.
#include "Graphs.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>

using namespace qiao;
using namespace qiao::rt;

namespace {

// A node of a live graph, of one of `types` when any are given.
Status checkNode(Runtime &rt, const qiaoGraphNode_st *node,
                 std::initializer_list<qiaoGraphNodeType> types = {}) {
  QIAO_REQUIRE(node != nullptr && node->graph != nullptr && rt.graphs.count(node->graph) != 0,
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(types.size() == 0 ||
                   std::find(types.begin(), types.end(), node->type) != types.end(),
               qiaoErrorInvalidValue);
  return Status::ok();
}

// CUDA's list convention (graph.cpp's listNodes) with edge data, which is always the default.
void listEdges(const std::vector<qiaoGraphNode_t> &nodes, qiaoGraphNode_t *out,
               qiaoGraphEdgeData *edgeData, size_t *count) {
  if (out == nullptr) {
    *count = nodes.size();
    return;
  }
  size_t filled = std::min(*count, nodes.size());
  for (size_t i = 0; i < *count; ++i) {
    out[i] = i < filled ? nodes[i] : nullptr;
    if (edgeData)
      edgeData[i] = qiaoGraphEdgeData{};
  }
  *count = filled;
}

StreamWork eventWork(Runtime &rt, qiaoGraphNodeType type, qiaoEvent_st *event) {
  const qiaoDriverTable *driver = rt.driver;
  qiaoDrvEvent driverEvent = event->event;
  if (type == qiaoGraphNodeTypeEventRecord)
    return [driver, driverEvent](qiaoDrvQueue queue) {
      return driver->enqueueEventRecord(queue, driverEvent);
    };
  return [driver, driverEvent](qiaoDrvQueue queue) {
    return driver->enqueueEventWait(queue, driverEvent);
  };
}

qiaoError_t getEvent(qiaoGraphNode_t node, qiaoGraphNodeType type, qiaoEvent_t *out) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(out != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node, {type}));
    *out = node->event;
    return Status::ok();
  });
}

qiaoError_t setEvent(qiaoGraphNode_t node, qiaoGraphNodeType type, qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node, {type}));
    QIAO_REQUIRE(event != nullptr && rt.events.count(event) != 0, qiaoErrorInvalidResourceHandle);
    node->event = event;
    node->work = eventWork(rt, type, event);
    return Status::ok();
  });
}

qiaoError_t setExecEvent(qiaoGraphExec_t exec, qiaoGraphNode_t node, qiaoGraphNodeType type,
                         qiaoEvent_t event) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(exec != nullptr && rt.graphExecs.count(exec) != 0 && node != nullptr,
                 qiaoErrorInvalidValue);
    QIAO_REQUIRE(event != nullptr && rt.events.count(event) != 0, qiaoErrorInvalidResourceHandle);
    auto step = std::find_if(exec->steps.begin(), exec->steps.end(),
                             [&](const auto &s) { return s.node == node; });
    QIAO_REQUIRE(step != exec->steps.end() && step->type == type, qiaoErrorInvalidValue);
    step->event = event;
    step->work = eventWork(rt, type, event);
    return Status::ok();
  });
}

Status checkGraphMemDevice(Runtime &rt, int device) {
  QIAO_REQUIRE(validDevice(rt, device), qiaoErrorInvalidDevice);
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoGraphNodeGetDependencies(qiaoGraphNode_t node,
                                                    qiaoGraphNode_t *pDependencies,
                                                    qiaoGraphEdgeData *edgeData,
                                                    size_t *pNumDependencies) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pNumDependencies != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node));
    listEdges({node->dependencies.begin(), node->dependencies.end()}, pDependencies, edgeData,
              pNumDependencies);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphNodeGetDependentNodes(qiaoGraphNode_t node,
                                                      qiaoGraphNode_t *pDependentNodes,
                                                      qiaoGraphEdgeData *edgeData,
                                                      size_t *pNumDependentNodes) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pNumDependentNodes != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node));
    std::vector<qiaoGraphNode_t> dependents;
    for (const auto &other : node->graph->nodes) {
      const auto &deps = other->dependencies;
      if (std::find(deps.begin(), deps.end(), node) != deps.end())
        dependents.push_back(other.get());
    }
    listEdges(dependents, pDependentNodes, edgeData, pNumDependentNodes);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphRemoveDependencies(qiaoGraph_t graph, const qiaoGraphNode_t *from,
                                                   const qiaoGraphNode_t *to,
                                                   const qiaoGraphEdgeData *edgeData,
                                                   size_t numDependencies) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(numDependencies == 0 || (from != nullptr && to != nullptr), qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    // CUDA: the edges of a graph holding memory nodes cannot be removed.
    QIAO_REQUIRE(!holdsMemoryNodes(*graph), qiaoErrorNotSupported);
    static const qiaoGraphEdgeData plain{};
    // Every edge must exist before any is removed.
    for (size_t i = 0; i < numDependencies; ++i) {
      QIAO_REQUIRE(edgeData == nullptr || std::memcmp(&edgeData[i], &plain, sizeof plain) == 0,
                   qiaoErrorInvalidValue);
      QIAO_REQUIRE(to[i] != nullptr && to[i]->graph == graph, qiaoErrorInvalidValue);
      const auto &deps = to[i]->dependencies;
      QIAO_REQUIRE(std::find(deps.begin(), deps.end(), from[i]) != deps.end(),
                   qiaoErrorInvalidValue);
    }
    for (size_t i = 0; i < numDependencies; ++i) {
      auto &deps = to[i]->dependencies;
      deps.erase(std::find(deps.begin(), deps.end(), from[i]));
    }
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphDestroyNode(qiaoGraphNode_t node) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node));
    qiaoGraph_st *graph = node->graph;
    QIAO_REQUIRE(!holdsMemoryNodes(*graph), qiaoErrorNotSupported);
    for (const auto &other : graph->nodes) {
      auto &deps = other->dependencies;
      deps.erase(std::remove(deps.begin(), deps.end(), node), deps.end());
    }
    if (node->child)
      destroyGraph(rt, node->child);
    auto owned = std::find_if(graph->nodes.begin(), graph->nodes.end(),
                              [&](const auto &n) { return n.get() == node; });
    graph->nodes.erase(owned);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphEventRecordNodeGetEvent(qiaoGraphNode_t node,
                                                        qiaoEvent_t *event_out) {
  return getEvent(node, qiaoGraphNodeTypeEventRecord, event_out);
}
extern "C" qiaoError_t qiaoGraphEventRecordNodeSetEvent(qiaoGraphNode_t node, qiaoEvent_t event) {
  return setEvent(node, qiaoGraphNodeTypeEventRecord, event);
}
extern "C" qiaoError_t qiaoGraphEventWaitNodeGetEvent(qiaoGraphNode_t node,
                                                      qiaoEvent_t *event_out) {
  return getEvent(node, qiaoGraphNodeTypeWaitEvent, event_out);
}
extern "C" qiaoError_t qiaoGraphEventWaitNodeSetEvent(qiaoGraphNode_t node, qiaoEvent_t event) {
  return setEvent(node, qiaoGraphNodeTypeWaitEvent, event);
}
extern "C" qiaoError_t qiaoGraphExecEventRecordNodeSetEvent(qiaoGraphExec_t hGraphExec,
                                                            qiaoGraphNode_t hNode,
                                                            qiaoEvent_t event) {
  return setExecEvent(hGraphExec, hNode, qiaoGraphNodeTypeEventRecord, event);
}
extern "C" qiaoError_t qiaoGraphExecEventWaitNodeSetEvent(qiaoGraphExec_t hGraphExec,
                                                          qiaoGraphNode_t hNode,
                                                          qiaoEvent_t event) {
  return setExecEvent(hGraphExec, hNode, qiaoGraphNodeTypeWaitEvent, event);
}

extern "C" qiaoError_t qiaoGraphMemAllocNodeGetParams(qiaoGraphNode_t node,
                                                      qiaoMemAllocNodeParams *params_out) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(params_out != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node, {qiaoGraphNodeTypeMemAlloc}));
    const GraphAllocation &allocation = rt.graphAllocations.at(node->allocation);
    *params_out = qiaoMemAllocNodeParams{};
    params_out->poolProps.allocType = qiaoMemAllocationTypePinned;
    params_out->poolProps.location = {qiaoMemLocationTypeDevice, allocation.device};
    params_out->bytesize = allocation.bytes;
    params_out->dptr = node->allocation;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphMemFreeNodeGetParams(qiaoGraphNode_t node, void *dptr_out) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(dptr_out != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkNode(rt, node, {qiaoGraphNodeTypeMemFree}));
    *static_cast<void **>(dptr_out) = node->allocation;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphUpload(qiaoGraphExec_t graphExec, qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(graphExec != nullptr && rt.graphExecs.count(graphExec) != 0,
                 qiaoErrorInvalidValue);
    auto resolved = resolveStream(rt, stream);
    // Nothing to upload: an instantiated graph's work is ready to launch.
    return resolved ? Status::ok() : Status(resolved.error());
  });
}

extern "C" qiaoError_t qiaoDeviceGetGraphMemAttribute(int device, qiaoGraphMemAttributeType attr,
                                                      void *value) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkGraphMemDevice(rt, device));
    const Device &d = rt.devices[device];
    auto *bytes = static_cast<uint64_t *>(value);
    switch (attr) {
    // Graph allocations are reserved exactly as large as they are used.
    case qiaoGraphMemAttrUsedMemCurrent:
    case qiaoGraphMemAttrReservedMemCurrent:
      *bytes = d.graphMemory;
      return Status::ok();
    case qiaoGraphMemAttrUsedMemHigh:
    case qiaoGraphMemAttrReservedMemHigh:
      *bytes = d.graphMemoryHigh;
      return Status::ok();
    default:
      return fail(qiaoErrorInvalidValue, "unknown graph memory attribute");
    }
  });
}

extern "C" qiaoError_t qiaoDeviceSetGraphMemAttribute(int device, qiaoGraphMemAttributeType attr,
                                                      void *value) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkGraphMemDevice(rt, device));
    // Only the high watermarks can be set, and only back to zero (to the current value).
    QIAO_REQUIRE(attr == qiaoGraphMemAttrUsedMemHigh || attr == qiaoGraphMemAttrReservedMemHigh,
                 qiaoErrorInvalidValue);
    QIAO_REQUIRE(*static_cast<const uint64_t *>(value) == 0, qiaoErrorInvalidValue);
    rt.devices[device].graphMemoryHigh = rt.devices[device].graphMemory;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoDeviceGraphMemTrim(int device) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    // Graph allocations live as long as the process (Graphs.h): none is unused to give back.
    return checkGraphMemDevice(rt, device);
  });
}
