// The driver API's own state over libqiao: whether cuInit ran, the device count, the contexts and
// each thread's context stack. A context is a thin handle carrying its device: Qiao has one
// address space and one set of queues per device, so contexts only decide which device the
// calling thread's work goes to and whether a call may run at all.
#pragma once

#include "DriverApi.h"

#include <vector>

struct CUctx_st {
  CUdevice device = 0;
  unsigned flags = 0;
  bool primary = false;
};

namespace qiao::cuda {

// cuInit(0) succeeded with `devices` devices.
void markInitialized(int devices);
bool initialized();
int deviceCount();
bool validDevice(CUdevice device);

// CUDA_ERROR_NOT_INITIALIZED before cuInit, else CUDA_SUCCESS.
CUresult requireInit();
// As requireInit, then CUDA_ERROR_INVALID_DEVICE for an unknown ordinal.
CUresult requireDevice(CUdevice device);
// As requireInit, then CUDA_ERROR_INVALID_CONTEXT unless the calling thread has a current,
// live context; selects that context's device for libqiao.
CUresult requireContext();

// The calling thread's context stack; its back is the current context.
std::vector<CUcontext> &contextStack();
CUcontext currentContext();
// Makes the stack's new top the device libqiao's calls from this thread go to.
void followCurrentContext();

// Created contexts and retained primary contexts are live; a destroyed context is not.
bool isLive(CUcontext context);
CUcontext createContext(CUdevice device, unsigned flags);
// Forgets a created context (the caller has synchronised its device).
void destroyContext(CUcontext context);

// The primary context of each device, and how often it is retained.
struct PrimaryContext {
  CUctx_st context;
  unsigned retained = 0;
  unsigned flags = 0;
};
// Runs `body(primary)` under the state lock; device must be valid.
template <class Body> auto withPrimary(CUdevice device, Body &&body);
PrimaryContext &primaryUnlocked(CUdevice device);
void lockState();
void unlockState();

template <class Body> auto withPrimary(CUdevice device, Body &&body) {
  lockState();
  struct Unlock {
    ~Unlock() { unlockState(); }
  } unlock;
  return body(primaryUnlocked(device));
}

// A CUmodule, or a CUlibrary standing in for one (NVIDIA's runtime passes libraries to
// cuModuleGetGlobal), as the Qiao module; a library's module is loaded at its first use
// (Library.cpp).
CUresult resolveModule(CUmodule handle, qiaoModule_t &module);

// A driver-API copy description (memory types, pointers or arrays, pitches, offsets) as the
// runtime's 3D copy (MemoryCopyStrided.cpp): for copies and for graph memcpy nodes.
CUresult toQiaoCopy(const CUDA_MEMCPY3D *p, qiaoMemcpy3DParms &parms);

} // namespace qiao::cuda
