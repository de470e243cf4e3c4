// Graph nodes beyond kernels, memsets and host functions (3D copies, child graphs, events, memory
// nodes), cloning, and changes to instantiated graphs, over libqiao's graphs. Handles are
// libqiao's under CUDA's names; parameter structs have the same layout.
#include "QiaoCuda.h"

using namespace qiao::cudart;

static_assert(sizeof(qiaoMemAllocNodeParams) == sizeof(cudaMemAllocNodeParams));
static_assert(sizeof(qiaoGraphExecUpdateResultInfo) == sizeof(cudaGraphExecUpdateResultInfo));
static_assert(int(qiaoGraphNodeTypeMemFree) == int(cudaGraphNodeTypeMemFree));
static_assert(int(qiaoGraphExecUpdateErrorAttributesChanged) ==
              int(cudaGraphExecUpdateErrorAttributesChanged));

namespace {

qiaoGraph_t toQiao(cudaGraph_t graph) { return reinterpret_cast<qiaoGraph_t>(graph); }
qiaoGraphExec_t toQiao(cudaGraphExec_t exec) { return reinterpret_cast<qiaoGraphExec_t>(exec); }
qiaoGraphNode_t toQiao(cudaGraphNode_t node) { return reinterpret_cast<qiaoGraphNode_t>(node); }
qiaoGraphNode_t *toQiao(cudaGraphNode_t *node) { return reinterpret_cast<qiaoGraphNode_t *>(node); }
const qiaoGraphNode_t *toQiao(const cudaGraphNode_t *node) {
  return reinterpret_cast<const qiaoGraphNode_t *>(node);
}
const qiaoMemcpy3DParms *toQiao(const cudaMemcpy3DParms *p) {
  return reinterpret_cast<const qiaoMemcpy3DParms *>(p);
}

} // namespace

extern "C" {

cudaError_t cudaGraphAddMemcpyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                   const cudaMemcpy3DParms *pCopyParams) {
  return QIAO_TRACED(
      toCuda(qiaoGraphAddMemcpyNode(toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies),
                                    numDependencies, toQiao(pCopyParams))),
      pGraphNode, graph, numDependencies, pCopyParams);
}

cudaError_t cudaGraphAddChildGraphNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                       const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                       cudaGraph_t childGraph) {
  return QIAO_TRACED(
      toCuda(qiaoGraphAddChildGraphNode(toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies),
                                        numDependencies, toQiao(childGraph))),
      pGraphNode, graph, numDependencies, childGraph);
}

cudaError_t cudaGraphChildGraphNodeGetGraph(cudaGraphNode_t node, cudaGraph_t *pGraph) {
  return QIAO_TRACED(toCuda(qiaoGraphChildGraphNodeGetGraph(
                         toQiao(node), reinterpret_cast<qiaoGraph_t *>(pGraph))),
                     node, pGraph);
}

cudaError_t cudaGraphAddEventRecordNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                        const cudaGraphNode_t *pDependencies,
                                        size_t numDependencies, cudaEvent_t event) {
  return QIAO_TRACED(
      toCuda(qiaoGraphAddEventRecordNode(toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies),
                                         numDependencies, qiao::cudart::toQiao(event))),
      pGraphNode, graph, numDependencies, event);
}

cudaError_t cudaGraphAddEventWaitNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                      const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                      cudaEvent_t event) {
  return QIAO_TRACED(
      toCuda(qiaoGraphAddEventWaitNode(toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies),
                                       numDependencies, qiao::cudart::toQiao(event))),
      pGraphNode, graph, numDependencies, event);
}

cudaError_t cudaGraphAddMemAllocNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                     const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                     cudaMemAllocNodeParams *nodeParams) {
  return QIAO_TRACED(toCuda(qiaoGraphAddMemAllocNode(
                         toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies), numDependencies,
                         reinterpret_cast<qiaoMemAllocNodeParams *>(nodeParams))),
                     pGraphNode, graph, numDependencies, nodeParams);
}

cudaError_t cudaGraphAddMemFreeNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                    const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                    void *dptr) {
  return QIAO_TRACED(toCuda(qiaoGraphAddMemFreeNode(toQiao(pGraphNode), toQiao(graph),
                                                    toQiao(pDependencies), numDependencies, dptr)),
                     pGraphNode, graph, numDependencies, dptr);
}

cudaError_t cudaGraphClone(cudaGraph_t *pGraphClone, cudaGraph_t originalGraph) {
  return QIAO_TRACED(
      toCuda(qiaoGraphClone(reinterpret_cast<qiaoGraph_t *>(pGraphClone), toQiao(originalGraph))),
      pGraphClone, originalGraph);
}

cudaError_t cudaGraphNodeFindInClone(cudaGraphNode_t *pNode, cudaGraphNode_t originalNode,
                                     cudaGraph_t clonedGraph) {
  return QIAO_TRACED(
      toCuda(qiaoGraphNodeFindInClone(toQiao(pNode), toQiao(originalNode), toQiao(clonedGraph))),
      pNode, originalNode, clonedGraph);
}

cudaError_t cudaGraphExecMemcpyNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const cudaMemcpy3DParms *pNodeParams) {
  return QIAO_TRACED(toCuda(qiaoGraphExecMemcpyNodeSetParams(toQiao(hGraphExec), toQiao(node),
                                                             toQiao(pNodeParams))),
                     hGraphExec, node, pNodeParams);
}

cudaError_t cudaGraphExecMemcpyNodeSetParams1D(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                               void *dst, const void *src, size_t count,
                                               cudaMemcpyKind kind) {
  return QIAO_TRACED(
      toCuda(qiaoGraphExecMemcpyNodeSetParams1D(toQiao(hGraphExec), toQiao(node), dst, src, count,
                                                static_cast<qiaoMemcpyKind>(kind))),
      hGraphExec, node, dst, src, count, kind);
}

cudaError_t cudaGraphExecUpdate(cudaGraphExec_t hGraphExec, cudaGraph_t hGraph,
                                cudaGraphExecUpdateResultInfo *resultInfo) {
  return QIAO_TRACED(
      toCuda(qiaoGraphExecUpdate(toQiao(hGraphExec), toQiao(hGraph),
                                 reinterpret_cast<qiaoGraphExecUpdateResultInfo *>(resultInfo))),
      hGraphExec, hGraph, resultInfo);
}

} // extern "C"
