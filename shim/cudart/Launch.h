// The kernel-launch path shared by <<<>>> (push/pop + __cudaLaunchKernel), cudaLaunchKernel and
// cudaLaunchKernelExC. Plain types only: the CUDA-facing entry points include NVIDIA's headers,
// the launch itself talks to libqiao, and the two headers cannot meet in one file (both define
// dim3).
#pragma once

#include <cstddef>

namespace qiao::shim {

struct LaunchShape {
  unsigned grid[3] = {1, 1, 1};
  unsigned block[3] = {1, 1, 1};
  std::size_t sharedBytes = 0;
  void *stream = nullptr;   // a cudaStream_t, which is a qiaoStream_t
  bool cooperative = false; // every block resident at once (grid-wide synchronisation)
  // A thread block cluster shape the launch named (cudaLaunchAttributeClusterDimension).
  bool clusterGiven = false;
  unsigned cluster[3] = {1, 1, 1};
};

// What stream 0 means: the legacy default stream, or the calling thread's own default stream
// (the _ptsz flavours, used by code compiled with --default-stream per-thread).
enum class DefaultStream { Legacy, PerThread };

void *effectiveStream(void *stream, DefaultStream meaning);

// Loads the kernel's module if needed and launches it; returns a cudaError_t value, which is also
// the thread's last error when it is a failure.
int launchKernel(const void *hostFunction, const LaunchShape &shape, void **args,
                 DefaultStream meaning);

// The per-host-thread stack of <<<>>> configurations: nvcc's code pushes one, then the kernel's
// stub pops it. popCallConfiguration is false when nothing was pushed.
void pushCallConfiguration(const LaunchShape &shape);
bool popCallConfiguration(LaunchShape &shape);

} // namespace qiao::shim
