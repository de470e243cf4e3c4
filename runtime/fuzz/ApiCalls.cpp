#include "ApiCalls.h"

#include "HostileEnums.h"

#include <algorithm>

namespace qiao::apifuzz {
namespace {

constexpr int kHandle = qiaoErrorInvalidResourceHandle;
constexpr int kValue = qiaoErrorInvalidValue;
constexpr int kNotReady = qiaoErrorNotReady;

template <class Handle> bool contains(const std::vector<Handle> &list, Handle handle) {
  return std::find(list.begin(), list.end(), handle) != list.end();
}

// Moves `handle` from live to dead after a successful destroy.
template <class Handle> void retire(Pool<Handle> &pool, Handle handle) {
  auto at = std::find(pool.live.begin(), pool.live.end(), handle);
  if (at == pool.live.end())
    return;
  pool.dead.push_back(*at);
  pool.live.erase(at);
}

// A host side that cannot hold `span` bytes is passed as null: the runtime cannot tell how large
// a host buffer is, so overrunning the fuzzer's own memory would be the fuzzer's bug.
void *fitHost(void *host, std::size_t span) {
  return span <= kHostBufferBytes - 4096 ? host : nullptr;
}

// Device-side and host-side pointers for a copy of `kind` (0..4; anything else: host buffers
// only, since the runtime must refuse the kind before it reads a pointer).
void copySides(ApiWorld &w, int kind, std::size_t dstSpan, std::size_t srcSpan, void *&dst,
               const void *&src) {
  bool dstDevice = kind == qiaoMemcpyHostToDevice || kind == qiaoMemcpyDeviceToDevice;
  bool srcDevice = kind == qiaoMemcpyDeviceToHost || kind == qiaoMemcpyDeviceToDevice;
  if (kind == qiaoMemcpyDefault) {
    // The runtime classifies each side by looking it up; an address it does not know is host
    // memory, so only real allocations and the fuzzer's buffers may be named.
    auto either = [&](std::size_t span) -> void * {
      if (!w.device.live.empty() && w.chance(50)) {
        const Allocation &a = w.device.live[w.below(w.device.live.size())];
        return static_cast<char *>(a.base) + (a.bytes ? w.below(a.bytes) : 0);
      }
      return fitHost(w.hostPointer(), span);
    };
    dst = either(dstSpan);
    src = either(srcSpan);
    return;
  }
  dst = dstDevice ? w.devicePointer() : fitHost(w.hostPointer(), dstSpan);
  src = srcDevice ? w.devicePointer() : fitHost(w.hostPointer(), srcSpan);
}

void hostCallback(void *) {}
void streamCallback(qiaoStream_t, qiaoError_t, void *) {}

std::size_t pitchFor(ApiWorld &w, std::size_t width) {
  switch (w.below(5)) {
  case 0:
    return width + 1;
  case 1:
    return width == 0 ? 0 : width - 1;
  case 2:
    return 0;
  case 3:
    return SIZE_MAX;
  default:
    return width;
  }
}

std::size_t smallHeight(ApiWorld &w) {
  static constexpr std::size_t kHeights[] = {0, 1, 2, 3, 64, SIZE_MAX};
  return kHeights[w.below(std::size(kHeights))];
}

// span of a 2D copy side, saturating.
std::size_t span2D(std::size_t pitch, std::size_t width, std::size_t height) {
  if (height == 0)
    return 0;
  if (pitch != 0 && height - 1 > (SIZE_MAX - width) / pitch)
    return SIZE_MAX;
  return pitch * (height - 1) + width;
}

std::vector<ApiCall> makeCalls() {
  std::vector<ApiCall> calls;
  // --- memory ---
  calls.push_back({"qiaoMalloc",
                   {0, kValue, qiaoErrorMemoryAllocation},
                   [](ApiWorld &w) {
                     void *pointer = nullptr;
                     std::size_t bytes = w.size();
                     qiaoError_t e = qiaoMalloc(w.chance(95) ? &pointer : nullptr, bytes);
                     if (e == qiaoSuccess && pointer != nullptr)
                       w.device.live.push_back({pointer, bytes});
                     return e;
                   },
                   4});
  calls.push_back(
      {"qiaoFree",
       {0, kValue},
       [](ApiWorld &w) {
         void *pointer = w.devicePointer();
         if (pointer == w.graphTarget.base)
           pointer = nullptr;
         qiaoError_t e = qiaoFree(pointer);
         bool isBase = std::any_of(w.device.live.begin(), w.device.live.end(),
                                   [&](const Allocation &a) { return a.base == pointer; });
         if (e == qiaoSuccess && pointer != nullptr && !isBase && !contains(w.pinned.live, pointer))
           w.violation = "qiaoFree accepted a pointer that no allocation starts at";
         if (e == qiaoSuccess && isBase) {
           auto at = std::find_if(w.device.live.begin(), w.device.live.end(),
                                  [&](const Allocation &a) { return a.base == pointer; });
           w.device.dead.push_back(*at);
           w.device.live.erase(at);
         }
         return e;
       },
       3});
  calls.push_back({"qiaoMallocHost",
                   {0, kValue, qiaoErrorMemoryAllocation},
                   [](ApiWorld &w) {
                     void *pointer = nullptr;
                     std::size_t bytes = w.size();
                     // Pinned memory may be a copy's host side: the usable sizes get a full buffer.
                     if (bytes != 0 && bytes <= kLargestAllocation)
                       bytes = kHostBufferBytes;
                     qiaoError_t e = qiaoHostAlloc(&pointer, bytes, w.flags(0x7));
                     if (e == qiaoSuccess && pointer != nullptr)
                       w.pinned.live.push_back(pointer);
                     return e;
                   },
                   2});
  calls.push_back({"qiaoFreeHost",
                   {0, kValue},
                   [](ApiWorld &w) {
                     void *pointer = nullptr;
                     switch (w.below(4)) {
                     case 0:
                       pointer = w.pinned.live.empty() ? nullptr : w.pinned.live[0];
                       break;
                     case 1:
                       pointer = w.pinned.dead.empty() ? nullptr : w.pinned.dead.back();
                       break;
                     case 2:
                       pointer = w.hostBuffers[0]; // malloc'd by the fuzzer: must be refused
                       break;
                     default:
                       pointer = w.devicePointer();
                       break;
                     }
                     if (pointer == w.graphTarget.base)
                       pointer = nullptr;
                     bool wasPinned = contains(w.pinned.live, pointer);
                     bool wasDevice =
                         std::any_of(w.device.live.begin(), w.device.live.end(),
                                     [&](const Allocation &a) { return a.base == pointer; });
                     qiaoError_t e = qiaoFreeHost(pointer);
                     if (e == qiaoSuccess && pointer != nullptr && !wasPinned)
                       w.violation = "qiaoFreeHost accepted memory it did not allocate";
                     if (e == qiaoSuccess && wasPinned)
                       retire(w.pinned, pointer);
                     (void)wasDevice;
                     return e;
                   },
                   2});
  calls.push_back({"qiaoHostRegister",
                   {0, kValue, qiaoErrorMemoryAllocation, qiaoErrorHostMemoryAlreadyRegistered,
                    qiaoErrorNotSupported},
                   [](ApiWorld &w) {
                     std::size_t bytes = w.size();
                     void *pointer = w.chance(80) ? w.hostBuffers[1] : nullptr;
                     return qiaoHostRegister(pointer, bytes, w.flags(0xf));
                   }});
  calls.push_back(
      {"qiaoHostUnregister", {0, kValue, qiaoErrorHostMemoryNotRegistered}, [](ApiWorld &w) {
         return qiaoHostUnregister(w.chance(70) ? w.hostBuffers[1] : w.hostPointer());
       }});
  calls.push_back({"qiaoMallocPitch", {0, kValue, qiaoErrorMemoryAllocation}, [](ApiWorld &w) {
                     void *pointer = nullptr;
                     std::size_t pitch = 0;
                     std::size_t width = w.size();
                     std::size_t height = smallHeight(w);
                     qiaoError_t e = qiaoMallocPitch(&pointer, &pitch, width, height);
                     if (e == qiaoSuccess && pointer != nullptr)
                       w.device.live.push_back({pointer, pitch * height});
                     return e;
                   }});
  calls.push_back({"qiaoMemGetInfo", {0, kValue}, [](ApiWorld &w) {
                     std::size_t free = 0, total = 0;
                     return qiaoMemGetInfo(w.chance(90) ? &free : nullptr,
                                           w.chance(90) ? &total : nullptr);
                   }});
  calls.push_back(
      {"qiaoPointerGetAttributes", {0, kValue, qiaoErrorInvalidDevice}, [](ApiWorld &w) {
         qiaoPointerAttributes attributes;
         return qiaoPointerGetAttributes(w.chance(90) ? &attributes : nullptr, w.devicePointer());
       }});
  calls.push_back({"qiaoMemAdvise", {0, kValue, qiaoErrorInvalidDevice}, [](ApiWorld &w) {
                     void *pointer = w.devicePointer();
                     return hostileMemAdvise(pointer, w.size(), w.hostileInt(1, 6),
                                             w.hostileInt(0, 4), w.hostileInt(-1, 0));
                   }});
  // --- memset and copies ---
  calls.push_back({"qiaoMemset",
                   {0, kValue},
                   [](ApiWorld &w) {
                     void *pointer = w.devicePointer();
                     return qiaoMemset(pointer, static_cast<int>(w.draw()), w.size());
                   },
                   3});
  calls.push_back({"qiaoMemsetAsync",
                   {0, kValue, kHandle},
                   [](ApiWorld &w) {
                     void *pointer = w.devicePointer();
                     std::size_t bytes = w.size();
                     return qiaoMemsetAsync(pointer, 0x5a, bytes, w.stream());
                   },
                   2});
  calls.push_back({"qiaoMemcpy",
                   {0, kValue, qiaoErrorInvalidMemcpyDirection},
                   [](ApiWorld &w) {
                     int kind = w.hostileInt(0, 4);
                     std::size_t count = w.size();
                     void *dst;
                     const void *src;
                     copySides(w, kind, count, count, dst, src);
                     return hostileMemcpy(dst, src, count, kind);
                   },
                   4});
  calls.push_back({"qiaoMemcpyAsync",
                   {0, kValue, qiaoErrorInvalidMemcpyDirection, kHandle},
                   [](ApiWorld &w) {
                     int kind = w.hostileInt(0, 4);
                     std::size_t count = w.size();
                     void *dst;
                     const void *src;
                     copySides(w, kind, count, count, dst, src);
                     return hostileMemcpyAsync(dst, src, count, kind, w.stream());
                   },
                   3});
  calls.push_back({"qiaoMemcpy2D",
                   {0, kValue, qiaoErrorInvalidMemcpyDirection, qiaoErrorInvalidPitchValue},
                   [](ApiWorld &w) {
                     int kind = w.hostileInt(0, 4);
                     std::size_t width = w.size();
                     std::size_t height = smallHeight(w);
                     std::size_t dpitch = pitchFor(w, width), spitch = pitchFor(w, width);
                     void *dst;
                     const void *src;
                     copySides(w, kind, span2D(dpitch, width, height),
                               span2D(spitch, width, height), dst, src);
                     return hostileMemcpy2D(dst, dpitch, src, spitch, width, height, kind);
                   },
                   2});
  // --- streams ---
  calls.push_back({"qiaoStreamCreateWithPriority",
                   {0, kValue},
                   [](ApiWorld &w) {
                     qiaoStream_t stream = nullptr;
                     unsigned flags = w.flags(qiaoStreamNonBlocking);
                     qiaoError_t e = qiaoStreamCreateWithPriority(w.chance(95) ? &stream : nullptr,
                                                                  flags, w.hostileInt(-5, 0));
                     if (e == qiaoSuccess && stream != nullptr)
                       w.streams.live.push_back(stream);
                     return e;
                   },
                   2});
  calls.push_back({"qiaoStreamDestroy", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoStream_t stream = w.stream();
                     qiaoError_t e = qiaoStreamDestroy(stream);
                     if (e == qiaoSuccess) {
                       retire(w.streams, stream);
                       w.capturing.erase(
                           std::remove(w.capturing.begin(), w.capturing.end(), stream),
                           w.capturing.end());
                     }
                     return e;
                   }});
  calls.push_back({"qiaoStreamQuery", {0, kHandle, kNotReady}, [](ApiWorld &w) {
                     return qiaoStreamQuery(w.stream());
                   }});
  calls.push_back({"qiaoStreamSynchronize", {0, kHandle}, [](ApiWorld &w) {
                     return qiaoStreamSynchronize(w.stream());
                   }});
  calls.push_back({"qiaoStreamWaitEvent", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoStream_t stream = w.stream();
                     qiaoEvent_t event = w.event();
                     return qiaoStreamWaitEvent(stream, event, w.flags(qiaoEventWaitExternal));
                   }});
  calls.push_back({"qiaoStreamGetFlags", {0, kValue, kHandle}, [](ApiWorld &w) {
                     unsigned flags = 0;
                     qiaoStream_t stream = w.stream();
                     return qiaoStreamGetFlags(stream, w.chance(90) ? &flags : nullptr);
                   }});
  calls.push_back({"qiaoStreamGetPriority", {0, kValue, kHandle}, [](ApiWorld &w) {
                     int priority = 0;
                     qiaoStream_t stream = w.stream();
                     return qiaoStreamGetPriority(stream, w.chance(90) ? &priority : nullptr);
                   }});
  calls.push_back({"qiaoStreamAddCallback", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoStream_t stream = w.stream();
                     return qiaoStreamAddCallback(stream, w.chance(85) ? streamCallback : nullptr,
                                                  nullptr, w.flags(0));
                   }});
  calls.push_back({"qiaoLaunchHostFunc", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoStream_t stream = w.stream();
                     return qiaoLaunchHostFunc(stream, w.chance(85) ? hostCallback : nullptr,
                                               nullptr);
                   }});
  // --- events ---
  calls.push_back({"qiaoEventCreateWithFlags",
                   {0, kValue, qiaoErrorMemoryAllocation},
                   [](ApiWorld &w) {
                     qiaoEvent_t event = nullptr;
                     unsigned flags = w.flags(0x7);
                     qiaoError_t e =
                         qiaoEventCreateWithFlags(w.chance(95) ? &event : nullptr, flags);
                     if (e == qiaoSuccess && event != nullptr)
                       w.events.live.push_back(event);
                     return e;
                   },
                   2});
  calls.push_back({"qiaoEventRecord",
                   {0, kValue, kHandle},
                   [](ApiWorld &w) {
                     qiaoEvent_t event = w.event();
                     return qiaoEventRecord(event, w.stream());
                   },
                   2});
  calls.push_back({"qiaoEventQuery", {0, kValue, kHandle, kNotReady}, [](ApiWorld &w) {
                     return qiaoEventQuery(w.event());
                   }});
  calls.push_back({"qiaoEventSynchronize", {0, kValue, kHandle}, [](ApiWorld &w) {
                     return qiaoEventSynchronize(w.event());
                   }});
  calls.push_back({"qiaoEventElapsedTime", {0, kValue, kHandle, kNotReady}, [](ApiWorld &w) {
                     float ms = 0;
                     qiaoEvent_t start = w.event();
                     qiaoEvent_t end = w.event();
                     return qiaoEventElapsedTime(w.chance(90) ? &ms : nullptr, start, end);
                   }});
  calls.push_back({"qiaoEventDestroy", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoEvent_t event = w.event();
                     qiaoError_t e = qiaoEventDestroy(event);
                     if (e == qiaoSuccess)
                       retire(w.events, event);
                     return e;
                   }});
  // --- device ---
  calls.push_back({"qiaoDeviceGetAttribute",
                   {0, kValue, qiaoErrorInvalidDevice},
                   [](ApiWorld &w) {
                     int value = 0;
                     int attr = w.hostileInt(1, 130);
                     return hostileDeviceGetAttribute(w.chance(90) ? &value : nullptr, attr,
                                                      w.hostileInt(0, 0));
                   },
                   2});
  calls.push_back({"qiaoDeviceSetLimit",
                   {0, kValue, qiaoErrorUnsupportedLimit, qiaoErrorMemoryAllocation},
                   [](ApiWorld &w) {
                     int limit = w.hostileInt(0, 6);
                     std::size_t value = w.size();
                     // A small stack would fail the final launch for a reason CUDA documents;
                     // the fuzzer restores what it changed instead (ApiCase.cpp).
                     return hostileDeviceSetLimit(limit, value);
                   }});
  calls.push_back({"qiaoDeviceGetLimit", {0, kValue, qiaoErrorUnsupportedLimit}, [](ApiWorld &w) {
                     std::size_t value = 0;
                     return hostileDeviceGetLimit(w.chance(90) ? &value : nullptr,
                                                  w.hostileInt(0, 6));
                   }});
  calls.push_back({"qiaoDeviceSetCacheConfig", {0, kValue}, [](ApiWorld &w) {
                     return hostileDeviceSetCacheConfig(w.hostileInt(0, 3));
                   }});
  calls.push_back({"qiaoSetDevice", {0, qiaoErrorInvalidDevice}, [](ApiWorld &w) {
                     return qiaoSetDevice(w.hostileInt(0, 0));
                   }});
  calls.push_back({"qiaoGetDevice", {0, kValue}, [](ApiWorld &w) {
                     int device = 0;
                     return qiaoGetDevice(w.chance(90) ? &device : nullptr);
                   }});
  calls.push_back(
      {"qiaoDeviceSynchronize", {0}, [](ApiWorld &) { return qiaoDeviceSynchronize(); }});
  calls.push_back({"qiaoDeviceReset", {0}, [](ApiWorld &w) {
                     // A reset frees the memory graph nodes name; a correct program destroys its
                     // graphs first (launching one afterwards would be undefined in CUDA).
                     for (qiaoGraphExec_t exec : w.execs.live)
                       qiaoGraphExecDestroy(exec);
                     for (qiaoGraph_t graph : w.graphs.live)
                       qiaoGraphDestroy(graph);
                     for (qiaoGraph_t graph : w.capturedGraphs.live)
                       qiaoGraphDestroy(graph);
                     qiaoError_t e = qiaoDeviceReset();
                     if (e == qiaoSuccess) {
                       w.forgetAll();
                       w.graphTarget = {};
                       if (qiaoMalloc(&w.graphTarget.base, 4096) == qiaoSuccess)
                         w.graphTarget.bytes = 4096;
                       else
                         w.graphTarget.base = nullptr;
                       if (!w.loadModule())
                         w.violation = "the fuzzer's module no longer loads after qiaoDeviceReset";
                     }
                     return e;
                   }});
  // --- modules and launches ---
  calls.push_back({"qiaoModuleLoadData",
                   {0, kValue, qiaoErrorInvalidKernelImage, qiaoErrorInvalidPtx,
                    qiaoErrorNoKernelImageForDevice, qiaoErrorUnsupportedPtxVersion},
                   [](ApiWorld &w) {
                     static constexpr const char *kImages[] = {"", "garbage", ".version 8.0\n",
                                                               ".version 99.0\n.target sm_80\n"};
                     if (w.chance(50)) {
                       w.append(" (the fuzzer's module)");
                       return w.loadModule() ? qiaoSuccess : qiaoErrorInvalidPtx;
                     }
                     qiaoModule_t module = nullptr;
                     std::size_t which = w.below(std::size(kImages) + 1);
                     const void *image = which < std::size(kImages) ? kImages[which] : nullptr;
                     qiaoError_t e = qiaoModuleLoadData(w.chance(95) ? &module : nullptr, image);
                     if (e == qiaoSuccess && module != nullptr)
                       w.violation = "qiaoModuleLoadData accepted an image that is not a module";
                     return e;
                   }});
  calls.push_back({"qiaoModuleUnload", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoModule_t module = w.module();
                     qiaoError_t e = qiaoModuleUnload(module);
                     auto at = std::find(w.modules.live.begin(), w.modules.live.end(), module);
                     if (e == qiaoSuccess && at != w.modules.live.end()) {
                       std::size_t index = static_cast<std::size_t>(at - w.modules.live.begin());
                       retire(w.functions, w.functions.live[index]);
                       retire(w.modules, module);
                     }
                     return e;
                   }});
  calls.push_back(
      {"qiaoModuleGetFunction", {0, kValue, kHandle, qiaoErrorSymbolNotFound}, [](ApiWorld &w) {
         static constexpr const char *kNames[] = {"addOne", "addone", "", nullptr};
         qiaoFunction_t function = nullptr;
         qiaoModule_t module = w.module();
         return qiaoModuleGetFunction(w.chance(90) ? &function : nullptr, module,
                                      kNames[w.below(std::size(kNames))]);
       }});
  calls.push_back(
      {"qiaoModuleLaunchKernel",
       {0, kValue, qiaoErrorInvalidConfiguration, qiaoErrorInvalidDeviceFunction, kHandle,
        qiaoErrorLaunchOutOfResources},
       [](ApiWorld &w) {
         qiaoFunction_t function = w.function();
         dim3 grid = w.dims(false), block = w.dims(true);
         static constexpr unsigned kShared[] = {0, 0, 1024, 48 * 1024, 1u << 20, 0xFFFFFFFFu};
         unsigned shared = kShared[w.below(std::size(kShared))];
         Allocation target = w.allocationOf(4);
         void *values = target.base;
         unsigned count = static_cast<unsigned>(target.bytes / 4);
         void *params[] = {&values, &count};
         qiaoStream_t stream = w.stream();
         return qiaoModuleLaunchKernel(function, grid.x, grid.y, grid.z, block.x, block.y, block.z,
                                       shared, stream, w.chance(90) ? params : nullptr, nullptr);
       },
       3});
  calls.push_back({"qiaoFuncGetAttribute",
                   {0, kValue, qiaoErrorInvalidDeviceFunction, kHandle},
                   [](ApiWorld &w) {
                     int value = 0;
                     int attr = w.hostileInt(0, 9);
                     qiaoFunction_t function = w.function();
                     return hostileFuncGetAttribute(w.chance(90) ? &value : nullptr, attr,
                                                    function);
                   }});
  calls.push_back({"qiaoModuleFuncSetAttribute",
                   {0, kValue, qiaoErrorInvalidDeviceFunction, kHandle},
                   [](ApiWorld &w) {
                     qiaoFunction_t function = w.function();
                     int attr = w.hostileInt(8, 9);
                     return hostileModuleFuncSetAttribute(function, attr, w.hostileInt(0, 100));
                   }});
  calls.push_back({"qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor",
                   {0, kValue, qiaoErrorInvalidDeviceFunction, kHandle},
                   [](ApiWorld &w) {
                     int blocks = 0;
                     qiaoFunction_t function = w.function();
                     int blockSize = w.hostileInt(1, 1024);
                     return qiaoModuleOccupancyMaxActiveBlocksPerMultiprocessor(
                         w.chance(90) ? &blocks : nullptr, function, blockSize, w.size());
                   }});
  // --- graphs and capture ---
  calls.push_back({"qiaoGraphCreate",
                   {0, kValue},
                   [](ApiWorld &w) {
                     qiaoGraph_t graph = nullptr;
                     qiaoError_t e = qiaoGraphCreate(w.chance(95) ? &graph : nullptr, w.flags(0));
                     if (e == qiaoSuccess && graph != nullptr)
                       w.graphs.live.push_back(graph);
                     return e;
                   },
                   2});
  calls.push_back({"qiaoGraphAddEmptyNode", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraphNode_t node = nullptr;
                     qiaoGraph_t graph = w.graph();
                     bool badDependencies = w.chance(20);
                     return qiaoGraphAddEmptyNode(w.chance(95) ? &node : nullptr, graph, nullptr,
                                                  badDependencies ? 3 : 0);
                   }});
  calls.push_back({"qiaoGraphAddMemsetNode", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraphNode_t node = nullptr;
                     qiaoGraph_t graph = w.graph();
                     qiaoMemsetParams params{};
                     char *target = static_cast<char *>(w.graphTarget.base);
                     static constexpr std::size_t kOffsets[] = {0, 0, 1, 4096, 4095};
                     params.dst = target ? target + kOffsets[w.below(std::size(kOffsets))]
                                         : nullptr; // as for memcpy nodes
                     params.elementSize = static_cast<unsigned>(w.hostileInt(1, 4));
                     params.width = w.size();
                     params.height = smallHeight(w);
                     params.pitch = pitchFor(w, params.width * params.elementSize);
                     params.value = 7;
                     return qiaoGraphAddMemsetNode(w.chance(95) ? &node : nullptr, graph, nullptr,
                                                   0, w.chance(95) ? &params : nullptr);
                   }});
  calls.push_back(
      {"qiaoGraphAddMemcpyNode1D",
       {0, kValue, qiaoErrorInvalidMemcpyDirection, kHandle},
       [](ApiWorld &w) {
         qiaoGraphNode_t node = nullptr;
         qiaoGraph_t graph = w.graph();
         int kind = w.hostileInt(0, 4);
         std::size_t count = w.size();
         // Nodes may run after the case frees what they name: only memory that outlives every
         // graph, the graph target (or no allocation at all) and the fuzzer's own host buffers.
         char *target = static_cast<char *>(w.graphTarget.base);
         void *device = target ? target + (w.chance(80) ? w.below(64) : 4096) : nullptr;
         void *host = fitHost(w.hostBuffers[w.below(2)], count);
         void *dst = kind == qiaoMemcpyDeviceToHost ? host : device;
         // A device-to-device node reads the allocation's other half.
         const void *src = kind == qiaoMemcpyDeviceToHost     ? device
                           : kind == qiaoMemcpyDeviceToDevice ? (target ? target + 2048 : nullptr)
                                                              : host;
         if (kind < 0 || kind > 4 || kind == qiaoMemcpyHostToHost || kind == qiaoMemcpyDefault)
           dst = host, src = w.hostBuffers[0];
         return hostileGraphAddMemcpyNode1D(&node, graph, dst, src, count, kind);
       }});
  calls.push_back({"qiaoGraphAddHostNode", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraphNode_t node = nullptr;
                     qiaoGraph_t graph = w.graph();
                     qiaoHostNodeParams params{w.chance(85) ? hostCallback : nullptr, nullptr};
                     return qiaoGraphAddHostNode(&node, graph, nullptr, 0,
                                                 w.chance(95) ? &params : nullptr);
                   }});
  calls.push_back({"qiaoGraphInstantiate",
                   {0, kValue, kHandle},
                   [](ApiWorld &w) {
                     qiaoGraphExec_t exec = nullptr;
                     qiaoGraph_t graph = w.graph();
                     qiaoError_t e = qiaoGraphInstantiate(w.chance(95) ? &exec : nullptr, graph,
                                                          w.chance(90) ? 0 : w.draw());
                     if (e == qiaoSuccess && exec != nullptr)
                       w.execs.live.push_back(exec);
                     return e;
                   },
                   2});
  calls.push_back({"qiaoGraphLaunch",
                   {0, kValue, kHandle},
                   [](ApiWorld &w) {
                     qiaoGraphExec_t exec = w.graphExec();
                     return qiaoGraphLaunch(exec, w.stream());
                   },
                   2});
  calls.push_back({"qiaoGraphExecDestroy", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraphExec_t exec = w.graphExec();
                     qiaoError_t e = qiaoGraphExecDestroy(exec);
                     if (e == qiaoSuccess)
                       retire(w.execs, exec);
                     return e;
                   }});
  calls.push_back({"qiaoGraphDestroy", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraph_t graph = w.graph();
                     qiaoError_t e = qiaoGraphDestroy(graph);
                     if (e == qiaoSuccess)
                       retire(w.graphs, graph);
                     return e;
                   }});
  // A capture on the legacy stream is unsupported; a second one on the same stream, or an end
  // without a capture, finds the stream in the wrong state (cudaErrorIllegalState).
  calls.push_back({"qiaoStreamBeginCapture",
                   {0, kValue, kHandle, qiaoErrorIllegalState, qiaoErrorStreamCaptureUnsupported},
                   [](ApiWorld &w) {
                     qiaoStream_t stream = w.stream();
                     qiaoError_t e = hostileStreamBeginCapture(stream, w.hostileInt(0, 2));
                     if (e == qiaoSuccess)
                       w.capturing.push_back(stream);
                     return e;
                   }});
  calls.push_back(
      {"qiaoStreamEndCapture",
       {0, kValue, kHandle, qiaoErrorIllegalState, qiaoErrorStreamCaptureInvalidated,
        qiaoErrorStreamCaptureUnmatched, qiaoErrorStreamCaptureUnjoined,
        qiaoErrorStreamCaptureWrongThread},
       [](ApiWorld &w) {
         qiaoStream_t stream = !w.capturing.empty() && w.chance(70) ? w.capturing[0] : w.stream();
         qiaoGraph_t graph = nullptr;
         qiaoError_t e = qiaoStreamEndCapture(stream, w.chance(95) ? &graph : nullptr);
         if (e == qiaoSuccess || e == qiaoErrorStreamCaptureInvalidated)
           w.capturing.erase(std::remove(w.capturing.begin(), w.capturing.end(), stream),
                             w.capturing.end());
         if (e == qiaoSuccess && graph != nullptr)
           w.capturedGraphs.live.push_back(graph);
         return e;
       }});
  calls.push_back({"qiaoGraphDestroy (captured)", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraph_t graph = w.capturedGraph();
                     qiaoError_t e = qiaoGraphDestroy(graph);
                     if (e == qiaoSuccess)
                       retire(w.capturedGraphs, graph);
                     return e;
                   }});
  calls.push_back({"qiaoGraphGetNodes", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoGraph_t graph = w.chance(50) ? w.capturedGraph() : w.graph();
                     qiaoGraphNode_t nodes[4];
                     std::size_t count = w.below(6); // 5 claims more room than `nodes` has
                     if (count > 4)
                       return qiaoGraphGetNodes(graph, nullptr, &count);
                     return qiaoGraphGetNodes(graph, w.chance(90) ? nodes : nullptr,
                                              w.chance(90) ? &count : nullptr);
                   }});
  calls.push_back({"qiaoStreamIsCapturing", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoStreamCaptureStatus status;
                     qiaoStream_t stream = w.stream();
                     return qiaoStreamIsCapturing(stream, w.chance(90) ? &status : nullptr);
                   }});
  // --- arrays ---
  calls.push_back(
      {"qiaoMallocArray",
       {0, kValue, qiaoErrorMemoryAllocation, qiaoErrorInvalidChannelDescriptor,
        qiaoErrorNotSupported},
       [](ApiWorld &w) {
         static constexpr int kBits[] = {8, 16, 32, 0, 7, 64};
         static constexpr std::size_t kWidths[] = {0, 1, 16, 1024, 65537, std::size_t{1} << 40};
         qiaoArray_t array = nullptr;
         int bits = kBits[w.below(std::size(kBits))];
         int kind = w.hostileInt(0, 3);
         std::size_t width = kWidths[w.below(std::size(kWidths))];
         std::size_t height = w.chance(50) ? 0 : kWidths[w.below(4)];
         qiaoError_t e = hostileMallocArray(&array, bits, kind, width, height, w.flags(0xEF));
         if (e == qiaoSuccess && array != nullptr)
           w.arrays.live.push_back(array);
         return e;
       }});
  calls.push_back({"qiaoFreeArray", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoArray_t array = w.array();
                     qiaoError_t e = qiaoFreeArray(array);
                     if (e == qiaoSuccess)
                       retire(w.arrays, array);
                     return e;
                   }});
  calls.push_back({"qiaoArrayGetInfo", {0, kValue, kHandle}, [](ApiWorld &w) {
                     qiaoChannelFormatDesc desc;
                     qiaoExtent extent;
                     unsigned flags = 0;
                     qiaoArray_t array = w.array();
                     return qiaoArrayGetInfo(w.chance(90) ? &desc : nullptr, &extent, &flags,
                                             array);
                   }});
  return calls;
}

} // namespace

const std::vector<ApiCall> &apiCalls() {
  static const std::vector<ApiCall> calls = makeCalls();
  return calls;
}

} // namespace qiao::apifuzz
