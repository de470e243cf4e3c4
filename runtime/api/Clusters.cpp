// Thread block clusters at launch (Clusters.h) and the cluster occupancy queries.
#include "Clusters.h"
#include "Registry.h"

#include <algorithm>
#include <string>

using namespace qiao;
using namespace qiao::rt;

namespace {

// CUDA's portable cluster size, and the most any cluster may have with the opt-in.
constexpr uint32_t kPortableClusterBlocks = 8;
constexpr uint32_t kNonPortableClusterBlocks = 16;

uint64_t product(const uint32_t dims[3]) { return uint64_t{dims[0]} * dims[1] * dims[2]; }

bool hasRequiredShape(const qiaoFunction_st &f) { return f.info.requiredClusterDim[0] != 0; }

std::string shapeText(const uint32_t dims[3]) {
  return std::to_string(dims[0]) + "x" + std::to_string(dims[1]) + "x" + std::to_string(dims[2]);
}

} // namespace

Status qiao::rt::readLaunchAttributes(const qiaoLaunchConfig_t &config, bool &cooperative,
                                      ClusterRequest &cluster) {
  QIAO_REQUIRE(config.numAttrs == 0 || config.attrs != nullptr, qiaoErrorInvalidValue);
  for (unsigned i = 0; i < config.numAttrs; ++i) {
    const qiaoLaunchAttribute &attribute = config.attrs[i];
    switch (attribute.id) {
    case qiaoLaunchAttributeClusterDimension: {
      const auto &dim = attribute.val.clusterDim;
      if (dim.x == 0 || dim.y == 0 || dim.z == 0)
        return fail(qiaoErrorInvalidValue, "a cluster dimension of 0");
      cluster.given = true;
      cluster.dims[0] = dim.x, cluster.dims[1] = dim.y, cluster.dims[2] = dim.z;
      break;
    }
    case qiaoLaunchAttributeCooperative:
      cooperative = attribute.val.cooperative != 0;
      break;
    default:
      if (attribute.id < qiaoLaunchAttributeIgnore ||
          attribute.id > qiaoLaunchAttributeMemSyncDomain)
        return fail(qiaoErrorNotSupported, "launch attribute not supported");
    }
  }
  return Status::ok();
}

uint32_t qiao::rt::maxClusterBlocks(const qiaoFunction_st &f) {
  return f.nonPortableClusterSize ? kNonPortableClusterBlocks : kPortableClusterBlocks;
}

Status qiao::rt::resolveCluster(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f, dim3 grid,
                                const ClusterRequest &request, uint32_t out[3]) {
  out[0] = out[1] = out[2] = 0;
  const uint32_t *required = f.info.requiredClusterDim;
  uint32_t dims[3] = {1, 1, 1};
  if (request.given) {
    if (hasRequiredShape(f) && !std::equal(required, required + 3, request.dims))
      return fail(qiaoErrorInvalidClusterSize, "cluster " + shapeText(request.dims) +
                                                   " for a kernel compiled with clusters of " +
                                                   shapeText(required));
    std::copy_n(request.dims, 3, dims);
  } else if (hasRequiredShape(f)) {
    std::copy_n(required, 3, dims);
  } else if (f.info.explicitCluster) {
    return fail(qiaoErrorInvalidClusterSize, "the kernel must be launched with a cluster shape");
  } else {
    return Status::ok(); // clusters of one, as every launch without clusters
  }
  uint64_t blocks = product(dims);
  if (blocks > 1) {
    if (!info.clusterLaunch)
      return fail(qiaoErrorNotSupported,
                  "thread block clusters need a device of compute capability 9.0 or later "
                  "(QIAO_EMU_CC=9.0)");
    if (blocks > maxClusterBlocks(f))
      return fail(qiaoErrorInvalidClusterSize, "a cluster of " + std::to_string(blocks) +
                                                   " blocks (at most " +
                                                   std::to_string(maxClusterBlocks(f)) + ")");
    if (f.info.maxClusterRank != 0 && blocks > f.info.maxClusterRank)
      return fail(qiaoErrorInvalidClusterSize,
                  "a cluster larger than the kernel's .maxclusterrank");
    const unsigned gridDims[3] = {grid.x, grid.y, grid.z};
    for (int d = 0; d < 3; ++d)
      if (gridDims[d] % dims[d] != 0)
        return fail(qiaoErrorInvalidClusterSize, "grid dimensions are not multiples of the "
                                                 "cluster's " +
                                                     shapeText(dims));
  }
  // Named (or compiled) shapes travel to a device with clusters, so that its kernels see them
  // (%is_explicit_cluster); a device without them runs clusters of one anyway.
  if (info.clusterLaunch)
    std::copy_n(dims, 3, out);
  return Status::ok();
}

namespace {

// The cluster shape of config (or f's) as an occupancy query sees it.
Status clusterShapeFor(Runtime &rt, qiaoFunction_st &f, const qiaoLaunchConfig_t *config,
                       uint32_t dims[3]) {
  QIAO_REQUIRE(config != nullptr, qiaoErrorInvalidValue);
  bool cooperative = false;
  ClusterRequest request;
  QIAO_TRY(readLaunchAttributes(*config, cooperative, request));
  const qiaoDrvDeviceInfo &info = rt.devices[f.module->device].info;
  if (!info.clusterLaunch)
    return fail(qiaoErrorNotSupported, "thread block clusters need compute capability 9.0");
  // Grid dimensions do not matter here: only the shape is checked.
  dim3 grid(1, 1, 1);
  uint32_t resolved[3];
  const uint32_t *shape = request.given ? request.dims : f.info.requiredClusterDim;
  if (shape[0] != 0)
    grid = dim3(shape[0], shape[1], shape[2]);
  QIAO_TRY(resolveCluster(info, f, grid, request, resolved));
  for (int d = 0; d < 3; ++d)
    dims[d] = resolved[d] ? resolved[d] : 1;
  return Status::ok();
}

Status potentialClusterSize(Runtime &rt, int *clusterSize, qiaoFunction_st &f,
                            const qiaoLaunchConfig_t *config) {
  QIAO_REQUIRE(clusterSize != nullptr && config != nullptr, qiaoErrorInvalidValue);
  const qiaoDrvDeviceInfo &info = rt.devices[f.module->device].info;
  if (!info.clusterLaunch)
    return fail(qiaoErrorNotSupported, "thread block clusters need compute capability 9.0");
  // The configuration's own cluster shape does not count (CUDA ignores it here); a kernel
  // compiled with a shape can use only that one.
  if (hasRequiredShape(f)) {
    *clusterSize = int(product(f.info.requiredClusterDim));
    return Status::ok();
  }
  int threads = int(config->blockDim.x * config->blockDim.y * config->blockDim.z);
  int perMultiprocessor = activeBlocksPerMultiprocessor(info, f, threads, config->dynamicSmemBytes);
  uint64_t resident = uint64_t(perMultiprocessor) * uint64_t(info.multiProcessorCount);
  *clusterSize = int(std::min<uint64_t>(maxClusterBlocks(f), resident));
  return Status::ok();
}

Status activeClusters(Runtime &rt, int *numClusters, qiaoFunction_st &f,
                      const qiaoLaunchConfig_t *config) {
  QIAO_REQUIRE(numClusters != nullptr && config != nullptr, qiaoErrorInvalidValue);
  uint32_t dims[3] = {1, 1, 1};
  QIAO_TRY(clusterShapeFor(rt, f, config, dims));
  const qiaoDrvDeviceInfo &info = rt.devices[f.module->device].info;
  int threads = int(config->blockDim.x * config->blockDim.y * config->blockDim.z);
  int perMultiprocessor = activeBlocksPerMultiprocessor(info, f, threads, config->dynamicSmemBytes);
  uint64_t resident = uint64_t(perMultiprocessor) * uint64_t(info.multiProcessorCount);
  *numClusters = int(resident / product(dims));
  return Status::ok();
}

template <class Query> qiaoError_t registeredQuery(const void *func, Query &&query) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto found = registeredFunction(rt, func);
    if (!found)
      return found.error();
    return query(rt, **found);
  });
}

template <class Query> qiaoError_t moduleQuery(qiaoFunction_t f, Query &&query) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return query(rt, *f);
  });
}

} // namespace

extern "C" qiaoError_t qiaoOccupancyMaxPotentialClusterSize(int *clusterSize, const void *func,
                                                            const qiaoLaunchConfig_t *config) {
  return registeredQuery(func, [&](Runtime &rt, qiaoFunction_st &f) {
    return potentialClusterSize(rt, clusterSize, f, config);
  });
}

extern "C" qiaoError_t qiaoOccupancyMaxActiveClusters(int *numClusters, const void *func,
                                                      const qiaoLaunchConfig_t *config) {
  return registeredQuery(func, [&](Runtime &rt, qiaoFunction_st &f) {
    return activeClusters(rt, numClusters, f, config);
  });
}

extern "C" qiaoError_t
qiaoModuleOccupancyMaxPotentialClusterSize(int *clusterSize, qiaoFunction_t f,
                                           const qiaoLaunchConfig_t *config) {
  return moduleQuery(f, [&](Runtime &rt, qiaoFunction_st &function) {
    return potentialClusterSize(rt, clusterSize, function, config);
  });
}

extern "C" qiaoError_t qiaoModuleOccupancyMaxActiveClusters(int *numClusters, qiaoFunction_t f,
                                                            const qiaoLaunchConfig_t *config) {
  return moduleQuery(f, [&](Runtime &rt, qiaoFunction_st &function) {
    return activeClusters(rt, numClusters, function, config);
  });
}
