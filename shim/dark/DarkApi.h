// NVIDIA's private export tables ("dark API") for libcuda.so.1: what cuGetExportTable hands the
// CUDA runtime that nvcc links statically into every default-built program. See NOTES.md for what
// each table and slot was measured to do.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// The table for the 16 bytes of a CUuuid, or null for a UUID Qiao does not know (reported once on
// stderr; cuGetExportTable then returns CUDA_ERROR_NOT_SUPPORTED). Slot 0 of every table holds
// its size in bytes, as the runtime checks; slots Qiao has not implemented point at a function
// that names the table and slot once and returns CUDA_ERROR_NOT_SUPPORTED.
//
// The tables call these driver entry points, which the libcuda.so.1 linking this library
// defines: cuDriverGetVersion, cuDevicePrimaryCtxRetain, cuCtxGetCurrent.
const void *qiaoDarkExportTable(const unsigned char uuid[16]);

// Nonzero once the CUDA runtime's interface table (6bd5fb6c-...) has been handed out: NVIDIA's
// runtime is linked into the program and calls this driver on its behalf.
int qiaoDarkRuntimeAttached(void);

#ifdef __cplusplus
}
#endif
