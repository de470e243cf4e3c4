// Graphs node by node over libqiao: edges, removing nodes and edges, event nodes' events, memory
// nodes' parameters, uploads, and the device's graph memory counters.
#include "QiaoCuda.h"

using namespace qiao::cudart;

static_assert(int(qiaoGraphMemAttrReservedMemHigh) == int(cudaGraphMemAttrReservedMemHigh));

namespace {

qiaoGraph_t toQiao(cudaGraph_t graph) { return reinterpret_cast<qiaoGraph_t>(graph); }
qiaoGraphExec_t toQiao(cudaGraphExec_t exec) { return reinterpret_cast<qiaoGraphExec_t>(exec); }
qiaoGraphNode_t toQiao(cudaGraphNode_t node) { return reinterpret_cast<qiaoGraphNode_t>(node); }
qiaoGraphNode_t *toQiao(cudaGraphNode_t *node) { return reinterpret_cast<qiaoGraphNode_t *>(node); }
const qiaoGraphNode_t *toQiao(const cudaGraphNode_t *node) {
  return reinterpret_cast<const qiaoGraphNode_t *>(node);
}
qiaoGraphEdgeData *toQiao(cudaGraphEdgeData *edges) {
  return reinterpret_cast<qiaoGraphEdgeData *>(edges);
}
qiaoEvent_t *toQiao(cudaEvent_t *event) { return reinterpret_cast<qiaoEvent_t *>(event); }

} // namespace

extern "C" {

cudaError_t cudaGraphNodeGetDependencies(cudaGraphNode_t node, cudaGraphNode_t *pDependencies,
                                         cudaGraphEdgeData *edgeData, size_t *pNumDependencies) {
  return QIAO_TRACED(toCuda(qiaoGraphNodeGetDependencies(toQiao(node), toQiao(pDependencies),
                                                         toQiao(edgeData), pNumDependencies)),
                     node, pDependencies, pNumDependencies);
}

cudaError_t cudaGraphNodeGetDependentNodes(cudaGraphNode_t node, cudaGraphNode_t *pDependentNodes,
                                           cudaGraphEdgeData *edgeData,
                                           size_t *pNumDependentNodes) {
  return QIAO_TRACED(toCuda(qiaoGraphNodeGetDependentNodes(toQiao(node), toQiao(pDependentNodes),
                                                           toQiao(edgeData), pNumDependentNodes)),
                     node, pDependentNodes, pNumDependentNodes);
}

cudaError_t cudaGraphRemoveDependencies(cudaGraph_t graph, const cudaGraphNode_t *from,
                                        const cudaGraphNode_t *to,
                                        const cudaGraphEdgeData *edgeData, size_t numDependencies) {
  return QIAO_TRACED(toCuda(qiaoGraphRemoveDependencies(
                         toQiao(graph), toQiao(from), toQiao(to),
                         reinterpret_cast<const qiaoGraphEdgeData *>(edgeData), numDependencies)),
                     graph, from, to, numDependencies);
}

cudaError_t cudaGraphDestroyNode(cudaGraphNode_t node) {
  return QIAO_TRACED(toCuda(qiaoGraphDestroyNode(toQiao(node))), node);
}

cudaError_t cudaGraphEventRecordNodeGetEvent(cudaGraphNode_t node, cudaEvent_t *event_out) {
  return QIAO_TRACED(toCuda(qiaoGraphEventRecordNodeGetEvent(toQiao(node), toQiao(event_out))),
                     node, event_out);
}

cudaError_t cudaGraphEventRecordNodeSetEvent(cudaGraphNode_t node, cudaEvent_t event) {
  return QIAO_TRACED(
      toCuda(qiaoGraphEventRecordNodeSetEvent(toQiao(node), qiao::cudart::toQiao(event))), node,
      event);
}

cudaError_t cudaGraphEventWaitNodeGetEvent(cudaGraphNode_t node, cudaEvent_t *event_out) {
  return QIAO_TRACED(toCuda(qiaoGraphEventWaitNodeGetEvent(toQiao(node), toQiao(event_out))), node,
                     event_out);
}

cudaError_t cudaGraphEventWaitNodeSetEvent(cudaGraphNode_t node, cudaEvent_t event) {
  return QIAO_TRACED(
      toCuda(qiaoGraphEventWaitNodeSetEvent(toQiao(node), qiao::cudart::toQiao(event))), node,
      event);
}

cudaError_t cudaGraphExecEventRecordNodeSetEvent(cudaGraphExec_t hGraphExec, cudaGraphNode_t hNode,
                                                 cudaEvent_t event) {
  return QIAO_TRACED(toCuda(qiaoGraphExecEventRecordNodeSetEvent(toQiao(hGraphExec), toQiao(hNode),
                                                                 qiao::cudart::toQiao(event))),
                     hGraphExec, hNode, event);
}

cudaError_t cudaGraphExecEventWaitNodeSetEvent(cudaGraphExec_t hGraphExec, cudaGraphNode_t hNode,
                                               cudaEvent_t event) {
  return QIAO_TRACED(toCuda(qiaoGraphExecEventWaitNodeSetEvent(toQiao(hGraphExec), toQiao(hNode),
                                                               qiao::cudart::toQiao(event))),
                     hGraphExec, hNode, event);
}

cudaError_t cudaGraphMemAllocNodeGetParams(cudaGraphNode_t node,
                                           cudaMemAllocNodeParams *params_out) {
  return QIAO_TRACED(toCuda(qiaoGraphMemAllocNodeGetParams(
                         toQiao(node), reinterpret_cast<qiaoMemAllocNodeParams *>(params_out))),
                     node, params_out);
}

cudaError_t cudaGraphMemFreeNodeGetParams(cudaGraphNode_t node, void *dptr_out) {
  return QIAO_TRACED(toCuda(qiaoGraphMemFreeNodeGetParams(toQiao(node), dptr_out)), node, dptr_out);
}

cudaError_t cudaGraphUpload(cudaGraphExec_t graphExec, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoGraphUpload(toQiao(graphExec), qiao::cudart::toQiao(stream))),
                     graphExec, stream);
}

cudaError_t cudaGraphUpload_ptsz(cudaGraphExec_t graphExec, cudaStream_t stream) {
  return QIAO_TRACED(toCuda(qiaoGraphUpload(toQiao(graphExec), perThread(stream))), graphExec,
                     stream);
}

cudaError_t cudaDeviceGetGraphMemAttribute(int device, cudaGraphMemAttributeType attr,
                                           void *value) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetGraphMemAttribute(
                         device, static_cast<qiaoGraphMemAttributeType>(attr), value)),
                     device, attr, value);
}

cudaError_t cudaDeviceSetGraphMemAttribute(int device, cudaGraphMemAttributeType attr,
                                           void *value) {
  return QIAO_TRACED(toCuda(qiaoDeviceSetGraphMemAttribute(
                         device, static_cast<qiaoGraphMemAttributeType>(attr), value)),
                     device, attr, value);
}

cudaError_t cudaDeviceGraphMemTrim(int device) {
  return QIAO_TRACED(toCuda(qiaoDeviceGraphMemTrim(device)), device);
}

} // extern "C"
