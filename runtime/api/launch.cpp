// Kernel launches: argument packing, CUDA's launch-time validation, and queueing.
//
// Validation follows CUDA 13's documented codes:
//   - a block of 0 threads, more threads than the device allows per block, a block or grid
//     dimension of 0 or over maxThreadsDim / maxGridSize, or more shared memory than the kernel
//     may use (static + dynamic over the limit, dynamic over the kernel's
//     MaxDynamicSharedMemorySize) -> qiaoErrorInvalidConfiguration ("requesting more shared
//     memory per block than the device supports will trigger this error, as will requesting too
//     many threads or blocks");
//   - more threads than this kernel can run per block (its register use, its
//     __launch_bounds__) -> qiaoErrorLaunchOutOfResources;
//   - missing or malformed arguments -> qiaoErrorInvalidValue.
#include "Graphs.h"
#include "Registry.h"
#include "Streams.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace qiao;
using namespace qiao::rt;

Expected<std::vector<unsigned char>> qiao::rt::packArguments(const qiaoFunction_st &f,
                                                             void **kernelParams, void **extra) {
  std::vector<unsigned char> buffer(f.info.paramBytes);
  if (kernelParams && extra)
    return Error{qiaoErrorInvalidValue, "both kernelParams and extra given"};
  if (kernelParams) {
    for (size_t i = 0; i < f.params.size(); ++i) {
      const qiaoDrvParamInfo &param = f.params[i];
      if (!kernelParams[i] || param.offset + param.size > buffer.size())
        return Error{qiaoErrorInvalidValue, "kernel argument missing"};
      std::memcpy(buffer.data() + param.offset, kernelParams[i], param.size);
    }
    return buffer;
  }
  if (extra) {
    const void *source = nullptr;
    size_t *sourceBytes = nullptr;
    for (size_t i = 0; extra[i] != QIAO_LAUNCH_PARAM_END; i += 2) {
      if (extra[i] == QIAO_LAUNCH_PARAM_BUFFER_POINTER)
        source = extra[i + 1];
      else if (extra[i] == QIAO_LAUNCH_PARAM_BUFFER_SIZE)
        sourceBytes = static_cast<size_t *>(extra[i + 1]);
      else
        return Error{qiaoErrorInvalidValue, "unknown entry in extra"};
    }
    if (!source || !sourceBytes || *sourceBytes < buffer.size())
      return Error{qiaoErrorInvalidValue, "extra lacks a parameter buffer of the kernel's size"};
    if (!buffer.empty())
      std::memcpy(buffer.data(), source, buffer.size());
    return buffer;
  }
  if (!f.params.empty())
    return Error{qiaoErrorInvalidValue, "kernel takes arguments, none given"};
  return buffer;
}

namespace {

qiaoDrvLaunch describe(dim3 grid, dim3 block, size_t dynamicShared);

Status checkConfiguration(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f, dim3 grid,
                          dim3 block, size_t dynamicShared) {
  const unsigned blockDims[3] = {block.x, block.y, block.z};
  const unsigned gridDims[3] = {grid.x, grid.y, grid.z};
  for (int i = 0; i < 3; ++i) {
    QIAO_REQUIRE(blockDims[i] != 0 && blockDims[i] <= unsigned(info.maxThreadsDim[i]),
                 qiaoErrorInvalidConfiguration);
    QIAO_REQUIRE(gridDims[i] != 0 && gridDims[i] <= unsigned(info.maxGridSize[i]),
                 qiaoErrorInvalidConfiguration);
  }
  uint64_t threads = uint64_t(block.x) * block.y * block.z;
  QIAO_REQUIRE(threads <= uint64_t(info.maxThreadsPerBlock), qiaoErrorInvalidConfiguration);
  QIAO_REQUIRE(dynamicShared <= uint64_t(f.maxDynamicSharedBytes), qiaoErrorInvalidConfiguration);
  QIAO_REQUIRE(f.info.sharedSizeBytes + dynamicShared <= info.sharedMemPerBlockOptin,
               qiaoErrorInvalidConfiguration);
  if (f.info.maxThreadsPerBlock > 0)
    QIAO_REQUIRE(threads <= uint64_t(f.info.maxThreadsPerBlock), qiaoErrorLaunchOutOfResources);
  return Status::ok();
}

// A cooperative grid must fit the device at once: its blocks wait for each other.
Status checkCooperative(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f, dim3 grid,
                        dim3 block, size_t dynamicShared) {
  if (!info.cooperativeLaunch)
    return Error{qiaoErrorNotSupported, "the device's driver cannot run cooperative launches"};
  uint64_t blocks = uint64_t(grid.x) * grid.y * grid.z;
  int threads = int(block.x * block.y * block.z);
  uint64_t resident = uint64_t(activeBlocksPerMultiprocessor(info, f, threads, dynamicShared)) *
                      uint64_t(info.multiProcessorCount);
  QIAO_REQUIRE(blocks <= resident, qiaoErrorCooperativeLaunchTooLarge);
  return Status::ok();
}

Status launch(Runtime &rt, qiaoFunction_st *f, dim3 grid, dim3 block, size_t dynamicShared,
              qiaoStream_t stream, void **kernelParams, void **extra, bool cooperative = false,
              const ClusterRequest &cluster = {}) {
  std::lock_guard lock(rt.mutex);
  auto resolved = resolveStream(rt, stream);
  if (!resolved)
    return resolved.error();
  auto work = kernelWork(rt, f, (*resolved)->device, grid, block, dynamicShared, kernelParams,
                         extra, cooperative, cluster);
  if (!work)
    return work.error();
  return submit(rt, *resolved, std::move(*work), qiaoGraphNodeTypeKernel);
}

qiaoDrvLaunch describe(dim3 grid, dim3 block, size_t dynamicShared) {
  auto description = seamStruct<qiaoDrvLaunch>();
  description.grid[0] = grid.x;
  description.grid[1] = grid.y;
  description.grid[2] = grid.z;
  description.block[0] = block.x;
  description.block[1] = block.y;
  description.block[2] = block.z;
  description.dynamicSharedBytes = static_cast<uint32_t>(dynamicShared);
  return description;
}

// A host-compiled kernel: the runtime validates as for PTX and queues the entry; running it is
// the driver's business. `kernel` holds its limits (registerHostKernel: __launch_bounds__, the
// static shared memory the translator counted, the dynamic shared memory qiaoFuncSetAttribute
// allowed); without one, the device's.
Status launchHost(Runtime &rt, const qiaoFunction_st *kernel, qiaoHostKernelEntry entry, dim3 grid,
                  dim3 block, const void *argBuffer, size_t argBytes, size_t dynamicShared,
                  qiaoStream_t stream) {
  QIAO_REQUIRE(entry != nullptr && (argBytes == 0 || argBuffer != nullptr), qiaoErrorInvalidValue);
  std::lock_guard lock(rt.mutex);
  auto resolved = resolveStream(rt, stream);
  if (!resolved)
    return resolved.error();
  const qiaoDrvDeviceInfo &info = rt.devices[(*resolved)->device].info;
  qiaoFunction_st deviceLimits;
  deviceLimits.maxDynamicSharedBytes = static_cast<int>(info.sharedMemPerBlock);
  QIAO_TRY(checkConfiguration(info, kernel ? *kernel : deviceLimits, grid, block, dynamicShared));
  if (!QIAO_DRIVER_HAS_SLOT(rt.driver, enqueueHostKernel))
    return fail(qiaoErrorNoKernelImageForDevice,
                std::string("driver ") + rt.driver->name + " cannot run host-compiled kernels");
  qiaoDrvLaunch description = describe(grid, block, dynamicShared);
  auto arguments = static_cast<const uint8_t *>(argBuffer);
  std::vector<uint8_t> copied(arguments, arguments + argBytes);
  const qiaoDriverTable *driver = rt.driver;
  return submit(
      rt, *resolved,
      [driver, entry, description, copied = std::move(copied)](qiaoDrvQueue queue) mutable {
        description.params = copied.data();
        description.paramBytes = copied.size();
        return driver->enqueueHostKernel(queue, entry, &description);
      },
      qiaoGraphNodeTypeKernel);
}

} // namespace

namespace {

Status checkKernelLaunch(const qiaoDrvDeviceInfo &info, const qiaoFunction_st &f, dim3 grid,
                         dim3 block, size_t dynamicShared, bool cooperative) {
  QIAO_REQUIRE(!f.hostCompiled, qiaoErrorInvalidDeviceFunction);
  QIAO_TRY(checkConfiguration(info, f, grid, block, dynamicShared));
  if (cooperative)
    QIAO_TRY(checkCooperative(info, f, grid, block, dynamicShared));
  return Status::ok();
}

} // namespace

Expected<StreamWork> qiao::rt::kernelWork(Runtime &rt, qiaoFunction_st *f, int device, dim3 grid,
                                          dim3 block, size_t dynamicShared, void **kernelParams,
                                          void **extra, bool cooperative,
                                          const ClusterRequest &cluster) {
  const qiaoDrvDeviceInfo &info = rt.devices[device].info;
  Status checked = checkKernelLaunch(info, *f, grid, block, dynamicShared, cooperative);
  if (!checked)
    return checked.error();
  uint32_t clusterDim[3];
  if (Status shaped = resolveCluster(info, *f, grid, cluster, clusterDim); !shaped)
    return shaped.error();
  auto packed = packArguments(*f, kernelParams, extra);
  if (!packed)
    return packed.error();
  qiaoDrvLaunch description = describe(grid, block, dynamicShared);
  if (cooperative)
    description.flags |= QIAO_DRV_LAUNCH_COOPERATIVE;
  std::copy_n(clusterDim, 3, description.clusterDim);
  const qiaoDriverTable *driver = rt.driver;
  qiaoDrvFunction function = f->function;
  // The arguments are copied now, as CUDA copies them at the launch (or the capture) call.
  return StreamWork(
      [driver, function, description, arguments = std::move(*packed)](qiaoDrvQueue queue) mutable {
        description.params = arguments.data();
        description.paramBytes = arguments.size();
        return driver->enqueueLaunch(queue, function, &description);
      });
}

extern "C" qiaoError_t qiaoModuleLaunchKernel(qiaoFunction_t f, unsigned int gridDimX,
                                              unsigned int gridDimY, unsigned int gridDimZ,
                                              unsigned int blockDimX, unsigned int blockDimY,
                                              unsigned int blockDimZ, unsigned int sharedMemBytes,
                                              qiaoStream_t stream, void **kernelParams,
                                              void **extra) {
  return enter([&](Runtime &rt) -> Status {
    // Held through the launch: a module unloaded by another thread takes its functions along.
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return launch(rt, f, dim3(gridDimX, gridDimY, gridDimZ), dim3(blockDimX, blockDimY, blockDimZ),
                  sharedMemBytes, stream, kernelParams, extra);
  });
}

extern "C" qiaoError_t qiaoModuleLaunchCooperativeKernel(
    qiaoFunction_t f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
    unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
    unsigned int sharedMemBytes, qiaoStream_t stream, void **kernelParams) {
  return enter([&](Runtime &rt) -> Status {
    // Held through the launch: a module unloaded by another thread takes its functions along.
    std::lock_guard lock(rt.mutex);
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return launch(rt, f, dim3(gridDimX, gridDimY, gridDimZ), dim3(blockDimX, blockDimY, blockDimZ),
                  sharedMemBytes, stream, kernelParams, nullptr, true);
  });
}

namespace {

qiaoError_t launchRegistered(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                             size_t sharedMem, qiaoStream_t stream, bool cooperative,
                             const ClusterRequest &cluster = {}) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex); // held through the launch, as in qiaoModuleLaunchKernel
    auto found = registeredFunction(rt, func);
    if (!found)
      return found.error();
    return launch(rt, *found, gridDim, blockDim, sharedMem, stream, args, nullptr, cooperative,
                  cluster);
  });
}

} // namespace

extern "C" qiaoError_t qiaoLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args,
                                        size_t sharedMem, qiaoStream_t stream) {
  return launchRegistered(func, gridDim, blockDim, args, sharedMem, stream, false);
}

extern "C" qiaoError_t qiaoLaunchCooperativeKernel(const void *func, dim3 gridDim, dim3 blockDim,
                                                   void **args, size_t sharedMem,
                                                   qiaoStream_t stream) {
  return launchRegistered(func, gridDim, blockDim, args, sharedMem, stream, true);
}

extern "C" qiaoError_t qiaoLaunchHostKernel(const void *func, qiaoHostKernelEntry entry,
                                            dim3 gridDim, dim3 blockDim, void **args,
                                            const void *argBuffer, size_t argBytes,
                                            size_t sharedMem, qiaoStream_t stream) {
  return enter([&](Runtime &rt) -> Status {
    std::lock_guard lock(rt.mutex); // held through the launch, as in qiaoModuleLaunchKernel
    // A host function registered for a PTX kernel stays a PTX launch (the shim's programs).
    auto found = registeredFunction(rt, func);
    if (found && !(*found)->hostCompiled)
      return launch(rt, *found, gridDim, blockDim, sharedMem, stream, args, nullptr);
    // Known by its address from its first launch on, as CUDA's registered kernels are.
    const qiaoFunction_st *kernel =
        found ? *found : (func ? &registerHostKernel(rt, func) : nullptr);
    return launchHost(rt, kernel, entry, gridDim, blockDim, argBuffer, argBytes, sharedMem, stream);
  });
}

extern "C" qiaoError_t qiaoLaunchConfigCheck(const qiaoLaunchConfig_t *config) {
  return enter([&](Runtime &) -> Status {
    QIAO_REQUIRE(config != nullptr, qiaoErrorInvalidValue);
    bool cooperative = false;
    ClusterRequest cluster;
    QIAO_TRY(readLaunchAttributes(*config, cooperative, cluster));
    if (cluster.given && uint64_t(cluster.dims[0]) * cluster.dims[1] * cluster.dims[2] > 1)
      return fail(qiaoErrorNotSupported,
                  "thread block clusters run only for PTX kernels (qiaoLaunchKernelExC)");
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoLaunchKernelExC(const qiaoLaunchConfig_t *config, const void *func,
                                           void **args) {
  bool cooperative = false;
  ClusterRequest cluster;
  qiaoError_t malformed = enter([&](Runtime &) -> Status {
    QIAO_REQUIRE(config != nullptr, qiaoErrorInvalidValue);
    return readLaunchAttributes(*config, cooperative, cluster);
  });
  if (malformed)
    return malformed;
  return launchRegistered(func, config->gridDim, config->blockDim, args, config->dynamicSmemBytes,
                          config->stream, cooperative, cluster);
}

extern "C" qiaoError_t qiaoModuleLaunchKernelExC(const qiaoLaunchConfig_t *config, qiaoFunction_t f,
                                                 void **kernelParams, void **extra) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(config != nullptr, qiaoErrorInvalidValue);
    bool cooperative = false;
    ClusterRequest cluster;
    QIAO_TRY(readLaunchAttributes(*config, cooperative, cluster));
    // Cooperative launches take their arguments as kernelParams only, as CUDA's do.
    QIAO_REQUIRE(!cooperative || extra == nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex); // held through the launch, as in qiaoModuleLaunchKernel
    auto known = knownFunction(rt, f);
    if (!known)
      return known.error();
    return launch(rt, f, config->gridDim, config->blockDim, config->dynamicSmemBytes,
                  config->stream, kernelParams, extra, cooperative, cluster);
  });
}
