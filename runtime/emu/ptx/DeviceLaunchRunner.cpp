// Runs the grids a grid's threads launched (DeviceRuntime.h), once all of its blocks have
// finished: the ordinary and fire-and-forget launches in the order they were made, then the tail
// launches, each grid with its own descendants before the next starts; copies and fills queued
// among them run in their place. Their faults and printf output become the launching grid's: the
// host sees one launch.
#include "BlockRunner.h"
#include "DeviceRuntimeCall.h"
#include "Engine.h"
#include "NativeCode.h"

namespace qiao::ptx {
namespace {

const KernelInfo *kernelAt(const Program &program, uint32_t function) {
  for (const KernelInfo &kernel : program.kernels)
    if (kernel.index == function)
      return &kernel;
  return nullptr;
}

// A child inherits its parent's limits (stack, frame storage, watchdog, memory checks).
LaunchParams childParams(const LaunchParams &parent, const DeviceLaunch &child,
                         const KernelInfo &kernel) {
  LaunchParams params = parent;
  std::copy_n(child.grid, 3, params.grid);
  std::copy_n(child.block, 3, params.block);
  params.dynamicSharedBytes = child.dynamicSharedBytes;
  params.params = reinterpret_cast<const uint8_t *>(child.params);
  params.paramBytes = kernel.paramBytes;
  params.cooperative = false;
  return params;
}

// The kernel compiler sees a child launch as the host's launches: compiled as QIAO_EXEC says.
void prepareChild(const Program &program, const KernelInfo &kernel, const LaunchParams &params,
                  bool interpretOnly) {
  if (interpretOnly)
    return;
  if (execMode() == ExecMode::Check) {
    prepareNative(program, kernel.index);
    return;
  }
  beforeLaunch(program, kernel.index,
               uint64_t{params.grid[0]} * params.grid[1] * params.grid[2] * params.block[0] *
                   params.block[1] * params.block[2]);
}

} // namespace

void GridExecutor::runDeviceLaunches(GridContext &grid, LaunchOutcome &outcome) {
  DeviceLaunches &state = grid.deviceLaunches;
  auto runAll = [&](const std::vector<DeviceLaunch> &launches) {
    for (const DeviceLaunch &child : launches) {
      if (child.isCopy) {
        if (outcome.code == 0)
          outcome.code = runDeviceCopy(grid, child.copy, outcome.report);
        continue;
      }
      grid.tree->pending.fetch_sub(1); // it starts now, or never once a grid faulted
      const KernelInfo *kernel = kernelAt(grid.program, child.function);
      if (outcome.code != 0 || !kernel)
        continue;
      LaunchParams params = childParams(grid.launch, child, *kernel);
      prepareChild(grid.program, *kernel, params, grid.interpretOnly);
      LaunchOutcome ran = runGrid(grid.program, *kernel, params, grid.memory, grid.interpretOnly,
                                  *grid.tree, grid.depth + 1);
      outcome.printf += ran.printf;
      outcome.laneInstructions += ran.laneInstructions;
      if (ran.code != 0) {
        outcome.code = ran.code;
        outcome.report = std::move(ran.report);
      }
    }
  };
  runAll(state.launches);
  runAll(state.tails);
  // Buffers never launched give their slot back; every buffer is released.
  for (const auto &[address, buffer] : state.buffers) {
    if (!buffer.launched)
      grid.tree->pending.fetch_sub(1);
    grid.memory.releaseGlobal(reinterpret_cast<void *>(address));
  }
  state.buffers.clear();
}

} // namespace qiao::ptx
