#include "ApiWorld.h"

#include <cstdio>
#include <cstdlib>

namespace qiao::apifuzz {
namespace {

// The fuzzer's kernel: values[i] += 1 for i < count. Launched only on live allocations.
constexpr const char *kKernelPtx = R"(.version 8.0
.target sm_80
.address_size 64
.visible .entry addOne(.param .u64 values, .param .u32 count)
{
  .reg .pred %p;
  .reg .b32 %r<6>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [values];
  ld.param.u32 %r1, [count];
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mov.u32 %r4, %tid.x;
  mad.lo.s32 %r5, %r2, %r3, %r4;
  setp.ge.u32 %p, %r5, %r1;
  @%p bra done;
  cvta.to.global.u64 %rd2, %rd1;
  mul.wide.u32 %rd3, %r5, 4;
  add.s64 %rd2, %rd2, %rd3;
  ld.global.u32 %r2, [%rd2];
  add.s32 %r2, %r2, 1;
  st.global.u32 [%rd2], %r2;
done:
  ret;
}
)";

std::string hexText(const void *pointer) {
  char text[32];
  std::snprintf(text, sizeof text, "%p", pointer);
  return text;
}

// Addresses no allocation has: high in the user half, page-aligned plus a little.
void *wildPointer(std::uint64_t random) {
  return reinterpret_cast<void *>(0x7e5700000000ull + (random & 0xffffff000ull) + (random & 0xf));
}

} // namespace

ApiWorld::ApiWorld(std::uint64_t seed) : rng_(seed) {
  for (unsigned char *&buffer : hostBuffers)
    buffer = static_cast<unsigned char *>(std::calloc(kHostBufferBytes, 1));
}

ApiWorld::~ApiWorld() {
  for (unsigned char *buffer : hostBuffers)
    std::free(buffer);
}

void ApiWorld::append(const std::string &text) {
  log += text;
  if (echo)
    std::fprintf(stderr, "%s", text.c_str());
}

void ApiWorld::note(const std::string &text) { append(" " + text); }

template <class Handle> Handle ApiWorld::pick(const Pool<Handle> &pool, Handle null) {
  unsigned way = static_cast<unsigned>(below(10));
  if (way < 6 && !pool.live.empty())
    return pool.live[below(pool.live.size())];
  if (way < 8 && !pool.dead.empty())
    return pool.dead[below(pool.dead.size())];
  if (way == 8)
    return reinterpret_cast<Handle>(wildPointer(draw()));
  return null;
}

void *ApiWorld::devicePointer() {
  void *pointer = nullptr;
  const char *what = "null";
  const Allocation *live = device.live.empty() ? nullptr : &device.live[below(device.live.size())];
  switch (below(10)) {
  case 0:
  case 1:
  case 2:
    if (live) {
      pointer = live->base;
      what = "live";
    }
    break;
  case 3:
    if (live) {
      pointer = static_cast<char *>(live->base) + below(live->bytes + 1);
      what = "inside";
    }
    break;
  case 4:
    if (live) {
      pointer = static_cast<char *>(live->base) + 1;
      what = "misaligned";
    }
    break;
  case 5:
    if (live) {
      pointer = static_cast<char *>(live->base) + live->bytes;
      what = "past-end";
    }
    break;
  case 6:
    if (!device.dead.empty()) {
      pointer = device.dead[below(device.dead.size())].base;
      what = "freed";
    }
    break;
  case 7:
    pointer = wildPointer(draw());
    what = "wild";
    break;
  case 8:
    if (!pinned.live.empty()) {
      pointer = pinned.live[below(pinned.live.size())];
      what = "pinned";
    }
    break;
  default:
    break;
  }
  note(std::string(what) + ":" + hexText(pointer));
  return pointer;
}

void *ApiWorld::hostPointer() {
  void *pointer = nullptr;
  const char *what = "null";
  switch (below(8)) {
  case 0:
  case 1:
  case 2:
  case 3:
    pointer = hostBuffers[below(2)] + (chance(70) ? 0 : below(4096));
    what = "host";
    break;
  case 4:
  case 5:
    if (!pinned.live.empty()) {
      pointer = pinned.live[below(pinned.live.size())];
      what = "pinned";
    }
    break;
  default:
    break;
  }
  note(std::string(what) + ":" + hexText(pointer));
  return pointer;
}

std::size_t ApiWorld::size() {
  static constexpr std::size_t kSizes[] = {
      0, 1, 4, 64, 255, 256, 4096, 4097, 65536, 1, SIZE_MAX, SIZE_MAX / 2, std::size_t{1} << 62};
  std::size_t value = kSizes[below(std::size(kSizes))];
  if (chance(20))
    value = below(kLargestAllocation + 1);
  note("size:" + std::to_string(value));
  return value;
}

int ApiWorld::hostileInt(int lowest, int highest) {
  int value;
  switch (below(6)) {
  case 0:
    value = lowest - 1;
    break;
  case 1:
    value = highest + 1;
    break;
  case 2:
    value = static_cast<int>(draw());
    break;
  default:
    value = lowest + static_cast<int>(below(static_cast<std::uint64_t>(highest - lowest) + 1));
    break;
  }
  note("int:" + std::to_string(value));
  return value;
}

unsigned ApiWorld::flags(unsigned valid) {
  unsigned value =
      chance(75) ? static_cast<unsigned>(draw()) & valid : static_cast<unsigned>(draw());
  note("flags:" + std::to_string(value));
  return value;
}

qiaoStream_t ApiWorld::stream() {
  qiaoStream_t stream;
  switch (below(8)) {
  case 0:
    stream = nullptr;
    break;
  case 1:
    stream = qiaoStreamLegacy;
    break;
  case 2:
    stream = qiaoStreamPerThread;
    break;
  default:
    stream = pick(streams, static_cast<qiaoStream_t>(nullptr));
    break;
  }
  note("stream:" + hexText(stream));
  return stream;
}

qiaoEvent_t ApiWorld::event() {
  qiaoEvent_t event = pick(events, static_cast<qiaoEvent_t>(nullptr));
  note("event:" + hexText(event));
  return event;
}

qiaoGraph_t ApiWorld::graph() {
  qiaoGraph_t graph = pick(graphs, static_cast<qiaoGraph_t>(nullptr));
  note("graph:" + hexText(graph));
  return graph;
}

qiaoGraph_t ApiWorld::capturedGraph() {
  qiaoGraph_t graph = pick(capturedGraphs, static_cast<qiaoGraph_t>(nullptr));
  note("captured-graph:" + hexText(graph));
  return graph;
}

qiaoGraphExec_t ApiWorld::graphExec() {
  qiaoGraphExec_t exec = pick(execs, static_cast<qiaoGraphExec_t>(nullptr));
  note("exec:" + hexText(exec));
  return exec;
}

qiaoArray_t ApiWorld::array() {
  qiaoArray_t array = pick(arrays, static_cast<qiaoArray_t>(nullptr));
  note("array:" + hexText(array));
  return array;
}

qiaoFunction_t ApiWorld::function() {
  qiaoFunction_t function = pick(functions, static_cast<qiaoFunction_t>(nullptr));
  note("function:" + hexText(function));
  return function;
}

qiaoModule_t ApiWorld::module() {
  qiaoModule_t module = pick(modules, static_cast<qiaoModule_t>(nullptr));
  note("module:" + hexText(module));
  return module;
}

dim3 ApiWorld::dims(bool block) {
  dim3 value(1, 1, 1);
  switch (below(8)) {
  case 0:
    value.x = 0;
    break;
  case 1:
    if (block)
      value.x = 1025;
    else
      value.y = 65536;
    break;
  case 2:
    if (block)
      value = dim3(32, 32, 2);
    else
      value.x = 0xFFFFFFFFu;
    break;
  case 3:
    value.z = block ? 65 : 65536;
    break;
  default:
    value.x = block ? 1u << below(8) : 1 + static_cast<unsigned>(below(4));
    break;
  }
  note("dim:" + std::to_string(value.x) + "x" + std::to_string(value.y) + "x" +
       std::to_string(value.z));
  return value;
}

Allocation ApiWorld::allocationOf(std::size_t bytes) {
  for (const Allocation &allocation : device.live)
    if (allocation.bytes >= bytes)
      return allocation;
  return {};
}

void ApiWorld::forgetAll() {
  auto kill = [](auto &pool) {
    pool.dead.insert(pool.dead.end(), pool.live.begin(), pool.live.end());
    pool.live.clear();
  };
  kill(device);
  kill(pinned);
  kill(streams);
  kill(events);
  kill(graphs);
  kill(capturedGraphs);
  kill(execs);
  kill(arrays);
  kill(modules);
  kill(functions);
  capturing.clear();
}

bool ApiWorld::loadModule() {
  qiaoModule_t module = nullptr;
  if (qiaoModuleLoadData(&module, kKernelPtx) != qiaoSuccess)
    return false;
  qiaoFunction_t function = nullptr;
  if (qiaoModuleGetFunction(&function, module, "addOne") != qiaoSuccess)
    return false;
  modules.live.push_back(module);
  functions.live.push_back(function);
  return true;
}

} // namespace qiao::apifuzz
