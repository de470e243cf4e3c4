// Graphs and stream capture over libqiao's graphs: CUgraph, CUgraphExec and CUgraphNode are
// libqiao's handles under CUDA's names. NVIDIA's static runtime reaches these for cudaGraph* and
// cudaStreamBeginCapture; kernels it captures arrive through cuLaunchKernel on the capturing
// stream, which libqiao records.
#include "DriverState.h"

#include <cstring>
#include <mutex>
#include <unordered_map>

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

// The kernel handles each kernel node was given (`func` or `kern`, as the caller chose), so that
// cuGraphKernelNodeGetParams hands back the same ones: NVIDIA's static runtime maps them back to
// the host function. A node not found here (a clone's) reports its function as `func`.
struct GivenKernel {
  CUfunction func;
  CUkernel kern;
};
std::mutex givenMutex;
std::unordered_map<CUgraphNode, GivenKernel> givenKernels;

void rememberKernel(CUgraphNode node, const CUDA_KERNEL_NODE_PARAMS &p) {
  std::lock_guard lock(givenMutex);
  givenKernels[node] = GivenKernel{p.func, p.kern};
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
  CUresult result = toCuResult(qiaoGraphAddModuleKernelNode(
      toQiao(phGraphNode), toQiao(hGraph), toQiao(dependencies), numDependencies, kernelOf(*p),
      gridOf(*p), blockOf(*p), p->sharedMemBytes, p->kernelParams, p->extra));
  if (result == CUDA_SUCCESS)
    rememberKernel(*phGraphNode, *p);
  return result;
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

// A kernel node's parameters, with the kernel handle it was given.
CUresult cuGraphKernelNodeGetParams(CUgraphNode hNode, CUDA_KERNEL_NODE_PARAMS *p) {
  if (CUresult result = requireInit())
    return result;
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoFunction_t f = nullptr;
  dim3 grid, block;
  unsigned shared = 0;
  void **params = nullptr;
  if (qiaoError_t error = qiaoGraphModuleKernelNodeGetParams(
          reinterpret_cast<qiaoGraphNode_t>(hNode), &f, &grid, &block, &shared, &params))
    return toCuResult(error);
  *p = CUDA_KERNEL_NODE_PARAMS{};
  p->func = reinterpret_cast<CUfunction>(f);
  {
    std::lock_guard lock(givenMutex);
    if (auto given = givenKernels.find(hNode); given != givenKernels.end()) {
      p->func = given->second.func;
      p->kern = given->second.kern;
    }
  }
  p->gridDimX = grid.x, p->gridDimY = grid.y, p->gridDimZ = grid.z;
  p->blockDimX = block.x, p->blockDimY = block.y, p->blockDimZ = block.z;
  p->sharedMemBytes = shared;
  p->kernelParams = params;
  p->ctx = currentContext();
  return CUDA_SUCCESS;
}

CUresult cuGraphKernelNodeSetParams(CUgraphNode hNode, const CUDA_KERNEL_NODE_PARAMS *p) {
  if (CUresult result = requireContext())
    return result;
  if (p == nullptr || kernelOf(*p) == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUresult result = toCuResult(qiaoGraphModuleKernelNodeSetParams(
      reinterpret_cast<qiaoGraphNode_t>(hNode), kernelOf(*p), gridOf(*p), blockOf(*p),
      p->sharedMemBytes, p->kernelParams, p->extra));
  if (result == CUDA_SUCCESS)
    rememberKernel(hNode, *p);
  return result;
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

// The first flavours of the kernel node calls: the parameters without `kern` and `ctx`, a prefix
// of the current struct.
#undef cuGraphAddKernelNode
#undef cuGraphKernelNodeGetParams
#undef cuGraphKernelNodeSetParams
#undef cuGraphExecKernelNodeSetParams
namespace {
CUDA_KERNEL_NODE_PARAMS widen(const CUDA_KERNEL_NODE_PARAMS_v1 *p) {
  CUDA_KERNEL_NODE_PARAMS wide{};
  std::memcpy(&wide, p, sizeof *p);
  return wide;
}
} // namespace
extern "C" CUresult cuGraphAddKernelNode(CUgraphNode *phGraphNode, CUgraph hGraph,
                                         const CUgraphNode *dependencies, size_t numDependencies,
                                         const CUDA_KERNEL_NODE_PARAMS_v1 *p) {
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUDA_KERNEL_NODE_PARAMS wide = widen(p);
  return cuGraphAddKernelNode_v2(phGraphNode, hGraph, dependencies, numDependencies, &wide);
}
extern "C" CUresult cuGraphKernelNodeGetParams(CUgraphNode hNode, CUDA_KERNEL_NODE_PARAMS_v1 *p) {
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUDA_KERNEL_NODE_PARAMS wide{};
  CUresult result = cuGraphKernelNodeGetParams_v2(hNode, &wide);
  if (result == CUDA_SUCCESS)
    std::memcpy(p, &wide, sizeof *p);
  return result;
}
extern "C" CUresult cuGraphKernelNodeSetParams(CUgraphNode hNode,
                                               const CUDA_KERNEL_NODE_PARAMS_v1 *p) {
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUDA_KERNEL_NODE_PARAMS wide = widen(p);
  return cuGraphKernelNodeSetParams_v2(hNode, &wide);
}
extern "C" CUresult cuGraphExecKernelNodeSetParams(CUgraphExec hGraphExec, CUgraphNode hNode,
                                                   const CUDA_KERNEL_NODE_PARAMS_v1 *p) {
  if (p == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  CUDA_KERNEL_NODE_PARAMS wide = widen(p);
  return cuGraphExecKernelNodeSetParams_v2(hGraphExec, hNode, &wide);
}
