// Libraries and their kernels (CUDA 12's context-independent loading, Library.cpp and
// Kernel.cpp). A CUlibrary keeps its PTX for the process's life and loads it as a Qiao module
// into each device at the first use there (each device has its own copy, as each CUDA context
// does), and again at the first use after that device was reset: in CUDA a library outlives a reset
// of the primary context, and NVIDIA's static runtime goes on launching through the CUlibrary and
// CUkernel handles it got before the reset. A CUkernel is therefore a handle of its own (library
// and name), not a Qiao function; it is accepted wherever a CUfunction is (toQiao) and stands for
// its function in the current load.
#pragma once

#include "DriverApi.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct CUkern_st {
  CUlibrary library = nullptr;
  std::string name;
  qiaoFunction_t function = nullptr; // in the library's load number `load`
  std::uint64_t load = 0;
};

// The library's module on one device.
struct LibraryLoad {
  qiaoModule_t module = nullptr;
  std::uint64_t deviceResets = 0; // the device's reset count at the load
  std::uint64_t number = 0;       // which of the library's loads, on any device, this is
  qiaoError_t failure = qiaoSuccess;
};

struct CUlib_st {
  std::vector<std::string> ptx; // the translation units' PTX (fatbin::PtxUnits)
  bool binary = false;          // loaded from a fatbin or cubin, not from PTX text (ImageKind.h)
  std::mutex mutex;             // guards what follows
  std::map<int, LibraryLoad> loadsByDevice;
  std::uint64_t loads = 0; // counts the loads: a kernel's function is from one of them
  std::vector<std::unique_ptr<CUkern_st>> kernels;
};

namespace qiao::cuda {

// The library's module on the current device, loaded now if this is the first use there since
// the library was loaded or the device reset; `load` numbers the load. A failure of the PTX to load
// is kept and repeated (until a reset).
CUresult libraryModule(CUlibrary library, qiaoModule_t &module, std::uint64_t &load);

// True for a live library handle.
bool isLibrary(const void *handle);

// How often `device` was reset (cuDevicePrimaryCtxReset, cudaDeviceReset): PrimaryContext.cpp.
std::uint64_t deviceResets(int device);

// Kernel handles (Kernel.cpp): registered when made, dropped with their library.
void registerKernel(CUkernel kernel);
void forgetKernel(CUkernel kernel);

} // namespace qiao::cuda
