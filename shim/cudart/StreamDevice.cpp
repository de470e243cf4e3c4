// Which device a stream belongs to. Needs libqiao's stream object, so this file sees the runtime's
// internals and none of NVIDIA's headers (see StreamDevice.h).
#include "StreamDevice.h"

#include "api/Runtime.h"

namespace qiao::cudart {

int streamDevice(qiaoStream_t stream, int *device) {
  if (device == nullptr)
    return qiaoErrorInvalidValue;
  unsigned flags = 0;
  // Validates the handle (and reports a sticky error) the way every stream call does.
  if (qiaoError_t failed = qiaoStreamGetFlags(stream, &flags))
    return failed;
  // The default streams belong to whichever device is current for the caller.
  if (stream == nullptr || stream == qiaoStreamLegacy || stream == qiaoStreamPerThread)
    return qiaoGetDevice(device);
  *device = stream->device;
  return qiaoSuccess;
}

} // namespace qiao::cudart
