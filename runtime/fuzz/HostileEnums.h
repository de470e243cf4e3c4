// Calls whose enum arguments the fuzzer sets to any integer. C programs (and the shims, which
// receive cudaMemcpyKind and friends as plain integers) may pass values no enumerator names;
// in C that is well defined, so these wrappers are written in C (HostileEnums.c) and the runtime
// must check the integer before it believes the enum.
#pragma once

#include <qiao/qiao_runtime.h>

#ifdef __cplusplus
extern "C" {
#endif

qiaoError_t hostileMemcpy(void *dst, const void *src, size_t count, int kind);
qiaoError_t hostileMemcpyAsync(void *dst, const void *src, size_t count, int kind,
                               qiaoStream_t stream);
qiaoError_t hostileMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                            size_t height, int kind);
qiaoError_t hostileDeviceGetAttribute(int *value, int attr, int device);
qiaoError_t hostileDeviceSetLimit(int limit, size_t value);
qiaoError_t hostileDeviceGetLimit(size_t *value, int limit);
qiaoError_t hostileDeviceSetCacheConfig(int config);
qiaoError_t hostileStreamBeginCapture(qiaoStream_t stream, int mode);
qiaoError_t hostileModuleFuncSetAttribute(qiaoFunction_t function, int attr, int value);
qiaoError_t hostileFuncGetAttribute(int *value, int attr, qiaoFunction_t function);
qiaoError_t hostileMemAdvise(const void *devPtr, size_t count, int advice, int locationType,
                             int locationId);
qiaoError_t hostileGraphAddMemcpyNode1D(qiaoGraphNode_t *node, qiaoGraph_t graph, void *dst,
                                        const void *src, size_t count, int kind);
qiaoError_t hostileMallocArray(qiaoArray_t *array, int bits, int kind, size_t width, size_t height,
                               unsigned int flags);

#ifdef __cplusplus
}
#endif
