// Copies to and from __device__/__constant__/__managed__ variables registered by nvcc's code,
// and their address and size: each loads the variable's module first, then asks libqiao, which
// knows the variable once the module is loaded (RegistrationState.cpp registers it).
//
// Declared with Qiao's types, which have CUDA's values (qiao_runtime.h); the names and signatures
// are those of cuda_runtime_api.h (CUDA 13.0). The _ptds copies are synchronous, so they differ
// from the plain ones only in which default stream they would wait for; the _ptsz copies take
// stream 0 as the calling thread's default stream.
#include "RegistrationErrors.h"
#include "RegistrationExport.h"
#include "RegistrationState.h"

#include <qiao/qiao_runtime.h>

using namespace qiao::shim;

namespace {

qiaoError_t prepare(const void *symbol) {
  return static_cast<qiaoError_t>(recordError(prepareVar(symbol)));
}

qiaoStream_t perThread(qiaoStream_t stream) { return stream ? stream : qiaoStreamPerThread; }

} // namespace

extern "C" {

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyToSymbol(const void *symbol, const void *src, size_t count,
                                                size_t offset, qiaoMemcpyKind kind) {
  if (qiaoError_t failed = prepare(symbol))
    return failed;
  return qiaoMemcpyToSymbol(symbol, src, count, offset, kind);
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyToSymbol_ptds(const void *symbol, const void *src,
                                                     size_t count, size_t offset,
                                                     qiaoMemcpyKind kind) {
  return cudaMemcpyToSymbol(symbol, src, count, offset, kind);
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                                  size_t offset, qiaoMemcpyKind kind) {
  if (qiaoError_t failed = prepare(symbol))
    return failed;
  return qiaoMemcpyFromSymbol(dst, symbol, count, offset, kind);
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyFromSymbol_ptds(void *dst, const void *symbol, size_t count,
                                                       size_t offset, qiaoMemcpyKind kind) {
  return cudaMemcpyFromSymbol(dst, symbol, count, offset, kind);
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyToSymbolAsync(const void *symbol, const void *src,
                                                     size_t count, size_t offset,
                                                     qiaoMemcpyKind kind, qiaoStream_t stream) {
  if (qiaoError_t failed = prepare(symbol))
    return failed;
  return qiaoMemcpyToSymbolAsync(symbol, src, count, offset, kind, stream);
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyToSymbolAsync_ptsz(const void *symbol, const void *src,
                                                          size_t count, size_t offset,
                                                          qiaoMemcpyKind kind,
                                                          qiaoStream_t stream) {
  return cudaMemcpyToSymbolAsync(symbol, src, count, offset, kind, perThread(stream));
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count,
                                                       size_t offset, qiaoMemcpyKind kind,
                                                       qiaoStream_t stream) {
  if (qiaoError_t failed = prepare(symbol))
    return failed;
  return qiaoMemcpyFromSymbolAsync(dst, symbol, count, offset, kind, stream);
}

QIAO_SHIM_EXPORT qiaoError_t cudaMemcpyFromSymbolAsync_ptsz(void *dst, const void *symbol,
                                                            size_t count, size_t offset,
                                                            qiaoMemcpyKind kind,
                                                            qiaoStream_t stream) {
  return cudaMemcpyFromSymbolAsync(dst, symbol, count, offset, kind, perThread(stream));
}

QIAO_SHIM_EXPORT qiaoError_t cudaGetSymbolAddress(void **devPtr, const void *symbol) {
  if (qiaoError_t failed = prepare(symbol))
    return failed;
  return qiaoGetSymbolAddress(devPtr, symbol);
}

QIAO_SHIM_EXPORT qiaoError_t cudaGetSymbolSize(size_t *size, const void *symbol) {
  if (qiaoError_t failed = prepare(symbol))
    return failed;
  return qiaoGetSymbolSize(size, symbol);
}

} // extern "C"
