// Thread block clusters at launch: the cluster shape a launch asks for, and the shape it runs
// with once validated as CUDA documents (grid dimensions multiples of the cluster's, at most 8
// blocks or 16 with the non-portable opt-in, the kernel's compiled shape and .maxclusterrank).
#pragma once

#include "Runtime.h"

#include <cstdint>

namespace qiao::rt {

// A cluster shape a launch named (qiaoLaunchAttributeClusterDimension), or none.
struct ClusterRequest {
  bool given = false;
  uint32_t dims[3] = {1, 1, 1};
};

// The attributes of a launch configuration that change how the grid runs: cooperative and
// cluster. Hints are accepted; an unknown attribute is qiaoErrorNotSupported, a cluster
// dimension of 0 qiaoErrorInvalidValue.
Status readLaunchAttributes(const qiaoLaunchConfig_t &config, bool &cooperative,
                            ClusterRequest &cluster);

// The cluster shape a launch of f on the device runs with: the request, else the kernel's
// compiled one; all 0 when its blocks are clusters of one that no one named (qiaoDrvLaunch's
// clusterDim). Errors as qiaoLaunchKernelExC documents them.
Status resolveCluster(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f, dim3 grid,
                      const ClusterRequest &request, uint32_t out[3]);

// The most blocks a cluster of f may have on the device (8, or 16 with the non-portable opt-in).
uint32_t maxClusterBlocks(const qiaoFunction_st &f);

} // namespace qiao::rt
