#include "QueueCommands.h"

#include "EmuPlatform.h"
#include "ptx/NativeCode.h"
#include "support/ErrorCodes.h"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <shared_mutex>

namespace qiao::emu {
namespace {

// QIAO_EXEC=check runs each launch twice from one snapshot of device memory and compares what the
// two runs leave (ptx/DifferentialCheck.cpp). Another stream's copy, fill or kernel running
// meanwhile would land in one run's memory and not the other's (a false difference), and putting
// the snapshot back would undo it. So in that mode a launch holds the device's work alone, on
// every device (a kernel reaches its peers' memory), and copies and fills share it. Items that
// only wait (event waits) or run host code (host functions) hold nothing: a queue blocked on
// another queue never holds up the rest.
std::shared_mutex &deviceWork() {
  static std::shared_mutex gate;
  return gate;
}

bool checking() { return ptx::execMode() == ptx::ExecMode::Check; }

std::shared_lock<std::shared_mutex> shareDeviceWork() {
  if (!checking())
    return {};
  return std::shared_lock(deviceWork());
}

std::unique_lock<std::shared_mutex> ownDeviceWork() {
  if (!checking())
    return {};
  return std::unique_lock(deviceWork());
}

} // namespace

WorkQueue::Work copyWork(void *dst, const void *src, uint64_t bytes) {
  return [=](int sticky) -> int {
    if (sticky == 0 && bytes != 0) {
      auto shared = shareDeviceWork();
      std::memmove(dst, src, bytes);
    }
    return errc::qiaoSuccess;
  };
}

WorkQueue::Work copy2DWork(void *dst, uint64_t dstPitch, const void *src, uint64_t srcPitch,
                           uint64_t widthBytes, uint64_t height) {
  return [=](int sticky) -> int {
    if (sticky != 0)
      return errc::qiaoSuccess;
    auto shared = shareDeviceWork();
    auto *to = static_cast<uint8_t *>(dst);
    const auto *from = static_cast<const uint8_t *>(src);
    for (uint64_t row = 0; row < height; ++row)
      std::memmove(to + row * dstPitch, from + row * srcPitch, widthBytes);
    return errc::qiaoSuccess;
  };
}

WorkQueue::Work fillWork(void *dst, uint32_t pattern, uint32_t elementSize, uint64_t count) {
  return [=](int sticky) -> int {
    if (sticky != 0)
      return errc::qiaoSuccess;
    auto *to = static_cast<uint8_t *>(dst);
    if (count == 0)
      return errc::qiaoSuccess;
    auto shared = shareDeviceWork();
    if (elementSize == 1) {
      std::memset(to, int(pattern & 0xff), count);
      return errc::qiaoSuccess;
    }
    // memcpy per element: the destination need not be aligned to the element size.
    const uint16_t half = uint16_t(pattern);
    for (uint64_t i = 0; i < count; ++i) {
      if (elementSize == 2)
        std::memcpy(to + i * 2, &half, 2);
      else
        std::memcpy(to + i * 4, &pattern, 4);
    }
    return errc::qiaoSuccess;
  };
}

WorkQueue::Work hostFnWork(qiaoDrvHostFn fn, void *userData) {
  return [=](int sticky) -> int {
    if (sticky == 0)
      fn(userData);
    return errc::qiaoSuccess;
  };
}

WorkQueue::Work eventRecordWork(std::shared_ptr<EventRecord> record) {
  return [record = std::move(record)](int sticky) -> int {
    record->complete(sticky);
    return errc::qiaoSuccess;
  };
}

WorkQueue::Work eventWaitWork(std::shared_ptr<EventRecord> record) {
  return [record = std::move(record)](int) -> int {
    if (record)
      record->wait();
    return errc::qiaoSuccess;
  };
}

WorkQueue::Work launchWork(EmuPlatform &platform, QueuedLaunch launch) {
  return [&platform, queued = std::move(launch)](int sticky) -> int {
    if (sticky != 0)
      return errc::qiaoSuccess;
    ptx::LaunchParams params;
    std::memcpy(params.grid, queued.grid, sizeof(params.grid));
    std::memcpy(params.block, queued.block, sizeof(params.block));
    params.dynamicSharedBytes = queued.dynamicSharedBytes;
    params.params = queued.params.data();
    params.paramBytes = queued.params.size();
    params.stackBytesPerThread = queued.stackBytesPerThread;
    params.pendingLaunchLimit = queued.pendingLaunchLimit;
    params.cooperative = queued.cooperative;
    std::memcpy(params.cluster, queued.cluster, sizeof(params.cluster));
    params.explicitCluster = queued.explicitCluster;
    params.facts = &platform;
    const int32_t device = queued.module->device();
    ptx::LaunchOutcome outcome;
    {
      auto alone = ownDeviceWork();
      outcome = platform.runGrid(device, *queued.module, *queued.kernel, params);
    }
    if (!outcome.printf.empty())
      platform.holdPrintf(device, outcome.printf);
    if (outcome.code != 0) {
      std::fprintf(stderr, "qiao: %s\n",
                   outcome.report.empty() ? "kernel launch failed" : outcome.report.c_str());
      std::fflush(stderr);
    }
    return outcome.code;
  };
}

} // namespace qiao::emu
