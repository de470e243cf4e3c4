// cudaCreateChannelDesc returns a struct, so it cannot be a generated stub (those return an int);
// it only fills in its arguments, which needs no device.
#include "QiaoCuda.h"

extern "C" cudaChannelFormatDesc cudaCreateChannelDesc(int x, int y, int z, int w,
                                                       cudaChannelFormatKind f) {
  cudaChannelFormatDesc desc{};
  desc.x = x;
  desc.y = y;
  desc.z = z;
  desc.w = w;
  desc.f = f;
  if (qiao::cudart::traceEnabled())
    qiao::cudart::traceLine(__func__, qiao::cudart::detail::formatArguments(x, y, z, w, f),
                            cudaSuccess);
  return desc;
}
