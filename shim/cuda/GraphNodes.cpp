// Graph nodes beyond kernels, memsets and host functions (3D copies, child graphs, events, memory
// nodes), cloning and changes to instantiated graphs, over libqiao's graphs. NVIDIA's static
// runtime reaches these for the cudaGraph* calls of the same names.
#include "DriverState.h"

using namespace qiao::cuda;

static_assert(sizeof(CUDA_MEM_ALLOC_NODE_PARAMS) == sizeof(qiaoMemAllocNodeParams));
static_assert(sizeof(CUgraphExecUpdateResultInfo) == sizeof(qiaoGraphExecUpdateResultInfo));
static_assert(CU_GRAPH_EXEC_UPDATE_ERROR_ATTRIBUTES_CHANGED ==
              int(qiaoGraphExecUpdateErrorAttributesChanged));
static_assert(CU_GRAPH_NODE_TYPE_MEM_FREE == int(qiaoGraphNodeTypeMemFree));

namespace {

qiaoGraph_t toQiao(CUgraph graph) { return reinterpret_cast<qiaoGraph_t>(graph); }
qiaoGraphExec_t toQiao(CUgraphExec exec) { return reinterpret_cast<qiaoGraphExec_t>(exec); }
qiaoGraphNode_t toQiao(CUgraphNode node) { return reinterpret_cast<qiaoGraphNode_t>(node); }
qiaoGraphNode_t *toQiao(CUgraphNode *node) { return reinterpret_cast<qiaoGraphNode_t *>(node); }
const qiaoGraphNode_t *toQiao(const CUgraphNode *node) {
  return reinterpret_cast<const qiaoGraphNode_t *>(node);
}

// The graph calls that make or change work need a current context, as NVIDIA's driver does.
template <class Call> CUresult inContext(Call &&call) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(call());
}

CUresult execUpdate(CUgraphExec exec, CUgraph graph, CUgraphExecUpdateResultInfo *info) {
  return inContext([&] {
    return qiaoGraphExecUpdate(toQiao(exec), toQiao(graph),
                               reinterpret_cast<qiaoGraphExecUpdateResultInfo *>(info));
  });
}

} // namespace

extern "C" {

CUresult cuGraphAddMemcpyNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                              const CUgraphNode *dependencies, size_t numDependencies,
                              const CUDA_MEMCPY3D *copyParams, CUcontext) {
  if (CUresult result = requireContext())
    return result;
  qiaoMemcpy3DParms parms{};
  if (CUresult result = toQiaoCopy(copyParams, parms))
    return result;
  return toCuResult(qiaoGraphAddMemcpyNode(toQiao(phGraphNode), toQiao(hGraph),
                                           toQiao(dependencies), numDependencies, &parms));
}

CUresult cuGraphExecMemcpyNodeSetParams(CUgraphExec hGraphExec, CUgraphNode hNode,
                                        const CUDA_MEMCPY3D *copyParams, CUcontext) {
  if (CUresult result = requireContext())
    return result;
  qiaoMemcpy3DParms parms{};
  if (CUresult result = toQiaoCopy(copyParams, parms))
    return result;
  return toCuResult(qiaoGraphExecMemcpyNodeSetParams(toQiao(hGraphExec), toQiao(hNode), &parms));
}

CUresult cuGraphAddChildGraphNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                                  const CUgraphNode *dependencies, size_t numDependencies,
                                  CUgraph childGraph) {
  return inContext([&] {
    return qiaoGraphAddChildGraphNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                      numDependencies, toQiao(childGraph));
  });
}

CUresult cuGraphChildGraphNodeGetGraph(CUgraphNode hNode, CUgraph *phGraph) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(
      qiaoGraphChildGraphNodeGetGraph(toQiao(hNode), reinterpret_cast<qiaoGraph_t *>(phGraph)));
}

CUresult cuGraphAddEventRecordNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                                   const CUgraphNode *dependencies, size_t numDependencies,
                                   CUevent event) {
  return inContext([&] {
    return qiaoGraphAddEventRecordNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                       numDependencies, qiao::cuda::toQiao(event));
  });
}

CUresult cuGraphAddEventWaitNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                                 const CUgraphNode *dependencies, size_t numDependencies,
                                 CUevent event) {
  return inContext([&] {
    return qiaoGraphAddEventWaitNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                     numDependencies, qiao::cuda::toQiao(event));
  });
}

CUresult cuGraphAddMemAllocNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                                const CUgraphNode *dependencies, size_t numDependencies,
                                CUDA_MEM_ALLOC_NODE_PARAMS *nodeParams) {
  return inContext([&] {
    return qiaoGraphAddMemAllocNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                    numDependencies,
                                    reinterpret_cast<qiaoMemAllocNodeParams *>(nodeParams));
  });
}

CUresult cuGraphAddMemFreeNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                               const CUgraphNode *dependencies, size_t numDependencies,
                               CUdeviceptr dptr) {
  return inContext([&] {
    return qiaoGraphAddMemFreeNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                   numDependencies, toPointer(dptr));
  });
}

CUresult cuGraphClone(CUgraph *phGraphClone, CUgraph originalGraph) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(
      qiaoGraphClone(reinterpret_cast<qiaoGraph_t *>(phGraphClone), toQiao(originalGraph)));
}

CUresult cuGraphNodeFindInClone(CUgraphNode *phNode, CUgraphNode hOriginalNode,
                                CUgraph hClonedGraph) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(
      qiaoGraphNodeFindInClone(toQiao(phNode), toQiao(hOriginalNode), toQiao(hClonedGraph)));
}

CUresult cuGraphExecUpdate_v2(CUgraphExec hGraphExec, CUgraph hGraph,
                              CUgraphExecUpdateResultInfo *resultInfo) {
  return execUpdate(hGraphExec, hGraph, resultInfo);
}

} // extern "C"

// The first flavour (CUDA 10.2): the error node and the result as two out-parameters.
#undef cuGraphExecUpdate
extern "C" CUresult cuGraphExecUpdate(CUgraphExec hGraphExec, CUgraph hGraph,
                                      CUgraphNode *hErrorNode_out,
                                      CUgraphExecUpdateResult *updateResult_out) {
  if (hErrorNode_out == nullptr || updateResult_out == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUgraphExecUpdateResultInfo info{};
  CUresult result = execUpdate(hGraphExec, hGraph, &info);
  *hErrorNode_out = info.errorNode;
  *updateResult_out = info.result;
  return result;
}
