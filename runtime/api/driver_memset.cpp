// cuMemsetD8/D16/D32 and their stream-ordered forms: count elements of 1, 2 or 4 bytes, filled
// by the device's own fill (driver.h: enqueueFill takes the element size).
#include "Contexts.h"
#include "Memory.h"
#include "Streams.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

template <class T>
qiaoError_t fillElements(qiaoDeviceptr_t dst, T value, size_t count, qiaoStream_t stream,
                         bool waitForIt) {
  return driverCall([&] {
    return enter([&](Runtime &rt) -> Status {
      QIAO_REQUIRE(dst % sizeof(T) == 0, qiaoErrorInvalidValue); // CUDA: aligned D16 and D32
      void *start = toPointer(dst);
      if (count == 0) {
        std::lock_guard lock(rt.mutex);
        auto resolved = resolveStream(rt, stream);
        return resolved ? Status::ok() : Status(resolved.error());
      }
      QIAO_REQUIRE(count <= SIZE_MAX / sizeof(T), qiaoErrorInvalidValue);
      QIAO_TRY(requireDeviceRange(rt, start, count * sizeof(T)));
      const qiaoDriverTable *driver = rt.driver;
      auto pattern = static_cast<uint32_t>(value);
      StreamWork work = [driver, start, pattern, count](qiaoDrvQueue queue) {
        return driver->enqueueFill(queue, start, pattern, sizeof(T), count);
      };
      return enqueueWork(rt, stream, waitForIt, std::move(work), qiaoGraphNodeTypeMemset);
    });
  });
}

} // namespace

extern "C" qiaoError_t qiaoMemsetD8(qiaoDeviceptr_t dst, unsigned char value, size_t count) {
  return fillElements(dst, value, count, nullptr, true);
}
extern "C" qiaoError_t qiaoMemsetD16(qiaoDeviceptr_t dst, unsigned short value, size_t count) {
  return fillElements(dst, value, count, nullptr, true);
}
extern "C" qiaoError_t qiaoMemsetD32(qiaoDeviceptr_t dst, unsigned int value, size_t count) {
  return fillElements(dst, value, count, nullptr, true);
}
extern "C" qiaoError_t qiaoMemsetD8Async(qiaoDeviceptr_t dst, unsigned char value, size_t count,
                                         qiaoStream_t stream) {
  return fillElements(dst, value, count, stream, false);
}
extern "C" qiaoError_t qiaoMemsetD16Async(qiaoDeviceptr_t dst, unsigned short value, size_t count,
                                          qiaoStream_t stream) {
  return fillElements(dst, value, count, stream, false);
}
extern "C" qiaoError_t qiaoMemsetD32Async(qiaoDeviceptr_t dst, unsigned int value, size_t count,
                                          qiaoStream_t stream) {
  return fillElements(dst, value, count, stream, false);
}
