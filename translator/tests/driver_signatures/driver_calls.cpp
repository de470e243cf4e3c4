// Every driver-API function the mapping database supports for Qiao, called with the parameter
// types CUDA declares (headers/cuda/cuda.h): translated, it must compile, so that each mapped
// name has a Qiao counterpart that takes what CUDA code passes. Extend it with each newly mapped
// driver function.
#include <cuda.h>

CUresult call_cuInit(unsigned int flags) { return cuInit(flags); }
CUresult call_cuDriverGetVersion(int *driverVersion) { return cuDriverGetVersion(driverVersion); }
CUresult call_cuGetErrorName(CUresult error, const char **pStr) {
  return cuGetErrorName(error, pStr);
}
CUresult call_cuGetErrorString(CUresult error, const char **pStr) {
  return cuGetErrorString(error, pStr);
}
CUresult call_cuDeviceGet(CUdevice *device, int ordinal) { return cuDeviceGet(device, ordinal); }
CUresult call_cuDeviceGetCount(int *count) { return cuDeviceGetCount(count); }
CUresult call_cuDeviceGetName(char *name, int len, CUdevice dev) {
  return cuDeviceGetName(name, len, dev);
}
CUresult call_cuDeviceTotalMem(size_t *bytes, CUdevice dev) { return cuDeviceTotalMem(bytes, dev); }
CUresult call_cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev) {
  return cuDeviceGetAttribute(pi, attrib, dev);
}
CUresult call_cuDeviceComputeCapability(int *major, int *minor, CUdevice dev) {
  return cuDeviceComputeCapability(major, minor, dev);
}
CUresult call_cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
  return cuDevicePrimaryCtxRetain(pctx, dev);
}
CUresult call_cuDevicePrimaryCtxRelease(CUdevice dev) { return cuDevicePrimaryCtxRelease(dev); }
CUresult call_cuDevicePrimaryCtxReset(CUdevice dev) { return cuDevicePrimaryCtxReset(dev); }
CUresult call_cuCtxCreate(CUcontext *pctx, void *ctxCreateParams, unsigned int flags,
                          CUdevice dev) {
  return cuCtxCreate(pctx, ctxCreateParams, flags, dev);
}
CUresult call_cuCtxDestroy(CUcontext ctx) { return cuCtxDestroy(ctx); }
CUresult call_cuCtxGetCurrent(CUcontext *pctx) { return cuCtxGetCurrent(pctx); }
CUresult call_cuCtxSetCurrent(CUcontext ctx) { return cuCtxSetCurrent(ctx); }
CUresult call_cuCtxPushCurrent(CUcontext ctx) { return cuCtxPushCurrent(ctx); }
CUresult call_cuCtxPopCurrent(CUcontext *pctx) { return cuCtxPopCurrent(pctx); }
CUresult call_cuCtxGetDevice(CUdevice *device) { return cuCtxGetDevice(device); }
CUresult call_cuCtxSynchronize(void) { return cuCtxSynchronize(); }
CUresult call_cuCtxGetApiVersion(CUcontext ctx, unsigned int *version) {
  return cuCtxGetApiVersion(ctx, version);
}
CUresult call_cuModuleLoad(CUmodule *module, const char *fname) {
  return cuModuleLoad(module, fname);
}
CUresult call_cuModuleLoadData(CUmodule *module, const void *image) {
  return cuModuleLoadData(module, image);
}
CUresult call_cuModuleLoadDataEx(CUmodule *module, const void *image, unsigned int numOptions,
                                 CUjit_option *options, void **optionValues) {
  return cuModuleLoadDataEx(module, image, numOptions, options, optionValues);
}
CUresult call_cuModuleUnload(CUmodule hmod) { return cuModuleUnload(hmod); }
CUresult call_cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
  return cuModuleGetFunction(hfunc, hmod, name);
}
CUresult call_cuModuleGetGlobal(CUdeviceptr *dptr, size_t *bytes, CUmodule hmod, const char *name) {
  return cuModuleGetGlobal(dptr, bytes, hmod, name);
}
CUresult call_cuFuncGetAttribute(int *pi, CUfunction_attribute attrib, CUfunction hfunc) {
  return cuFuncGetAttribute(pi, attrib, hfunc);
}
CUresult call_cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
                             unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY,
                             unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream,
                             void **kernelParams, void **extra) {
  return cuLaunchKernel(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ,
                        sharedMemBytes, hStream, kernelParams, extra);
}
CUresult call_cuLaunchCooperativeKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
                                        unsigned int gridDimZ, unsigned int blockDimX,
                                        unsigned int blockDimY, unsigned int blockDimZ,
                                        unsigned int sharedMemBytes, CUstream hStream,
                                        void **kernelParams) {
  return cuLaunchCooperativeKernel(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ,
                                   sharedMemBytes, hStream, kernelParams);
}
CUresult call_cuLaunchHostFunc(CUstream hStream, CUhostFn fn, void *userData) {
  return cuLaunchHostFunc(hStream, fn, userData);
}
CUresult call_cuOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, CUfunction func,
                                                          int blockSize, size_t dynamicSMemSize) {
  return cuOccupancyMaxActiveBlocksPerMultiprocessor(numBlocks, func, blockSize, dynamicSMemSize);
}
CUresult call_cuMemGetInfo(size_t *free, size_t *total) { return cuMemGetInfo(free, total); }
CUresult call_cuMemAlloc(CUdeviceptr *dptr, size_t bytesize) { return cuMemAlloc(dptr, bytesize); }
CUresult call_cuMemAllocManaged(CUdeviceptr *dptr, size_t bytesize, unsigned int flags) {
  return cuMemAllocManaged(dptr, bytesize, flags);
}
CUresult call_cuMemFree(CUdeviceptr dptr) { return cuMemFree(dptr); }
CUresult call_cuMemHostAlloc(void **pp, size_t bytesize, unsigned int Flags) {
  return cuMemHostAlloc(pp, bytesize, Flags);
}
CUresult call_cuMemHostGetDevicePointer(CUdeviceptr *pdptr, void *p, unsigned int Flags) {
  return cuMemHostGetDevicePointer(pdptr, p, Flags);
}
CUresult call_cuMemHostRegister(void *p, size_t bytesize, unsigned int Flags) {
  return cuMemHostRegister(p, bytesize, Flags);
}
CUresult call_cuMemHostUnregister(void *p) { return cuMemHostUnregister(p); }
CUresult call_cuMemcpyHtoD(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount) {
  return cuMemcpyHtoD(dstDevice, srcHost, ByteCount);
}
CUresult call_cuMemcpyDtoH(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
  return cuMemcpyDtoH(dstHost, srcDevice, ByteCount);
}
CUresult call_cuMemcpyDtoD(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount) {
  return cuMemcpyDtoD(dstDevice, srcDevice, ByteCount);
}
CUresult call_cuMemcpyHtoDAsync(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount,
                                CUstream hStream) {
  return cuMemcpyHtoDAsync(dstDevice, srcHost, ByteCount, hStream);
}
CUresult call_cuMemcpyDtoHAsync(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount,
                                CUstream hStream) {
  return cuMemcpyDtoHAsync(dstHost, srcDevice, ByteCount, hStream);
}
CUresult call_cuMemcpyDtoDAsync(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount,
                                CUstream hStream) {
  return cuMemcpyDtoDAsync(dstDevice, srcDevice, ByteCount, hStream);
}
CUresult call_cuMemsetD8(CUdeviceptr dstDevice, unsigned char uc, size_t N) {
  return cuMemsetD8(dstDevice, uc, N);
}
CUresult call_cuMemsetD16(CUdeviceptr dstDevice, unsigned short us, size_t N) {
  return cuMemsetD16(dstDevice, us, N);
}
CUresult call_cuMemsetD32(CUdeviceptr dstDevice, unsigned int ui, size_t N) {
  return cuMemsetD32(dstDevice, ui, N);
}
CUresult call_cuMemsetD8Async(CUdeviceptr dstDevice, unsigned char uc, size_t N, CUstream hStream) {
  return cuMemsetD8Async(dstDevice, uc, N, hStream);
}
CUresult call_cuMemsetD32Async(CUdeviceptr dstDevice, unsigned int ui, size_t N, CUstream hStream) {
  return cuMemsetD32Async(dstDevice, ui, N, hStream);
}
CUresult call_cuStreamCreate(CUstream *phStream, unsigned int Flags) {
  return cuStreamCreate(phStream, Flags);
}
CUresult call_cuStreamCreateWithPriority(CUstream *phStream, unsigned int flags, int priority) {
  return cuStreamCreateWithPriority(phStream, flags, priority);
}
CUresult call_cuStreamDestroy(CUstream hStream) { return cuStreamDestroy(hStream); }
CUresult call_cuStreamSynchronize(CUstream hStream) { return cuStreamSynchronize(hStream); }
CUresult call_cuStreamQuery(CUstream hStream) { return cuStreamQuery(hStream); }
CUresult call_cuStreamWaitEvent(CUstream hStream, CUevent hEvent, unsigned int Flags) {
  return cuStreamWaitEvent(hStream, hEvent, Flags);
}
CUresult call_cuStreamAddCallback(CUstream hStream, CUstreamCallback callback, void *userData,
                                  unsigned int flags) {
  return cuStreamAddCallback(hStream, callback, userData, flags);
}
CUresult call_cuEventCreate(CUevent *phEvent, unsigned int Flags) {
  return cuEventCreate(phEvent, Flags);
}
CUresult call_cuEventRecord(CUevent hEvent, CUstream hStream) {
  return cuEventRecord(hEvent, hStream);
}
CUresult call_cuEventQuery(CUevent hEvent) { return cuEventQuery(hEvent); }
CUresult call_cuEventSynchronize(CUevent hEvent) { return cuEventSynchronize(hEvent); }
CUresult call_cuEventElapsedTime(float *pMilliseconds, CUevent hStart, CUevent hEnd) {
  return cuEventElapsedTime(pMilliseconds, hStart, hEnd);
}
CUresult call_cuEventDestroy(CUevent hEvent) { return cuEventDestroy(hEvent); }
CUresult call_cuCtxEnablePeerAccess(CUcontext peerContext, unsigned int flags) {
  return cuCtxEnablePeerAccess(peerContext, flags);
}
CUresult call_cuCtxDisablePeerAccess(CUcontext peerContext) {
  return cuCtxDisablePeerAccess(peerContext);
}
CUresult call_cuMemcpyPeer(CUdeviceptr dst, CUcontext dstContext, CUdeviceptr src,
                           CUcontext srcContext, size_t bytes) {
  return cuMemcpyPeer(dst, dstContext, src, srcContext, bytes);
}
CUresult call_cuMemcpyPeerAsync(CUdeviceptr dst, CUcontext dstContext, CUdeviceptr src,
                                CUcontext srcContext, size_t bytes, CUstream stream) {
  return cuMemcpyPeerAsync(dst, dstContext, src, srcContext, bytes, stream);
}
