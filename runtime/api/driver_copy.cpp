// Driver-style copies between host memory and integer device addresses: cuMemcpyHtoD, DtoH,
// DtoD and their stream-ordered forms.
#include "Contexts.h"

using namespace qiao;
using namespace qiao::rt;

extern "C" qiaoError_t qiaoMemcpyHtoD(qiaoDeviceptr_t dst, const void *src, size_t bytes) {
  return driverCall([&] { return qiaoMemcpy(toPointer(dst), src, bytes, qiaoMemcpyHostToDevice); });
}

extern "C" qiaoError_t qiaoMemcpyDtoH(void *dst, qiaoDeviceptr_t src, size_t bytes) {
  return driverCall([&] { return qiaoMemcpy(dst, toPointer(src), bytes, qiaoMemcpyDeviceToHost); });
}

extern "C" qiaoError_t qiaoMemcpyDtoD(qiaoDeviceptr_t dst, qiaoDeviceptr_t src, size_t bytes) {
  return driverCall(
      [&] { return qiaoMemcpy(toPointer(dst), toPointer(src), bytes, qiaoMemcpyDeviceToDevice); });
}

extern "C" qiaoError_t qiaoMemcpyHtoDAsync(qiaoDeviceptr_t dst, const void *src, size_t bytes,
                                           qiaoStream_t stream) {
  return driverCall(
      [&] { return qiaoMemcpyAsync(toPointer(dst), src, bytes, qiaoMemcpyHostToDevice, stream); });
}

extern "C" qiaoError_t qiaoMemcpyDtoHAsync(void *dst, qiaoDeviceptr_t src, size_t bytes,
                                           qiaoStream_t stream) {
  return driverCall(
      [&] { return qiaoMemcpyAsync(dst, toPointer(src), bytes, qiaoMemcpyDeviceToHost, stream); });
}

extern "C" qiaoError_t qiaoMemcpyDtoDAsync(qiaoDeviceptr_t dst, qiaoDeviceptr_t src, size_t bytes,
                                           qiaoStream_t stream) {
  return driverCall([&] {
    return qiaoMemcpyAsync(toPointer(dst), toPointer(src), bytes, qiaoMemcpyDeviceToDevice, stream);
  });
}
