/* qiao/cooperative_groups.h: CUDA's cooperative groups for host-compiled kernels, in CUDA's own
 * namespace so that translated code (`namespace cg = cooperative_groups;`) is unchanged: the
 * thread block, statically sized tiles of it (tiled_partition<N>, N up to 1024) with their
 * shuffles, votes and sync, block_tile_memory, cg::reduce with CUDA's function objects, and
 * cg::memcpy_async with cg::wait and cg::wait_prior; the grid of a cooperative launch and coalesced
 * groups (qiao/cooperative_groups_grid.h).
 *
 * In qiao-c++'s device pass (clang, CUDA mode) every function here is callable on both sides
 * (clang's force_cuda_host_device), so that kernels using the groups compile to PTX too: their
 * syncs, shuffles and votes are then qiao/device_ptx.h's (bar.sync, shfl.sync, vote.sync...). */
#ifndef QIAO_COOPERATIVE_GROUPS_H
#define QIAO_COOPERATIVE_GROUPS_H

#include <qiao/barrier.h>
#include <qiao/device.h>

#include <cstddef>

#ifdef QIAO_DEVICE_PASS
#pragma clang force_cuda_host_device begin
#endif

namespace cooperative_groups {

class thread_block {
public:
  void sync() const { __syncthreads(); }
  unsigned long long thread_rank() const {
    return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  }
  unsigned long long size() const { return num_threads(); }
  unsigned long long num_threads() const {
    return (unsigned long long)blockDim.x * blockDim.y * blockDim.z;
  }
  dim3 group_index() const { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
  dim3 thread_index() const { return dim3(threadIdx.x, threadIdx.y, threadIdx.z); }
  dim3 group_dim() const { return blockDim; }
  dim3 dim_threads() const { return blockDim; }
};

inline thread_block this_thread_block() { return thread_block(); }
inline void sync(const thread_block &block) { block.sync(); }

/* A tile of Size consecutive threads of the block (Size a power of two up to 32): its lanes are
 * those of one warp, so its collectives are the warp's, masked to the tile. Tiles of 64 to 1024
 * threads are the specialisations in qiao/cooperative_groups_tiles.h. ParentT, as in CUDA, only
 * names the group it came from; tiles of one size convert into each other. */
template <unsigned Size, class ParentT = void> class thread_block_tile {
  static_assert(Size >= 1 && Size <= 32 && (Size & (Size - 1)) == 0,
                "tiles are 1, 2, 4, 8, 16 or 32 threads, or 64, 128, 256, 512 or 1024");

public:
  thread_block_tile() = default;
  template <class P> thread_block_tile(const thread_block_tile<Size, P> &) {}
  unsigned long long thread_rank() const { return linearRank() % Size; }
  unsigned long long size() const { return Size; }
  unsigned long long num_threads() const { return Size; }
  unsigned long long meta_group_rank() const { return linearRank() / Size; }
  unsigned long long meta_group_size() const {
    const unsigned long long threads = (unsigned long long)blockDim.x * blockDim.y * blockDim.z;
    return (threads + Size - 1) / Size;
  }
  void sync() const { __syncwarp(mask()); }

  template <class T> T shfl(T value, int srcRank) const {
    return __shfl_sync(mask(), value, srcRank, Size);
  }
  template <class T> T shfl_down(T value, unsigned delta) const {
    return __shfl_down_sync(mask(), value, delta, Size);
  }
  template <class T> T shfl_up(T value, unsigned delta) const {
    return __shfl_up_sync(mask(), value, delta, Size);
  }
  template <class T> T shfl_xor(T value, int laneMask) const {
    return __shfl_xor_sync(mask(), value, laneMask, Size);
  }
  int any(int predicate) const { return __any_sync(mask(), predicate); }
  int all(int predicate) const { return __all_sync(mask(), predicate); }
  /* Bits in tile-rank order, as CUDA's tile ballot returns them. */
  unsigned ballot(int predicate) const { return __ballot_sync(mask(), predicate) >> firstLane(); }
  /* The tile's lanes holding the same value, in tile-rank order too. */
  template <class T> unsigned match_any(T value) const {
    return __match_any_sync(mask(), value) >> firstLane();
  }

private:
  static unsigned long long linearRank() {
    return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  }
  static unsigned firstLane() { return unsigned(linearRank() % 32) & ~(Size - 1); }
  static unsigned mask() { return Size == 32 ? 0xffffffffu : ((1u << Size) - 1) << firstLane(); }
};

template <unsigned Size> inline thread_block_tile<Size> tiled_partition(const thread_block &) {
  return thread_block_tile<Size>();
}

/* cg::reduce and its function objects (cooperative_groups/reduce.h). */
template <class T> struct plus {
  T operator()(const T &a, const T &b) const { return a + b; }
};
template <class T> struct less {
  T operator()(const T &a, const T &b) const { return b < a ? b : a; }
};
template <class T> struct greater {
  T operator()(const T &a, const T &b) const { return a < b ? b : a; }
};
template <class T> struct bit_and {
  T operator()(const T &a, const T &b) const { return a & b; }
};
template <class T> struct bit_or {
  T operator()(const T &a, const T &b) const { return a | b; }
};
template <class T> struct bit_xor {
  T operator()(const T &a, const T &b) const { return a ^ b; }
};

/* Every thread of the tile gets the reduction of all the tile's values (a butterfly). */
template <unsigned Size, class ParentT, class T, class Op>
inline T reduce(const thread_block_tile<Size, ParentT> &tile, T value, Op op) {
  for (unsigned laneMask = Size / 2; laneMask > 0; laneMask /= 2)
    value = op(value, tile.shfl_xor(value, int(laneMask)));
  return value;
}

/* Asynchronous copies by a group (cooperative_groups/memcpy_async.h). Every thread of the group
 * calls them and copies its share at once, which CUDA allows; wait and wait_prior synchronise the
 * group, as CUDA's do, so that each thread then sees every share. `count` is in bytes (a size_t or
 * a cuda::aligned_size_t); the layout form counts elements and copies the fewer of the two. */
template <class Group, class T, class Size>
inline void memcpy_async(const Group &group, T *destination, const T *source, const Size &count) {
  ::cuda::detail::copy_share(group.thread_rank(), group.size(), destination, source,
                             ::std::size_t(count));
}
template <class Group, class T, class DstLayout, class SrcLayout>
inline void memcpy_async(const Group &group, T *destination, const DstLayout &destinationCount,
                         const T *source, const SrcLayout &sourceCount) {
  const ::std::size_t elements = ::std::size_t(destinationCount) < ::std::size_t(sourceCount)
                                     ? ::std::size_t(destinationCount)
                                     : ::std::size_t(sourceCount);
  ::cuda::detail::copy_share(group.thread_rank(), group.size(), destination, source,
                             elements * sizeof(T));
}
template <unsigned Stage, class Group> inline void wait_prior(const Group &group) { group.sync(); }
template <class Group> inline void wait(const Group &group) { group.sync(); }

} // namespace cooperative_groups

#include <qiao/cooperative_groups_grid.h>
#include <qiao/cooperative_groups_tiles.h>
#ifdef QIAO_DEVICE_PASS
#pragma clang force_cuda_host_device end
#endif

#endif /* QIAO_COOPERATIVE_GROUPS_H */
