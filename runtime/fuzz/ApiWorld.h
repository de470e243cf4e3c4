// The objects one runtime-API fuzz case has made (live and destroyed), and the hostile argument
// generators drawing on them. Everything the runtime may read or write on the host side is
// memory the fuzzer owns and sized so that no documented use can overrun it: a copy's host
// buffer holds 128 KiB, every successful device allocation at most 64 KiB, and the sizes the
// generators give are either at most 64 KiB or past any allocation. Kernel arguments always
// point into live allocations, so no kernel faults and no error becomes sticky.
#pragma once

#include <qiao/qiao_runtime.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace qiao::apifuzz {

constexpr std::size_t kHostBufferBytes = 128 * 1024;
constexpr std::size_t kLargestAllocation = 64 * 1024;

struct Allocation {
  void *base = nullptr;
  std::size_t bytes = 0;
};

template <class Handle> struct Pool {
  std::vector<Handle> live;
  std::vector<Handle> dead; // destroyed or freed: passing them is a documented error
};

class ApiWorld {
public:
  explicit ApiWorld(std::uint64_t seed);
  ~ApiWorld();
  ApiWorld(const ApiWorld &) = delete;
  ApiWorld &operator=(const ApiWorld &) = delete;

  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }
  std::uint64_t draw() { return rng_(); }

  // Generators. Each also appends a short description to the call log.
  void *devicePointer(); // live, inside, misaligned, one past the end, freed, null, wild
  void *hostPointer();   // a fuzzer-owned buffer (with a small offset), pinned memory, null
  std::size_t size();    // 0 .. 64 KiB, or past every allocation
  int hostileInt(int lowest, int highest); // in range, one outside, or anything
  unsigned flags(unsigned valid);          // a valid mask, or stray bits
  qiaoStream_t stream();                   // legacy, per-thread, live, destroyed, wild
  qiaoEvent_t event();
  qiaoGraph_t graph();
  qiaoGraph_t capturedGraph();
  qiaoGraphExec_t graphExec();
  qiaoArray_t array();
  qiaoFunction_t function(); // the kernel, an unloaded module's, null, wild
  qiaoModule_t module();
  dim3 dims(bool block); // sensible, zero, or past the device limits

  // A live allocation of at least `bytes`, for kernel arguments; null when none.
  Allocation allocationOf(std::size_t bytes);

  // After successful create or destroy calls, and qiaoDeviceReset (which destroys everything).
  void forgetAll();
  void append(const std::string &text); // to the log
  bool loadModule(); // loads the fuzzer's kernel module; false when the runtime refuses

  Pool<Allocation> device;
  Pool<void *> pinned;
  Pool<qiaoStream_t> streams;
  Pool<qiaoEvent_t> events;
  Pool<qiaoGraph_t> graphs;
  // Graphs ended from a capture name whatever memory the captured calls named, which the case
  // may free later: they are only inspected and destroyed, never instantiated (a launch would
  // touch freed memory, which CUDA leaves undefined).
  Pool<qiaoGraph_t> capturedGraphs;
  Pool<qiaoGraphExec_t> execs;
  Pool<qiaoArray_t> arrays;
  Pool<qiaoModule_t> modules;
  Pool<qiaoFunction_t> functions;
  std::vector<qiaoStream_t> capturing; // streams in capture (their calls may fail with 90x)
  // The one allocation graph nodes write: never freed by a fuzzed call, so that no graph can
  // outlive the memory its nodes name (CUDA leaves that undefined). Null after a failed reset.
  Allocation graphTarget;
  unsigned char *hostBuffers[2] = {nullptr, nullptr};
  std::string log;       // the calls of this case so far, one per line
  bool echo = false;     // also write the log to stderr as it grows (before each call runs)
  std::string violation; // set by a call whose result contradicts CUDA beyond its code

private:
  void note(const std::string &text);
  template <class Handle> Handle pick(const Pool<Handle> &pool, Handle null);

  std::mt19937_64 rng_;
};

} // namespace qiao::apifuzz
