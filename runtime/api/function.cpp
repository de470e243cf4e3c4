// Kernel attributes: queries and the settings CUDA lets a program make per kernel.
#include "Registry.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

qiaoFuncAttributes attributesOf(const qiaoFunction_st &f) {
  qiaoFuncAttributes a{};
  a.sharedSizeBytes = f.info.sharedSizeBytes;
  a.constSizeBytes = f.info.constSizeBytes;
  a.localSizeBytes = f.info.localSizeBytes;
  a.maxThreadsPerBlock = f.info.maxThreadsPerBlock;
  a.numRegs = f.info.numRegs;
  a.ptxVersion = f.info.ptxVersion;
  a.binaryVersion = f.info.binaryVersion;
  a.maxDynamicSharedSizeBytes = f.maxDynamicSharedBytes;
  a.preferredShmemCarveout = f.preferredCarveout;
  a.clusterDimMustBeSet = f.info.explicitCluster && f.info.requiredClusterDim[0] == 0;
  a.requiredClusterWidth = int(f.info.requiredClusterDim[0]);
  a.requiredClusterHeight = int(f.info.requiredClusterDim[1]);
  a.requiredClusterDepth = int(f.info.requiredClusterDim[2]);
  a.clusterSchedulingPolicyPreference = f.clusterSchedulingPolicy;
  a.nonPortableClusterSizeAllowed = f.nonPortableClusterSize ? 1 : 0;
  return a;
}

} // namespace

extern "C" qiaoError_t qiaoFuncGetAttributes(qiaoFuncAttributes *attr, const void *func) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(attr != nullptr, qiaoErrorInvalidValue);
    // Held while the function is used: another thread may unload its module.
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, func);
    if (!f)
      return f.error();
    *attr = attributesOf(**f);
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoFuncGetAttribute(int *value, qiaoFunction_attribute attrib,
                                            qiaoFunction_t function) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(value != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, function);
    if (!known)
      return known.error();
    qiaoFuncAttributes a = attributesOf(*function);
    switch (attrib) {
    case QIAO_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK:
      *value = a.maxThreadsPerBlock;
      break;
    case QIAO_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES:
      *value = int(a.sharedSizeBytes);
      break;
    case QIAO_FUNC_ATTRIBUTE_CONST_SIZE_BYTES:
      *value = int(a.constSizeBytes);
      break;
    case QIAO_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES:
      *value = int(a.localSizeBytes);
      break;
    case QIAO_FUNC_ATTRIBUTE_NUM_REGS:
      *value = a.numRegs;
      break;
    case QIAO_FUNC_ATTRIBUTE_PTX_VERSION:
      *value = a.ptxVersion;
      break;
    case QIAO_FUNC_ATTRIBUTE_BINARY_VERSION:
      *value = a.binaryVersion;
      break;
    case QIAO_FUNC_ATTRIBUTE_CACHE_MODE_CA:
      *value = a.cacheModeCA;
      break;
    case QIAO_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
      *value = a.maxDynamicSharedSizeBytes;
      break;
    case QIAO_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT:
      *value = a.preferredShmemCarveout;
      break;
    case QIAO_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET:
      *value = a.clusterDimMustBeSet;
      break;
    case QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH:
      *value = a.requiredClusterWidth;
      break;
    case QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT:
      *value = a.requiredClusterHeight;
      break;
    case QIAO_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH:
      *value = a.requiredClusterDepth;
      break;
    case QIAO_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED:
      *value = a.nonPortableClusterSizeAllowed;
      break;
    case QIAO_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE:
      *value = a.clusterSchedulingPolicyPreference;
      break;
    default:
      return fail(qiaoErrorInvalidValue, "unknown function attribute");
    }
    return Status::ok();
  });
}

namespace {

Status setAttribute(Runtime &rt, qiaoFunction_st &fn, qiaoFuncAttribute attr, int value) {
  std::lock_guard lock(rt.mutex);
  switch (attr) {
  case qiaoFuncAttributeMaxDynamicSharedMemorySize: {
    // Static plus dynamic shared memory must fit the opt-in limit.
    uint64_t optin = rt.devices[fn.module->device].info.sharedMemPerBlockOptin;
    QIAO_REQUIRE(value >= 0 && fn.info.sharedSizeBytes + uint64_t(value) <= optin,
                 qiaoErrorInvalidValue);
    fn.maxDynamicSharedBytes = value;
    return Status::ok();
  }
  case qiaoFuncAttributePreferredSharedMemoryCarveout:
    QIAO_REQUIRE(value >= -1 && value <= 100, qiaoErrorInvalidValue);
    fn.preferredCarveout = value;
    return Status::ok();
  case qiaoFuncAttributeNonPortableClusterSizeAllowed:
    QIAO_REQUIRE(value == 0 || value == 1, qiaoErrorInvalidValue);
    fn.nonPortableClusterSize = value == 1;
    return Status::ok();
  case qiaoFuncAttributeClusterSchedulingPolicyPreference:
    // cudaClusterSchedulingPolicyDefault, Spread or LoadBalancing: the emulated device schedules
    // every cluster alike.
    QIAO_REQUIRE(value >= 0 && value <= 2, qiaoErrorInvalidValue);
    fn.clusterSchedulingPolicy = value;
    return Status::ok();
  default:
    return fail(qiaoErrorInvalidValue, "unsupported function attribute");
  }
}

} // namespace

extern "C" qiaoError_t qiaoFuncSetAttribute(const void *func, qiaoFuncAttribute attr, int value) {
  return enter([&](Runtime &rt) -> Status {
    // Held while the function is used: another thread may unload its module.
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, func);
    if (!f)
      return f.error();
    return setAttribute(rt, **f, attr, value);
  });
}

extern "C" qiaoError_t qiaoModuleFuncSetAttribute(qiaoFunction_t function, qiaoFuncAttribute attr,
                                                  int value) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex); // held while the function is used, as above
    auto known = knownFunction(rt, function);
    if (!known)
      return known.error();
    return setAttribute(rt, *function, attr, value);
  });
}

extern "C" qiaoError_t qiaoModuleFuncSetCacheConfig(qiaoFunction_t function,
                                                    qiaoFuncCache cacheConfig) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(cacheConfig >= qiaoFuncCachePreferNone && cacheConfig <= qiaoFuncCachePreferEqual,
                 qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, function);
    if (!known)
      return known.error();
    function->cacheConfig = cacheConfig;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoFuncSetCacheConfig(const void *func, qiaoFuncCache cacheConfig) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(cacheConfig >= qiaoFuncCachePreferNone && cacheConfig <= qiaoFuncCachePreferEqual,
                 qiaoErrorInvalidValue);
    // Held while the function is used: another thread may unload its module.
    std::lock_guard lock(rt.mutex);
    auto f = registeredFunction(rt, func);
    if (!f)
      return f.error();
    (*f)->cacheConfig = cacheConfig;
    return Status::ok();
  });
}
