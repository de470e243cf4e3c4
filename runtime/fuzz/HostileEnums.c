#include "HostileEnums.h"

qiaoError_t hostileMemcpy(void *dst, const void *src, size_t count, int kind) {
  return qiaoMemcpy(dst, src, count, (qiaoMemcpyKind)kind);
}

qiaoError_t hostileMemcpyAsync(void *dst, const void *src, size_t count, int kind,
                               qiaoStream_t stream) {
  return qiaoMemcpyAsync(dst, src, count, (qiaoMemcpyKind)kind, stream);
}

qiaoError_t hostileMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                            size_t height, int kind) {
  return qiaoMemcpy2D(dst, dpitch, src, spitch, width, height, (qiaoMemcpyKind)kind);
}

qiaoError_t hostileDeviceGetAttribute(int *value, int attr, int device) {
  return qiaoDeviceGetAttribute(value, (qiaoDeviceAttr)attr, device);
}

qiaoError_t hostileDeviceSetLimit(int limit, size_t value) {
  return qiaoDeviceSetLimit((qiaoLimit)limit, value);
}

qiaoError_t hostileDeviceGetLimit(size_t *value, int limit) {
  return qiaoDeviceGetLimit(value, (qiaoLimit)limit);
}

qiaoError_t hostileDeviceSetCacheConfig(int config) {
  return qiaoDeviceSetCacheConfig((qiaoFuncCache)config);
}

qiaoError_t hostileStreamBeginCapture(qiaoStream_t stream, int mode) {
  return qiaoStreamBeginCapture(stream, (qiaoStreamCaptureMode)mode);
}

qiaoError_t hostileModuleFuncSetAttribute(qiaoFunction_t function, int attr, int value) {
  return qiaoModuleFuncSetAttribute(function, (qiaoFuncAttribute)attr, value);
}

qiaoError_t hostileFuncGetAttribute(int *value, int attr, qiaoFunction_t function) {
  return qiaoFuncGetAttribute(value, (qiaoFunction_attribute)attr, function);
}

qiaoError_t hostileMemAdvise(const void *devPtr, size_t count, int advice, int locationType,
                             int locationId) {
  qiaoMemLocation location;
  location.type = (enum qiaoMemLocationType)locationType;
  location.id = locationId;
  return qiaoMemAdvise(devPtr, count, (qiaoMemoryAdvise)advice, location);
}

qiaoError_t hostileGraphAddMemcpyNode1D(qiaoGraphNode_t *node, qiaoGraph_t graph, void *dst,
                                        const void *src, size_t count, int kind) {
  return qiaoGraphAddMemcpyNode1D(node, graph, 0, 0, dst, src, count, (qiaoMemcpyKind)kind);
}

qiaoError_t hostileMallocArray(qiaoArray_t *array, int bits, int kind, size_t width, size_t height,
                               unsigned int flags) {
  qiaoChannelFormatDesc desc = qiaoCreateChannelDesc(bits, 0, 0, 0, (qiaoChannelFormatKind)kind);
  return qiaoMallocArray(array, &desc, width, height, flags);
}
