// Graphs: explicit construction, instantiation and launch, over libqiao's graphs. The handles are
// libqiao's under CUDA's names; node parameter structs have the same layout.
#include "QiaoCuda.h"
#include "RegistrationErrors.h"
#include "RegistrationState.h"

using namespace qiao::cudart;

static_assert(sizeof(qiaoKernelNodeParams) == sizeof(cudaKernelNodeParams));
static_assert(sizeof(qiaoMemsetParams) == sizeof(cudaMemsetParams));
static_assert(sizeof(qiaoHostNodeParams) == sizeof(cudaHostNodeParams));
static_assert(int(qiaoGraphNodeTypeEventRecord) == int(cudaGraphNodeTypeEventRecord));

namespace {

qiaoGraph_t toQiao(cudaGraph_t graph) { return reinterpret_cast<qiaoGraph_t>(graph); }
qiaoGraphExec_t toQiao(cudaGraphExec_t exec) { return reinterpret_cast<qiaoGraphExec_t>(exec); }
qiaoGraphNode_t *toQiao(cudaGraphNode_t *node) { return reinterpret_cast<qiaoGraphNode_t *>(node); }
const qiaoGraphNode_t *toQiao(const cudaGraphNode_t *node) {
  return reinterpret_cast<const qiaoGraphNode_t *>(node);
}

cudaError_t addKernelNode(cudaGraphNode_t *node, cudaGraph_t graph,
                          const cudaGraphNode_t *dependencies, size_t count,
                          const cudaKernelNodeParams *params) {
  if (params == nullptr)
    return cudaErrorInvalidValue;
  // The kernel's module is loaded at its first use, as for a launch.
  if (int failed = qiao::shim::recordError(qiao::shim::prepareFunction(params->func)))
    return static_cast<cudaError_t>(failed);
  return toCuda(qiaoGraphAddKernelNode(toQiao(node), toQiao(graph), toQiao(dependencies), count,
                                       reinterpret_cast<const qiaoKernelNodeParams *>(params)));
}

} // namespace

extern "C" {

cudaError_t cudaGraphCreate(cudaGraph_t *pGraph, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoGraphCreate(reinterpret_cast<qiaoGraph_t *>(pGraph), flags)),
                     pGraph, flags);
}

cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
  return QIAO_TRACED(toCuda(qiaoGraphDestroy(toQiao(graph))), graph);
}

cudaError_t cudaGraphGetNodes(cudaGraph_t graph, cudaGraphNode_t *nodes, size_t *numNodes) {
  return QIAO_TRACED(toCuda(qiaoGraphGetNodes(toQiao(graph), toQiao(nodes), numNodes)), graph,
                     nodes, numNodes);
}

cudaError_t cudaGraphNodeGetType(cudaGraphNode_t node, cudaGraphNodeType *pType) {
  return QIAO_TRACED(toCuda(qiaoGraphNodeGetType(reinterpret_cast<qiaoGraphNode_t>(node),
                                                 reinterpret_cast<qiaoGraphNodeType *>(pType))),
                     node, pType);
}

cudaError_t cudaGraphAddKernelNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                   const cudaKernelNodeParams *pNodeParams) {
  return QIAO_TRACED(addKernelNode(pGraphNode, graph, pDependencies, numDependencies, pNodeParams),
                     pGraphNode, graph, numDependencies);
}

cudaError_t cudaGraphAddMemcpyNode1D(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                     const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                     void *dst, const void *src, size_t count,
                                     cudaMemcpyKind kind) {
  return QIAO_TRACED(toCuda(qiaoGraphAddMemcpyNode1D(
                         toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies), numDependencies,
                         dst, src, count, static_cast<qiaoMemcpyKind>(kind))),
                     pGraphNode, graph, dst, src, count, kind);
}

cudaError_t cudaGraphAddMemsetNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                   const cudaMemsetParams *pMemsetParams) {
  return QIAO_TRACED(toCuda(qiaoGraphAddMemsetNode(
                         toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies), numDependencies,
                         reinterpret_cast<const qiaoMemsetParams *>(pMemsetParams))),
                     pGraphNode, graph, numDependencies);
}

cudaError_t cudaGraphAddHostNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                 const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                 const cudaHostNodeParams *pNodeParams) {
  return QIAO_TRACED(toCuda(qiaoGraphAddHostNode(
                         toQiao(pGraphNode), toQiao(graph), toQiao(pDependencies), numDependencies,
                         reinterpret_cast<const qiaoHostNodeParams *>(pNodeParams))),
                     pGraphNode, graph, numDependencies);
}

cudaError_t cudaGraphAddEmptyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                  const cudaGraphNode_t *pDependencies, size_t numDependencies) {
  return QIAO_TRACED(toCuda(qiaoGraphAddEmptyNode(toQiao(pGraphNode), toQiao(graph),
                                                  toQiao(pDependencies), numDependencies)),
                     pGraphNode, graph, numDependencies);
}

cudaError_t cudaGraphGetRootNodes(cudaGraph_t graph, cudaGraphNode_t *pRootNodes,
                                  size_t *pNumRootNodes) {
  return QIAO_TRACED(
      toCuda(qiaoGraphGetRootNodes(toQiao(graph), toQiao(pRootNodes), pNumRootNodes)), graph,
      pRootNodes, pNumRootNodes);
}

static_assert(sizeof(qiaoGraphEdgeData) == sizeof(cudaGraphEdgeData));

cudaError_t cudaGraphGetEdges(cudaGraph_t graph, cudaGraphNode_t *from, cudaGraphNode_t *to,
                              cudaGraphEdgeData *edgeData, size_t *numEdges) {
  return QIAO_TRACED(
      toCuda(qiaoGraphGetEdges(toQiao(graph), toQiao(from), toQiao(to),
                               reinterpret_cast<qiaoGraphEdgeData *>(edgeData), numEdges)),
      graph, from, to, numEdges);
}

cudaError_t cudaGraphAddDependencies(cudaGraph_t graph, const cudaGraphNode_t *from,
                                     const cudaGraphNode_t *to, const cudaGraphEdgeData *edgeData,
                                     size_t numDependencies) {
  return QIAO_TRACED(toCuda(qiaoGraphAddDependencies(
                         toQiao(graph), toQiao(from), toQiao(to),
                         reinterpret_cast<const qiaoGraphEdgeData *>(edgeData), numDependencies)),
                     graph, from, to, numDependencies);
}

cudaError_t cudaGraphExecKernelNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                             const cudaKernelNodeParams *pNodeParams) {
  if (pNodeParams != nullptr)
    if (int failed = qiao::shim::recordError(qiao::shim::prepareFunction(pNodeParams->func)))
      return static_cast<cudaError_t>(failed);
  return QIAO_TRACED(toCuda(qiaoGraphExecKernelNodeSetParams(
                         toQiao(hGraphExec), reinterpret_cast<qiaoGraphNode_t>(node),
                         reinterpret_cast<const qiaoKernelNodeParams *>(pNodeParams))),
                     hGraphExec, node);
}

cudaError_t cudaGraphKernelNodeGetParams(cudaGraphNode_t node, cudaKernelNodeParams *pNodeParams) {
  return QIAO_TRACED(
      toCuda(qiaoGraphKernelNodeGetParams(reinterpret_cast<qiaoGraphNode_t>(node),
                                          reinterpret_cast<qiaoKernelNodeParams *>(pNodeParams))),
      node, pNodeParams);
}

cudaError_t cudaGraphKernelNodeSetParams(cudaGraphNode_t node,
                                         const cudaKernelNodeParams *pNodeParams) {
  if (pNodeParams != nullptr)
    if (int failed = qiao::shim::recordError(qiao::shim::prepareFunction(pNodeParams->func)))
      return static_cast<cudaError_t>(failed);
  return QIAO_TRACED(toCuda(qiaoGraphKernelNodeSetParams(
                         reinterpret_cast<qiaoGraphNode_t>(node),
                         reinterpret_cast<const qiaoKernelNodeParams *>(pNodeParams))),
                     node, pNodeParams);
}

cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                 unsigned long long flags) {
  return QIAO_TRACED(toCuda(qiaoGraphInstantiate(reinterpret_cast<qiaoGraphExec_t *>(pGraphExec),
                                                 toQiao(graph), flags)),
                     pGraphExec, graph, flags);
}

cudaError_t cudaGraphInstantiateWithFlags(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                          unsigned long long flags) {
  return QIAO_TRACED(toCuda(qiaoGraphInstantiateWithFlags(
                         reinterpret_cast<qiaoGraphExec_t *>(pGraphExec), toQiao(graph), flags)),
                     pGraphExec, graph, flags);
}

cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoGraphLaunch(toQiao(graphExec), qiao::cudart::toQiao(stream))),
                     graphExec, stream);
}

cudaError_t cudaGraphLaunch_ptsz(cudaGraphExec_t graphExec, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoGraphLaunch(toQiao(graphExec), perThread(stream))), graphExec,
                     stream);
}

cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec) {
  return QIAO_TRACED(toCuda(qiaoGraphExecDestroy(toQiao(graphExec))), graphExec);
}

} // extern "C"
