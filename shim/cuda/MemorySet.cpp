// cuMemsetD8/D16/D32 and their stream-ordered flavours. Qiao's runtime sets bytes; a 16- or
// 32-bit pattern whose bytes differ is written as a copy from a host buffer holding the pattern,
// so that the fill goes through the device seam like any other write.
#include "DriverState.h"

#include <cstdint>
#include <cstring>
#include <memory>

using namespace qiao::cuda;

namespace {

template <class T> bool uniformBytes(T value) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  for (size_t i = 1; i < sizeof(T); ++i)
    if (bytes[i] != bytes[0])
      return false;
  return true;
}

template <class T> std::unique_ptr<T[]> patternBuffer(T value, size_t count) {
  std::unique_ptr<T[]> buffer(new T[count]);
  for (size_t i = 0; i < count; ++i)
    buffer[i] = value;
  return buffer;
}

void freeBuffer(void *buffer) { delete[] static_cast<unsigned char *>(buffer); }

// stream == nullptr with `async` false: synchronous, as cuMemsetD* (legacy default stream).
template <class T>
CUresult fill(CUdeviceptr dst, T value, size_t count, bool async, qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  if (dst % sizeof(T) != 0)
    return CUDA_ERROR_INVALID_VALUE; // D16 and D32 need an aligned destination
  if (count == 0)
    return CUDA_SUCCESS;
  void *target = toPointer(dst);
  size_t bytes = count * sizeof(T);
  unsigned char first = 0;
  std::memcpy(&first, &value, 1);
  if (uniformBytes(value))
    return toCuResult(async ? qiaoMemsetAsync(target, first, bytes, stream)
                            : qiaoMemset(target, first, bytes));
  if (!async) {
    auto buffer = patternBuffer(value, count);
    return toCuResult(qiaoMemcpy(target, buffer.get(), bytes, qiaoMemcpyHostToDevice));
  }
  // The buffer lives until the stream has passed the copy: a host function frees it there.
  auto *buffer = reinterpret_cast<T *>(new unsigned char[bytes]);
  for (size_t i = 0; i < count; ++i)
    std::memcpy(buffer + i, &value, sizeof(T));
  if (qiaoError_t error = qiaoMemcpyAsync(target, buffer, bytes, qiaoMemcpyHostToDevice, stream)) {
    freeBuffer(buffer);
    return toCuResult(error);
  }
  if (qiaoError_t error = qiaoLaunchHostFunc(stream, freeBuffer, buffer)) {
    // Not freed: the queued copy may still read it.
    return toCuResult(error);
  }
  return CUDA_SUCCESS;
}

} // namespace

extern "C" CUresult cuMemsetD8(CUdeviceptr dstDevice, unsigned char uc, size_t N) {
  return fill(dstDevice, uc, N, false, nullptr);
}
extern "C" CUresult cuMemsetD16(CUdeviceptr dstDevice, unsigned short us, size_t N) {
  return fill(dstDevice, us, N, false, nullptr);
}
extern "C" CUresult cuMemsetD32(CUdeviceptr dstDevice, unsigned int ui, size_t N) {
  return fill(dstDevice, ui, N, false, nullptr);
}
extern "C" CUresult cuMemsetD8Async(CUdeviceptr dstDevice, unsigned char uc, size_t N,
                                    CUstream hStream) {
  return fill(dstDevice, uc, N, true, toQiao(hStream));
}
extern "C" CUresult cuMemsetD16Async(CUdeviceptr dstDevice, unsigned short us, size_t N,
                                     CUstream hStream) {
  return fill(dstDevice, us, N, true, toQiao(hStream));
}
extern "C" CUresult cuMemsetD32Async(CUdeviceptr dstDevice, unsigned int ui, size_t N,
                                     CUstream hStream) {
  return fill(dstDevice, ui, N, true, toQiao(hStream));
}

// Per-thread default stream flavours (declared only under CUDA_API_PER_THREAD_DEFAULT_STREAM).
extern "C" {
CUresult cuMemsetD8Async_ptsz(CUdeviceptr dstDevice, unsigned char uc, size_t N, CUstream s) {
  return fill(dstDevice, uc, N, true, perThread(s));
}
CUresult cuMemsetD16Async_ptsz(CUdeviceptr dstDevice, unsigned short us, size_t N, CUstream s) {
  return fill(dstDevice, us, N, true, perThread(s));
}
CUresult cuMemsetD32Async_ptsz(CUdeviceptr dstDevice, unsigned int ui, size_t N, CUstream s) {
  return fill(dstDevice, ui, N, true, perThread(s));
}
}
