// The host side of the kernel-IR test driver (libqiao-driver-kir.so): the `qiao.*` functions of
// Qiao kernel IR (docs/kernel-ir.md) implemented for one kernel thread that runs as a host
// kernel of the emulated device (driver.h: qiaoDrvHostThread), so barriers and warp collectives
// reach the emu driver's fibers through the thread's ops.
#pragma once

#include <qiao/driver.h>

#include <csetjmp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace qiao::kirdriver {

using KernelFn = void (*)(const void *params);
} // namespace qiao::kirdriver

// A kernel of a loaded module: its compiled entry and what `!qiao.kernels` says of it.
struct qiaoDrvFunction_st {
  std::string name;
  qiao::kirdriver::KernelFn entry = nullptr;
  qiaoDrvFunctionInfo info{};
  std::vector<qiaoDrvParamInfo> params;
  uint32_t dynamicSharedOffset = 0; // the module's, where `.extern .shared` arrays start
  int32_t targetSm = 0;             // the module's `qiao.target_sm`
  bool usesDeviceRuntime = false;   // its module calls `qiao.device.*` functions
};

namespace qiao::kirdriver {

struct DeviceGrid;

// What the driver puts before the kernel's parameters in the host launch's buffer (64 bytes, so
// the kernel's own parameters keep the buffer's 64-byte alignment).
struct LaunchHeader {
  KernelFn kernel;
  uint32_t dynamicSharedBytes; // what the program asked for (%dynamic_smem_size)
  uint32_t windowBytes;        // the block's whole shared window (static and dynamic)
  // Where the block's reserved shared memory (%reserved_smem_offset_*) starts in the window:
  // past the program's own shared memory, kReservedSharedBytes long.
  uint32_t reservedOffset;
  // A block of a cooperative launch runs as a one-block host launch of its own (so that every
  // block of the grid is resident at once): its place in the grid and the grid barrier's
  // workspace (%envreg1, %envreg2) are here.
  uint32_t cooperative;
  uint32_t blockIndex[3];
  uint32_t gridSize[3];
  uint64_t workspace;
  // The grid's device runtime state (KernelIrDeviceRuntime.h): what its threads launched. Null
  // when the kernel's module calls no `qiao.device.*` function.
  DeviceGrid *deviceGrid;
};
static_assert(sizeof(LaunchHeader) == 64);

// The shared memory CUDA reserves for the system in every block on compute capability 8.0 and
// later (cooperative groups keep their scratch there).
inline constexpr uint32_t kReservedSharedBytes = 1024;

// The thread running kernel code on this host thread. A call that may suspend the thread (a
// barrier, a warp collective) sets it again when it returns: fibers of other threads run
// meanwhile.
struct KernelThread {
  qiaoDrvHostThread *thread;
  const LaunchHeader *header;
  std::jmp_buf exit;    // qiao.exit in a device function
  const void *stackTop; // the thread's local memory (its frames' allocas) lies below
};

// The host entry the driver hands the emu driver: runs the kernel for one thread.
void runKernelThread(qiaoDrvHostThread *thread);

// Queues a cooperative launch (KernelIrCooperative.cpp): `host` is the host launch of the whole
// grid, its parameters the header and the kernel's own, as enqueueLaunch made them.
qiaoDrvStatus enqueueCooperativeGrid(const qiaoDriverTable &emu, qiaoDrvQueue queue,
                                     const qiaoDrvLaunch &host);

// Every `qiao.*` function by name, with its host address, for the JIT's symbol table.
std::vector<std::pair<std::string, void *>> hostIntrinsics();

// Ends the calling kernel thread with a fault (a qiaoError_t value and the one-line report).
[[noreturn]] void kernelFault(int32_t code, const std::string &message);

// The kernel thread running on this host thread.
KernelThread &currentThread();

// Lets the block's other threads run before the caller goes on (a wait that polls memory they
// will write); returns at once when none can run.
void yieldToBlock();

// The arrive/wait barriers and bulk copies (KernelIrAsyncBarriers.cpp).
void addAsyncBarrierIntrinsics(std::vector<std::pair<std::string, void *>> &out);

// The emulated device's driver, which this one wraps.
const qiaoDriverTable &emuDriver();

// Queues a grid of `function` as a host launch of the emulated device, its threads' device
// runtime state `deviceGrid` (null for a kernel of a module without device runtime calls), as the
// driver's enqueueLaunch does after checking `launch` (KernelIrDriver.cpp).
qiaoDrvStatus enqueueGrid(qiaoDrvQueue queue, qiaoDrvFunction function, const qiaoDrvLaunch &launch,
                          DeviceGrid *deviceGrid);

// A host launch of a kernel whose module calls the device runtime: the grid, then what its
// threads launched, run by a host function on the queue once the grid has finished, then a
// one-thread launch that turns a failure among them into the queue's error
// (KernelIrDeviceLaunches.cpp).
qiaoDrvStatus enqueueHostGrid(qiaoDrvQueue queue, qiaoDrvFunction function,
                              const qiaoDrvLaunch &launch);

// The calling thread's place: its block's linear index in the grid and its linear index in the
// block.
uint64_t linearBlock();
uint32_t linearThread();

// Whether a generic address lies in the calling block's shared window / the calling thread's
// local memory (KernelIrSpaces.cpp).
bool inSharedWindow(const void *p);
bool inThreadLocal(const void *p);

// The device runtime (dynamic parallelism): `qiao.device.*` (KernelIrDeviceLaunches.cpp,
// KernelIrDeviceObjects.cpp, KernelIrDeviceCopies.cpp, KernelIrDeviceQueries.cpp).
void addDeviceRuntimeIntrinsics(std::vector<std::pair<std::string, void *>> &out);
// Kernels by the address device code names them with (ptrtoint of the kernel's function).
void rememberKernel(qiaoDrvFunction kernel);
void forgetKernel(qiaoDrvFunction kernel);

// qiao.isspacep.* (KernelIrSpaces.cpp).
void addSpaceIntrinsics(std::vector<std::pair<std::string, void *>> &out);

// Texture and surface objects (KernelIrTextures.cpp): the descriptions the driver's textureCreate
// handed the emulated device, by handle, for the qiao.tex.* and qiao.surf.* functions.
void rememberTexture(uint64_t handle, const qiaoDrvTextureDesc &desc);
void forgetTexture(uint64_t handle);
void addTextureIntrinsics(std::vector<std::pair<std::string, void *>> &out);

} // namespace qiao::kirdriver
