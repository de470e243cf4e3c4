// Graphs: stream capture, explicit construction, instantiation and launch (see Graphs.h).
#include "Graphs.h"
#include "Memory.h"
#include "Registry.h"

#include <algorithm>
#include <cstring>

using namespace qiao;
using namespace qiao::rt;

Status qiao::rt::recordIntoCapture(Runtime &, qiaoStream_st *stream, StreamWork work,
                                   qiaoGraphNodeType type) {
  auto node = std::make_unique<qiaoGraphNode_st>();
  node->type = type;
  node->work = std::move(work);
  node->graph = stream->capturing;
  stream->capturing->nodes.push_back(std::move(node));
  return Status::ok();
}

Status qiao::rt::refuseInCapture(Runtime &, qiaoStream_st *stream) {
  stream->capturing->invalidated = true;
  return fail(qiaoErrorStreamCaptureUnsupported, "operation not permitted while capturing");
}

namespace {
qiaoStreamCaptureMode &captureInteractionMode() {
  thread_local qiaoStreamCaptureMode mode = qiaoStreamCaptureModeGlobal;
  return mode;
}
} // namespace

Status qiao::rt::refuseUnsafeCall(Runtime &rt) {
  const qiaoStreamCaptureMode threadMode = captureInteractionMode();
  if (threadMode == qiaoStreamCaptureModeRelaxed)
    return Status::ok();
  bool refused = false;
  for (qiaoStream_st *stream : rt.streams) {
    qiaoGraph_st *capture = stream->capturing;
    if (capture == nullptr || capture->origin != stream)
      continue; // not capturing, or joined a capture begun elsewhere
    // The thread's own non-relaxed captures forbid the call; in global mode, so do the global
    // captures of every other thread.
    bool mine = capture->thread == std::this_thread::get_id();
    if ((mine && capture->mode != qiaoStreamCaptureModeRelaxed) ||
        (!mine && threadMode == qiaoStreamCaptureModeGlobal &&
         capture->mode == qiaoStreamCaptureModeGlobal)) {
      capture->invalidated = true;
      refused = true;
    }
  }
  if (refused)
    return fail(qiaoErrorStreamCaptureUnsupported, "operation not permitted while capturing");
  return Status::ok();
}

extern "C" qiaoError_t qiaoThreadExchangeStreamCaptureMode(qiaoStreamCaptureMode *mode) {
  return enterAlways([&](Runtime &) -> Status {
    QIAO_REQUIRE(mode != nullptr && *mode >= qiaoStreamCaptureModeGlobal &&
                     *mode <= qiaoStreamCaptureModeRelaxed,
                 qiaoErrorInvalidValue);
    std::swap(*mode, captureInteractionMode());
    return Status::ok();
  });
}

Status qiao::rt::joinCapture(Runtime &, qiaoStream_st *stream, qiaoGraph_st *graph) {
  if (stream->capturing == graph)
    return Status::ok();
  // The legacy stream cannot take part in a capture (CUDA: an implicit dependency on it).
  // Joined, it would outlive the capture: ending one clears only the streams of rt.streams.
  if (stream->legacy)
    return fail(qiaoErrorStreamCaptureImplicit,
                "the legacy default stream cannot wait on an event recorded in a capture");
  if (stream->capturing) {
    stream->capturing->invalidated = true;
    graph->invalidated = true;
    return fail(qiaoErrorStreamCaptureMerge, "the stream already captures into another graph");
  }
  QIAO_REQUIRE(stream->device == graph->device, qiaoErrorInvalidResourceHandle);
  stream->capturing = graph;
  return Status::ok();
}

Expected<qiaoGraph_st *> qiao::rt::knownGraph(Runtime &rt, qiaoGraph_t graph) {
  if (graph == nullptr || rt.graphs.count(graph) == 0)
    return Error{qiaoErrorInvalidValue, "not a graph"};
  return graph;
}

Expected<qiaoGraphNode_st *> qiao::rt::addNode(Runtime &rt, qiaoGraphNode_t *pNode,
                                               qiaoGraph_t graph,
                                               const qiaoGraphNode_t *dependencies, size_t count,
                                               qiaoGraphNodeType type, StreamWork work) {
  if (pNode == nullptr || (count != 0 && dependencies == nullptr))
    return Error{qiaoErrorInvalidValue, "no node or no dependency array"};
  auto known = knownGraph(rt, graph);
  if (!known)
    return known.error();
  auto node = std::make_unique<qiaoGraphNode_st>();
  for (size_t i = 0; i < count; ++i) {
    auto owned = std::find_if(graph->nodes.begin(), graph->nodes.end(),
                              [&](const auto &n) { return n.get() == dependencies[i]; });
    if (owned == graph->nodes.end())
      return Error{qiaoErrorInvalidValue, "a dependency is not a node of the graph"};
    node->dependencies.push_back(dependencies[i]);
  }
  node->type = type;
  node->work = std::move(work);
  node->graph = graph;
  *pNode = node.get();
  graph->nodes.push_back(std::move(node));
  return graph->nodes.back().get();
}

// The nodes in an order where each comes after all it depends on (Kahn's algorithm, ties in the
// order the nodes were added); a cycle, which qiaoGraphAddDependencies can make, is refused.
Expected<std::vector<const qiaoGraphNode_st *>> qiao::rt::launchOrder(const qiaoGraph_st &graph) {
  std::vector<const qiaoGraphNode_st *> order;
  std::vector<bool> placed(graph.nodes.size(), false);
  while (order.size() < graph.nodes.size()) {
    bool progressed = false;
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
      if (placed[i])
        continue;
      bool ready = true;
      for (const qiaoGraphNode_st *dep : graph.nodes[i]->dependencies)
        ready = ready && std::find(order.begin(), order.end(), dep) != order.end();
      if (ready) {
        placed[i] = true;
        order.push_back(graph.nodes[i].get());
        progressed = true;
      }
    }
    if (!progressed)
      return Error{qiaoErrorInvalidValue, "the graph's dependencies form a cycle"};
  }
  return order;
}

Status qiao::rt::flattenGraph(const qiaoGraph_st &graph, std::vector<qiaoGraphExec_st::Step> &steps,
                              qiaoGraphShape &shape) {
  auto order = launchOrder(graph);
  if (!order)
    return order.error();
  auto indexOf = [&](const qiaoGraphNode_st *node) -> size_t {
    for (size_t i = 0; i < graph.nodes.size(); ++i)
      if (graph.nodes[i].get() == node)
        return i;
    return graph.nodes.size();
  };
  for (const auto &node : graph.nodes) {
    qiaoGraphShape::Node entry{node->type, {}, nullptr, node->allocation};
    for (const qiaoGraphNode_st *dep : node->dependencies)
      entry.dependencies.push_back(indexOf(dep));
    if (node->child)
      entry.child = std::make_unique<qiaoGraphShape>();
    shape.nodes.push_back(std::move(entry));
  }
  for (const qiaoGraphNode_st *node : *order) {
    if (node->child) {
      QIAO_TRY(flattenGraph(*node->child, steps, *shape.nodes[indexOf(node)].child));
      continue;
    }
    steps.push_back({node, node->type, node->work, graph.device, node->event});
  }
  return Status::ok();
}

void qiao::rt::destroyGraph(Runtime &rt, qiaoGraph_st *graph) {
  for (const auto &node : graph->nodes)
    if (node->child)
      destroyGraph(rt, node->child);
  rt.graphs.erase(graph);
  delete graph; // instantiated graphs keep their own copies of the work
}

bool qiao::rt::holdsMemoryNodes(const qiaoGraph_st &graph) {
  for (const auto &node : graph.nodes)
    if (node->type == qiaoGraphNodeTypeMemAlloc || node->type == qiaoGraphNodeTypeMemFree ||
        (node->child && holdsMemoryNodes(*node->child)))
      return true;
  return false;
}

namespace {

Status added(const Expected<qiaoGraphNode_st *> &node) {
  return node ? Status::ok() : Status(node.error());
}

Status addKernelNode(Runtime &rt, qiaoGraphNode_t *pNode, qiaoGraph_t graph,
                     const qiaoGraphNode_t *dependencies, size_t count, const void *hostFunction,
                     qiaoFunction_st *f, dim3 grid, dim3 block, unsigned shared, void **params,
                     void **extra) {
  auto known = knownGraph(rt, graph);
  if (!known)
    return known.error();
  qiaoGraphNode_st checked; // the node is added only once its launch is known to be valid
  checked.graph = graph;
  QIAO_TRY(setKernelNode(rt, checked, hostFunction, f, grid, block, shared, params, extra));
  auto node = addNode(rt, pNode, graph, dependencies, count, qiaoGraphNodeTypeKernel,
                      std::move(checked.work));
  if (!node)
    return node.error();
  (*node)->kernel = std::move(checked.kernel);
  return Status::ok();
}

Status checkMemset(Runtime &rt, const qiaoMemsetParams &p) {
  QIAO_REQUIRE(p.elementSize == 1 || p.elementSize == 2 || p.elementSize == 4,
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(p.dst != nullptr && p.width != 0 && p.height != 0, qiaoErrorInvalidValue);
  size_t rowBytes = 0;
  QIAO_REQUIRE(!__builtin_mul_overflow(p.width, size_t{p.elementSize}, &rowBytes),
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(p.height == 1 || p.pitch >= rowBytes, qiaoErrorInvalidValue);
  return requireDeviceRange(rt, p.dst, pitchedSpan(p.pitch, rowBytes, p.height));
}

// A memset node: rows of `width` elements of elementSize bytes, `pitch` bytes apart.
Expected<StreamWork> memsetWork(Runtime &rt, const qiaoMemsetParams &p) {
  Status checked = checkMemset(rt, p);
  if (!checked)
    return checked.error();
  const qiaoDriverTable *driver = rt.driver;
  return StreamWork([driver, p](qiaoDrvQueue queue) {
    for (size_t row = 0; row < p.height; ++row) {
      void *start = static_cast<char *>(p.dst) + row * p.pitch;
      if (qiaoDrvStatus status = driver->enqueueFill(queue, start, p.value, p.elementSize, p.width))
        return status;
    }
    return qiaoDrvStatus(0);
  });
}

bool ownsNode(const qiaoGraph_st &graph, const qiaoGraphNode_st *node) {
  for (const auto &owned : graph.nodes)
    if (owned.get() == node)
      return true;
  return false;
}

// CUDA's list convention: without an array, the count; with one of *count slots, the nodes that
// fit, null in the slots past them, and *count set to how many were filled.
void listNodes(const std::vector<qiaoGraphNode_t> &nodes, qiaoGraphNode_t *out, size_t *count) {
  if (out == nullptr) {
    *count = nodes.size();
    return;
  }
  size_t filled = std::min(*count, nodes.size());
  for (size_t i = 0; i < *count; ++i)
    out[i] = i < filled ? nodes[i] : nullptr;
  *count = filled;
}

bool defaultEdge(const qiaoGraphEdgeData *edge) {
  static const qiaoGraphEdgeData zero{};
  return edge == nullptr || std::memcmp(edge, &zero, sizeof zero) == 0;
}

} // namespace

extern "C" qiaoError_t qiaoStreamBeginCapture(qiaoStream_t stream, qiaoStreamCaptureMode mode) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(mode >= qiaoStreamCaptureModeGlobal && mode <= qiaoStreamCaptureModeRelaxed,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    // The legacy default stream cannot capture: it synchronises with every blocking stream.
    QIAO_REQUIRE(!(*resolved)->legacy, qiaoErrorStreamCaptureUnsupported);
    QIAO_REQUIRE((*resolved)->capturing == nullptr, qiaoErrorIllegalState);
    auto *graph = new qiaoGraph_st();
    graph->device = (*resolved)->device;
    graph->origin = *resolved;
    graph->captureId = rt.nextCaptureId++;
    graph->mode = mode;
    graph->thread = std::this_thread::get_id();
    (*resolved)->capturing = graph;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamEndCapture(qiaoStream_t stream, qiaoGraph_t *pGraph) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pGraph != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    qiaoGraph_st *graph = (*resolved)->capturing;
    QIAO_REQUIRE(graph != nullptr, qiaoErrorIllegalState);
    QIAO_REQUIRE(graph->origin == *resolved, qiaoErrorStreamCaptureUnmatched);
    for (qiaoStream_st *joined : rt.streams)
      if (joined->capturing == graph)
        joined->capturing = nullptr;
    (*resolved)->capturing = nullptr;
    for (qiaoEvent_st *event : rt.events)
      if (event->capturedIn == graph)
        event->capturedIn = nullptr;
    graph->origin = nullptr;
    *pGraph = nullptr;
    if (graph->invalidated) {
      delete graph;
      return fail(qiaoErrorStreamCaptureInvalidated, "the capture was invalidated");
    }
    rt.graphs.insert(graph);
    *pGraph = graph;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamIsCapturing(qiaoStream_t stream,
                                             qiaoStreamCaptureStatus *pCaptureStatus) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pCaptureStatus != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    const qiaoGraph_st *graph = (*resolved)->capturing;
    *pCaptureStatus = graph == nullptr     ? qiaoStreamCaptureStatusNone
                      : graph->invalidated ? qiaoStreamCaptureStatusInvalidated
                                           : qiaoStreamCaptureStatusActive;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoStreamGetCaptureId(qiaoStream_t stream, unsigned long long *id) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(id != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    QIAO_REQUIRE((*resolved)->capturing != nullptr, qiaoErrorIllegalState);
    *id = (*resolved)->capturing->captureId;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphCreate(qiaoGraph_t *pGraph, unsigned int flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pGraph != nullptr && flags == 0, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto *graph = new qiaoGraph_st();
    graph->device = currentDevice();
    rt.graphs.insert(graph);
    *pGraph = graph;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphDestroy(qiaoGraph_t graph) {
  return enterAlways([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    // A child graph node's graph goes away with its node.
    QIAO_REQUIRE(graph->owner == nullptr, qiaoErrorInvalidValue);
    destroyGraph(rt, graph);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphGetNodes(qiaoGraph_t graph, qiaoGraphNode_t *nodes,
                                         size_t *numNodes) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(numNodes != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    std::vector<qiaoGraphNode_t> all;
    for (const auto &node : graph->nodes)
      all.push_back(node.get());
    listNodes(all, nodes, numNodes);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphNodeGetType(qiaoGraphNode_t node, qiaoGraphNodeType *pType) {
  return enter([&](Runtime &) -> Status {
    QIAO_REQUIRE(node != nullptr && pType != nullptr, qiaoErrorInvalidValue);
    *pType = node->type;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphAddKernelNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                              const qiaoGraphNode_t *pDependencies,
                                              size_t numDependencies,
                                              const qiaoKernelNodeParams *p) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(p != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, p->func);
    if (!f)
      return f.error();
    return addKernelNode(rt, pGraphNode, graph, pDependencies, numDependencies, p->func, *f,
                         p->gridDim, p->blockDim, p->sharedMemBytes, p->kernelParams, p->extra);
  });
}

extern "C" qiaoError_t qiaoGraphAddModuleKernelNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                                    const qiaoGraphNode_t *pDependencies,
                                                    size_t numDependencies, qiaoFunction_t f,
                                                    dim3 gridDim, dim3 blockDim,
                                                    unsigned int sharedMemBytes,
                                                    void **kernelParams, void **extra) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return addKernelNode(rt, pGraphNode, graph, pDependencies, numDependencies, nullptr, f, gridDim,
                         blockDim, sharedMemBytes, kernelParams, extra);
  });
}

extern "C" qiaoError_t qiaoGraphAddMemcpyNode1D(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                                const qiaoGraphNode_t *pDependencies,
                                                size_t numDependencies, void *dst, const void *src,
                                                size_t count, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_TRY(checkCopy(rt, dst, src, count, kind));
    std::lock_guard lock(rt.mutex);
    return added(addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                         qiaoGraphNodeTypeMemcpy,
                         count == 0 ? StreamWork() : copyWork(rt, dst, src, count)));
  });
}

extern "C" qiaoError_t qiaoGraphAddMemsetNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                              const qiaoGraphNode_t *pDependencies,
                                              size_t numDependencies, const qiaoMemsetParams *p) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(p != nullptr, qiaoErrorInvalidValue);
    auto work = memsetWork(rt, *p);
    if (!work)
      return work.error();
    std::lock_guard lock(rt.mutex);
    return added(addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                         qiaoGraphNodeTypeMemset, std::move(*work)));
  });
}

extern "C" qiaoError_t qiaoGraphAddHostNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                            const qiaoGraphNode_t *pDependencies,
                                            size_t numDependencies, const qiaoHostNodeParams *p) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(p != nullptr && p->fn != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    const qiaoDriverTable *driver = rt.driver;
    qiaoHostFn_t fn = p->fn;
    void *userData = p->userData;
    return added(addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                         qiaoGraphNodeTypeHost, [driver, fn, userData](qiaoDrvQueue queue) {
                           return driver->enqueueHostFn(queue, fn, userData);
                         }));
  });
}

extern "C" qiaoError_t qiaoGraphAddEmptyNode(qiaoGraphNode_t *pGraphNode, qiaoGraph_t graph,
                                             const qiaoGraphNode_t *pDependencies,
                                             size_t numDependencies) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    return added(addNode(rt, pGraphNode, graph, pDependencies, numDependencies,
                         qiaoGraphNodeTypeEmpty, StreamWork()));
  });
}

extern "C" qiaoError_t qiaoGraphInstantiateWithFlags(qiaoGraphExec_t *pGraphExec, qiaoGraph_t graph,
                                                     unsigned long long flags) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pGraphExec != nullptr, qiaoErrorInvalidValue);
    // Auto-free-on-launch (1), upload (2), device launch (4), use node priority (8).
    QIAO_REQUIRE((flags & ~0xfull) == 0, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    auto exec = std::make_unique<qiaoGraphExec_st>();
    QIAO_TRY(flattenGraph(*graph, exec->steps, exec->shape));
    rt.graphExecs.insert(exec.get());
    *pGraphExec = exec.release();
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphInstantiate(qiaoGraphExec_t *pGraphExec, qiaoGraph_t graph,
                                            unsigned long long flags) {
  return qiaoGraphInstantiateWithFlags(pGraphExec, graph, flags);
}

extern "C" qiaoError_t qiaoGraphLaunch(qiaoGraphExec_t graphExec, qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(graphExec != nullptr && rt.graphExecs.count(graphExec) != 0,
                 qiaoErrorInvalidValue);
    auto resolved = resolveStream(rt, stream);
    if (!resolved)
      return resolved.error();
    // Into a capturing stream the nodes are recorded again: the graph becomes part of that one.
    for (const auto &step : graphExec->steps) {
      if (step.work)
        QIAO_TRY(submit(rt, *resolved, step.work, step.type));
      // What the event calls learn from a record or a wait, the graph's nodes tell them here.
      if (step.event == nullptr || rt.events.count(step.event) == 0 || (*resolved)->capturing)
        continue;
      if (step.type == qiaoGraphNodeTypeEventRecord)
        step.event->recorded = true;
      else
        step.event->waitedOn = true;
    }
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphExecDestroy(qiaoGraphExec_t graphExec) {
  return enterAlways([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(graphExec != nullptr && rt.graphExecs.count(graphExec) != 0,
                 qiaoErrorInvalidValue);
    rt.graphExecs.erase(graphExec);
    delete graphExec;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphGetRootNodes(qiaoGraph_t graph, qiaoGraphNode_t *pRootNodes,
                                             size_t *pNumRootNodes) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pNumRootNodes != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    std::vector<qiaoGraphNode_t> roots;
    for (const auto &node : graph->nodes)
      if (node->dependencies.empty())
        roots.push_back(node.get());
    listNodes(roots, pRootNodes, pNumRootNodes);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphGetEdges(qiaoGraph_t graph, qiaoGraphNode_t *from,
                                         qiaoGraphNode_t *to, qiaoGraphEdgeData *edgeData,
                                         size_t *numEdges) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(numEdges != nullptr && (from == nullptr) == (to == nullptr),
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    std::vector<std::pair<qiaoGraphNode_t, qiaoGraphNode_t>> edges;
    for (const auto &node : graph->nodes)
      for (qiaoGraphNode_st *dep : node->dependencies)
        edges.emplace_back(dep, node.get());
    if (from == nullptr) {
      *numEdges = edges.size();
      return Status::ok();
    }
    size_t filled = std::min(*numEdges, edges.size());
    for (size_t i = 0; i < *numEdges; ++i) {
      from[i] = i < filled ? edges[i].first : nullptr;
      to[i] = i < filled ? edges[i].second : nullptr;
      if (edgeData)
        edgeData[i] = qiaoGraphEdgeData{};
    }
    *numEdges = filled;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphAddDependencies(qiaoGraph_t graph, const qiaoGraphNode_t *from,
                                                const qiaoGraphNode_t *to,
                                                const qiaoGraphEdgeData *edgeData,
                                                size_t numDependencies) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(numDependencies == 0 || (from != nullptr && to != nullptr), qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownGraph(rt, graph);
    if (!known)
      return known.error();
    for (size_t i = 0; i < numDependencies; ++i) {
      QIAO_REQUIRE(defaultEdge(edgeData ? &edgeData[i] : nullptr), qiaoErrorNotSupported);
      QIAO_REQUIRE(from[i] != to[i] && ownsNode(*graph, from[i]) && ownsNode(*graph, to[i]),
                   qiaoErrorInvalidValue);
      auto &deps = to[i]->dependencies;
      QIAO_REQUIRE(std::find(deps.begin(), deps.end(), from[i]) == deps.end(),
                   qiaoErrorInvalidValue); // the edge exists already
      deps.push_back(from[i]);
    }
    return Status::ok();
  });
}

namespace {

// Rebuilds one kernel step of an instantiated graph with new parameters.
Status setKernelStep(Runtime &rt, qiaoGraphExec_t exec, qiaoGraphNode_t node, qiaoFunction_st *f,
                     dim3 grid, dim3 block, unsigned shared, void **params, void **extra) {
  QIAO_REQUIRE(node != nullptr && rt.graphExecs.count(exec) != 0, qiaoErrorInvalidValue);
  auto step = std::find_if(exec->steps.begin(), exec->steps.end(),
                           [&](const auto &s) { return s.node == node; });
  QIAO_REQUIRE(step != exec->steps.end() && step->type == qiaoGraphNodeTypeKernel,
               qiaoErrorInvalidValue);
  auto work = kernelWork(rt, f, step->device, grid, block, shared, params, extra, false);
  if (!work)
    return work.error();
  step->work = std::move(*work);
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoGraphExecKernelNodeSetParams(qiaoGraphExec_t hGraphExec,
                                                        qiaoGraphNode_t node,
                                                        const qiaoKernelNodeParams *p) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(p != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, p->func);
    if (!f)
      return f.error();
    return setKernelStep(rt, hGraphExec, node, *f, p->gridDim, p->blockDim, p->sharedMemBytes,
                         p->kernelParams, p->extra);
  });
}

extern "C" qiaoError_t qiaoGraphExecModuleKernelNodeSetParams(
    qiaoGraphExec_t hGraphExec, qiaoGraphNode_t node, qiaoFunction_t f, dim3 gridDim, dim3 blockDim,
    unsigned int sharedMemBytes, void **kernelParams, void **extra) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return setKernelStep(rt, hGraphExec, node, f, gridDim, blockDim, sharedMemBytes, kernelParams,
                         extra);
  });
}
