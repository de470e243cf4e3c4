// QIAO_EXEC=check: every launch runs twice from the same memory, interpreted and with native
// code, and the first byte where the two leave device memory different is reported, with the
// kernel, the allocation, the offset and both values. The compiler's own bugs show up here as
// the first wrong store of the first wrong kernel instead of as a wrong answer far downstream.
// The native run's results are the ones the program keeps. Programs that declare device-side
// malloc (or the device runtime's cudaMalloc) run natively only: their two runs would get different
// memory. The snapshot covers every allocation, so no other device work may run meanwhile: the
// driver's queues make every other stream's copy, fill and kernel wait while a checked launch runs
// (QueueCommands.cpp). Host code writing device-visible memory at the same time (a host function,
// the host thread on managed memory) is not held back.
#include "BlockRunner.h"
#include "Engine.h"
#include "NativeCode.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace qiao::ptx {
namespace {

struct Snapshot {
  std::vector<MemoryRange> ranges;
  std::vector<std::vector<uint8_t>> bytes;
};

Snapshot take(const DeviceMemory &memory) {
  Snapshot s;
  s.ranges = memory.writableRanges();
  for (const MemoryRange &r : s.ranges) {
    const auto *p = reinterpret_cast<const uint8_t *>(r.base);
    s.bytes.emplace_back(p, p + r.size);
  }
  return s;
}

void restore(const Snapshot &s) {
  for (size_t i = 0; i < s.ranges.size(); ++i)
    std::memcpy(reinterpret_cast<void *>(s.ranges[i].base), s.bytes[i].data(), s.bytes[i].size());
}

// The first difference between the interpreted results and memory as it is now, or "".
std::string firstDifference(const std::string &kernel, const Snapshot &interpreted) {
  for (size_t i = 0; i < interpreted.ranges.size(); ++i) {
    const MemoryRange &r = interpreted.ranges[i];
    const auto *now = reinterpret_cast<const uint8_t *>(r.base);
    const std::vector<uint8_t> &then = interpreted.bytes[i];
    if (std::memcmp(now, then.data(), then.size()) == 0)
      continue;
    size_t at = 0;
    while (now[at] == then[at])
      ++at;
    char line[256];
    std::snprintf(line, sizeof line,
                  "kernel '%s': the compiled kernel differs from the interpreter in the %" PRIu64
                  "-byte allocation at 0x%" PRIx64 ", offset %zu: interpreter 0x%02x, compiled "
                  "0x%02x",
                  kernel.c_str(), r.size, r.base, at, then[at], now[at]);
    return line;
  }
  return {};
}

} // namespace

LaunchOutcome GridExecutor::runChecked(const Module &module, const KernelInfo &kernel,
                                       const LaunchParams &launch, DeviceMemory &memory) {
  prepareNative(module.program(), kernel.index);
  // Device-side malloc hands each run other memory: the two runs cannot agree byte for byte.
  for (const Function &f : module.program().functions)
    if (f.builtin == Builtin::Malloc || f.builtin == Builtin::DeviceMalloc)
      return runOnce(module, kernel, launch, memory, false);
  Snapshot before = take(memory);
  LaunchOutcome interpreted = runOnce(module, kernel, launch, memory, true);
  Snapshot after = take(memory);
  restore(before);
  LaunchOutcome native = runOnce(module, kernel, launch, memory, false);
  std::string difference;
  if (native.code != interpreted.code)
    difference = "kernel '" + kernel.name + "': the compiled kernel ended with error " +
                 std::to_string(native.code) + ", the interpreter with " +
                 std::to_string(interpreted.code);
  else if (native.printf != interpreted.printf)
    difference = "kernel '" + kernel.name + "': the compiled kernel printed other text";
  else
    difference = firstDifference(kernel.name, after);
  native.checkDifference = std::move(difference);
  return native;
}

} // namespace qiao::ptx
