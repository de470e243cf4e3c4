/* qiao/cooperative_groups_grid.h: the groups of qiao/cooperative_groups.h that are not tiles of a
 * block: the whole grid of a cooperative launch (grid_group, this_grid) and the threads of a warp
 * that are active together (coalesced_group, coalesced_threads), in CUDA's namespace.
 *
 * grid.sync() is the device's grid-wide barrier: it runs in kernels that qiao-c++ compiled to
 * PTX (qiao/device_ptx.h), launched with qiaoLaunchCooperativeKernel, whose blocks are all
 * resident at once. A host-compiled kernel has no grid barrier: there is_valid() is false and
 * sync() fails the launch (qiaoErrorLaunchFailure) instead of deadlocking. */
#ifndef QIAO_COOPERATIVE_GROUPS_GRID_H
#define QIAO_COOPERATIVE_GROUPS_GRID_H

#include <qiao/device.h>

namespace cooperative_groups {

class grid_group {
public:
  unsigned long long num_blocks() const {
    return (unsigned long long)gridDim.x * gridDim.y * gridDim.z;
  }
  unsigned long long block_rank() const {
    return ((unsigned long long)blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  }
  unsigned long long num_threads() const { return num_blocks() * blockThreads(); }
  unsigned long long size() const { return num_threads(); }
  unsigned long long thread_rank() const {
    return block_rank() * blockThreads() +
           ((unsigned long long)threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  }
  dim3 group_dim() const { return gridDim; }
  dim3 dim_blocks() const { return gridDim; }
  dim3 block_index() const { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
  dim3 dim_threads() const { return blockDim; }
#ifdef QIAO_DEVICE_PASS
  bool is_valid() const { return ::qiao_ptx::gridWorkspace() != nullptr; }
  void sync() const { ::qiao_ptx::gridSync(); }
#else
  bool is_valid() const { return false; }
  void sync() const {
    ::qiao_device::fault(qiaoErrorLaunchFailure,
                         "grid.sync() in a host-compiled kernel (a grid-wide barrier needs the "
                         "kernel compiled to PTX by qiao-c++ and a cooperative launch)");
  }
#endif

private:
  static unsigned long long blockThreads() {
    return (unsigned long long)blockDim.x * blockDim.y * blockDim.z;
  }
};

inline grid_group this_grid() { return grid_group(); }
inline void sync(const grid_group &grid) { grid.sync(); }

/* The lanes of the warp that are active together; ranks count them from the lowest lane. */
class coalesced_group {
public:
  explicit coalesced_group(unsigned lanes) : lanes_(lanes) {}
  unsigned long long num_threads() const { return unsigned(__builtin_popcount(lanes_)); }
  unsigned long long size() const { return num_threads(); }
  unsigned long long thread_rank() const {
    return unsigned(__builtin_popcount(lanes_ & __lanemask_lt()));
  }
  unsigned long long meta_group_rank() const { return 0; }
  unsigned long long meta_group_size() const { return 1; }
  void sync() const { __syncwarp(lanes_); }

  template <class T> T shfl(T value, unsigned srcRank) const {
    return __shfl_sync(lanes_, value, int(laneOf(srcRank % unsigned(size()))));
  }
  /* A source rank outside the group reads the thread's own value, as CUDA's. */
  template <class T> T shfl_down(T value, unsigned delta) const {
    const unsigned rank = unsigned(thread_rank()) + delta;
    return __shfl_sync(lanes_, value, int(laneOf(rank < size() ? rank : thread_rank())));
  }
  template <class T> T shfl_up(T value, unsigned delta) const {
    const unsigned rank = unsigned(thread_rank());
    return __shfl_sync(lanes_, value, int(laneOf(rank >= delta ? rank - delta : rank)));
  }
  int any(int predicate) const { return __any_sync(lanes_, predicate); }
  int all(int predicate) const { return __all_sync(lanes_, predicate); }
  /* Bits in rank order. */
  unsigned ballot(int predicate) const { return byRank(__ballot_sync(lanes_, predicate)); }
  template <class T> unsigned match_any(T value) const {
    return byRank(__match_any_sync(lanes_, value));
  }

private:
  unsigned laneOf(unsigned rank) const {
    unsigned lanes = lanes_;
    for (unsigned i = 0; i < rank; ++i)
      lanes &= lanes - 1;
    return unsigned(__builtin_ctz(lanes));
  }
  unsigned byRank(unsigned laneBits) const {
    unsigned bits = 0, rank = 0;
    for (unsigned lanes = lanes_; lanes != 0; lanes &= lanes - 1, ++rank)
      bits |= ((laneBits >> __builtin_ctz(lanes)) & 1u) << rank;
    return bits;
  }
  unsigned lanes_;
};

#ifdef QIAO_DEVICE_PASS
inline coalesced_group coalesced_threads() { return coalesced_group(__activemask()); }
#else
/* The call site names the lanes that reach it together (qiao/device.h: __activemask). */
inline coalesced_group coalesced_threads(const char *file = __builtin_FILE(),
                                         unsigned line = __builtin_LINE()) {
  return coalesced_group(__activemask(file, line));
}
#endif

} // namespace cooperative_groups

#endif /* QIAO_COOPERATIVE_GROUPS_GRID_H */
