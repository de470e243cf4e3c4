// Kernel launches through libqiao (see Launch.h).
#include "Launch.h"

#include "RegistrationErrors.h"
#include "RegistrationState.h"

#include <qiao/qiao_runtime.h>

namespace qiao::shim {

void *effectiveStream(void *stream, DefaultStream meaning) {
  if (stream == nullptr && meaning == DefaultStream::PerThread)
    return qiaoStreamPerThread;
  return stream;
}

int launchKernel(const void *hostFunction, const LaunchShape &shape, void **args,
                 DefaultStream meaning) {
  if (int failed = recordError(prepareFunction(hostFunction)))
    return failed;
  dim3 grid(shape.grid[0], shape.grid[1], shape.grid[2]);
  dim3 block(shape.block[0], shape.block[1], shape.block[2]);
  auto *stream = static_cast<qiaoStream_t>(effectiveStream(shape.stream, meaning));
  if (shape.clusterGiven) {
    qiaoLaunchAttribute attributes[2] = {};
    attributes[0].id = qiaoLaunchAttributeClusterDimension;
    attributes[0].val.clusterDim.x = shape.cluster[0];
    attributes[0].val.clusterDim.y = shape.cluster[1];
    attributes[0].val.clusterDim.z = shape.cluster[2];
    attributes[1].id = qiaoLaunchAttributeCooperative;
    attributes[1].val.cooperative = shape.cooperative ? 1 : 0;
    qiaoLaunchConfig_t config = {};
    config.gridDim = grid;
    config.blockDim = block;
    config.dynamicSmemBytes = shape.sharedBytes;
    config.stream = stream;
    config.attrs = attributes;
    config.numAttrs = 2;
    return qiaoLaunchKernelExC(&config, hostFunction, args);
  }
  if (shape.cooperative)
    return qiaoLaunchCooperativeKernel(hostFunction, grid, block, args, shape.sharedBytes, stream);
  return qiaoLaunchKernel(hostFunction, grid, block, args, shape.sharedBytes, stream);
}

} // namespace qiao::shim
