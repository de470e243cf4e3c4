// Cooperative launches in the kir test driver. Grid-wide barriers are plain kernel IR (what nvcc
// makes of cooperative groups' grid.sync(): atomics and a spin on the workspace that %envreg1 and
// %envreg2 locate), so all the driver owes them is what CUDA promises: every block of the grid
// resident at once, and the zeroed workspace. The emulated device runs a host launch's blocks
// on a pool, one after another, which a spinning block would deadlock; so each block becomes a
// one-block host launch on a queue of its own (a host thread each), all started by a host
// function on the launch's queue once its earlier work is done. That function returns when every
// block has finished, and a one-thread host launch queued after it turns a block's fault into
// the launch queue's sticky error.
#include "KernelIrHost.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace qiao::kirdriver {
namespace {

constexpr int32_t kOutOfResources = 701; // qiaoErrorLaunchOutOfResources

struct CooperativeGrid {
  const qiaoDriverTable *emu = nullptr;
  qiaoDrvLaunch launch{};      // the whole grid's host launch (params below)
  std::vector<uint8_t> params; // the header, then the kernel's parameters
  void *workspace = nullptr;   // 16 zeroed bytes of device memory
  int32_t status = 0;          // the first block's fault, or 0
};

// The host function: every block on its own queue, then waits for all of them.
void runBlocks(void *data) {
  auto &grid = *static_cast<CooperativeGrid *>(data);
  const qiaoDriverTable &emu = *grid.emu;
  const uint32_t *size = grid.launch.grid;
  const uint64_t blocks = uint64_t{size[0]} * size[1] * size[2];
  std::vector<qiaoDrvQueue> queues;
  for (uint64_t i = 0; i < blocks && grid.status == 0; ++i) {
    qiaoDrvQueue queue = nullptr;
    if (emu.queueCreate(0, 0, 0, &queue) != qiaoDrvSuccess) {
      grid.status = kOutOfResources;
      break;
    }
    queues.push_back(queue);
    std::vector<uint8_t> buffer = grid.params;
    LaunchHeader header;
    std::memcpy(&header, buffer.data(), sizeof header);
    header.cooperative = 1;
    header.blockIndex[0] = static_cast<uint32_t>(i % size[0]);
    header.blockIndex[1] = static_cast<uint32_t>(i / size[0] % size[1]);
    header.blockIndex[2] = static_cast<uint32_t>(i / (uint64_t{size[0]} * size[1]));
    std::memcpy(header.gridSize, size, sizeof header.gridSize);
    header.workspace = reinterpret_cast<uintptr_t>(grid.workspace);
    std::memcpy(buffer.data(), &header, sizeof header);
    qiaoDrvLaunch one = grid.launch;
    one.grid[0] = one.grid[1] = one.grid[2] = 1;
    one.params = buffer.data();
    one.paramBytes = buffer.size();
    if (qiaoDrvStatus s = emu.enqueueHostKernel(queue, runKernelThread, &one); s != qiaoDrvSuccess)
      grid.status = s;
  }
  for (qiaoDrvQueue queue : queues) {
    qiaoDrvStatus s = emu.queueSynchronize(queue);
    if (s != qiaoDrvSuccess && grid.status == 0)
      grid.status = s;
    emu.queueDestroy(queue);
  }
  emu.memFree(grid.workspace, QIAO_DRV_MEM_DEVICE);
}

// The one-thread host launch after runBlocks: the grid's fault becomes the queue's.
void reportGrid(qiaoDrvHostThread *thread) {
  CooperativeGrid *grid;
  std::memcpy(&grid, thread->params, sizeof grid);
  const int32_t status = grid->status;
  delete grid;
  if (status != 0)
    thread->ops->fault(
        thread, status,
        ("cooperative launch: a block of the grid failed with error " + std::to_string(status))
            .c_str());
}

} // namespace

qiaoDrvStatus enqueueCooperativeGrid(const qiaoDriverTable &emu, qiaoDrvQueue queue,
                                     const qiaoDrvLaunch &host) {
  auto grid = std::make_unique<CooperativeGrid>();
  grid->emu = &emu;
  grid->launch = host;
  const auto *bytes = static_cast<const uint8_t *>(host.params);
  grid->params.assign(bytes, bytes + host.paramBytes);
  if (emu.memAlloc(0, 16, QIAO_DRV_MEM_DEVICE, 0, &grid->workspace) != qiaoDrvSuccess)
    return qiaoDrvErrorMemoryAllocation;
  std::memset(grid->workspace, 0, 16);
  if (qiaoDrvStatus s = emu.enqueueHostFn(queue, runBlocks, grid.get()); s != qiaoDrvSuccess) {
    emu.memFree(grid->workspace, QIAO_DRV_MEM_DEVICE);
    return s;
  }
  // The report owns the grid from here (a queue already in error runs neither and keeps it).
  CooperativeGrid *owned = grid.release();
  qiaoDrvLaunch report{};
  report.structSize = sizeof report;
  report.grid[0] = report.grid[1] = report.grid[2] = 1;
  report.block[0] = report.block[1] = report.block[2] = 1;
  report.params = &owned;
  report.paramBytes = sizeof owned;
  return emu.enqueueHostKernel(queue, reportGrid, &report);
}

} // namespace qiao::kirdriver
