// Graphs node by node over libqiao: edges, removing nodes and edges, event nodes' events, memory
// nodes' parameters, uploads, and the device's graph memory counters.
#include "DriverState.h"

using namespace qiao::cuda;

static_assert(CU_GRAPH_MEM_ATTR_RESERVED_MEM_HIGH == int(qiaoGraphMemAttrReservedMemHigh));

namespace {

qiaoGraph_t toQiao(CUgraph graph) { return reinterpret_cast<qiaoGraph_t>(graph); }
qiaoGraphExec_t toQiao(CUgraphExec exec) { return reinterpret_cast<qiaoGraphExec_t>(exec); }
qiaoGraphNode_t toQiao(CUgraphNode node) { return reinterpret_cast<qiaoGraphNode_t>(node); }
qiaoGraphNode_t *toQiao(CUgraphNode *node) { return reinterpret_cast<qiaoGraphNode_t *>(node); }
const qiaoGraphNode_t *toQiao(const CUgraphNode *node) {
  return reinterpret_cast<const qiaoGraphNode_t *>(node);
}
qiaoGraphEdgeData *toQiao(CUgraphEdgeData *edges) {
  return reinterpret_cast<qiaoGraphEdgeData *>(edges);
}
qiaoEvent_t *toQiao(CUevent *event) { return reinterpret_cast<qiaoEvent_t *>(event); }

template <class Call> CUresult initialized(Call &&call) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(call());
}

} // namespace

extern "C" {

CUresult cuGraphNodeGetDependencies_v2(CUgraphNode hNode, CUgraphNode *dependencies,
                                       CUgraphEdgeData *edgeData, size_t *numDependencies) {
  return initialized([&] {
    return qiaoGraphNodeGetDependencies(toQiao(hNode), toQiao(dependencies), toQiao(edgeData),
                                        numDependencies);
  });
}

CUresult cuGraphNodeGetDependentNodes_v2(CUgraphNode hNode, CUgraphNode *dependentNodes,
                                         CUgraphEdgeData *edgeData, size_t *numDependentNodes) {
  return initialized([&] {
    return qiaoGraphNodeGetDependentNodes(toQiao(hNode), toQiao(dependentNodes), toQiao(edgeData),
                                          numDependentNodes);
  });
}

CUresult cuGraphRemoveDependencies_v2(CUgraph hGraph, const CUgraphNode *from,
                                      const CUgraphNode *to, const CUgraphEdgeData *edgeData,
                                      size_t numDependencies) {
  return initialized([&] {
    return qiaoGraphRemoveDependencies(toQiao(hGraph), toQiao(from), toQiao(to),
                                       reinterpret_cast<const qiaoGraphEdgeData *>(edgeData),
                                       numDependencies);
  });
}

CUresult cuGraphDestroyNode(CUgraphNode hNode) {
  return initialized([&] { return qiaoGraphDestroyNode(toQiao(hNode)); });
}

CUresult cuGraphEventRecordNodeGetEvent(CUgraphNode hNode, CUevent *event_out) {
  return initialized(
      [&] { return qiaoGraphEventRecordNodeGetEvent(toQiao(hNode), toQiao(event_out)); });
}

CUresult cuGraphEventRecordNodeSetEvent(CUgraphNode hNode, CUevent event) {
  return initialized(
      [&] { return qiaoGraphEventRecordNodeSetEvent(toQiao(hNode), qiao::cuda::toQiao(event)); });
}

CUresult cuGraphEventWaitNodeGetEvent(CUgraphNode hNode, CUevent *event_out) {
  return initialized(
      [&] { return qiaoGraphEventWaitNodeGetEvent(toQiao(hNode), toQiao(event_out)); });
}

CUresult cuGraphEventWaitNodeSetEvent(CUgraphNode hNode, CUevent event) {
  return initialized(
      [&] { return qiaoGraphEventWaitNodeSetEvent(toQiao(hNode), qiao::cuda::toQiao(event)); });
}

CUresult cuGraphExecEventRecordNodeSetEvent(CUgraphExec hGraphExec, CUgraphNode hNode,
                                            CUevent event) {
  return initialized([&] {
    return qiaoGraphExecEventRecordNodeSetEvent(toQiao(hGraphExec), toQiao(hNode),
                                                qiao::cuda::toQiao(event));
  });
}

CUresult cuGraphExecEventWaitNodeSetEvent(CUgraphExec hGraphExec, CUgraphNode hNode,
                                          CUevent event) {
  return initialized([&] {
    return qiaoGraphExecEventWaitNodeSetEvent(toQiao(hGraphExec), toQiao(hNode),
                                              qiao::cuda::toQiao(event));
  });
}

CUresult cuGraphMemAllocNodeGetParams(CUgraphNode hNode, CUDA_MEM_ALLOC_NODE_PARAMS *params_out) {
  return initialized([&] {
    return qiaoGraphMemAllocNodeGetParams(toQiao(hNode),
                                          reinterpret_cast<qiaoMemAllocNodeParams *>(params_out));
  });
}

CUresult cuGraphMemFreeNodeGetParams(CUgraphNode hNode, CUdeviceptr *dptr_out) {
  if (CUresult result = requireInit())
    return result;
  if (dptr_out == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  void *pointer = nullptr;
  if (qiaoError_t error = qiaoGraphMemFreeNodeGetParams(toQiao(hNode), &pointer))
    return toCuResult(error);
  *dptr_out = toDevicePointer(pointer);
  return CUDA_SUCCESS;
}

CUresult cuGraphUpload(CUgraphExec hGraphExec, CUstream hStream) {
  return initialized(
      [&] { return qiaoGraphUpload(toQiao(hGraphExec), qiao::cuda::toQiao(hStream)); });
}

CUresult cuGraphUpload_ptsz(CUgraphExec hGraphExec, CUstream hStream) {
  return initialized([&] { return qiaoGraphUpload(toQiao(hGraphExec), perThread(hStream)); });
}

CUresult cuDeviceGetGraphMemAttribute(CUdevice device, CUgraphMem_attribute attr, void *value) {
  return initialized([&] {
    return qiaoDeviceGetGraphMemAttribute(device, static_cast<qiaoGraphMemAttributeType>(attr),
                                          value);
  });
}

CUresult cuDeviceSetGraphMemAttribute(CUdevice device, CUgraphMem_attribute attr, void *value) {
  return initialized([&] {
    return qiaoDeviceSetGraphMemAttribute(device, static_cast<qiaoGraphMemAttributeType>(attr),
                                          value);
  });
}

CUresult cuDeviceGraphMemTrim(CUdevice device) {
  return initialized([&] { return qiaoDeviceGraphMemTrim(device); });
}

} // extern "C"

// The first flavours of the edge calls, without edge data.
#undef cuGraphNodeGetDependencies
#undef cuGraphNodeGetDependentNodes
#undef cuGraphRemoveDependencies
extern "C" CUresult cuGraphNodeGetDependencies(CUgraphNode hNode, CUgraphNode *dependencies,
                                               size_t *numDependencies) {
  return cuGraphNodeGetDependencies_v2(hNode, dependencies, nullptr, numDependencies);
}
extern "C" CUresult cuGraphNodeGetDependentNodes(CUgraphNode hNode, CUgraphNode *dependentNodes,
                                                 size_t *numDependentNodes) {
  return cuGraphNodeGetDependentNodes_v2(hNode, dependentNodes, nullptr, numDependentNodes);
}
extern "C" CUresult cuGraphRemoveDependencies(CUgraph hGraph, const CUgraphNode *from,
                                              const CUgraphNode *to, size_t numDependencies) {
  return cuGraphRemoveDependencies_v2(hGraph, from, to, nullptr, numDependencies);
}
