// The runtime's state above the driver seam: devices, the objects behind the public handles, and
// the per-thread current device and last error. One process-wide instance, never destroyed, so
// that handles stay valid during static destruction of user programs.
#pragma once

#include "support/Expected.h"
#include "support/SeamStructs.h"

#include <qiao/driver.h>
#include <qiao/qiao_runtime.h>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

struct qiaoGraph_st;
struct qiaoGraphExec_st;
struct qiaoMemPool_st;

struct qiaoStream_st {
  int device = 0;
  qiaoDrvQueue queue = nullptr;
  unsigned flags = 0;
  int priority = 0;
  bool legacy = false;
  // Implicit ordering with the legacy stream (see StreamSubmission.cpp): how much work this stream
  // has received, how much of it the legacy stream already waits for, and which legacy work this
  // stream already waits for.
  uint64_t submitted = 0;
  uint64_t joinedIntoLegacy = 0;
  uint64_t legacySeen = 0;
  qiaoDrvEvent marker = nullptr;
  uint64_t markerAt = 0; // value of `submitted` when marker was last recorded
  // Stream capture (graph.cpp): while set, work submitted here goes into this graph.
  qiaoGraph_st *capturing = nullptr;
  // Lifetime (StreamLifetime.cpp), under rt.mutex: calls that wait on the queue without the lock
  // hold the stream; destroying it then only closes it, and the last hold destroys the queue.
  int holds = 0;
  bool closing = false;
  bool queueGone = false; // the driver dropped the queue with its device (qiaoDeviceReset)
};

struct qiaoEvent_st {
  int device = 0;
  qiaoDrvEvent event = nullptr;
  unsigned flags = 0;
  bool recorded = false;
  bool waitedOn = false; // some queue may still hold a wait on it
  // Recorded in a capturing stream: a stream that waits on it joins that capture.
  qiaoGraph_st *capturedIn = nullptr;
  // qiaoEventSynchronize calls waiting on it without rt.mutex; destroyed while one waits, the
  // last of them lets it go (event.cpp).
  int holds = 0;
  bool destroyed = false;
};

// A CUDA array: texels stored row after row, slice after slice, in one device allocation.
struct qiaoArray {
  int device = 0;
  qiaoChannelFormatDesc desc{};
  size_t width = 0, height = 0, depth = 0; // in texels; 0 for absent dimensions, as given
  unsigned flags = 0;
  unsigned dimensions = 1;
  size_t texelBytes = 0;
  size_t pitch = 0; // bytes per row
  void *data = nullptr;
  size_t rows() const { return height ? height : 1; }
  size_t slices() const { return depth ? depth : 1; }
};

struct qiaoFunction_st;

struct qiaoModule_st {
  int device = 0;
  qiaoDrvModule module = nullptr;
  std::map<std::string, qiaoFunction_st *> functions;
};

struct qiaoFunction_st {
  qiaoModule_st *module = nullptr;
  qiaoDrvFunction function = nullptr;
  std::string name;
  qiaoDrvFunctionInfo info = qiao::seamStruct<qiaoDrvFunctionInfo>();
  std::vector<qiaoDrvParamInfo> params;
  int maxDynamicSharedBytes = 0;
  int preferredCarveout = -1;
  int cacheConfig = 0;
  // Clusters of 9 to 16 blocks (cudaFuncAttributeNonPortableClusterSizeAllowed), and the cluster
  // scheduling policy asked for (a hint the emulated device does not need).
  bool nonPortableClusterSize = false;
  int clusterSchedulingPolicy = 0;
  // A host-compiled kernel (qiao-c++), known for its attributes: no driver function behind it;
  // it launches only through qiaoLaunchHostKernel.
  bool hostCompiled = false;
};

namespace qiao::rt {

struct Device {
  qiaoDrvDeviceInfo info = seamStruct<qiaoDrvDeviceInfo>();
  qiaoStream_st *legacy = nullptr;
  int sticky = 0; // a kernel fault poisons the device until qiaoDeviceReset
  unsigned flags = 0;
  int cacheConfig = 0;
  uint64_t l2FetchGranularity = 32;
  uint64_t persistingL2 = 0;
  uint64_t generation = 0; // counts qiaoDeviceReset calls: older allocations are gone
  // Stream-ordered allocation (mempool.cpp): the default pool, made at its first use, and the
  // pool qiaoMallocAsync allocates from (null: the default one).
  qiaoMemPool_st *defaultPool = nullptr;
  qiaoMemPool_st *currentPool = nullptr;
  // Bytes held by graph memory nodes' allocations, now and at most (since the last reset).
  uint64_t graphMemory = 0;
  uint64_t graphMemoryHigh = 0;
};

// The allocation of a graph memory allocation node.
struct GraphAllocation {
  int device = 0;
  size_t bytes = 0;
};

// An allocation a pool handed out, until it comes back to the pool.
struct PoolBlock {
  qiaoMemPool_st *pool = nullptr;
  size_t bytes = 0;
};

struct RegisteredVar {
  void *address = nullptr;
  size_t bytes = 0;
  // A variable of a host-compiled program (qiao-c++): its own address is its device address,
  // outside every device allocation.
  bool hostCompiled = false;
};

struct Runtime {
  std::recursive_mutex mutex;
  const qiaoDriverTable *driver = nullptr;
  std::vector<Device> devices;
  std::set<qiaoStream_st *> streams; // every stream but the legacy ones
  // Streams destroyed (or dropped by a reset) whose queue a waiting call still holds, or whose
  // queue is being destroyed now.
  std::set<qiaoStream_st *> closingStreams;
  // qiaoStreamPerThread of each host thread and device (also in `streams`).
  std::map<std::pair<std::thread::id, int>, qiaoStream_st *> perThreadStreams;
  std::set<qiaoEvent_st *> events;
  std::set<qiaoModule_st *> modules;
  std::set<qiaoFunction_st *> functions;
  // A host stub's kernel on each device its fatbinary was loaded for (each device loads its own
  // module, as each CUDA context does); a host-compiled kernel has one entry for every device.
  std::map<const void *, std::map<int, qiaoFunction_st *>> registeredFunctions;
  // Host-compiled kernels queried for attributes; their functions point at this module.
  qiaoModule_st hostKernels;
  std::deque<qiaoFunction_st> hostKernelFunctions;
  // A device variable's copy on each device (as registeredFunctions).
  std::map<const void *, std::map<int, RegisteredVar>> registeredVars;
  // Driver events that may still be referenced by queued waits; destroyed once the device is
  // idle (after a device synchronize or reset).
  std::vector<std::pair<int, qiaoDrvEvent>> retiredEvents;
  std::set<qiaoArray *> arrays;
  std::map<qiaoTextureObject_t, int> textures; // handle -> device
  std::set<qiaoGraph_st *> graphs;
  std::set<qiaoGraphExec_st *> graphExecs;
  // Allocations of graph memory nodes: they live as long as the process (Graphs.h).
  std::map<void *, GraphAllocation> graphAllocations;
  std::set<qiaoMemPool_st *> memPools; // every pool whose handle is valid
  std::map<void *, PoolBlock> poolBlocks;
  uint64_t nextCaptureId = 1;
};

// The runtime, with the driver loaded and its devices described; an error when no usable driver.
Expected<Runtime *> runtime();

// The calling thread's current device (qiaoSetDevice), 0 until set.
int &currentDevice();
qiaoError_t &lastError();

Status fail(qiaoError_t code, std::string message);
// A driver status as a Status; a sticky code also poisons `device`.
Status fromDriver(qiaoDrvStatus status, int device, const char *what);
bool isSticky(int code);
bool validDevice(const Runtime &rt, int device);

// Records a failure as the thread's last error and turns a Status into the public code.
qiaoError_t finish(const Status &status);

// The common shape of an entry point: a loaded driver, no sticky error on the current device,
// then the body, which takes the runtime lock where it touches shared state (never across a
// blocking driver call, so that a thread waiting on a queue does not stall the others).
template <class Body> qiaoError_t enter(Body &&body) {
  auto loaded = runtime();
  if (!loaded)
    return finish(Status(loaded.error()));
  Runtime &rt = **loaded;
  {
    std::lock_guard lock(rt.mutex);
    int device = currentDevice();
    if (validDevice(rt, device) && rt.devices[device].sticky != 0)
      return finish(fail(static_cast<qiaoError_t>(rt.devices[device].sticky), "sticky error"));
  }
  return finish(body(rt));
}

// As enter, for the calls CUDA answers even after a kernel fault (queries of static facts).
template <class Body> qiaoError_t enterAlways(Body &&body) {
  auto loaded = runtime();
  if (!loaded)
    return finish(Status(loaded.error()));
  return finish(body(**loaded));
}

} // namespace qiao::rt

#define QIAO_REQUIRE(condition, code)                                                              \
  do {                                                                                             \
    if (!(condition))                                                                              \
      return ::qiao::rt::fail(code, #condition);                                                   \
  } while (0)

#define QIAO_TRY(expression)                                                                       \
  do {                                                                                             \
    ::qiao::Status qiaoTryStatus_ = (expression);                                                  \
    if (!qiaoTryStatus_)                                                                           \
      return qiaoTryStatus_;                                                                       \
  } while (0)
