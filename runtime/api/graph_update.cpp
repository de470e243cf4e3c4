// Changing an instantiated graph: new parameters for one copy node, or every node's parameters
// from a graph of the same shape (qiaoGraphExecUpdate). The graphs themselves stay as they are.
#include "Graphs.h"
#include "Memory.h"

#include <algorithm>

using namespace qiao;
using namespace qiao::rt;

namespace {

Status setCopyStep(Runtime &rt, qiaoGraphExec_t exec, qiaoGraphNode_t node,
                   Expected<StreamWork> work) {
  if (!work)
    return work.error();
  std::lock_guard lock(rt.mutex);
  QIAO_REQUIRE(node != nullptr && rt.graphExecs.count(exec) != 0, qiaoErrorInvalidValue);
  auto step = std::find_if(exec->steps.begin(), exec->steps.end(),
                           [&](const auto &s) { return s.node == node; });
  QIAO_REQUIRE(step != exec->steps.end() && step->type == qiaoGraphNodeTypeMemcpy,
               qiaoErrorInvalidValue);
  step->work = std::move(*work);
  return Status::ok();
}

// Where `graph` differs from `shape` in a way an update cannot take: CUDA's reason, the node of
// `graph` it concerns and, for an edge, the dependency that differs.
struct Mismatch {
  qiaoGraphExecUpdateResult result = qiaoGraphExecUpdateSuccess;
  qiaoGraphNode_t node = nullptr;
  qiaoGraphNode_t from = nullptr;
};

Mismatch compareShape(const qiaoGraphShape &shape, const qiaoGraph_st &graph) {
  if (shape.nodes.size() != graph.nodes.size())
    return {qiaoGraphExecUpdateErrorTopologyChanged};
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const qiaoGraphShape::Node &was = shape.nodes[i];
    qiaoGraphNode_st *node = graph.nodes[i].get();
    if (node->type != was.type)
      return {qiaoGraphExecUpdateErrorNodeTypeChanged, node};
    if (node->dependencies.size() != was.dependencies.size())
      return {qiaoGraphExecUpdateErrorTopologyChanged, node};
    for (size_t d = 0; d < was.dependencies.size(); ++d) {
      size_t paired = was.dependencies[d];
      if (paired >= graph.nodes.size() || graph.nodes[paired].get() != node->dependencies[d])
        return {qiaoGraphExecUpdateErrorTopologyChanged, node, node->dependencies[d]};
    }
    // Memory nodes keep their allocation for the life of the instantiated graph.
    if (node->allocation != was.allocation)
      return {qiaoGraphExecUpdateErrorNotSupported, node};
    if (node->child) {
      Mismatch inner = compareShape(*was.child, *node->child);
      if (inner.result != qiaoGraphExecUpdateSuccess)
        return inner.node ? inner : Mismatch{inner.result, node};
    }
  }
  return {};
}

} // namespace

extern "C" qiaoError_t qiaoGraphExecMemcpyNodeSetParams(qiaoGraphExec_t hGraphExec,
                                                        qiaoGraphNode_t node,
                                                        const qiaoMemcpy3DParms *pNodeParams) {
  return enter([&](Runtime &rt) -> Status {
    return setCopyStep(rt, hGraphExec, node, copy3DWork(rt, pNodeParams));
  });
}

extern "C" qiaoError_t qiaoGraphExecMemcpyNodeSetParams1D(qiaoGraphExec_t hGraphExec,
                                                          qiaoGraphNode_t node, void *dst,
                                                          const void *src, size_t count,
                                                          qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_TRY(checkCopy(rt, dst, src, count, kind));
    return setCopyStep(rt, hGraphExec, node,
                       count == 0 ? StreamWork() : copyWork(rt, dst, src, count));
  });
}

extern "C" qiaoError_t qiaoGraphExecUpdate(qiaoGraphExec_t hGraphExec, qiaoGraph_t hGraph,
                                           qiaoGraphExecUpdateResultInfo *resultInfo) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(resultInfo != nullptr, qiaoErrorInvalidValue);
    *resultInfo = qiaoGraphExecUpdateResultInfo{qiaoGraphExecUpdateError, nullptr, nullptr};
    std::lock_guard lock(rt.mutex);
    QIAO_REQUIRE(hGraphExec != nullptr && rt.graphExecs.count(hGraphExec) != 0,
                 qiaoErrorInvalidValue);
    auto known = knownGraph(rt, hGraph);
    if (!known)
      return known.error();
    Mismatch mismatch = compareShape(hGraphExec->shape, *hGraph);
    if (mismatch.result != qiaoGraphExecUpdateSuccess) {
      *resultInfo = {mismatch.result, mismatch.node, mismatch.from};
      return fail(qiaoErrorGraphExecUpdateFailure, "the graph differs from the instantiated one");
    }
    // Same shape, so flattening pairs every step with the step of the same node.
    std::vector<qiaoGraphExec_st::Step> steps;
    qiaoGraphShape shape;
    QIAO_TRY(flattenGraph(*hGraph, steps, shape));
    if (steps.size() != hGraphExec->steps.size())
      return fail(qiaoErrorGraphExecUpdateFailure, "the graphs launch different steps");
    for (size_t i = 0; i < steps.size(); ++i) {
      hGraphExec->steps[i].work = std::move(steps[i].work);
      hGraphExec->steps[i].event = steps[i].event;
    }
    resultInfo->result = qiaoGraphExecUpdateSuccess;
    return Status::ok();
  });
}
