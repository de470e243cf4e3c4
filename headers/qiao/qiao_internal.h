/*
 * qiao/qiao_internal.h: what Qiao's CUDA shims (libcudart.so.13, libcuda.so.1) and its own tools
 * (the driver conformance run, the layer tests) need of libqiao beyond the runtime API. Exported by libqiao.so like the runtime API, but no part of it: these
 * calls exist for the shims, which CUDA's semantics ask to share state with the runtime (the
 * per-thread last error, the driver's allocation records, which runtime is loaded), and they
 * change with the shims. Programs use qiao/qiao_runtime.h.
 */
#ifndef QIAO_INTERNAL_H
#define QIAO_INTERNAL_H

#include <qiao/driver.h>
#include <qiao/qiao_runtime.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Records `code` as the calling thread's last error (qiaoGetLastError, qiaoPeekAtLastError), as a
 * runtime call failing with it does, for errors a shim detects itself; `message` (may be NULL)
 * says why when QIAO_DEBUG is set. qiaoSuccess and qiaoErrorNotReady record nothing, as for runtime
 * calls. Returns `code`. */
qiaoError_t qiaoInternalRecordError(qiaoError_t code, const char *message);

/* Nonzero for the codes that leave the device unusable until qiaoDeviceReset (a kernel fault:
 * qiaoErrorIllegalAddress, qiaoErrorAssert, ...), which CUDA calls sticky. */
int qiaoInternalIsStickyError(int code);

/* libcudart.so.13 announces itself as it loads: CUDA's runtime initialises the driver API, so
 * libcuda.so.1 acts on a mixed program's driver calls as NVIDIA's runtime would have left it. */
void qiaoInternalNoteRuntimeApiLoaded(void);
/* Nonzero once qiaoInternalNoteRuntimeApiLoaded was called in this process. */
int qiaoInternalRuntimeApiLoaded(void);

/* The allocation that holds `ptr` (device, managed, pinned or registered memory): its first byte
 * and its size in bytes, as the driver recorded it (cuMemGetAddressRange). qiaoErrorInvalidValue
 * when no allocation holds `ptr`, or `base` or `size` is NULL; the driver's load error when no
 * driver is usable. */
qiaoError_t qiaoInternalAllocationRange(const void *ptr, void **base, size_t *size);

/* How many times `device` was reset (qiaoDeviceReset) in this process, so that libcuda.so.1
 * sees a reset made through either library. qiaoErrorInvalidDevice for a device that does not
 * exist, qiaoErrorInvalidValue for a NULL `count`. */
qiaoError_t qiaoInternalDeviceResetCount(int device, uint64_t *count);

/* Opens the driver chain `spec` (a QIAO_DRIVER value: `emu`, `validate:trace:NAME`, ...) through
 * the runtime's loader and checks its table, without calling init; the caller calls the table
 * directly. The runtime's own driver (QIAO_DRIVER) is unaffected. Returns qiaoSuccess,
 * qiaoErrorInvalidValue (a NULL argument) or qiaoErrorInsufficientDriver (the line on stderr
 * says why). */
qiaoError_t qiaoInternalOpenDriver(const char *spec, const qiaoDriverTable **table);

#ifdef __cplusplus
}
#endif

#endif /* QIAO_INTERNAL_H */
