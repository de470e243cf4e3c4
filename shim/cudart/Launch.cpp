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
  if (shape.cooperative)
    return qiaoLaunchCooperativeKernel(hostFunction, grid, block, args, shape.sharedBytes, stream);
  return qiaoLaunchKernel(hostFunction, grid, block, args, shape.sharedBytes, stream);
}

} // namespace qiao::shim
