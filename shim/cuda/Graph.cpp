// Graphs and stream capture over libqiao's graphs: CUgraph, CUgraphExec and CUgraphNode are
// libqiao's handles under CUDA's names. NVIDIA's static runtime reaches these for cudaGraph* and
// cudaStreamBeginCapture; kernels it captures arrive through cuLaunchKernel on the capturing
// stream, which libqiao records.
#include "DriverState.h"

using namespace qiao::cuda;

static_assert(CU_STREAM_CAPTURE_MODE_RELAXED == int(qiaoStreamCaptureModeRelaxed));
static_assert(CU_GRAPH_NODE_TYPE_EVENT_RECORD == int(qiaoGraphNodeTypeEventRecord));

namespace {

qiaoGraph_t toQiao(CUgraph graph) { return reinterpret_cast<qiaoGraph_t>(graph); }
qiaoGraphExec_t toQiao(CUgraphExec exec) { return reinterpret_cast<qiaoGraphExec_t>(exec); }
qiaoGraphNode_t *toQiao(CUgraphNode *node) { return reinterpret_cast<qiaoGraphNode_t *>(node); }
const qiaoGraphNode_t *toQiao(const CUgraphNode *node) {
  return reinterpret_cast<const qiaoGraphNode_t *>(node);
}

// A kernel node's function: a CUkernel (its function in the current context) serves when `func`
// is null.
qiaoFunction_t kernelOf(const CUDA_KERNEL_NODE_PARAMS &p) {
  return qiao::cuda::toQiao(p.func ? p.func : reinterpret_cast<CUfunction>(p.kern));
}
dim3 gridOf(const CUDA_KERNEL_NODE_PARAMS &p) { return dim3(p.gridDimX, p.gridDimY, p.gridDimZ); }
dim3 blockOf(const CUDA_KERNEL_NODE_PARAMS &p) {
  return dim3(p.blockDimX, p.blockDimY, p.blockDimZ);
}

CUresult beginCapture(qiaoStream_t stream, CUstreamCaptureMode mode) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoStreamBeginCapture(stream, static_cast<qiaoStreamCaptureMode>(mode)));
}

CUresult endCapture(qiaoStream_t stream, CUgraph *graph) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoStreamEndCapture(stream, reinterpret_cast<qiaoGraph_t *>(graph)));
}

CUresult launchGraph(CUgraphExec exec, qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoGraphLaunch(toQiao(exec), stream));
}

} // namespace

extern "C" {

CUresult cuStreamBeginCapture(CUstream hStream, CUstreamCaptureMode mode) {
  return beginCapture(toQiao(hStream), mode);
}
CUresult cuStreamBeginCapture_v2_ptsz(CUstream hStream, CUstreamCaptureMode mode) {
  return beginCapture(perThread(hStream), mode);
}
CUresult cuStreamEndCapture(CUstream hStream, CUgraph *phGraph) {
  return endCapture(toQiao(hStream), phGraph);
}
CUresult cuStreamEndCapture_ptsz(CUstream hStream, CUgraph *phGraph) {
  return endCapture(perThread(hStream), phGraph);
}

CUresult cuGraphCreate(CUgraph *phGraph, unsigned int flags) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoGraphCreate(reinterpret_cast<qiaoGraph_t *>(phGraph), flags));
}

CUresult cuGraphDestroy(CUgraph hGraph) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphDestroy(toQiao(hGraph)));
}

CUresult cuGraphGetNodes(CUgraph hGraph, CUgraphNode *nodes, size_t *numNodes) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphGetNodes(toQiao(hGraph), toQiao(nodes), numNodes));
}

CUresult cuGraphNodeGetType(CUgraphNode hNode, CUgraphNodeType *type) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphNodeGetType(reinterpret_cast<qiaoGraphNode_t>(hNode),
                                         reinterpret_cast<qiaoGraphNodeType *>(type)));
}

CUresult cuGraphAddKernelNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                              const CUgraphNode *dependencies, size_t numDependencies,
                              const CUDA_KERNEL_NODE_PARAMS *p) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (kernelOf(*p) == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoGraphAddModuleKernelNode(
      toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies), numDependencies, kernelOf(*p),
      gridOf(*p), blockOf(*p), p->sharedMemBytes, p->kernelParams, p->extra));
}

CUresult cuGraphAddMemsetNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                              const CUgraphNode *dependencies, size_t numDependencies,
                              const CUDA_MEMSET_NODE_PARAMS *p, CUcontext) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoMemsetParams params{toPointer(p->dst), p->pitch, p->value,
                          p->elementSize,    p->width, p->height};
  return toCuResult(qiaoGraphAddMemsetNode(toQiao(phGraphNode), toQiao(hGraph),
                                           toQiao(dependencies), numDependencies, &params));
}

CUresult cuGraphAddHostNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                            const CUgraphNode *dependencies, size_t numDependencies,
                            const CUDA_HOST_NODE_PARAMS *p) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoHostNodeParams params{p->fn, p->userData};
  return toCuResult(qiaoGraphAddHostNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                         numDependencies, &params));
}

CUresult cuGraphAddEmptyNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                             const CUgraphNode *dependencies, size_t numDependencies) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoGraphAddEmptyNode(toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies),
                                          numDependencies));
}

CUresult cuGraphGetRootNodes(CUgraph hGraph, CUgraphNode *rootNodes, size_t *numRootNodes) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphGetRootNodes(toQiao(hGraph), toQiao(rootNodes), numRootNodes));
}

static_assert(sizeof(CUgraphEdgeData) == sizeof(qiaoGraphEdgeData));

CUresult cuGraphGetEdges(CUgraph hGraph, CUgraphNode *from, CUgraphNode *to,
                         CUgraphEdgeData *edgeData, size_t *numEdges) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphGetEdges(toQiao(hGraph), toQiao(from), toQiao(to),
                                      reinterpret_cast<qiaoGraphEdgeData *>(edgeData), numEdges));
}

CUresult cuGraphAddDependencies(CUgraph hGraph, const CUgraphNode *from, const CUgraphNode *to,
                                const CUgraphEdgeData *edgeData, size_t numDependencies) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphAddDependencies(toQiao(hGraph), toQiao(from), toQiao(to),
                                             reinterpret_cast<const qiaoGraphEdgeData *>(edgeData),
                                             numDependencies));
}

CUresult cuGraphExecKernelNodeSetParams(CUgraphExec hGraphExec, CUgraphNode hNode,
                                        const CUDA_KERNEL_NODE_PARAMS *p) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return toCuResult(qiaoGraphExecModuleKernelNodeSetParams(
      toQiao(hGraphExec), reinterpret_cast<qiaoGraphNode_t>(hNode), kernelOf(*p), gridOf(*p),
      blockOf(*p), p->sharedMemBytes, p->kernelParams, p->extra));
}

CUresult cuGraphInstantiateWithFlags(CUgraphExec *phGraphExec, CUgraph hGraph,
                                     unsigned long long flags) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoGraphInstantiateWithFlags(reinterpret_cast<qiaoGraphExec_t *>(phGraphExec),
                                                  toQiao(hGraph), flags));
}

CUresult cuGraphLaunch(CUgraphExec hGraphExec, CUstream hStream) {
  return launchGraph(hGraphExec, toQiao(hStream));
}
CUresult cuGraphLaunch_ptsz(CUgraphExec hGraphExec, CUstream hStream) {
  return launchGraph(hGraphExec, perThread(hStream));
}

CUresult cuGraphExecDestroy(CUgraphExec hGraphExec) {
  if (CUresult result = requireInit())
    return result;
  return toCuResult(qiaoGraphExecDestroy(toQiao(hGraphExec)));
}

} // extern "C"

// The first flavours: cuStreamBeginCapture without a mode (global capture).
#undef cuStreamBeginCapture
extern "C" CUresult cuStreamBeginCapture(CUstream hStream) {
  return beginCapture(toQiao(hStream), CU_STREAM_CAPTURE_MODE_GLOBAL);
}
extern "C" CUresult cuStreamBeginCapture_ptsz(CUstream hStream) {
  return beginCapture(perThread(hStream), CU_STREAM_CAPTURE_MODE_GLOBAL);
}

// The first flavours of the edge calls, without edge data.
#undef cuGraphGetEdges
#undef cuGraphAddDependencies
extern "C" CUresult cuGraphGetEdges(CUgraph hGraph, CUgraphNode *from, CUgraphNode *to,
                                    size_t *numEdges) {
  return cuGraphGetEdges_v2(hGraph, from, to, nullptr, numEdges);
}
extern "C" CUresult cuGraphAddDependencies(CUgraph hGraph, const CUgraphNode *from,
                                           const CUgraphNode *to, size_t numDependencies) {
  return cuGraphAddDependencies_v2(hGraph, from, to, nullptr, numDependencies);
}
