// Copies to and from registered device variables, and their address and size.
#include "Memory.h"
#include "Registry.h"
#include "Streams.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

Expected<RegisteredVar> lookUp(Runtime &rt, const void *symbol) {
  std::lock_guard lock(rt.mutex);
  return registeredVar(rt, symbol);
}

Status copyToSymbol(Runtime &rt, const void *symbol, const void *src, size_t count, size_t offset,
                    qiaoMemcpyKind kind, qiaoStream_t stream, bool waitForIt) {
  auto var = lookUp(rt, symbol);
  if (!var)
    return var.error();
  QIAO_REQUIRE(kind == qiaoMemcpyHostToDevice || kind == qiaoMemcpyDeviceToDevice ||
                   kind == qiaoMemcpyDefault,
               qiaoErrorInvalidMemcpyDirection);
  QIAO_REQUIRE(offset <= var->bytes && count <= var->bytes - offset, qiaoErrorInvalidValue);
  void *dst = static_cast<char *>(var->address) + offset;
  // A host-compiled program's variable is not in a device allocation; its bounds are checked.
  QIAO_TRY(checkCopy(rt, dst, src, count, var->hostCompiled ? qiaoMemcpyHostToHost : kind));
  if (count == 0)
    return Status::ok();
  return enqueueWork(rt, stream, waitForIt, copyWork(rt, dst, src, count), qiaoGraphNodeTypeMemcpy);
}

Status copyFromSymbol(Runtime &rt, void *dst, const void *symbol, size_t count, size_t offset,
                      qiaoMemcpyKind kind, qiaoStream_t stream, bool waitForIt) {
  auto var = lookUp(rt, symbol);
  if (!var)
    return var.error();
  QIAO_REQUIRE(kind == qiaoMemcpyDeviceToHost || kind == qiaoMemcpyDeviceToDevice ||
                   kind == qiaoMemcpyDefault,
               qiaoErrorInvalidMemcpyDirection);
  QIAO_REQUIRE(offset <= var->bytes && count <= var->bytes - offset, qiaoErrorInvalidValue);
  const void *src = static_cast<const char *>(var->address) + offset;
  QIAO_TRY(checkCopy(rt, dst, src, count, var->hostCompiled ? qiaoMemcpyHostToHost : kind));
  if (count == 0)
    return Status::ok();
  return enqueueWork(rt, stream, waitForIt, copyWork(rt, dst, src, count), qiaoGraphNodeTypeMemcpy);
}

} // namespace

extern "C" qiaoError_t qiaoMemcpyToSymbol(const void *symbol, const void *src, size_t count,
                                          size_t offset, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) {
    return copyToSymbol(rt, symbol, src, count, offset, kind, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpyToSymbolAsync(const void *symbol, const void *src, size_t count,
                                               size_t offset, qiaoMemcpyKind kind,
                                               qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return copyToSymbol(rt, symbol, src, count, offset, kind, stream, false);
  });
}

extern "C" qiaoError_t qiaoMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                            size_t offset, qiaoMemcpyKind kind) {
  return enter([&](Runtime &rt) {
    return copyFromSymbol(rt, dst, symbol, count, offset, kind, nullptr, true);
  });
}

extern "C" qiaoError_t qiaoMemcpyFromSymbolAsync(void *dst, const void *symbol, size_t count,
                                                 size_t offset, qiaoMemcpyKind kind,
                                                 qiaoStream_t stream) {
  return enter([&](Runtime &rt) {
    return copyFromSymbol(rt, dst, symbol, count, offset, kind, stream, false);
  });
}

extern "C" qiaoError_t qiaoGetSymbolAddress(void **devPtr, const void *symbol) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(devPtr != nullptr, qiaoErrorInvalidValue);
    auto var = lookUp(rt, symbol);
    if (!var)
      return var.error();
    *devPtr = var->address;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoGetSymbolSize(size_t *size, const void *symbol) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(size != nullptr, qiaoErrorInvalidValue);
    auto var = lookUp(rt, symbol);
    if (!var)
      return var.error();
    *size = var->bytes;
    return Status::ok();
  });
}
