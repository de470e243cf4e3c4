// The emu driver's entry points, one family per source file (EmuDriverDevice.cpp,
// EmuDriverMemory.cpp, EmuDriverQueues.cpp, EmuDriverEvents.cpp, EmuDriverModules.cpp,
// EmuDriverTextures.cpp); EmuDriver.cpp puts them in the table. Each one turns errors into codes
// and never throws; each checks the structSize of the seam structs it is given
// (support/SeamStructs.h).
#pragma once

#include "qiao/driver.h"
#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <new>
#include <system_error>

namespace qiao::emu::entry {

// Runs body, mapping an escaping exception to a status: nothing crosses the seam.
template <class Body> qiaoDrvStatus guarded(Body &&body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return errc::qiaoErrorMemoryAllocation;
  } catch (const std::system_error &) {
    return errc::qiaoErrorOperatingSystem; // a worker thread could not start
  } catch (...) {
    return errc::qiaoErrorUnknown;
  }
}

qiaoDrvStatus init();
qiaoDrvStatus deviceCount(int32_t *count);
qiaoDrvStatus deviceInfo(int32_t device, qiaoDrvDeviceInfo *info);
qiaoDrvStatus memInfo(int32_t device, uint64_t *freeBytes, uint64_t *totalBytes);
qiaoDrvStatus setLimit(int32_t device, qiaoDrvLimit limit, uint64_t value);
qiaoDrvStatus getLimit(int32_t device, qiaoDrvLimit limit, uint64_t *value);
qiaoDrvStatus deviceReset(int32_t device);
qiaoDrvStatus peerAccess(int32_t device, int32_t peer, int32_t enable);

qiaoDrvStatus memAlloc(int32_t device, uint64_t bytes, qiaoDrvMemKind kind, uint32_t flags,
                       void **ptr);
qiaoDrvStatus memFree(void *ptr, qiaoDrvMemKind kind);
qiaoDrvStatus memRegister(void *ptr, uint64_t bytes, uint32_t flags);
qiaoDrvStatus memUnregister(void *ptr);
qiaoDrvStatus pointerInfo(const void *ptr, qiaoDrvPointerInfo *info);

qiaoDrvStatus queueCreate(int32_t device, uint32_t flags, int32_t priority, qiaoDrvQueue *queue);
qiaoDrvStatus queueDestroy(qiaoDrvQueue queue);
qiaoDrvStatus enqueueCopy(qiaoDrvQueue queue, void *dst, const void *src, uint64_t bytes,
                          qiaoDrvCopyDirection direction);
qiaoDrvStatus enqueueCopy2D(qiaoDrvQueue queue, void *dst, uint64_t dstPitch, const void *src,
                            uint64_t srcPitch, uint64_t widthBytes, uint64_t height,
                            qiaoDrvCopyDirection direction);
qiaoDrvStatus enqueueFill(qiaoDrvQueue queue, void *dst, uint32_t pattern, uint32_t elementSize,
                          uint64_t count);
qiaoDrvStatus enqueueLaunch(qiaoDrvQueue queue, qiaoDrvFunction function,
                            const qiaoDrvLaunch *launch);
// HostKernels.cpp: the optional slot for host-compiled kernels.
qiaoDrvStatus enqueueHostKernel(qiaoDrvQueue queue, qiaoDrvHostKernelEntry entry,
                                const qiaoDrvLaunch *launch);
qiaoDrvStatus enqueueHostFn(qiaoDrvQueue queue, qiaoDrvHostFn fn, void *userData);
qiaoDrvStatus enqueueEventRecord(qiaoDrvQueue queue, qiaoDrvEvent event);
qiaoDrvStatus enqueueEventWait(qiaoDrvQueue queue, qiaoDrvEvent event);
qiaoDrvStatus queueQuery(qiaoDrvQueue queue);
qiaoDrvStatus queueSynchronize(qiaoDrvQueue queue);

qiaoDrvStatus eventCreate(uint32_t flags, qiaoDrvEvent *event);
qiaoDrvStatus eventDestroy(qiaoDrvEvent event);
qiaoDrvStatus eventQuery(qiaoDrvEvent event);
qiaoDrvStatus eventSynchronize(qiaoDrvEvent event);
qiaoDrvStatus eventElapsed(qiaoDrvEvent start, qiaoDrvEvent end, float *ms);

qiaoDrvStatus moduleLoad(int32_t device, const qiaoDrvModuleImage *image, qiaoDrvModule *module,
                         char *log, size_t logBytes);
qiaoDrvStatus moduleLink(int32_t device, const qiaoDrvModuleImage *images, uint32_t count,
                         qiaoDrvModule *module, char *log, size_t logBytes);
qiaoDrvStatus moduleUnload(qiaoDrvModule module);
qiaoDrvStatus moduleGetFunction(qiaoDrvModule module, const char *name, qiaoDrvFunction *function);
qiaoDrvStatus moduleGetGlobal(qiaoDrvModule module, const char *name, void **ptr, uint64_t *bytes);
qiaoDrvStatus functionInfo(qiaoDrvFunction function, qiaoDrvFunctionInfo *info);
qiaoDrvStatus functionParams(qiaoDrvFunction function, qiaoDrvParamInfo *params, uint32_t capacity);
qiaoDrvStatus functionName(qiaoDrvFunction function, const char **name);
qiaoDrvStatus textureCreate(int32_t device, const qiaoDrvTextureDesc *desc, uint64_t *handle);
qiaoDrvStatus textureDestroy(uint64_t handle);

} // namespace qiao::emu::entry
