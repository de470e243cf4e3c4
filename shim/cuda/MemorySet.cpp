// cuMemsetD8/D16/D32, their 2D forms (cuMemsetD2D*) and their stream-ordered flavours. Qiao's
// runtime sets bytes; a 16- or 32-bit pattern whose bytes differ is written as a copy from a host
// buffer holding the pattern, so that the fill goes through the device seam like any other write.
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

// A pitched rectangle of `width` elements by `height` rows. As in one dimension, a pattern whose
// bytes are all alike is a byte memset; any other is a 2D copy from a host buffer holding it.
template <class T>
CUresult fill2D(CUdeviceptr dst, size_t pitch, T value, size_t width, size_t height, bool async,
                qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  size_t rowBytes = width * sizeof(T);
  if (dst % sizeof(T) != 0 || (height > 1 && (pitch < rowBytes || pitch % sizeof(T) != 0)))
    return CUDA_ERROR_INVALID_VALUE;
  if (width == 0 || height == 0)
    return CUDA_SUCCESS;
  void *target = toPointer(dst);
  unsigned char first = 0;
  std::memcpy(&first, &value, 1);
  if (uniformBytes(value))
    return toCuResult(async ? qiaoMemset2DAsync(target, pitch, first, rowBytes, height, stream)
                            : qiaoMemset2D(target, pitch, first, rowBytes, height));
  size_t count = width * height;
  auto *buffer = reinterpret_cast<T *>(new unsigned char[count * sizeof(T)]);
  for (size_t i = 0; i < count; ++i)
    std::memcpy(buffer + i, &value, sizeof(T));
  if (!async) {
    qiaoError_t error =
        qiaoMemcpy2D(target, pitch, buffer, rowBytes, rowBytes, height, qiaoMemcpyHostToDevice);
    freeBuffer(buffer);
    return toCuResult(error);
  }
  if (qiaoError_t error = qiaoMemcpy2DAsync(target, pitch, buffer, rowBytes, rowBytes, height,
                                            qiaoMemcpyHostToDevice, stream)) {
    freeBuffer(buffer);
    return toCuResult(error);
  }
  // Freed once the stream has passed the copy (not on failure: the queued copy may read it).
  return toCuResult(qiaoLaunchHostFunc(stream, freeBuffer, buffer));
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

extern "C" CUresult cuMemsetD2D8(CUdeviceptr dstDevice, size_t dstPitch, unsigned char uc,
                                 size_t Width, size_t Height) {
  return fill2D(dstDevice, dstPitch, uc, Width, Height, false, nullptr);
}
extern "C" CUresult cuMemsetD2D16(CUdeviceptr dstDevice, size_t dstPitch, unsigned short us,
                                  size_t Width, size_t Height) {
  return fill2D(dstDevice, dstPitch, us, Width, Height, false, nullptr);
}
extern "C" CUresult cuMemsetD2D32(CUdeviceptr dstDevice, size_t dstPitch, unsigned int ui,
                                  size_t Width, size_t Height) {
  return fill2D(dstDevice, dstPitch, ui, Width, Height, false, nullptr);
}
extern "C" CUresult cuMemsetD2D8Async(CUdeviceptr dstDevice, size_t dstPitch, unsigned char uc,
                                      size_t Width, size_t Height, CUstream hStream) {
  return fill2D(dstDevice, dstPitch, uc, Width, Height, true, toQiao(hStream));
}
extern "C" CUresult cuMemsetD2D16Async(CUdeviceptr dstDevice, size_t dstPitch, unsigned short us,
                                       size_t Width, size_t Height, CUstream hStream) {
  return fill2D(dstDevice, dstPitch, us, Width, Height, true, toQiao(hStream));
}
extern "C" CUresult cuMemsetD2D32Async(CUdeviceptr dstDevice, size_t dstPitch, unsigned int ui,
                                       size_t Width, size_t Height, CUstream hStream) {
  return fill2D(dstDevice, dstPitch, ui, Width, Height, true, toQiao(hStream));
}

// The per-thread flavours: synchronous ones are ordered in the thread's default stream and wait.
namespace {
template <class T>
CUresult fillPerThread(CUdeviceptr dst, size_t pitch, T value, size_t width, size_t height) {
  if (CUresult result = fill2D(dst, pitch, value, width, height, true, qiaoStreamPerThread))
    return result;
  return toCuResult(qiaoStreamSynchronize(qiaoStreamPerThread));
}
} // namespace

extern "C" {
CUresult cuMemsetD8_v2_ptds(CUdeviceptr dstDevice, unsigned char uc, size_t N) {
  return fillPerThread(dstDevice, N, uc, N, 1);
}
CUresult cuMemsetD16_v2_ptds(CUdeviceptr dstDevice, unsigned short us, size_t N) {
  return fillPerThread(dstDevice, N * sizeof us, us, N, 1);
}
CUresult cuMemsetD32_v2_ptds(CUdeviceptr dstDevice, unsigned int ui, size_t N) {
  return fillPerThread(dstDevice, N * sizeof ui, ui, N, 1);
}
CUresult cuMemsetD2D8_v2_ptds(CUdeviceptr dstDevice, size_t dstPitch, unsigned char uc,
                              size_t Width, size_t Height) {
  return fillPerThread(dstDevice, dstPitch, uc, Width, Height);
}
CUresult cuMemsetD2D16_v2_ptds(CUdeviceptr dstDevice, size_t dstPitch, unsigned short us,
                               size_t Width, size_t Height) {
  return fillPerThread(dstDevice, dstPitch, us, Width, Height);
}
CUresult cuMemsetD2D32_v2_ptds(CUdeviceptr dstDevice, size_t dstPitch, unsigned int ui,
                               size_t Width, size_t Height) {
  return fillPerThread(dstDevice, dstPitch, ui, Width, Height);
}
CUresult cuMemsetD2D8Async_ptsz(CUdeviceptr dstDevice, size_t dstPitch, unsigned char uc,
                                size_t Width, size_t Height, CUstream hStream) {
  return fill2D(dstDevice, dstPitch, uc, Width, Height, true, perThread(hStream));
}
CUresult cuMemsetD2D16Async_ptsz(CUdeviceptr dstDevice, size_t dstPitch, unsigned short us,
                                 size_t Width, size_t Height, CUstream hStream) {
  return fill2D(dstDevice, dstPitch, us, Width, Height, true, perThread(hStream));
}
CUresult cuMemsetD2D32Async_ptsz(CUdeviceptr dstDevice, size_t dstPitch, unsigned int ui,
                                 size_t Width, size_t Height, CUstream hStream) {
  return fill2D(dstDevice, dstPitch, ui, Width, Height, true, perThread(hStream));
}
}
