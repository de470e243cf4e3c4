// Kernel nodes' parameters: what a node launches, read back and replaced in the graph (the
// instantiated graphs keep theirs; graph.cpp changes those).
#include "Graphs.h"
#include "Registry.h"

using namespace qiao;
using namespace qiao::rt;

Status qiao::rt::setKernelNode(Runtime &rt, qiaoGraphNode_st &node, const void *hostFunction,
                               qiaoFunction_st *f, dim3 grid, dim3 block, unsigned shared,
                               void **params, void **extra) {
  auto work = kernelWork(rt, f, node.graph->device, grid, block, shared, params, extra, false);
  if (!work)
    return work.error();
  auto packed = packArguments(*f, params, extra);
  if (!packed)
    return packed.error();
  auto launch = std::make_shared<qiaoKernelLaunch>();
  launch->hostFunction = hostFunction;
  launch->function = f;
  launch->grid = grid;
  launch->block = block;
  launch->shared = shared;
  launch->arguments = std::move(*packed);
  for (const qiaoDrvParamInfo &param : f->params)
    launch->argumentPointers.push_back(launch->arguments.data() + param.offset);
  node.work = std::move(*work);
  node.kernel = std::move(launch);
  return Status::ok();
}

namespace {

// A kernel node of a live graph.
Status checkKernelNode(Runtime &rt, const qiaoGraphNode_st *node) {
  QIAO_REQUIRE(node != nullptr && node->graph != nullptr && rt.graphs.count(node->graph) != 0,
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(node->type == qiaoGraphNodeTypeKernel && node->kernel, qiaoErrorInvalidValue);
  return Status::ok();
}

} // namespace

extern "C" qiaoError_t qiaoGraphKernelNodeGetParams(qiaoGraphNode_t node,
                                                    qiaoKernelNodeParams *pNodeParams) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pNodeParams != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkKernelNode(rt, node));
    const qiaoKernelLaunch &launch = *node->kernel;
    pNodeParams->func = const_cast<void *>(launch.hostFunction);
    pNodeParams->gridDim = launch.grid;
    pNodeParams->blockDim = launch.block;
    pNodeParams->sharedMemBytes = launch.shared;
    // The node's own copy of the arguments, valid while the node keeps these parameters.
    pNodeParams->kernelParams = const_cast<void **>(launch.argumentPointers.data());
    pNodeParams->extra = nullptr;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphKernelNodeSetParams(qiaoGraphNode_t node,
                                                    const qiaoKernelNodeParams *pNodeParams) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pNodeParams != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkKernelNode(rt, node));
    auto f = registeredFunction(rt, pNodeParams->func);
    if (!f)
      return f.error();
    return setKernelNode(rt, *node, pNodeParams->func, *f, pNodeParams->gridDim,
                         pNodeParams->blockDim, pNodeParams->sharedMemBytes,
                         pNodeParams->kernelParams, pNodeParams->extra);
  });
}

extern "C" qiaoError_t qiaoGraphModuleKernelNodeGetParams(qiaoGraphNode_t node, qiaoFunction_t *f,
                                                          dim3 *gridDim, dim3 *blockDim,
                                                          unsigned int *sharedMemBytes,
                                                          void ***kernelParams) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(f != nullptr && gridDim != nullptr && blockDim != nullptr &&
                     sharedMemBytes != nullptr && kernelParams != nullptr,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkKernelNode(rt, node));
    const qiaoKernelLaunch &launch = *node->kernel;
    *f = launch.function;
    *gridDim = launch.grid;
    *blockDim = launch.block;
    *sharedMemBytes = launch.shared;
    *kernelParams = const_cast<void **>(launch.argumentPointers.data());
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGraphModuleKernelNodeSetParams(qiaoGraphNode_t node, qiaoFunction_t f,
                                                          dim3 gridDim, dim3 blockDim,
                                                          unsigned int sharedMemBytes,
                                                          void **kernelParams, void **extra) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    QIAO_TRY(checkKernelNode(rt, node));
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return setKernelNode(rt, *node, nullptr, f, gridDim, blockDim, sharedMemBytes, kernelParams,
                         extra);
  });
}
