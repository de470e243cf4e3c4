// The public driver API entry points the tables are built on. They are defined by the
// libcuda.so.1 this library is linked into (the test programs define their own), so that a
// context or a driver version means the same thing to the tables as to the rest of the driver.
#pragma once

extern "C" {
typedef struct CUctx_st *CUcontext;
int cuDriverGetVersion(int *version);
int cuDevicePrimaryCtxRetain(CUcontext *context, int device);
int cuCtxGetCurrent(CUcontext *context);
}

namespace qiao::dark {
// The CUresult values the slots return.
constexpr int kSuccess = 0;
constexpr int kInvalidValue = 1;
constexpr int kInvalidContext = 201;
constexpr int kInvalidHandle = 400;
constexpr int kNotSupported = 801;
} // namespace qiao::dark
