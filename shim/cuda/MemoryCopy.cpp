// Linear copies: host to device, device to host, device to device, unified; synchronous, stream
// ordered, and the per-thread-default-stream flavours.
#include "DriverState.h"

using namespace qiao::cuda;

namespace {

CUresult copy(void *dst, const void *src, size_t bytes, qiaoMemcpyKind kind) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoMemcpy(dst, src, bytes, kind));
}

CUresult copyAsync(void *dst, const void *src, size_t bytes, qiaoMemcpyKind kind,
                   qiaoStream_t stream) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoMemcpyAsync(dst, src, bytes, kind, stream));
}

// _ptds: a synchronous copy ordered in the calling thread's default stream.
CUresult copyPerThread(void *dst, const void *src, size_t bytes, qiaoMemcpyKind kind) {
  if (CUresult result = copyAsync(dst, src, bytes, kind, qiaoStreamPerThread))
    return result;
  return toCuResult(qiaoStreamSynchronize(qiaoStreamPerThread));
}

} // namespace

extern "C" CUresult cuMemcpyHtoD(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount) {
  return copy(toPointer(dstDevice), srcHost, ByteCount, qiaoMemcpyHostToDevice);
}
extern "C" CUresult cuMemcpyDtoH(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
  return copy(dstHost, toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToHost);
}
extern "C" CUresult cuMemcpyDtoD(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount) {
  return copy(toPointer(dstDevice), toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToDevice);
}
extern "C" CUresult cuMemcpy(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount) {
  return copy(toPointer(dst), toPointer(src), ByteCount, qiaoMemcpyDefault);
}

extern "C" CUresult cuMemcpyHtoDAsync(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount,
                                      CUstream hStream) {
  return copyAsync(toPointer(dstDevice), srcHost, ByteCount, qiaoMemcpyHostToDevice,
                   toQiao(hStream));
}
extern "C" CUresult cuMemcpyDtoHAsync(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount,
                                      CUstream hStream) {
  return copyAsync(dstHost, toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToHost,
                   toQiao(hStream));
}
extern "C" CUresult cuMemcpyDtoDAsync(CUdeviceptr dstDevice, CUdeviceptr srcDevice,
                                      size_t ByteCount, CUstream hStream) {
  return copyAsync(toPointer(dstDevice), toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToDevice,
                   toQiao(hStream));
}
extern "C" CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount,
                                  CUstream hStream) {
  return copyAsync(toPointer(dst), toPointer(src), ByteCount, qiaoMemcpyDefault, toQiao(hStream));
}

// Per-thread default stream flavours (declared only under CUDA_API_PER_THREAD_DEFAULT_STREAM).
extern "C" {
CUresult cuMemcpyHtoD_v2_ptds(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount) {
  return copyPerThread(toPointer(dstDevice), srcHost, ByteCount, qiaoMemcpyHostToDevice);
}
CUresult cuMemcpyDtoH_v2_ptds(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
  return copyPerThread(dstHost, toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToHost);
}
CUresult cuMemcpyDtoD_v2_ptds(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount) {
  return copyPerThread(toPointer(dstDevice), toPointer(srcDevice), ByteCount,
                       qiaoMemcpyDeviceToDevice);
}
CUresult cuMemcpy_ptds(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount) {
  return copyPerThread(toPointer(dst), toPointer(src), ByteCount, qiaoMemcpyDefault);
}
CUresult cuMemcpyHtoDAsync_v2_ptsz(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount,
                                   CUstream hStream) {
  return copyAsync(toPointer(dstDevice), srcHost, ByteCount, qiaoMemcpyHostToDevice,
                   perThread(hStream));
}
CUresult cuMemcpyDtoHAsync_v2_ptsz(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount,
                                   CUstream hStream) {
  return copyAsync(dstHost, toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToHost,
                   perThread(hStream));
}
CUresult cuMemcpyDtoDAsync_v2_ptsz(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount,
                                   CUstream hStream) {
  return copyAsync(toPointer(dstDevice), toPointer(srcDevice), ByteCount, qiaoMemcpyDeviceToDevice,
                   perThread(hStream));
}
CUresult cuMemcpyAsync_ptsz(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount, CUstream hStream) {
  return copyAsync(toPointer(dst), toPointer(src), ByteCount, qiaoMemcpyDefault,
                   perThread(hStream));
}
}
